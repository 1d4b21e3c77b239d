#include "analysis/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "analysis/fold.h"
#include "analysis/schema.h"

namespace dossier::analysis {
namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "u.s.a" -> "usa": dotted single-letter acronyms index like the plain form,
// so "U.S." and "US" meet. Longer dotted segments ("kcna.co.jp") stay.
bool is_dotted_acronym(const std::string& t) {
  if (t.size() < 3) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool letter_slot = (i % 2) == 0;
    if (letter_slot ? !is_ascii_alpha(t[i]) : t[i] != '.') return false;
  }
  return true;
}

// Applies the per-token rules that sit on top of folding. Returns false if the
// token should not be indexed at all.
bool finish_term(std::string* term, TokenKind kind) {
  std::string& t = *term;
  // Possessives and stray quotes: "korea's" -> "korea", "'tis" -> "tis".
  while (!t.empty() && t.back() == '\'') t.pop_back();
  while (!t.empty() && t.front() == '\'') t.erase(0, 1);
  if (t.size() > 2 && t.compare(t.size() - 2, 2, "'s") == 0) t.resize(t.size() - 2);
  if (kind == TokenKind::kNumber) {
    // Digit-group commas carry no meaning for search: "3,000" == "3000".
    std::string digits;
    digits.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == ',' && i > 0 && i + 1 < t.size() && is_ascii_digit(t[i - 1]) &&
          is_ascii_digit(t[i + 1])) {
        continue;
      }
      digits += t[i];
    }
    t.swap(digits);
  } else if (is_dotted_acronym(t)) {
    std::string letters;
    for (char c : t) {
      if (c != '.') letters += c;
    }
    t.swap(letters);
  }
  return !t.empty() && t.size() <= kMaxTermBytes;
}

// Counts newlines in a gap between words; a blank line (two newlines, possibly
// with spaces between) starts a new paragraph.
bool gap_breaks_paragraph(std::string_view gap) {
  int newlines = 0;
  for (char c : gap) {
    if (c == '\n') {
      if (++newlines >= 2) return true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      newlines = 0;
    }
  }
  return false;
}

}  // namespace

Tokenizer::Tokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_SUCCESS(status)) iterator_ = std::move(it);
}

Tokenizer::~Tokenizer() = default;

void Tokenizer::tokenize(std::string_view text, std::vector<Token>* out,
                         std::uint32_t first_paragraph) {
  if (!iterator_ || text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return;
  iterator_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;
  }
  std::uint32_t paragraph = first_paragraph;
  std::size_t gap_start = 0;
  int32_t start = iterator_->first();
  for (int32_t end = iterator_->next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator_->next()) {
    const int32_t rule = iterator_->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    const auto s = static_cast<std::size_t>(start);
    const auto e = static_cast<std::size_t>(end);
    if (s > gap_start && gap_breaks_paragraph(text.substr(gap_start, s - gap_start))) {
      ++paragraph;
    }
    gap_start = e;
    TokenKind kind = TokenKind::kWord;
    if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) {
      kind = TokenKind::kNumber;
    } else if (rule >= UBRK_WORD_KANA && rule < UBRK_WORD_IDEO_LIMIT) {
      kind = TokenKind::kIdeographic;
    }
    Token token;
    token.term = fold(text.substr(s, e - s));
    token.kind = kind;
    if (!finish_term(&token.term, kind)) continue;
    token.start = static_cast<std::uint32_t>(s);
    token.end = static_cast<std::uint32_t>(e);
    token.paragraph = paragraph;
    out->push_back(std::move(token));
  }
  utext_close(ut);
}

int token_year(const Token& token, std::string_view raw) {
  if (token.kind != TokenKind::kNumber || raw.size() != 4 || token.term.size() != 4) return 0;
  int year = 0;
  for (char c : raw) {
    if (!is_ascii_digit(c)) return 0;
    year = year * 10 + (c - '0');
  }
  if (year < schema::kMinMentionedYear || year > schema::kMaxMentionedYear) return 0;
  return year;
}

}  // namespace dossier::analysis
