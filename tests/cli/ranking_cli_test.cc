// dossier search --explain, --recent and --ranking as a user runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

class RankingCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const std::string jsonl = *dir_ / "in.jsonl";
    test::write_file(
        jsonl,
        R"({"id":"old","title":"Harvest report","published":"2011-01-10","body":"The harvest was good.\n\nOfficials met in the capital."})"
        "\n"
        R"({"id":"new","title":"Harvest report","published":"2012-01-10","body":"The harvest was good.\n\nOfficials met in the capital."})"
        "\n"
        R"({"id":"other","title":"Weather","published":"2012-02-01","body":"Rain in the capital."})"
        "\n");
    auto r = run_dossier("index --quiet --db " + shell_quote(db_) + " " + shell_quote(jsonl));
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
TempDir* RankingCli::dir_ = nullptr;
std::string RankingCli::db_;

TEST_F(RankingCli, ExplainPrintsTheComponentsOfEachScore) {
  auto r = run_dossier("search --db " + db() + " --facets none --explain harvest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("explain: text "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" + lead "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; BM25 "), std::string::npos) << r.out;
  // Without --explain, no explanation.
  r = run_dossier("search --db " + db() + " --facets none harvest");
  EXPECT_EQ(r.out.find("explain:"), std::string::npos) << r.out;
}

TEST_F(RankingCli, ExplainInJsonAddsUpToTheScore) {
  auto r = run_dossier("search --db " + db() + " --json --explain harvest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["hits"].size(), 2u);
  for (const auto& hit : doc["hits"]) {
    const auto& e = hit["explain"];
    EXPECT_EQ(e["ranking"], "dossier");
    EXPECT_TRUE(e["reranked"].get<bool>());
    EXPECT_GT(e["bm25"].get<double>(), 0);
    double sum = 0;
    for (const auto& c : e["components"]) {
      EXPECT_TRUE(c.contains("name") && c.contains("feature") && c.contains("weight"));
      sum += c["value"].get<double>();
    }
    EXPECT_NEAR(sum, hit["score"].get<double>(), 1e-3) << hit.dump();
  }
  // Without --explain the field is absent.
  r = run_dossier("search --db " + db() + " --json harvest");
  EXPECT_FALSE(nlohmann::json::parse(r.out)["hits"][0].contains("explain"));
}

TEST_F(RankingCli, RecentPutsTheNewerStoryFirst) {
  auto r = run_dossier("search --db " + db() + " --json harvest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["hits"][0]["id"], "old");  // equal texts: indexing order
  for (const char* flag : {"--recent", "--recent=90"}) {
    r = run_dossier("search --db " + db() + " --json --explain " + flag + " harvest");
    ASSERT_EQ(r.exit_code, 0) << flag << r.err;
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["hits"][0]["id"], "new") << flag;
    const auto& components = doc["hits"][1]["explain"]["components"];
    EXPECT_EQ(components.back()["name"], "recency") << flag;
    EXPECT_LT(components.back()["feature"].get<double>(), 1.0);
  }
}

TEST_F(RankingCli, PlainBm25CanBeAskedFor) {
  auto r = run_dossier("search --db " + db() + " --json --explain --ranking bm25 harvest");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["hits"][0]["explain"]["ranking"], "bm25");
  EXPECT_EQ(doc["hits"][0]["explain"]["components"][0]["name"], "bm25");
}

TEST_F(RankingCli, BadRankingFlagsAreUsageErrors) {
  auto r = run_dossier("search --db " + db() + " --recent=-3 harvest");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("half-life"), std::string::npos) << r.err;
  r = run_dossier("search --db " + db() + " --recent=soon harvest");
  EXPECT_EQ(r.exit_code, 2);
  r = run_dossier("search --db " + db() + " --ranking tfidf harvest");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tfidf"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace dossier
