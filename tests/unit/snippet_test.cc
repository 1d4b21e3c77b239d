#include "snippet.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

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

// A word found by a stem it was indexed under is marked too: a Korean noun
// inside a compound with a particle.
TEST_F(SnippetTest, KoreanNounsInsideCompoundsAreMarked) {
  Snippet s = make_snippet("서울지방경찰청은 어제 수사를 시작했다.", terms("경찰 수사"), *analyzer_, 30,
                           -1, {});
  EXPECT_EQ(marked(s), (std::vector<std::string>{"서울지방경찰청은", "수사를"}));
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

// Every word of a snippet (between spaces, ellipses aside) is a whole word of
// the body: a cut never falls inside "state-of-the-art", "Ыном" or "러시아는".
void expect_whole_words(const Snippet& s, const std::string& body) {
  std::set<std::string> words;
  std::istringstream in(body);
  for (std::string w; in >> w;) words.insert(w);
  std::istringstream out(s.text);
  for (std::string w; out >> w;) {
    if (w == "\xE2\x80\xA6") continue;
    EXPECT_TRUE(words.count(w)) << "\"" << w << "\" cut in: " << s.text;
  }
}

TEST_F(SnippetTest, CutsFallBetweenWordsInAnyScript) {
  const std::string body =
      "The well-known state-of-the-art talks and/or meetings of mid-2019 went on. "
      "Путин встретился с Ким Чен Ыном во Владивостоке, где-то у моря. "
      "러시아는 북한과의 협력을 확대하기로 했다고 밝혔다. "
      "Kim Jong-un's long-awaited visit to the Far East was well-received.";
  for (const char* q : {"talks", "meetings", "Владивосток", "협력을", "visit", "Kim"}) {
    for (std::size_t words = 1; words <= 12; ++words) {
      Snippet s = make_snippet(body, terms(q), *analyzer_, words, -1, {});
      ASSERT_FALSE(s.text.empty()) << q;
      expect_whole_words(s, body);
    }
  }
  Snippet s = make_snippet(body, terms("talks"), *analyzer_, 2, -1, {});
  EXPECT_EQ(s.text.substr(0, 4), "\xE2\x80\xA6 ");
  EXPECT_EQ(s.text, "\xE2\x80\xA6 talks and/or \xE2\x80\xA6");
}

TEST_F(SnippetTest, AHugeParagraphIsScannedInPiecesAndStillFindsTheMatch) {
  const std::string filler = "The delegation visited factories, farms and schools across the province. ";
  std::string body;
  while (body.size() < 5'000'000) body += filler;
  body.insert(body.size() / 2, "The cosmodrome launch was observed. ");
  Snippet s = make_snippet(body, terms("cosmodrome"), *analyzer_, 12, -1, {});
  EXPECT_EQ(marked(s), (std::vector<std::string>{"cosmodrome"}));
  EXPECT_EQ(s.text.substr(0, 4), "\xE2\x80\xA6 ");
  EXPECT_EQ(s.text.substr(s.text.size() - 4), " \xE2\x80\xA6");
  expect_whole_words(s, body);
  // A mark from the index (an entity mention) is found whatever its words.
  const std::size_t at = body.size() - 1000;
  const std::size_t word = body.find("farms", at);
  Snippet m = make_snippet(body, terms("absent"), *analyzer_, 12, -1,
                           {SnippetMark{static_cast<std::uint32_t>(word),
                                        static_cast<std::uint32_t>(word + 5), 0}});
  EXPECT_EQ(marked(m), (std::vector<std::string>{"farms"}));
}

}  // namespace
}  // namespace dossier::search
