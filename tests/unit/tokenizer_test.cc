#include "analysis/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dossier::analysis {
namespace {

std::vector<std::string> terms(const std::string& text) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize(text, &tokens);
  std::vector<std::string> out;
  for (const Token& tok : tokens) out.push_back(tok.term);
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenizer, WordsAreSplitAndFolded) {
  EXPECT_EQ(terms("Kim Jong-un met Vladimir Putin."), (V{"kim", "jong", "un", "met", "vladimir", "putin"}));
}

TEST(Tokenizer, PossessivesAndTypographicApostrophes) {
  EXPECT_EQ(terms("North Korea’s arsenal, Russia's war"), (V{"north", "korea", "arsenal", "russia", "war"}));
}

TEST(Tokenizer, DottedAcronymsMeetPlainOnes) {
  EXPECT_EQ(terms("U.S.-led sanctions; the U.S. and US"), (V{"us", "led", "sanctions", "the", "us", "and", "us"}));
}

TEST(Tokenizer, NumbersLoseGroupSeparators) {
  EXPECT_EQ(terms("Some 3,000 soldiers, 10,000 by December, 3.5 percent"),
            (V{"some", "3000", "soldiers", "10000", "by", "december", "3.5", "percent"}));
}

TEST(Tokenizer, OffsetsPointIntoTheOriginalText) {
  Tokenizer t;
  std::vector<Token> tokens;
  const std::string text = "«Sébastien» 김정은 met";
  t.tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[0].start, tokens[0].end - tokens[0].start), "Sébastien");
  EXPECT_EQ(tokens[0].term, "sebastien");
  EXPECT_EQ(text.substr(tokens[1].start, tokens[1].end - tokens[1].start), "김정은");
  EXPECT_EQ(tokens[2].term, "met");
}

TEST(Tokenizer, KindsOfTokens) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize("Putin 2019 習近平", &tokens);
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens.back().kind, TokenKind::kIdeographic);
}

TEST(Tokenizer, BlankLinesStartParagraphs) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize("one two\nthree\n\nfour\n \n five", &tokens);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].paragraph, 0u);
  EXPECT_EQ(tokens[2].paragraph, 0u);  // a single newline is not a paragraph break
  EXPECT_EQ(tokens[3].paragraph, 1u);
  EXPECT_EQ(tokens[4].paragraph, 2u);
}

TEST(Tokenizer, YearsAreFourDigitNumbersInRange) {
  Tokenizer t;
  std::vector<Token> tokens;
  const std::string text = "the Korean War (1950-1953), 3,000 troops, 2019, 12019, 1066";
  t.tokenize(text, &tokens);
  std::vector<int> years;
  for (const Token& tok : tokens) {
    if (int y = token_year(tok, std::string_view(text).substr(tok.start, tok.end - tok.start))) {
      years.push_back(y);
    }
  }
  EXPECT_EQ(years, (std::vector<int>{1950, 1953, 2019}));
}

TEST(Tokenizer, OverlongTokensAreDropped) {
  EXPECT_EQ(terms(std::string(150, 'x') + " ok"), (V{"ok"}));
}

}  // namespace
}  // namespace dossier::analysis
