// Reader behaviour through the public API: formats, detection, bad input.
#include "dossier/reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include <map>

#include "mixed_archive.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;
using test::write_file;
using test::write_gzip;
using test::gzip_bytes;
using test::warc_record;
using test::zstd_bytes;

struct Collected {
  std::vector<Article> articles;
  std::vector<std::string> where;
  std::vector<InputProblem> problems;
  std::uint64_t bytes = 0;
};

// "error file:line: message" / "warning ...", one per problem.
std::vector<std::string> describe(const std::vector<InputProblem>& problems) {
  std::vector<std::string> out;
  for (const InputProblem& p : problems) {
    out.push_back(std::string(p.severity == InputProblem::Severity::kError ? "error " : "warning ") +
                  p.location.to_string() + ": " + p.status.message());
  }
  return out;
}

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


Collected read_buffer(const std::string& name, std::string_view bytes, ReaderOptions options = {}) {
  Collected c;
  c.bytes = read_articles_from_buffer(
      name, bytes, options,
      [&c](Article&& a, const InputLocation& where) {
        c.articles.push_back(std::move(a));
        c.where.push_back(where.to_string());
        return true;
      },
      [&c](const InputProblem& p) { c.problems.push_back(p); });
  return c;
}

// The mixed archive (tests/data/mixed plus generated members), read with the
// default options: every format, every kind of bad input, exactly.
TEST(Reader, MixedArchiveGivesExactlyTheExpectedArticlesAndProblems) {
  TempDir dir;
  test::build_mixed_archive(dir.path());
  Collected c = read({dir.path()});
  const std::string d = dir.path() + "/";

  std::vector<std::string> ids;
  for (const Article& a : c.articles) ids.push_back(a.id);
  const std::vector<std::string> expected_ids = {
      "cp1251-page",                                 // cp1251-page.html
      "https://news.example/2023/09/12/kim-arrives",  // crawl.warc.gz record 1
      "https://news.example/2023/09/13/cosmodrome",   // record 3 (2 is an image)
      "daily-panmunjom",                             // header-story.txt
      "huge",                                        // huge.txt
      "https://agency.example/news/anniversary",     // jsonld-page.htm
      "latin1",                                      // latin1.txt
      "https://herald.example/world/putin-kim-talks",  // meta-page.html
      "plain-story",                                 // plain-story.txt
      "wire-1", "wire-empty",                        // wire.jsonl (line 2 malformed)
      "wire-gz",                                     // wire.jsonl.gz
      "wire-zst"};                                   // wire.jsonl.zst
  EXPECT_EQ(ids, expected_ids);
  const std::vector<std::string> expected_where = {
      d + "cp1251-page.html", d + "crawl.warc.gz:record 1", d + "crawl.warc.gz:record 3",
      d + "header-story.txt", d + "huge.txt", d + "jsonld-page.htm", d + "latin1.txt",
      d + "meta-page.html", d + "plain-story.txt", d + "wire.jsonl:1", d + "wire.jsonl:3",
      d + "wire.jsonl.gz:1", d + "wire.jsonl.zst:1"};
  EXPECT_EQ(c.where, expected_where);

  const std::vector<std::string> expected_problems = {
      "warning " + d + "huge.txt: article text over 10485760 bytes "
          "(ReaderOptions::max_article_bytes), truncated",
      "warning " + d + "latin1.txt: invalid UTF-8 repaired (2 bad sequences)",
      "error " + d + "photo.jpg: binary file (not JSON Lines, text, HTML, WARC or gzip/zstd of "
          "them), skipped",
      "error " + d + "wire.jsonl:2: malformed JSON, line skipped: parse error at line 1, column "
          "82: syntax error while parsing value - invalid string: missing closing quote; last "
          "read: '\"The rest of this'"};
  EXPECT_EQ(describe(c.problems), expected_problems);
  ASSERT_EQ(c.articles.size(), expected_ids.size());

  std::map<std::string, const Article*> by_id;
  for (const Article& a : c.articles) by_id[a.id] = &a;

  const Article& ru = *by_id["cp1251-page"];  // windows-1251, from <meta http-equiv>
  EXPECT_EQ(ru.title, "Путин встретился с Ким Чен Ыном во Владивостоке");
  EXPECT_EQ(ru.body,
            "Президент России Владимир Путин провёл во Владивостоке переговоры с лидером КНДР Ким "
            "Чен Ыном.\n\nВстреча прошла на острове Русский и продолжалась более трёх часов.");

  const Article& ko = *by_id["https://news.example/2023/09/12/kim-arrives"];  // EUC-KR, chunked, gzip
  EXPECT_EQ(ko.title, "김정은, 러시아 도착…푸틴과 정상회담 예정");
  EXPECT_EQ(ko.url, "https://news.example/2023/09/12/kim-arrives");
  EXPECT_EQ(ko.source, "뉴스 예시");
  EXPECT_EQ(ko.published, "2023-09-12T09:00:00+09:00");  // the page's own date wins
  EXPECT_EQ(ko.lang, "ko");
  EXPECT_EQ(ko.body,
            "김정은 북한 국무위원장이 12일 전용열차를 타고 러시아에 도착했다.\n\n"
            "김 위원장은 블라디미르 푸틴 러시아 대통령과 정상회담을 할 예정이다.");

  const Article& summit = *by_id["https://news.example/2023/09/13/cosmodrome"];
  EXPECT_EQ(summit.title, "Putin shows Kim the Vostochny cosmodrome");
  EXPECT_EQ(summit.url, "https://news.example/2023/09/13/cosmodrome");  // WARC-Target-URI
  EXPECT_EQ(summit.published, "2023-09-13T11:00:00Z");                  // WARC-Date
  EXPECT_EQ(summit.body,
            "Vladimir Putin met Kim Jong Un at the Vostochny cosmodrome in Russia's Far East, "
            "where the two leaders toured a rocket assembly hall before their talks.\n\nAsked "
            "whether Russia would help North Korea build satellites, Mr Putin said that was why "
            "they had come to the cosmodrome.");

  const Article& header = *by_id["daily-panmunjom"];
  EXPECT_EQ(header.title, "Moon and Kim meet at Panmunjom");
  EXPECT_EQ(header.published, "27 April 2018");
  EXPECT_EQ(header.url, "https://daily.example/2018/04/27/panmunjom");
  EXPECT_EQ(header.source, "Daily Example");
  EXPECT_EQ(header.lang, "en");
  EXPECT_FALSE(header.title_from_text);
  EXPECT_EQ(header.body.substr(0, 26), "Title lines in the body ar");

  const Article& huge = *by_id["huge"];
  EXPECT_EQ(huge.title, "An article that never ends");
  EXPECT_LE(huge.body.size(), 10u * 1024 * 1024);
  EXPECT_GT(huge.body.size(), 10u * 1024 * 1024 - 1024);
  // Cut at a word boundary: the text as written, up to a space.
  const std::string written = test::read_file(d + "huge.txt").substr(27);  // after the title line
  EXPECT_EQ(written.compare(0, huge.body.size(), huge.body), 0);
  EXPECT_TRUE(written[huge.body.size()] == ' ' || written[huge.body.size()] == '\n');

  const Article& ld = *by_id["https://agency.example/news/anniversary"];
  EXPECT_EQ(ld.title, "Pyongyang marks party anniversary with parade");
  EXPECT_EQ(ld.published, "2020-10-10T08:00:00Z");
  EXPECT_EQ(ld.source, "Agency Example");
  EXPECT_EQ(ld.lang, "en-US");
  EXPECT_EQ(ld.body,
            "North Korea held a military parade in Pyongyang on Saturday to mark the 75th "
            "anniversary of the ruling Workers' Party.\n\nThe parade featured what analysts "
            "described as a new intercontinental ballistic missile.");

  EXPECT_EQ(by_id["latin1"]->title, "Caf\xEF\xBF\xBD diplomacy in Pyongyang");

  const Article& meta = *by_id["https://herald.example/world/putin-kim-talks"];
  EXPECT_EQ(meta.title, "Putin and Kim hold talks on Russky Island");
  EXPECT_EQ(meta.url, "https://herald.example/world/putin-kim-talks");  // relative canonical
  EXPECT_EQ(meta.source, "The Example Herald");
  EXPECT_EQ(meta.published, "2019-04-25T09:30:00+10:00");
  EXPECT_EQ(meta.lang, "en-GB");
  EXPECT_EQ(meta.body,
            "Russian President Vladimir Putin and North Korean leader Kim Jong Un held their "
            "first summit on Thursday at a university campus on Russky Island, off "
            "Vladivostok.\n\nThe talks lasted more than three hours, longer than planned, the "
            "Kremlin said.\n\nMr Putin said afterwards that North Korea needed international "
            "security guarantees to give up its nuclear programme.");

  const Article& plain = *by_id["plain-story"];
  EXPECT_EQ(plain.title, "Sanctions committee extends panel of experts");
  EXPECT_TRUE(plain.title_from_text);

  EXPECT_EQ(by_id["wire-empty"]->body, "");
  EXPECT_EQ(by_id["wire-gz"]->published, "Wed, 23 Nov 2016 10:00:00 +0900");
  EXPECT_EQ(by_id["wire-zst"]->published, "1626220800");
}

TEST(Reader, ZstdIsDetectedByContentNotName) {
  Collected c = read_buffer("feed.bin", zstd_bytes("{\"id\":\"z\",\"title\":\"Zstd\"}\n"
                                                   "{\"id\":\"z2\",\"title\":\"Two\"}\n"));
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].title, "Two");
  EXPECT_EQ(c.where[1], "feed.bin:2");
  EXPECT_TRUE(c.problems.empty());
}

TEST(Reader, ConcatenatedGzipMembersAreAllRead) {
  Collected c = read_buffer("two.jsonl.gz", gzip_bytes("{\"id\":\"a\"}\n") +
                                                gzip_bytes("{\"id\":\"b\"}\n"));
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[1].id, "b");
  EXPECT_EQ(c.bytes, 22u);  // after decompression
}

TEST(Reader, TruncatedCompressedInputKeepsWhatCameBefore) {
  std::string lines;
  // Large enough for several zstd blocks: a cut loses only the last one.
  for (int i = 0; i < 20000; ++i) lines += "{\"id\":\"n" + std::to_string(i) + "\",\"body\":\"x\"}\n";
  for (const std::string& packed : {gzip_bytes(lines), zstd_bytes(lines)}) {
    Collected c = read_buffer("cut", packed.substr(0, packed.size() - 10));
    EXPECT_GT(c.articles.size(), 0u);
    ASSERT_EQ(c.problems.size(), 1u);
    EXPECT_EQ(c.problems[0].status.code(), StatusCode::kIoError);
    EXPECT_NE(c.problems[0].status.message().find("truncated"), std::string::npos)
        << c.problems[0].status.message();
  }
}

TEST(Reader, TextHeaderKeysAreCaseInsensitiveAndNeedABlankLine) {
  Collected c = read_buffer("dir/story.txt.zst",
                            zstd_bytes("SOURCE: KCNA\ndate: 2012-04-15\nAuthor: ignored\n\n"
                                       "Parade in Pyongyang\nBody text.\n"));
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, "story");
  EXPECT_EQ(c.articles[0].source, "KCNA");
  EXPECT_EQ(c.articles[0].published, "2012-04-15");
  EXPECT_EQ(c.articles[0].title, "Parade in Pyongyang");  // no title key: the first line
  EXPECT_TRUE(c.articles[0].title_from_text);
  EXPECT_EQ(c.articles[0].body, "Body text.\n");

  // Not headers: no known key, or no blank line after the block.
  c = read_buffer("a.txt", "Update: talks resume\n\nBody.");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Update: talks resume");
  c = read_buffer("b.txt", "Source: officials say talks resume\nBody follows directly.");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "Source: officials say talks resume");
  EXPECT_EQ(c.articles[0].source, "");
}

TEST(Reader, HtmlInAnUnknownCharsetIsReadAsUtf8WithAWarning) {
  Collected c = read_buffer("x.html",
                            "<html><head><meta charset=\"x-klingon\"><title>T</title></head>"
                            "<body><p>Text</p></body></html>");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "Text");
  ASSERT_EQ(describe(c.problems),
            std::vector<std::string>{"warning x.html: unknown charset \"x-klingon\", read as UTF-8"});
}

TEST(Reader, HtmlWithUndecodableBytesWarns) {
  // 0xA1 starts a two-byte character in EUC-KR (read as windows-949); a
  // space cannot end it.
  Collected c = read_buffer("y.html",
                            "<meta charset=EUC-KR><title>\xB0\xA1</title><p>x\xA1 y</p>");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].title, "가");
  EXPECT_EQ(c.articles[0].body, "x\xEF\xBF\xBD y");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].status.message(), "undecodable euc-kr bytes replaced (1 bad sequence)");
}

TEST(Reader, HtmlWithoutArticleElementTakesTheDensestBlock) {
  const std::string page =
      "<html><body><div class=menu><a href=/>Home</a> <a href=/a>A long link text that is not "
      "content at all</a></div><div><div id=main><p>First paragraph of the story, long enough "
      "to count.</p><p>Second paragraph of the story, long enough to count too.</p></div>"
      "<div class=teaser>Short.</div></div><div id=legal><p>Copyright notice that is one "
      "paragraph.</p></div></body></html>";
  Collected c = read_buffer("dense.html", page);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body,
            "First paragraph of the story, long enough to count.\n\nSecond paragraph of the "
            "story, long enough to count too.");
  EXPECT_EQ(c.articles[0].id, "dense");
}

TEST(Reader, WarcMalformedRecordsAreReportedByNumberAndSkipped) {
  const char* http = "application/http; msgtype=response";
  const std::string page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                           "<title>Good</title><p>Good page text.</p>";
  std::string warc = warc_record("warcinfo", "", "2024-01-01T00:00:00Z",
                                 "application/warc-fields", "software: test\r\n");
  warc += "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\njunk\r\n\r\n";
  warc += warc_record("response", "http://a.example/1", "2024-01-02T00:00:00Z", http, page);
  warc += warc_record("response", "http://a.example/br", "2024-01-02T00:00:00Z", http,
                      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx");
  warc += warc_record("response", "http://a.example/moved", "2024-01-02T00:00:00Z", http,
                      "HTTP/1.1 301 Moved\r\nLocation: /1\r\nContent-Type: text/html\r\n\r\n");
  warc += warc_record("resource", "http://a.example/2", "2024-01-03T00:00:00Z",
                      "text/html; charset=utf-8", "<title>Resource</title><p>Saved page.</p>");
  warc += warc_record("request", "http://a.example/1", "2024-01-02T00:00:00Z",
                      "application/http; msgtype=request", "GET /1 HTTP/1.1\r\n\r\n");
  // The file ends inside the last record.
  warc += "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n";
  Collected c = read_buffer("crawl.warc", warc);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "http://a.example/1");
  EXPECT_EQ(c.articles[0].title, "Good");
  EXPECT_EQ(c.articles[0].published, "2024-01-02T00:00:00Z");
  EXPECT_EQ(c.where[0], "crawl.warc:record 3");
  EXPECT_EQ(c.articles[1].id, "http://a.example/2");
  EXPECT_EQ(c.articles[1].body, "Saved page.");
  const std::vector<std::string> expected = {
      "error crawl.warc:record 2: malformed WARC record, skipped: bad Content-Length \"many\"",
      "error crawl.warc:record 4: bad HTTP response, record skipped: unsupported "
      "Content-Encoding \"br\"",
      "error crawl.warc:record 8: malformed WARC record, skipped: file ends inside the record "
      "(17 of 500 bytes)"};
  EXPECT_EQ(describe(c.problems), expected);
}

TEST(Reader, WarcFormatOverrideRefusesOtherFiles) {
  ReaderOptions options;
  options.format = InputFormat::kWarc;
  Collected c = read_buffer("a.jsonl", "{\"id\":\"1\"}\n", options);
  EXPECT_TRUE(c.articles.empty());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].status.message(), "not a WARC file (looks like JSON Lines), skipped");
}

TEST(Reader, HtmlFormatOverrideAndDetection) {
  // Detected: markup with an HTML element.
  Collected c = read_buffer("page.txt", "\n  <!-- saved -->\n<div><p>Hello there.</p></div>");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "Hello there.");
  // Forced: a fragment without any markup marker.
  ReaderOptions options;
  options.format = InputFormat::kHtml;
  c = read_buffer("frag", "Fish &amp; chips<br>for two", options);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "Fish & chips\nfor two");
}

TEST(Reader, OversizedArticlesAreTruncatedAndOverlongLinesSkipped) {
  ReaderOptions options;
  options.max_article_bytes = 100;
  const std::string words(150, 'w');
  const std::string body = "Привет " + std::string(60, 'a') + " мир мир мир мир мир мир мир";
  const std::string lines = "{\"id\":\"big\",\"body\":\"" + body + "\"}\n" +
                            "{\"id\":\"huge\",\"body\":\"" + std::string(2 << 20, 'x') + "\"}\n" +
                            "{\"id\":\"ok\",\"body\":\"fine\"}\n";
  Collected c = read_buffer("big.jsonl", lines, options);
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].body, "Привет " + std::string(60, 'a') + " мир мир мир");
  EXPECT_EQ(c.articles[1].id, "ok");
  const std::vector<std::string> expected = {
      "warning big.jsonl:1: article text over 100 bytes (ReaderOptions::max_article_bytes), "
      "truncated from 122 bytes",
      "error big.jsonl:2: line over 1048976 bytes, skipped"};
  EXPECT_EQ(describe(c.problems), expected);

  // A text file over the limit: cut while reading.
  c = read_buffer("long.txt", "Title\n" + std::string(300, 'z'), options);
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body.size(), 100u);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, InputProblem::Severity::kWarning);
}

TEST(Reader, JsonEscapedNulIsRemovedWithAWarning) {
  Collected c = read_buffer("nul.jsonl", "{\"id\":\"n\",\"body\":\"a\\u0000b\"}\n");
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].body, "ab");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, InputProblem::Severity::kWarning);
}

TEST(Reader, StoppingEarlyInsideAWarc) {
  std::string warc;
  for (int i = 0; i < 3; ++i) {
    warc += warc_record("resource", "http://s.example/" + std::to_string(i), "2024-01-01",
                        "text/html", "<p>Page " + std::to_string(i) + "</p>");
  }
  int seen = 0;
  read_articles_from_buffer("s.warc", warc, {},
                            [&seen](Article&&, const InputLocation&) { return ++seen < 2; },
                            [](const InputProblem&) {});
  EXPECT_EQ(seen, 2);
}

// Progress is counted in bytes as stored: of the compressed file, summed over
// the inputs.
TEST(Reader, ArticlesCarryTheInputBytesReadSoFar) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 3; ++i) {
    lines += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"T\",\"body\":\"words\"}\n";
  }
  write_gzip(dir / "a.jsonl.gz", lines);
  write_file(dir / "b.txt", "A title\n\nA body.\n");
  const auto size = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    return static_cast<std::uint64_t>(f.tellg());
  };
  const std::uint64_t a = size(dir / "a.jsonl.gz");
  const std::uint64_t b = size(dir / "b.txt");
  ASSERT_LT(a, lines.size());  // compressed
  std::vector<std::uint64_t> seen;
  read_articles({dir / "a.jsonl.gz", dir / "b.txt"}, {},
                [&](Article&&, const InputLocation& where) {
                  seen.push_back(where.input_bytes);
                  return true;
                },
                [](const InputProblem& p) { ADD_FAILURE() << p.status.to_string(); });
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], a);  // small files are read whole at once
  EXPECT_EQ(seen[2], a);
  EXPECT_EQ(seen[3], a + b);
}

}  // namespace
}  // namespace dossier
