// `dossier index` over every input format: the mixed test archive
// (tests/data/mixed plus generated members, see mixed_archive.h), --format,
// and compressed standard input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "mixed_archive.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Ids of the hits of a --json search.
std::vector<std::string> hit_ids(const std::string& db, const std::string& query) {
  const auto r = run_dossier("search --json --db " + shell_quote(db) + " " + shell_quote(query));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ids;
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded() || !j.contains("hits"))
    return ids;
  for (const auto& hit : j["hits"])
    ids.push_back(hit["id"].get<std::string>());
  return ids;
}

TEST(FormatsCli, IndexingTheMixedArchiveReportsWhatWasSkipped) {
  TempDir dir;
  const std::string archive = dir / "archive";
  test::write_file(archive + "/.keep", "");
  test::build_mixed_archive(archive);
  const std::string db = dir / "db";
  const auto r = run_dossier("index --db " + shell_quote(db) + " " + shell_quote(archive));
  // Something was rejected: exit status 1, the rest indexed.
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "Indexed 12 articles into ")) << r.out;
  // 13 articles read; the empty one is skipped by the indexer (a warning).
  for (const char* part : {" 12 added, ", " 1 skipped, ", " 2 errors, ", " 3 warnings"}) {
    EXPECT_TRUE(contains(r.out, part)) << part << " not in: " << r.out;
  }
  const std::string a = archive + "/";
  for (const std::string& line :
       {"dossier: error: " + a + "photo.jpg: binary file",
        "dossier: error: " + a + "wire.jsonl:2: malformed JSON, line skipped: ",
        "dossier: warning: " + a + "huge.txt: article text over 10485760 bytes",
        "dossier: warning: " + a + "latin1.txt: invalid UTF-8 repaired (2 bad sequences)",
        "dossier: warning: " + a + "wire.jsonl:3: empty article"}) {
    EXPECT_TRUE(contains(r.err, line)) << line << " not in: " << r.err;
  }

  // Each format's article is searchable under its id.
  EXPECT_EQ(hit_ids(db, "Vostochny cosmodrome"),
            std::vector<std::string>{"https://news.example/2023/09/13/cosmodrome"});
  EXPECT_EQ(hit_ids(db, "전용열차"),  // EUC-KR page, chunked and gzip-encoded in the WARC
            std::vector<std::string>{"https://news.example/2023/09/12/kim-arrives"});
  EXPECT_EQ(hit_ids(db, "\"острове Русский\""), std::vector<std::string>{"cp1251-page"});
  EXPECT_EQ(hit_ids(db, "Panmunjom"), std::vector<std::string>{"daily-panmunjom"});
  EXPECT_EQ(hit_ids(db, "intercontinental"),
            std::vector<std::string>{"https://agency.example/news/anniversary"});
  EXPECT_EQ(hit_ids(db, "\"security guarantees\""),
            std::vector<std::string>{"https://herald.example/world/putin-kim-talks"});
  EXPECT_EQ(hit_ids(db, "intelligence + Japan"), std::vector<std::string>{"wire-gz"});
  EXPECT_EQ(hit_ids(db, "treaty + friendship"), std::vector<std::string>{"wire-zst"});
  // Page furniture is not indexed.
  EXPECT_TRUE(hit_ids(db, "\"reader comment\"").empty());
  EXPECT_TRUE(hit_ids(db, "\"All rights reserved\"").empty());
}

TEST(FormatsCli, FormatOptionAndCompressedStandardInput) {
  TempDir dir;
  test::build_mixed_archive(dir.path());
  const std::string db = dir / "db";
  // A WARC named as anything, forced.
  auto r = run_dossier("index --format warc --db " + shell_quote(db) + " " +
                       shell_quote(dir / "crawl.warc.gz") + " " + shell_quote(dir / "wire.jsonl"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.out, " 2 added, ")) << r.out;
  EXPECT_TRUE(contains(r.err, "wire.jsonl: not a WARC file (looks like JSON Lines), skipped"))
      << r.err;

  // Standard input, zstd-compressed JSON Lines.
  r = run_dossier("index --db " + shell_quote(db) + " -",
                  test::zstd_bytes("{\"id\":\"stdin-1\",\"title\":\"Piped\",\"body\":\"Piped "
                                   "through standard input.\"}\n"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, " 1 added, ")) << r.out;

  // --format html on markup the detector would call text.
  test::write_file(dir / "fragment.txt", "Kimchi &amp; diplomacy<br>in Seoul");
  r = run_dossier("analyze --json --format html " + shell_quote(dir / "fragment.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\"id\":\"fragment\"")) << r.out;

  r = run_dossier("index --format pdf --db " + shell_quote(db) + " x");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace dossier
