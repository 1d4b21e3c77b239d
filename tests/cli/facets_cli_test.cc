// `dossier search --filter` and `dossier related` as a user runs them, on a
// small archive where every count is known: 40 articles, 10 about a summit.
//   Vladimir Putin: 8 summit articles, nowhere else
//   Angela Merkel:  2 summit articles, nowhere else
//   Japan:          3 summit articles and 3 others
//   China:          5 summit articles and 25 others
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

class FacetsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    std::string lines;
    for (int i = 0; i < 40; ++i) {
      const bool summit = i < 10;
      nlohmann::json a;
      a["id"] = "a" + std::to_string(i);
      a["published"] = std::string(i % 2 ? "2019" : "2018") + "-05-10";
      a["title"] = summit ? "Summit talks, day " + std::to_string(i)
                          : "Harvest report " + std::to_string(i);
      std::string body = summit ? "Delegates gathered for the summit on day " + std::to_string(i) + "."
                                : "Farmers reported on the harvest in region " + std::to_string(i) + ".";
      if (summit && i < 8) body += " Vladimir Putin attended.";
      if (summit && i >= 8) body += " Angela Merkel spoke.";
      if ((summit && i < 3) || (i >= 10 && i < 13)) body += " Officials from Japan were present.";
      if ((summit && i >= 5) || i >= 15) body += " China sent a delegation.";
      a["body"] = body;
      lines += a.dump() + "\n";
    }
    test::write_file(*dir_ / "archive.jsonl", lines);
    auto r = run_dossier("index --quiet --db " + shell_quote(db_) + " " +
                         shell_quote(*dir_ / "archive.jsonl"));
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
TempDir* FacetsCli::dir_ = nullptr;
std::string FacetsCli::db_;

TEST_F(FacetsCli, FilterNarrowsTheHitsAndShowsTheSelection) {
  auto r = run_dossier("search --db " + db() + " --facets country --filter country:Japan summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Japan's siblings keep their counts over all summit articles.
  EXPECT_NE(r.out.find("China (5), [Japan (3)]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Articles 1-3 of 3 for \"summit\" with country: Japan ("),
            std::string::npos)
      << r.out;
  // Several values of one facet, and another facet.
  r = run_dossier("search --db " + db() +
                  " --facets country,year --filter country:JP --filter country:China "
                  "--filter year:2019 summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("with country: Japan or China; year: 2019 ("), std::string::npos)
      << r.out;
  // Summit articles are 0-9; odd ones are 2019; Japan 0-2, China 5-9.
  EXPECT_NE(r.out.find("of 4 for"), std::string::npos) << r.out;  // 1, 5, 7, 9
  EXPECT_NE(r.out.find("[2019 (4)], 2018 (4)"), std::string::npos) << r.out;  // 0, 2, 6, 8
}

TEST_F(FacetsCli, JsonListsFiltersAndMarksSelectedValues) {
  auto r = run_dossier("search --db " + db() +
                       " --json --facets country --filter country:Japan summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["total"], 3);
  ASSERT_EQ(doc["filters"].size(), 1u);
  EXPECT_EQ(doc["filters"][0],
            (nlohmann::json{{"facet", "country"}, {"value", "Japan"}, {"id", "country:JP"},
                            {"name", "Japan"}}));
  std::size_t selected = 0;
  for (const auto& v : doc["facets"]["country"]) {
    if (v.contains("selected")) {
      EXPECT_EQ(v["id"], "country:JP");
      EXPECT_EQ(v["selected"], true);
      EXPECT_EQ(v["count"], 3);
      ++selected;
    }
  }
  EXPECT_EQ(selected, 1u);
  // Without filters the array is there, empty.
  r = run_dossier("search --db " + db() + " --json summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["filters"], nlohmann::json::array());
}

TEST_F(FacetsCli, BadFiltersAreRefused) {
  auto r = run_dossier("search --db " + db() + " --filter countryJapan summit");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("FACET:VALUE"), std::string::npos) << r.err;
  r = run_dossier("search --db " + db() + " --filter colour:red summit");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("dossier: error: filter \"colour:red\": unknown facet \"colour\""),
            std::string::npos)
      << r.err;
  r = run_dossier("related --db " + db() + " --filter country:Atlantis summit");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no country named \"Atlantis\""), std::string::npos) << r.err;
  r = run_dossier("related --db " + db() + " --type city summit");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(FacetsCli, RelatedRanksEntitiesWithCounts) {
  auto r = run_dossier("related --db " + db() + " summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Entities that appear with \"summit\": 10 of 40 articles"),
            std::string::npos)
      << r.out;
  const std::size_t putin = r.out.find("1. Vladimir Putin");
  const std::size_t japan = r.out.find("2. Japan");
  ASSERT_NE(putin, std::string::npos) << r.out;
  ASSERT_NE(japan, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("8 (80.0%)", putin), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2.400", putin), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("China"), std::string::npos) << r.out;  // commoner elsewhere
  EXPECT_EQ(r.out.find("Merkel"), std::string::npos) << r.out;  // under --min-count 3

  r = run_dossier("related --db " + db() + " --json --min-count 1 --type person summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["query"], "summit");
  EXPECT_EQ(doc["total"], 10);
  EXPECT_EQ(doc["documents"], 40);
  EXPECT_EQ(doc["exact"], true);
  EXPECT_EQ(doc["counted"], 10);
  ASSERT_EQ(doc["entities"].size(), 2u);
  EXPECT_EQ(doc["entities"][0],
            (nlohmann::json{{"id", "person:vladimir-putin"}, {"type", "person"},
                            {"name", "Vladimir Putin"}, {"count", 8}, {"background", 8},
                            {"score", 2.4}}));
  EXPECT_EQ(doc["entities"][1]["id"], "person:angela-merkel");

  // Above --count-limit, estimates from a sample, said so.
  r = run_dossier("related --db " + db() + " --count-limit 4 summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Entities that appear with \"summit\": about "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Counts are estimated from a sample of "), std::string::npos) << r.out;
  r = run_dossier("related --db " + db() + " --json --count-limit 4 summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["exact"], false) << r.out;

  r = run_dossier("related --db " + db() + " --filter year:2019 --min-count 1 summit");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(year: 2019): 5 of 40 articles"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dossier
