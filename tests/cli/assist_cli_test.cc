// dossier suggest, similar, help and the "Did you mean" line of search, as a
// user runs them: output, JSON shape, exit codes and messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

class AssistCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    auto r = run_dossier("index --quiet --db " + shell_quote(db_) + " " +
                         shell_quote(test::source_path("corpus/seeds")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return " --db " + shell_quote(db_) + " "; }
  static TempDir* dir_;
  static std::string db_;
};
TempDir* AssistCli::dir_ = nullptr;
std::string AssistCli::db_;

TEST_F(AssistCli, SearchSaysWhatWasMeant) {
  auto r = run_dossier("search" + db() + "--facets none 'Kim Jong Um + Vladivostock'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Did you mean: Kim Jong Un + Vladivostok\n", 0), 0u) << r.out;
  r = run_dossier("search" + db() + "--json 'Kim + Vladivostok'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["did_you_mean"], "");
  r = run_dossier("search" + db() + "Vladivostok");
  EXPECT_EQ(r.out.find("Did you mean"), std::string::npos);
}

TEST_F(AssistCli, SuggestCompletesNamesInAnyScript) {
  auto r = run_dossier("suggest" + db() + "Пут");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Vladimir Putin  person  ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("(as \"Путин\")"), std::string::npos) << r.out;
  r = run_dossier("suggest" + db() + "--json --limit 2 kim jong");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["prefix"], "kim jong");
  ASSERT_EQ(doc["suggestions"].size(), 2u);
  for (const char* field : {"text", "type", "id", "matched", "count"}) {
    EXPECT_TRUE(doc["suggestions"][0].contains(field)) << field;
  }
  EXPECT_EQ(doc["suggestions"][0]["id"], "person:kim-jong-un");  // in 3 seeds
  EXPECT_EQ(doc["suggestions"][0]["count"], 3);
  EXPECT_EQ(doc["suggestions"][1]["id"], "person:kim-jong-il");  // in 1
  r = run_dossier("suggest" + db() + "zzzq");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "No completions for \"zzzq\"\n");
}

TEST_F(AssistCli, SuggestErrors) {
  auto r = run_dossier("suggest" + db() + "'!!'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the prefix \"!!\" has no letter or digit"), std::string::npos) << r.err;
  r = run_dossier("suggest" + db());
  EXPECT_EQ(r.exit_code, 2) << r.err;  // usage: no prefix
  r = run_dossier("suggest" + db() + "--limit 0 kim");
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(AssistCli, SimilarListsOtherArticles) {
  auto r = run_dossier("similar" + db() + "--limit 2 000_4a8b286dea9e7962");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Articles like 000_4a8b286dea9e7962: Kim Jong-un is not a great traveler.\n"
                        "Searched for: ",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("\n1. "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("| 000_4a8b286dea9e7962 |"), std::string::npos) << r.out;
  r = run_dossier("similar" + db() + "--json 000_4a8b286dea9e7962");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["id"], "000_4a8b286dea9e7962");
  EXPECT_TRUE(doc["words"].is_array());
  EXPECT_TRUE(doc["entities"].is_array());
  ASSERT_FALSE(doc["hits"].empty());
  EXPECT_TRUE(doc["hits"][0]["snippet"].is_string());
  r = run_dossier("similar" + db() + "no-such-id");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no article with id \"no-such-id\""), std::string::npos) << r.err;
}

TEST(HelpCli, QueryHelpDocumentsTheLanguage) {
  auto r = run_dossier("help query");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"Parts and words", "Operators", "Fields", "Dates", "Kim + Russia + 2019",
                           "person:\"Kim Jong Un\"", "date:2018-03-01..2018-06-30",
                           "Did you mean: Kim Jong Un + Pyongyang"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(r.out.find('`'), std::string::npos);  // no Markdown when piped
  r = run_dossier("help query --markdown");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("| query | meaning |\n|---|---|\n", 0), 0u);
  r = run_dossier("help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("dossier help query"), std::string::npos);
  r = run_dossier("help colours");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace dossier
