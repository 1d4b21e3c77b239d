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

// Elided articles and pronouns, folded, without the apostrophe: French
// (Lucene's list), Catalan (a subset of it) and the Italian ones that are
// not also English words.
constexpr std::string_view kElisions[] = {
    "l",    "d",    "j",     "m",     "n",      "s",      "t",      "c",    "qu",
    "jusqu", "lorsqu", "puisqu", "quoiqu", "dell", "dall", "nell", "sull", "all",
    "un",   "quest", "quell"};

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

std::size_t elision_length(std::string_view term) {
  const std::size_t q = term.find('\'');
  if (q == 0 || q == std::string_view::npos || q > 6 || q + 1 >= term.size()) return 0;
  // The word goes on with a letter (any non-ASCII byte starts one here:
  // folding left no marks or punctuation inside a word).
  const char next = term[q + 1];
  if (!is_ascii_alpha(next) && static_cast<unsigned char>(next) < 0x80) return 0;
  const std::string_view head = term.substr(0, q);
  for (std::string_view e : kElisions) {
    if (head == e) return q + 1;
  }
  return 0;
}

Tokenizer::Tokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_SUCCESS(status)) iterator_ = std::move(it);
}

Tokenizer::~Tokenizer() = default;

// Appends one word segment [s, e) of `text` as a token (after the per-token
// rules), counting the paragraph breaks in the gap since the previous word.
void Tokenizer::emit(std::string_view text, std::size_t s, std::size_t e, TokenKind kind,
                     std::vector<Token>* out) {
  if (s > gap_start_ && gap_breaks_paragraph(text.substr(gap_start_, s - gap_start_))) {
    ++paragraph_;
  }
  gap_start_ = e;
  // Built in place (a Token holds two strings): dropped again if the rules
  // below reject it.
  Token& token = out->emplace_back();
  token.term = fold(text.substr(s, e - s), &token.cased);
  token.kind = kind;
  if (kind == TokenKind::kWord) {
    if (const std::size_t n = elision_length(token.term)) {
      token.term.erase(0, n);
      if (!token.cased.empty()) token.cased.erase(0, n);  // same ASCII prefix
      // The token starts after the apostrophe, for snippets and for the case
      // rules of entity matching ("d'Ivoire" is capitalised): skip the
      // prefix's letters and the apostrophe (one code point each).
      std::size_t k = s;
      for (std::size_t cp = 0; cp < n && k < e; ++cp) {
        ++k;
        while (k < e && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) ++k;
      }
      s = k;
    }
  }
  if (!finish_term(&token.term, kind)) {
    out->pop_back();
    return;
  }
  if (!token.cased.empty() && (!finish_term(&token.cased, kind) || token.cased == token.term)) {
    token.cased.clear();
  }
  token.start = static_cast<std::uint32_t>(s);
  token.end = static_cast<std::uint32_t>(e);
  token.paragraph = paragraph_;
}

// ICU's word breaks over text[begin, end).
void Tokenizer::tokenize_icu(std::string_view text, std::size_t begin, std::size_t end,
                             std::vector<Token>* out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + begin, static_cast<int64_t>(end - begin),
                             &status);
  if (U_FAILURE(status)) return;
  iterator_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;
  }
  int32_t start = iterator_->first();
  for (int32_t stop = iterator_->next(); stop != icu::BreakIterator::DONE;
       start = stop, stop = iterator_->next()) {
    const int32_t rule = iterator_->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    TokenKind kind = TokenKind::kWord;
    if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) {
      kind = TokenKind::kNumber;
    } else if (rule >= UBRK_WORD_KANA && rule < UBRK_WORD_IDEO_LIMIT) {
      kind = TokenKind::kIdeographic;
    }
    emit(text, begin + static_cast<std::size_t>(start), begin + static_cast<std::size_t>(stop),
         kind, out);
  }
  utext_close(ut);
}

namespace {

bool is_break_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

// The word segments of an ASCII chunk (no white space inside) by the rules of
// UAX #29 that ASCII can meet: letters join letters (WB5), also across one
// '.' or apostrophe (WB6/7); digits join digits (WB8), also across one ',',
// ';', '.' or apostrophe (WB11/12); everything else breaks. Returns false for
// what those rules do not settle the same way as ICU (letters touching
// digits, '_', ':', control characters): ICU then reads the chunk.
bool ascii_segments(std::string_view text, std::size_t begin, std::size_t end,
                    std::vector<WordSegment>* segments) {
  for (std::size_t k = begin; k < end; ++k) {
    const unsigned char c = static_cast<unsigned char>(text[k]);
    if (c >= 0x80 || c < 0x20 || c == 0x7F || c == '_' || c == ':' || c == '@') return false;
  }
  std::size_t k = begin;
  while (k < end) {
    const char c = text[k];
    if (is_ascii_alpha(c)) {
      const std::size_t b = k++;
      for (;;) {
        if (k < end && is_ascii_alpha(text[k])) {
          ++k;
        } else if (k + 1 < end && (text[k] == '.' || text[k] == '\'') &&
                   is_ascii_alpha(text[k + 1])) {
          k += 2;
        } else if (k < end && is_ascii_digit(text[k])) {
          return false;
        } else {
          break;
        }
      }
      segments->push_back(WordSegment{b, k, TokenKind::kWord});
    } else if (is_ascii_digit(c)) {
      const std::size_t b = k++;
      for (;;) {
        if (k < end && is_ascii_digit(text[k])) {
          ++k;
        } else if (k + 1 < end &&
                   (text[k] == ',' || text[k] == ';' || text[k] == '.' || text[k] == '\'') &&
                   is_ascii_digit(text[k + 1])) {
          k += 2;
        } else if (k < end && is_ascii_alpha(text[k])) {
          return false;
        } else {
          break;
        }
      }
      segments->push_back(WordSegment{b, k, TokenKind::kNumber});
    } else {
      ++k;
    }
  }
  return true;
}

}  // namespace

void Tokenizer::tokenize(std::string_view text, std::vector<Token>* out,
                         std::uint32_t first_paragraph) {
  if (!iterator_ || text.empty()) return;
  paragraph_ = first_paragraph;
  gap_start_ = 0;
  if (!fast_path_) {
    tokenize_icu(text, 0, text.size(), out);
    return;
  }
  // Word breaks fall on both sides of ASCII white space, so the text can be
  // cut there: chunks of plain ASCII are segmented here (most of an English
  // archive, several times faster), runs of other chunks by ICU.
  std::vector<WordSegment>& segments = segments_;
  const std::size_t n = text.size();
  std::size_t icu_begin = n, icu_end = n;  // pending ICU run, empty when icu_begin == n
  std::size_t i = 0;
  while (i < n) {
    if (is_break_space(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && !is_break_space(text[j])) ++j;
    segments.clear();
    if (ascii_segments(text, i, j, &segments)) {
      if (icu_begin != n) {
        tokenize_icu(text, icu_begin, icu_end, out);
        icu_begin = n;
      }
      for (const WordSegment& seg : segments) emit(text, seg.start, seg.end, seg.kind, out);
    } else {
      if (icu_begin == n) icu_begin = i;
      icu_end = j;
    }
    i = j;
  }
  if (icu_begin != n) tokenize_icu(text, icu_begin, icu_end, out);
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
