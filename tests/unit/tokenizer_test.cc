#include "analysis/tokenizer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <sstream>

#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/language.h"
#include "dossier/reader.h"
#include "test_support.h"

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

// French, Catalan and Italian elided articles go; English apostrophes stay.
TEST(Tokenizer, ElidedArticlesAreRemoved) {
  struct Case {
    const char* text;
    V want;
  };
  const Case cases[] = {
      {"L'arrivée du président", {"arrivee", "du", "president"}},
      {"l’équipe d’accueil", {"equipe", "accueil"}},  // U+2019
      {"qu'il jusqu'à lorsqu'on puisqu'elle", {"il", "a", "on", "elle"}},
      {"Côte d'Ivoire, l'ONU, N'Djamena", {"cote", "ivoire", "onu", "djamena"}},
      {"dell'ONU all'epoca un'altra", {"onu", "epoca", "altra"}},
      {"aujourd'hui presqu'île", {"aujourd'hui", "presqu'ile"}},  // not articles
      {"O'Neill don't o'clock rock'n'roll y'all", {"o'neill", "don't", "o'clock", "rock'n'roll", "y'all"}},
      {"Korea's l'2 d'", {"korea", "l", "2", "d"}},  // no elision before a number
  };
  for (const Case& c : cases) EXPECT_EQ(terms(c.text), c.want) << c.text;
  // The token starts after the apostrophe (snippets, entity case rules).
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize("L’Arrivée", &tokens);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].start, 4u);  // "L" + 3-byte U+2019
  EXPECT_EQ(tokens[0].cased, "arrivée");
}

// Stemmers read the case-folded word with its accents, kept beside the term.
TEST(Tokenizer, AccentedWordsKeepTheirCasedForm) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize("Président Paris ПРИШЁЛ Sébastien's", &tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].term, "president");
  EXPECT_EQ(tokens[0].cased, "président");
  EXPECT_EQ(tokens[1].cased, "");  // nothing folded away
  EXPECT_EQ(tokens[2].term, "пришел");
  EXPECT_EQ(tokens[2].cased, "пришёл");
  EXPECT_EQ(tokens[3].term, "sebastien");
  EXPECT_EQ(tokens[3].cased, "sébastien");
}

// What a word is indexed under: stems taken with accents then folded, beside
// the stem of the folded word; Hangul stems and their bigrams.
TEST(Analyzer, IndexStemsTable) {
  auto a = Analyzer::create(AnalyzerOptions{});  // stemmer=auto
  ASSERT_TRUE(a.ok());
  struct Case {
    const char* word;
    const char* lang;
    V want;
  };
  const Case cases[] = {
      {"arrivée", "fr", {"arrive", "arriv"}},
      {"arrivé", "fr", {"arriv"}},
      {"arrive", "fr", {"arriv"}},
      {"Sébastien", "fr", {"sebastien"}},
      {"Sebastien", "fr", {"sebastien"}},
      {"président", "fr", {"president"}},
      {"naciones", "es", {"nacion"}},
      {"nación", "es", {"nacion"}},
      {"актёры", "ru", {"актер"}},
      {"актеры", "ru", {"актер"}},
      {"visited", "en", {"visit"}},
      {"경찰서는", "ko", {"경찰서", "경찰", "찰서"}},
      {"서울지방경찰청은", "ko", {"서울지방경찰청", "서울", "울지", "지방", "방경", "경찰", "찰청"}},
      {"경찰은", "ko", {"경찰"}},
      {"한국은행은", "ko", {"한국은행", "한국", "국은", "은행"}},
  };
  for (const Case& c : cases) {
    std::vector<Token> tokens;
    (*a)->tokenize(c.word, &tokens);
    ASSERT_EQ(tokens.size(), 1u) << c.word;
    std::vector<std::string> stems;
    (*a)->index_stems(tokens[0], c.lang, &stems);
    EXPECT_EQ(stems, c.want) << c.word << " (" << c.lang << ")";
  }
  EXPECT_EQ(hangul_bigrams("G20정상회의"), (V{"정상", "상회", "회의"}));
  EXPECT_EQ(hangul_bigrams("경찰"), V{});
}

// The ASCII fast path must give exactly ICU's tokens: same terms, offsets,
// kinds and paragraphs. Checked on tricky strings, random ASCII punctuation
// soup, and every article of the bundled corpus (DOSSIER_TOKENIZER_DIFF names
// more inputs, e.g. the whole KCNA corpus and the multilingual NER corpus).
std::string describe(const std::vector<Token>& tokens) {
  std::ostringstream out;
  for (const Token& t : tokens) {
    out << t.term << "|" << t.cased << "@" << t.start << "-" << t.end << "/" << t.paragraph << "/"
        << static_cast<int>(t.kind) << " ";
  }
  return out.str();
}

void expect_same_as_icu(const std::string& text) {
  Tokenizer fast, icu;
  icu.set_fast_path(false);
  std::vector<Token> a, b;
  fast.tokenize(text, &a, 3);
  icu.tokenize(text, &b, 3);
  ASSERT_EQ(describe(a), describe(b)) << "text: " << text;
}

TEST(Tokenizer, FastPathEqualsIcuOnTrickyText) {
  for (const char* text :
       {"U.S. and U.K. e.g. i.e. a.b.c. www.kcna.co.jp", "3,000 3.5 1'000 10;20 1,2,3. .5 5. ,5",
        "Korea's can't 'tis rock'n'roll '90s 90's", "abc123 123abc a1.5 G7 3D v2.0",
        "snake_case _x x_ 10:30 Note: a:b", "Sébastien café — «Kim» “quotes” naïve",
        "Ким Чен Ын посетил Россию. 김정은 위원장이 러시아를 방문했다.",
        "mixed ASCII then Ünïcödé then ASCII again\n\nnew paragraph", "\tTabs\vand\fform\r\nfeeds",
        "a\xcc\x81 combining acute after a, and \xcc\x81 alone", "日本語のテキストと English 混在",
        "emoji 👍🏽 and ZWJ 👨‍👩‍👧 x", "hyphen-ated co-operation Jong-un -- dash",
        "(parens) [brackets] {braces} \"double\" 'single' #hash @at $5 100% a&b a/b a\\b",
        "ends with dot.", "'", "", "...", "a", "7",
        "L'arrivée d'Ivoire l'ONU qu'il jusqu'à O'Neill don't d'' l'2 l'_x s'.",
        "l'arrivee d'Ivoire qu'il jusqu'a O'Neill don't dell'ONU all'epoca"}) {
    expect_same_as_icu(text);
  }
}

TEST(Tokenizer, FastPathEqualsIcuOnRandomAscii) {
  std::mt19937 rng(42);
  // Every printable ASCII character, letters and digits more often.
  std::string alphabet = "aZk09x3 \n\t";
  for (char c = 0x21; c < 0x7F; ++c) alphabet += c;
  for (int round = 0; round < 8000; ++round) {
    std::string text;
    const int len = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < len; ++i) text += alphabet[rng() % alphabet.size()];
    expect_same_as_icu(text);
    if (HasFatalFailure()) return;
  }
}

TEST(Tokenizer, FastPathEqualsIcuOnArchives) {
  std::vector<std::string> inputs{test::source_path("corpus/kcna"),
                                  test::source_path("corpus/seeds")};
  if (const char* more = std::getenv("DOSSIER_TOKENIZER_DIFF")) inputs.push_back(more);
  std::size_t articles = 0;
  read_articles(
      inputs, {},
      [&](Article&& a, const InputLocation&) {
        ++articles;
        expect_same_as_icu(a.title);
        expect_same_as_icu(a.body);
        return !HasFatalFailure();
      },
      [](const InputProblem&) {});
  EXPECT_GE(articles, 2003u);
}

}  // namespace
}  // namespace dossier::analysis
