// Tokenizer: splits text into words with ICU's Unicode word-break rules
// (UAX #29, with dictionaries for Chinese, Japanese and Thai) and folds each
// word. Index time and query time use this same code, so a query word always
// becomes the term the indexer wrote.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace dossier::analysis {

enum class TokenKind : std::uint8_t {
  kWord,         ///< Letters (Latin, Cyrillic, Hangul, ...); stemmed.
  kNumber,       ///< Digits, possibly with separators ("3,000" -> "3000", "3.5").
  kIdeographic,  ///< Han or Kana segments; never stemmed.
};

struct Token {
  std::string term;         ///< Folded form, the indexed term.
  std::uint32_t start = 0;  ///< Byte offset of the word in the text.
  std::uint32_t end = 0;    ///< Byte offset one past the word.
  std::uint32_t paragraph = 0;  ///< 0-based index of the blank-line paragraph.
  TokenKind kind = TokenKind::kWord;
  /// The word case-folded with its accents kept ("arrivée"), when that differs
  /// from `term` ("arrivee"); else empty. Stemmers read it (see Analyzer).
  std::string cased;
};

/// A word's byte range and kind, before folding.
struct WordSegment {
  std::size_t start = 0;
  std::size_t end = 0;
  TokenKind kind = TokenKind::kWord;
};

/// Number of bytes of an elided article or pronoun that starts `term` (a
/// folded word): "l'" of "l'arrivee", "qu'" of "qu'il", "dell'" of
/// "dell'onu"; 0 if none. French, Catalan and Italian elisions, as Lucene's
/// ElisionFilter; the word must go on with a letter. Applied to every word
/// whatever its language, because a query word's language is unknown and
/// both sides must agree; the prefixes are not English ("O'Neill", "don't",
/// "o'clock" stay whole).
std::size_t elision_length(std::string_view term);

/// Longest term kept; longer "words" are URLs, base64 or garbage.
inline constexpr std::size_t kMaxTermBytes = 100;

/// Not thread-safe (it owns an ICU break iterator); give each thread its own.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  /// False if ICU could not build the word-break rules (missing ICU data).
  bool ok() const { return iterator_ != nullptr; }

  /// Appends the tokens of `text` (valid UTF-8) to `out`. Offsets are relative
  /// to `text`. Paragraph numbers start at `first_paragraph`.
  void tokenize(std::string_view text, std::vector<Token>* out,
                std::uint32_t first_paragraph = 0);

  /// Segments with ICU alone, without the ASCII fast path (which gives the
  /// same tokens faster): for tests that check exactly that.
  void set_fast_path(bool on) { fast_path_ = on; }

 private:
  void emit(std::string_view text, std::size_t s, std::size_t e, TokenKind kind,
            std::vector<Token>* out);
  void tokenize_icu(std::string_view text, std::size_t begin, std::size_t end,
                    std::vector<Token>* out);

  std::unique_ptr<icu::BreakIterator> iterator_;
  bool fast_path_ = true;
  // State of one tokenize() call.
  std::uint32_t paragraph_ = 0;
  std::size_t gap_start_ = 0;
  std::vector<WordSegment> segments_;
};

/// The year a token writes, if it is a 4-digit number in the schema's
/// mentioned-year range, else 0. `raw` is the token's original text.
int token_year(const Token& token, std::string_view raw);

}  // namespace dossier::analysis
