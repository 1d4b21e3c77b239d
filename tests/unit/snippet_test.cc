#include "snippet.h"

#include <gtest/gtest.h>

namespace dossier::search {
namespace {

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AnalyzerOptions options;
    options.stemmer = "english";
    auto a = analysis::Analyzer::create(options);
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(a.value());
  }
  QueryTerms terms(const std::string& q) {
    QueryTerms t;
    auto tree = parse_query(q);
    EXPECT_TRUE(tree.ok());
    EXPECT_TRUE(compile_query(*tree, *analyzer_, &t).ok());
    return t;
  }
  std::vector<std::string> marked(const Snippet& s) {
    std::vector<std::string> out;
    for (const Highlight& h : s.highlights) out.push_back(s.text.substr(h.start, h.length));
    return out;
  }
  std::unique_ptr<analysis::Analyzer> analyzer_;
};

TEST_F(SnippetTest, PicksTheParagraphWithMostDistinctQueryWords) {
  const std::string body =
      "Kim travelled by train. Kim again. Kim once more.\n\n"
      "The summit in Vladivostok brought Kim and Putin together.\n\n"
      "Putin said nothing.";
  Snippet s = make_snippet(body, terms("Kim + Putin"), *analyzer_, 30, -1, {});
  EXPECT_EQ(s.text, "The summit in Vladivostok brought Kim and Putin together.");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"Kim", "Putin"}));
}

TEST_F(SnippetTest, StemsAndFoldingMatch) {
  Snippet s = make_snippet("Sébastien visited Seoul.", terms("sebastien visits"), *analyzer_, 30, -1, {});
  EXPECT_EQ(marked(s), (std::vector<std::string>{"Sébastien", "visited"}));
}

TEST_F(SnippetTest, LongParagraphsAreCutAtWordsWithEllipses) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "filler" + std::to_string(i) + " ";
  body += "the cosmodrome visit ";
  for (int i = 0; i < 40; ++i) body += "tail" + std::to_string(i) + " ";
  Snippet s = make_snippet(body, terms("cosmodrome"), *analyzer_, 10, -1, {});
  EXPECT_EQ(s.text.substr(0, 4), "\xE2\x80\xA6 ");
  EXPECT_EQ(s.text.substr(s.text.size() - 4), " \xE2\x80\xA6");
  EXPECT_NE(s.text.find("cosmodrome"), std::string::npos);
  EXPECT_EQ(marked(s), (std::vector<std::string>{"cosmodrome"}));
  // Roughly centred: words on both sides of the match.
  EXPECT_NE(s.text.find("filler3"), std::string::npos);
  EXPECT_NE(s.text.find("tail"), std::string::npos);
}

TEST_F(SnippetTest, WithoutAMatchTheLeadIsShown) {
  Snippet s = make_snippet("First paragraph here.\n\nSecond.", terms("absent"), *analyzer_, 30, -1, {});
  EXPECT_EQ(s.text, "First paragraph here.");
  EXPECT_TRUE(s.highlights.empty());
}

TEST_F(SnippetTest, AChosenParagraphAndMarksFromTheIndex) {
  const std::string body = "Kim and Putin met here.\n\nThe Russian side in Vladivostok agreed.";
  // Paragraph 1 by choice, with a mark (an entity mention) the words alone miss.
  const std::size_t at = body.find("Russian");
  Snippet s = make_snippet(body, terms("Kim"), *analyzer_, 30, 1,
                           {SnippetMark{static_cast<std::uint32_t>(at),
                                        static_cast<std::uint32_t>(at + 7), 4}});
  EXPECT_EQ(s.text, "The Russian side in Vladivostok agreed.");
  EXPECT_EQ(marked(s), (std::vector<std::string>{"Russian"}));
}

TEST_F(SnippetTest, ParagraphsWithoutWordsAreNotCounted) {
  const auto ranges = paragraph_ranges("One.\n\n-\n\nTwo.");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[1].first, 9u);
}

TEST_F(SnippetTest, HighlightOffsetsAreBytesOfTheSnippet) {
  Snippet s = make_snippet("Встреча: Путин и Ким во Владивостоке.", terms("Ким"), *analyzer_, 30, -1, {});
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(s.text.substr(s.highlights[0].start, s.highlights[0].length), "Ким");
}

}  // namespace
}  // namespace dossier::search
