#include "index/boilerplate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dossier/analysis.h"
#include "dossier/reader.h"
#include "test_support.h"

namespace dossier::index {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The three seeds, cleaned as indexing cleans them, against clean text written
// out and checked by hand (tests/data/clean/<id>.txt: "title:", "source:",
// a blank line, the body).
TEST(Boilerplate, SeedsCleanToTheHandCheckedText) {
  auto analyzer = ArticleAnalyzer::create();
  ASSERT_TRUE(analyzer.ok());
  int seen = 0;
  read_articles({test::source_path("corpus/seeds")}, {},
                [&](Article&& a, const InputLocation&) {
                  const ArticleAnalysis r = (*analyzer)->analyze(a);
                  const std::string got = "title: " + r.article.title + "\nsource: " +
                                          r.article.source + "\n\n" + r.article.body + "\n";
                  EXPECT_EQ(got, slurp(test::source_path("tests/data/clean/" + a.id + ".txt")))
                      << a.id;
                  ++seen;
                  return true;
                },
                [](const InputProblem& p) { ADD_FAILURE() << p.status.to_string(); });
  EXPECT_EQ(seen, 3);
}

std::vector<std::string> reasons(const Cleaned& c) {
  std::vector<std::string> out;
  for (const Removal& r : c.removed) out.push_back(r.reason);
  return out;
}

TEST(Boilerplate, EachKindWithItsReason) {
  const std::string body =
      "Sign up to our free daily newsletter.\n\n"
      "The talks began on Monday in Hanoi and lasted two days.\n\n"
      "Also read: Why the talks failed\n\n"
      "photo of two leaders shaking hands\n\n"
      "Two leaders meet in Hanoi.\n\n"
      "Jane Doe/AFP via Getty Images\n\n"
      "Share on Facebook\n\n"
      "***\n\n"
      "Both sides said they would meet again soon, officials said.";
  const Cleaned c = remove_boilerplate("Talks in Hanoi", body, false);
  EXPECT_EQ(c.title, "Talks in Hanoi");
  EXPECT_EQ(c.body,
            "The talks began on Monday in Hanoi and lasted two days.\n\n"
            "Both sides said they would meet again soon, officials said.");
  EXPECT_EQ(reasons(c), (std::vector<std::string>{"paywall or newsletter prompt",
                                                  "related-article link", "photo caption or credit",
                                                  "photo caption or credit", "photo caption or credit",
                                                  "social sharing", "separator"}));
}

TEST(Boilerplate, ACreditLabelLeavesTheNextParagraph) {
  // "Photo: Reuters" is the credit itself: the short paragraph after it is the
  // article's first, not a caption (alt text "photo of ..." takes its caption).
  const std::string lead = "The talks began on Monday in Hanoi and lasted two days.";
  for (const char* credit : {"Photo: Reuters", "(Photo: Reuters)", "[Photo by Jane Doe]"}) {
    const Cleaned c = remove_boilerplate("Talks", std::string(credit) + "\n\n" + lead, false);
    EXPECT_EQ(c.body, lead) << credit;
    EXPECT_EQ(reasons(c), std::vector<std::string>{"photo caption or credit"}) << credit;
  }
  const Cleaned alt = remove_boilerplate(
      "Talks", "photo of two leaders shaking hands\n\nTwo leaders meet in Hanoi.\n\n" + lead, false);
  EXPECT_EQ(alt.body, lead);
}

TEST(Boilerplate, ShortLinesBetweenPromptsGoWithThem) {
  // At the top, the short lines of a block of prompts ("Ad-free experience")
  // go with it; a lone short line that is no prompt stays.
  const Cleaned c = remove_boilerplate(
      "T", "Sign up here.\n\nAd-free experience\n\nFree trial\n\nThe article text goes on.", false);
  EXPECT_EQ(c.body, "The article text goes on.");
  const Cleaned d = remove_boilerplate("T", "Moscow, Monday\n\nThe article text goes on.", false);
  EXPECT_EQ(d.body, "Moscow, Monday\n\nThe article text goes on.");
}

TEST(Boilerplate, ArticleWordsAreNeverTouched) {
  // Long paragraphs that mention subscriptions are the article's own words.
  const std::string body =
      "The newspaper said its subscription numbers rose after the summit, and that readers "
      "who sign up for the newsletter will get the full interview on Monday morning.";
  const Cleaned c = remove_boilerplate("T", body, false);
  EXPECT_EQ(c.body, body);
  EXPECT_TRUE(c.removed.empty());
}

TEST(Boilerplate, SiteNameAboveATextHeadline) {
  const Cleaned c = remove_boilerplate("DayFR Euro", "Why Kim sent soldiers\n\nThe effect is immediate.", true);
  EXPECT_EQ(c.source, "DayFR Euro");
  EXPECT_EQ(c.title, "Why Kim sent soldiers");
  EXPECT_EQ(c.body, "The effect is immediate.");
  // With metadata (not a text file), the same title stays.
  const Cleaned m = remove_boilerplate("DayFR Euro", "Why Kim sent soldiers\n\nThe effect is immediate.", false);
  EXPECT_EQ(m.title, "DayFR Euro");
}

}  // namespace
}  // namespace dossier::index
