// The dossier binary as a user runs it: exit codes, messages, JSON shape.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    auto r = run_dossier("index --db " + shell_quote(db_) + " " +
                         shell_quote(test::source_path("corpus/seeds")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return shell_quote(db_); }

  static TempDir* dir_;
  static std::string db_;
};
TempDir* Cli::dir_ = nullptr;
std::string Cli::db_;

TEST_F(Cli, SearchPrintsRankedHitsWithHighlightedSnippets) {
  auto r = run_dossier("search --db " + db() + " Putin + cosmodrome");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("1. ", 0), 0u);
  EXPECT_NE(r.out.find("001_4d3a4471832e5cd3"), std::string::npos);
  EXPECT_NE(r.out.find("osmodrome**"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Putin**"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of 1 for \"Putin + cosmodrome\""), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos);  // no colour when piped
}

// Above --count-limit matches the counts are estimates, and both outputs
// say so (the API test checks the estimates themselves).
TEST_F(Cli, CountLimitMarksEstimates) {
  auto json = run_dossier("search --db " + db() + " --json --count-limit 1 Kim");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["exact"], false);
  EXPECT_LE(doc["total"].get<int>(), 3);  // never beyond what ranking proved
  EXPECT_GE(doc["total"].get<int>(), 1);
  auto text = run_dossier("search --db " + db() + " --count-limit 1 Kim");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(" of about "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("estimated from a sample"), std::string::npos) << text.out;
  auto exact = run_dossier("search --db " + db() + " --json --count-limit 0 Kim");
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  EXPECT_EQ(nlohmann::json::parse(exact.out)["exact"], true);
  EXPECT_NE(run_dossier("search --db " + db() + " --count-limit -3 Kim").exit_code, 0);
}

TEST_F(Cli, JsonOutputHasTheDocumentedShape) {
  auto r = run_dossier("search --db " + db() + " --json 'Kim + Russia + 2019'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);  // throws (fails) if invalid
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["query"], "Kim + Russia + 2019");
  EXPECT_EQ(doc["total"], 3);
  EXPECT_EQ(doc["exact"], true);
  EXPECT_EQ(doc["counted"], 3);
  ASSERT_TRUE(doc["hits"].is_array());
  ASSERT_EQ(doc["hits"].size(), 3u);
  ASSERT_TRUE(doc["facets"].is_object());
  for (const char* facet : {"person", "country", "place", "org"}) {
    ASSERT_TRUE(doc["facets"][facet].is_array()) << facet;
    for (const auto& v : doc["facets"][facet]) {
      EXPECT_TRUE(v["id"].is_string());
      EXPECT_TRUE(v["name"].is_string());
      EXPECT_TRUE(v["count"].is_number_integer());
    }
  }
  EXPECT_EQ(doc["facets"]["country"][0]["count"], 3);
  ASSERT_TRUE(doc["facets"]["mentioned_year"].is_array());
  for (const auto& v : doc["facets"]["mentioned_year"]) {
    EXPECT_FALSE(v.contains("id"));
    EXPECT_TRUE(v["name"].is_string());
    EXPECT_TRUE(v["count"].is_number_integer());
  }
  EXPECT_EQ(doc["facets"]["year"][0]["name"], "2023");
  int rank = 0;
  for (const auto& hit : doc["hits"]) {
    EXPECT_EQ(hit["rank"], ++rank);
    for (const char* key : {"id", "title", "source", "url", "snippet"}) {
      EXPECT_TRUE(hit[key].is_string()) << key;
    }
    // The seeds carry no metadata; 000's date comes from its text.
    if (hit["id"] == "000_4a8b286dea9e7962") {
      EXPECT_EQ(hit["published"], "2023-09-12");
    } else {
      EXPECT_TRUE(hit["published"].is_null());
    }
    ASSERT_TRUE(hit["entities"].is_array());
    ASSERT_FALSE(hit["entities"].empty());
    EXPECT_TRUE(hit["entities"][0]["id"].is_string());
    EXPECT_TRUE(hit["entities"][0]["type"].is_string());
    EXPECT_TRUE(hit["entities"][0]["name"].is_string());
    EXPECT_TRUE(hit["score"].is_number());
    EXPECT_EQ(hit["similar"], 0);
    ASSERT_TRUE(hit["highlights"].is_array());
    ASSERT_FALSE(hit["highlights"].empty());
    for (const auto& h : hit["highlights"]) {
      EXPECT_LT(h[0].get<int>(), h[1].get<int>());
    }
  }
}

TEST_F(Cli, JsonHighlightsCountCodePoints) {
  TempDir dir;
  test::write_file(dir / "ko.jsonl",
                   "{\"id\":\"k\",\"title\":\"김정은 방러\",\"body\":\"« 김정은 » 러시아 방문\"}\n");
  ASSERT_EQ(run_dossier("index --db " + shell_quote(dir / "db") + " " + shell_quote(dir / "ko.jsonl")).exit_code, 0);
  auto r = run_dossier("search --db " + shell_quote(dir / "db") + " --json 김정은");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["total"], 1);
  const auto& hit = doc["hits"][0];
  EXPECT_EQ(hit["snippet"], "« 김정은 » 러시아 방문");
  EXPECT_EQ(hit["highlights"][0], nlohmann::json::array({2, 5}));
}

TEST_F(Cli, TextOutputShowsFacetsAndFlagsSelectThem) {
  auto r = run_dossier("search --db " + db() + " --facets person,org --facet-limit 2 Kim");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("People:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Organisations:"), std::string::npos);
  EXPECT_EQ(r.out.find("Countries:"), std::string::npos);
  auto none = run_dossier("search --db " + db() + " --json --facets none Kim");
  EXPECT_TRUE(nlohmann::json::parse(none.out)["facets"].empty());
  EXPECT_EQ(run_dossier("search --db " + db() + " --facets planet Kim").exit_code, 2);
}

TEST_F(Cli, AnalyzePrintsEntitiesPerArticle) {
  auto r = run_dossier("analyze --json " + shell_quote(test::source_path("corpus/seeds")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int articles = 0;
  bool jo = false;
  while (std::getline(lines, line)) {
    const auto doc = nlohmann::json::parse(line);
    ++articles;
    for (const auto& e : doc["entities"]) {
      for (const char* key : {"id", "type", "name", "mentions", "salience"}) {
        EXPECT_TRUE(e.contains(key)) << key;
      }
      if (e["id"] == "person:x-jo-tae-yong") jo = e["from_gazetteer"] == false;
    }
  }
  EXPECT_EQ(articles, 3);
  EXPECT_TRUE(jo);
  auto text = run_dossier("analyze " + shell_quote(test::source_path("corpus/seeds")));
  EXPECT_NE(text.out.find("Kim Keon-hee"), std::string::npos);
}

TEST_F(Cli, TimelineAsChartJsonAndSvg) {
  auto text = run_dossier("timeline --db " + db() + " Kim");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("2023     #"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("(2 without a publication year)"), std::string::npos) << text.out;
  TempDir dir;
  auto json = run_dossier("timeline --db " + db() + " --by month --json --svg " +
                          shell_quote(dir / "t.svg") + " Kim");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["by"], "month");
  EXPECT_EQ(doc["total"], 3);
  EXPECT_EQ(doc["undated"], 2);
  EXPECT_EQ(doc["buckets"][0]["period"], "2023-09");
  std::ifstream svg(dir / "t.svg");
  std::string content((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content.rfind("<svg", 0), 0u);
  EXPECT_NE(content.find("<rect"), std::string::npos);
}

TEST_F(Cli, SortSinceUntilFlags) {
  auto r = run_dossier("search --db " + db() + " --json --sort newest --since 2023 Kim");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["total"], 1);
  EXPECT_EQ(doc["hits"][0]["id"], "000_4a8b286dea9e7962");
  EXPECT_EQ(run_dossier("search --db " + db() + " --sort sideways Kim").exit_code, 2);
  auto bad = run_dossier("search --db " + db() + " --since tomorrow Kim");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("--since/--until"), std::string::npos) << bad.err;
}

TEST_F(Cli, AnalyzeShowsDates) {
  auto r = run_dossier("analyze --json " + shell_quote(test::source_path("corpus/seeds/000_4a8b286dea9e7962.txt")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["published"], "2023-09-12");
  EXPECT_EQ(doc["published_source"], "weekday");
  std::set<std::string> values;
  for (const auto& d : doc["dates"]) {
    if (d["value"].is_string()) values.insert(d["value"].get<std::string>());
  }
  for (const char* v : {"2011", "2018-03-25", "2019-05", "2019", "2022", "1950..1953"}) {
    EXPECT_TRUE(values.count(v)) << v;
  }
}

TEST_F(Cli, PagingFlags) {
  auto r = run_dossier("search --db " + db() + " --json --limit 1 --offset 1 Kim");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["hits"].size(), 1u);
  EXPECT_EQ(doc["hits"][0]["rank"], 2);
}

TEST_F(Cli, BadQueryExitsOneAndNamesTheProblem) {
  auto r = run_dossier("search --db " + db() + " 'Kim + + Russia'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("'+' at column 5 has no part after it in \"Kim + + Russia\""),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, MissingDatabaseExitsOne) {
  auto r = run_dossier("search --db /nonexistent/dossier-db Kim");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no dossier index at /nonexistent/dossier-db"), std::string::npos) << r.err;
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_dossier("").exit_code, 2);
  EXPECT_EQ(run_dossier("search Kim").exit_code, 2);               // --db missing
  EXPECT_EQ(run_dossier("search --db " + db()).exit_code, 2);        // query missing
  EXPECT_EQ(run_dossier("search --db " + db() + " --limit x Kim").exit_code, 2);
  EXPECT_EQ(run_dossier("frobnicate").exit_code, 2);
  auto help = run_dossier("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("search"), std::string::npos);
}

TEST_F(Cli, IndexSummaryAndUpsert) {
  TempDir dir;
  const std::string args =
      "index --db " + shell_quote(dir / "db") + " " + shell_quote(test::source_path("corpus/seeds"));
  auto first = run_dossier(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("3 added, 0 replaced, 0 unchanged, 0 skipped, 0 errors"), std::string::npos)
      << first.out;
  EXPECT_EQ(first.err, "");  // piped: no progress line
  auto second = run_dossier(args);
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("0 added, 0 replaced, 3 unchanged"), std::string::npos) << second.out;
  auto info = run_dossier("info --json --db " + shell_quote(dir / "db"));
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_EQ(nlohmann::json::parse(info.out)["documents"], 3);
  EXPECT_EQ(nlohmann::json::parse(info.out)["quoted_names_by_term"], true);
  info = run_dossier("info --db " + shell_quote(dir / "db"));
  EXPECT_NE(info.out.find("quoted names:   by term\n"), std::string::npos) << info.out;
}

// The exit status says whether anything was left out: an article with no
// text is skipped (exit 1) while the others are indexed; a warning alone
// (repaired UTF-8) leaves it 0.
TEST_F(Cli, SkippedArticlesSetTheExitStatus) {
  TempDir dir;
  test::write_file(dir / "in.jsonl",
                   "{\"id\":\"a\",\"title\":\"Talks\",\"body\":\"Talks resumed in Geneva.\"}\n"
                   "{\"id\":\"empty\",\"title\":\"\",\"body\":\"  \"}\n");
  auto r = run_dossier("index --db " + shell_quote(dir / "db") + " " + shell_quote(dir / "in.jsonl"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("1 added, 0 replaced, 0 unchanged, 1 skipped"), std::string::npos) << r.out;
  test::write_file(dir / "ok.jsonl",
                   "{\"id\":\"b\",\"title\":\"Caf\xff\",\"body\":\"Talks went on.\"}\n");
  auto warned = run_dossier("index --db " + shell_quote(dir / "db") + " " + shell_quote(dir / "ok.jsonl"));
  EXPECT_EQ(warned.exit_code, 0) << warned.out << warned.err;
  EXPECT_NE(warned.out.find("1 warning"), std::string::npos) << warned.out;
}

// A wire story run by two outlets, and another story: search shows the story
// once ("+1 similar") unless --all-copies; delete removes by id.
TEST_F(Cli, CopiesFoldAndDeleteRemoves) {
  TempDir dir;
  const std::string story =
      "Heads of member states of the Commonwealth of Independent States signed an agreement on a "
      "free trade zone in Saint Petersburg on Tuesday after months of talks. The agreement "
      "replaces more than one hundred bilateral and multilateral deals that governed trade "
      "between the former Soviet republics, officials said, and removes export duties on most "
      "goods from next year. Delegations from eight countries attended the meeting.";
  test::write_file(dir / "in.jsonl",
                   "{\"id\":\"wire\",\"title\":\"CIS trade deal\",\"body\":\"" + story + "\"}\n"
                   "{\"id\":\"paper\",\"title\":\"Trade zone agreed\",\"body\":\"" + story +
                       "\"}\n"
                   "{\"id\":\"sport\",\"title\":\"Football\",\"body\":\"A trade of players.\"}\n");
  const std::string db = shell_quote(dir / "db");
  auto indexed = run_dossier("index --db " + db + " " + shell_quote(dir / "in.jsonl"));
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_NE(indexed.out.find("1 near-copies of other articles grouped"), std::string::npos)
      << indexed.out;

  auto folded = run_dossier("search --db " + db + " --json agreement");
  ASSERT_EQ(folded.exit_code, 0) << folded.err;
  auto doc = nlohmann::json::parse(folded.out);
  EXPECT_EQ(doc["total"], 1);
  ASSERT_EQ(doc["hits"].size(), 1u);
  EXPECT_EQ(doc["hits"][0]["similar"], 1);
  EXPECT_NE(run_dossier("search --db " + db + " agreement").out.find("+1 similar"),
            std::string::npos);
  auto all = run_dossier("search --db " + db + " --json --all-copies agreement");
  EXPECT_EQ(nlohmann::json::parse(all.out)["total"], 2);

  // Ids from arguments and from standard input; an unknown id is reported.
  auto deleted = run_dossier("delete --db " + db + " wire --from -", "sport\n\n");
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("Deleted 2 articles"), std::string::npos) << deleted.out;
  auto info = run_dossier("info --json --db " + db);
  EXPECT_EQ(nlohmann::json::parse(info.out)["documents"], 1);
  auto missing = run_dossier("delete --db " + db + " wire");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no article with id \"wire\""), std::string::npos) << missing.err;
  EXPECT_EQ(run_dossier("delete --db " + db).exit_code, 2);
  EXPECT_EQ(run_dossier("delete --db " + shell_quote(dir / "nothing") + " x").exit_code, 1);

  // --no-grouping keeps copies apart.
  auto ungrouped = run_dossier("index --no-grouping --db " + shell_quote(dir / "db2") + " " +
                               shell_quote(dir / "in.jsonl"));
  ASSERT_EQ(ungrouped.exit_code, 0) << ungrouped.err;
  auto apart = run_dossier("search --db " + shell_quote(dir / "db2") + " --json agreement");
  EXPECT_EQ(nlohmann::json::parse(apart.out)["total"], 2);
}

// A progress line on a terminal (rewritten in place, erased before the
// summary); --progress asks for it in a pipe too, one line per update.
TEST_F(Cli, IndexShowsProgress) {
  TempDir dir;
  const std::string inputs = shell_quote(test::source_path("corpus/seeds"));
  auto piped = run_dossier("index --progress --db " + shell_quote(dir / "a") + " " + inputs);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  // The first line comes at the first article ("%  1 article", then a rate
  // once half a second has passed since the start).
  EXPECT_NE(piped.err.find("%  1 article"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find("\r"), std::string::npos);
  auto quiet = run_dossier("index --progress --quiet --db " + shell_quote(dir / "b") + " " + inputs);
  EXPECT_EQ(quiet.err, "");
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1)";
  // script(1) runs the indexer on a pseudo-terminal.
  const std::string command = std::string(DOSSIER_BINARY) + " index --db " +
                              shell_quote(dir / "c") + " " + inputs;
  const std::string log = dir / "tty.log";
  ASSERT_EQ(std::system(("script -qec " + shell_quote(command) + " /dev/null > " +
                         shell_quote(log) + " 2>&1").c_str()),
            0);
  std::ifstream in(log, std::ios::binary);
  const std::string tty((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(tty.find("\r\033[K["), std::string::npos) << tty;
  EXPECT_NE(tty.find("\r\033[KIndexed 3 articles"), std::string::npos) << tty;
}

TEST_F(Cli, BadInputIsReportedWithFileAndLineAndGoodInputIsKept) {
  TempDir dir;
  const std::string input = dir / "mixed.jsonl";
  test::write_file(input,
                   "{\"id\":\"1\",\"title\":\"Good one\",\"body\":\"alpha\"}\n"
                   "{\"id\":\"2\",\"title\":\"Broken\"\n"
                   "{\"id\":\"3\",\"title\":\"Good two\",\"body\":\"beta\"}\n");
  auto r = run_dossier("index --db " + shell_quote(dir / "db") + " " + shell_quote(input) + " " +
                       shell_quote(dir / "missing.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(input + ":2: malformed JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir / "missing.txt" + ": no such file or directory"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("2 added"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 errors"), std::string::npos) << r.out;
  auto s = run_dossier("search --db " + shell_quote(dir / "db") + " --json 'alpha OR beta'");
  EXPECT_EQ(nlohmann::json::parse(s.out)["total"], 2);
}

TEST_F(Cli, StandardInputAndGzip) {
  TempDir dir;
  auto r = run_dossier("index --db " + shell_quote(dir / "db") + " -",
                       "{\"id\":\"s1\",\"title\":\"From stdin\",\"body\":\"piped text\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  test::write_gzip(dir / "more.jsonl.gz", "{\"id\":\"g1\",\"title\":\"Zipped\",\"body\":\"piped too\"}\n");
  r = run_dossier("index --db " + shell_quote(dir / "db") + " " + shell_quote(dir / "more.jsonl.gz"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto s = run_dossier("search --db " + shell_quote(dir / "db") + " --json piped");
  EXPECT_EQ(nlohmann::json::parse(s.out)["total"], 2);
}

// Regression: a text piped without an id got the id "stdin", so each text
// piped replaced the one before. Its id is now a hash of its text: two texts
// are two articles, and the same text piped again is found unchanged.
TEST_F(Cli, TextsPipedOneAfterAnotherAreKeptApart) {
  TempDir dir;
  const std::string db = shell_quote(dir / "db");
  auto r = run_dossier("index --db " + db + " -", "First dispatch\n\nFloods hit the coast.\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_dossier("index --db " + db + " -", "Second dispatch\n\nFloods hit the hills.\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;
  r = run_dossier("index --db " + db + " -", "First dispatch\n\nFloods hit the coast.\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 unchanged"), std::string::npos) << r.out;
  auto s = run_dossier("search --db " + db + " --json floods");
  const auto hits = nlohmann::json::parse(s.out);
  EXPECT_EQ(hits["total"], 2);
  for (const auto& h : hits["hits"]) {
    EXPECT_EQ(h["id"].get<std::string>().rfind("stdin-", 0), 0u) << h["id"];
  }
}

TEST_F(Cli, SecondIndexerGetsALockedError) {
  TempDir dir;
  // Hold the writer lock with a first indexer reading from a FIFO that stays open.
  const std::string fifo = dir / "fifo";
  ASSERT_EQ(std::system(("mkfifo " + shell_quote(fifo)).c_str()), 0);
  const std::string first = "NO_COLOR=1 " + shell_quote(DOSSIER_BINARY) + " index --db " +
                            shell_quote(dir / "db") + " " + shell_quote(fifo) +
                            " >/dev/null 2>&1 & sleep 300 > " + shell_quote(fifo) + " & " +
                            "echo $! > " + shell_quote(dir / "writer.pid");
  ASSERT_EQ(std::system(("sh -c " + shell_quote(first)).c_str()), 0);
  // Wait until the first indexer has created the database (it holds the lock from then on).
  for (int i = 0; i < 100 && std::system(("test -e " + shell_quote(dir / "db/iamglass")).c_str()) != 0; ++i) {
    std::system("sleep 0.05");
  }
  auto r = run_dossier("index --db " + shell_quote(dir / "db") + " -", "{\"id\":\"x\",\"title\":\"t\"}\n");
  std::system(("kill $(cat " + shell_quote(dir / "writer.pid") + ") 2>/dev/null; sleep 0.2").c_str());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("locked by another indexer"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace dossier
