// Reader behaviour through the public API: formats, detection, bad input.
#include "dossier/reader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;
using test::write_file;
using test::write_gzip;

struct Collected {
  std::vector<Article> articles;
  std::vector<std::string> where;
  std::vector<InputProblem> problems;
  std::uint64_t bytes = 0;
};

Collected read(const std::vector<std::string>& inputs, ReaderOptions options = {}) {
  Collected c;
  c.bytes = read_articles(
      inputs, options,
      [&c](Article&& a, const InputLocation& where) {
        c.articles.push_back(std::move(a));
        c.where.push_back(where.to_string());
        return true;
      },
      [&c](const InputProblem& p) { c.problems.push_back(p); });
  return c;
}

TEST(Reader, JsonLinesWithAMalformedLineKeepsTheOthers) {
  TempDir dir;
  write_file(dir / "a.jsonl",
             "{\"id\":\"1\",\"title\":\"One\",\"body\":\"first\",\"extra\":[1,2]}\n"
             "{\"id\":\"2\",\"title\":\"Two\",\"body\":\"second\"\n"
             "\n"
             "[1,2]\n"
             "{\"id\":3,\"title\":\"Three\",\"text\":\"third\",\"date\":\"2012-01-02\"}\n");
  Collected c = read({dir / "a.jsonl"});
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "1");
  EXPECT_EQ(c.articles[1].id, "3");  // numeric id accepted
  EXPECT_EQ(c.articles[1].body, "third");  // "text" alias
  EXPECT_EQ(c.articles[1].published, "2012-01-02");  // "date" alias
  EXPECT_EQ(c.where[1], dir / "a.jsonl:5");
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_EQ(c.problems[0].location.to_string(), dir / "a.jsonl:2");
  EXPECT_EQ(c.problems[0].severity, InputProblem::Severity::kError);
  EXPECT_EQ(c.problems[0].status.code(), StatusCode::kBadInput);
  EXPECT_NE(c.problems[0].status.message().find("malformed JSON"), std::string::npos);
  EXPECT_EQ(c.problems[1].location.line, 4u);
  EXPECT_NE(c.problems[1].status.message().find("expected a JSON object, found array"),
            std::string::npos);
}

TEST(Reader, GzipIsDetectedByContentNotName) {
  TempDir dir;
  write_gzip(dir / "stories.dat", "{\"id\":\"g1\",\"title\":\"Gzipped\",\"body\":\"x\"}\n");
  Collected c = read({dir / "stories.dat"});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Gzipped");
  EXPECT_TRUE(c.problems.empty());
}

TEST(Reader, JsonLinesNamedTxtIsStillJsonLines) {
  TempDir dir;
  write_file(dir / "misnamed.txt", "{\"id\":\"m1\",\"title\":\"T\",\"body\":\"b\"}\n");
  Collected c = read({dir / "misnamed.txt"});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "m1");
}

TEST(Reader, TextFilesTakeIdFromNameAndTitleFromFirstLine) {
  TempDir dir;
  write_file(dir / "seed_42.txt", "\n\n  Putin meets Kim  \n\nThe body.\nMore body.\n");
  Collected c = read({dir / "seed_42.txt"});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "seed_42");
  EXPECT_EQ(c.articles[0].title, "  Putin meets Kim  ");
  EXPECT_EQ(c.articles[0].body, "\nThe body.\nMore body.\n");
}

TEST(Reader, AParagraphIsNotAHeadline) {
  TempDir dir;
  const std::string para =
      "Kim Jong-un is not a great traveler. Each of his trips abroad therefore represents an "
      "event, and this sentence makes the first line far longer than any headline would be, "
      "so it is a paragraph and not a headline at all.";
  write_file(dir / "p.txt", para + "\n\nSecond paragraph.");
  Collected c = read({dir / "p.txt"});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Kim Jong-un is not a great traveler.");
  EXPECT_EQ(c.articles[0].body, para + "\n\nSecond paragraph.");
}

TEST(Reader, DirectoriesAreWalkedRecursivelyInOrderSkippingHidden) {
  TempDir dir;
  write_file(dir / "b/2.txt", "Two\nbody");
  write_file(dir / "a.txt", "One\nbody");
  write_file(dir / "b/c/3.txt", "Three\nbody");
  write_file(dir / ".hidden/4.txt", "Four\nbody");
  write_file(dir / ".5.txt", "Five\nbody");
  Collected c = read({dir.path()});
  ASSERT_EQ(c.articles.size(), 3u);
  EXPECT_EQ(c.articles[0].id, "a");
  EXPECT_EQ(c.articles[1].id, "2");
  EXPECT_EQ(c.articles[2].id, "3");
}

TEST(Reader, BinaryFilesAreRejected) {
  TempDir dir;
  write_file(dir / "photo.jpg", std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) + std::string(100, '\0'));
  Collected c = read({dir / "photo.jpg"});
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].status.message().find("binary file"), std::string::npos);
}

TEST(Reader, InvalidUtf8IsRepairedWithAWarning) {
  TempDir dir;
  write_file(dir / "bad.jsonl", "{\"id\":\"u\",\"title\":\"caf\xE9\",\"body\":\"ok\"}\n");
  write_file(dir / "bad.txt", "Caf\xE9\nbody");
  Collected c = read({dir / "bad.jsonl", dir / "bad.txt"});
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].title, "caf\xEF\xBF\xBD");
  EXPECT_EQ(c.articles[1].title, "Caf\xEF\xBF\xBD");
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_EQ(c.problems[0].severity, InputProblem::Severity::kWarning);
  EXPECT_EQ(c.problems[0].location.to_string(), dir / "bad.jsonl:1");
  EXPECT_NE(c.problems[0].status.message().find("invalid UTF-8 repaired"), std::string::npos);
}

TEST(Reader, MissingFilesAreProblemsAndOtherInputsStillRead) {
  TempDir dir;
  write_file(dir / "ok.txt", "Title\nbody");
  Collected c = read({dir / "missing.jsonl", dir / "ok.txt"});
  ASSERT_EQ(c.articles.size(), 1u);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].status.code(), StatusCode::kNotFound);
  EXPECT_EQ(c.problems[0].location.file, dir / "missing.jsonl");
}

TEST(Reader, ArticlesWithoutIdGetStableOnes) {
  TempDir dir;
  write_file(dir / "n.jsonl",
             "{\"url\":\"https://example.org/a\",\"title\":\"A\",\"body\":\"x\"}\n"
             "{\"title\":\"B\",\"body\":\"y\"}\n");
  Collected first = read({dir / "n.jsonl"});
  Collected second = read({dir / "n.jsonl"});
  ASSERT_EQ(first.articles.size(), 2u);
  EXPECT_EQ(first.articles[0].id, "https://example.org/a");
  EXPECT_FALSE(first.articles[1].id.empty());
  EXPECT_EQ(first.articles[1].id, second.articles[1].id);
}

TEST(Reader, JsonArrayFiles) {
  TempDir dir;
  write_file(dir / "a.json", "[{\"id\":\"x\",\"title\":\"X\"},{\"id\":\"y\",\"title\":\"Y\"}, 7]");
  Collected c = read({dir / "a.json"});
  ASSERT_EQ(c.articles.size(), 2u);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].status.message().find("array element 3"), std::string::npos);
}

TEST(Reader, FormatOverrideReadsJsonAsText) {
  TempDir dir;
  write_file(dir / "x.jsonl", "{\"id\":\"1\"}\n");
  ReaderOptions options;
  options.format = InputFormat::kText;
  Collected c = read({dir / "x.jsonl"}, options);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "x");
  EXPECT_EQ(c.articles[0].title, "{\"id\":\"1\"}");
}

TEST(Reader, StoppingEarly) {
  TempDir dir;
  write_file(dir / "many.jsonl", "{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\":\"3\"}\n");
  int seen = 0;
  read_articles({dir / "many.jsonl"}, {},
                [&seen](Article&&, const InputLocation&) { return ++seen < 2; },
                [](const InputProblem&) {});
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace dossier
