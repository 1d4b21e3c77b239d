#include "spelling.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analysis/schema.h"
#include "query_parser.h"

namespace dossier::search {
namespace {

constexpr char32_t kHangulFirst = 0xAC00;
constexpr char32_t kHangulLast = 0xD7A3;
constexpr char32_t kHangulPerInitial = 21 * 28;  // syllables sharing an initial consonant

// Score of a correction: log(frequency) - kEditCost per edit, so a word must
// be e^3.9 (about 50) times as frequent per edit to replace a real word...
constexpr double kEditCost = 3.9;
// ...which itself keeps a likelihood of being what was meant (as
// Elasticsearch's real_word_error_likelihood).
constexpr double kRealWordLikelihood = 0.95;
// A name the archive does not write (Russia's "Rusija") yields to an equally
// likely word it writes ("russia").
constexpr double kUnwrittenName = 0.1;
// Corrections kept per word, and queries tried at most (each is counted).
constexpr std::size_t kOptionsPerWord = 3;
constexpr std::size_t kMaxTries = 6;
// Longest run of words compared with an entity's name.
constexpr std::size_t kMaxNameWords = 6;
// A query that already finds enough is corrected only when the correction
// finds this many times more.
constexpr std::uint64_t kMoreWhenEnough = 5;

std::string encode(char32_t c) {
  char buf[4];
  std::int32_t i = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), i, 4, static_cast<UChar32>(c), error);
  if (error)
    return std::string();
  return std::string(buf, static_cast<std::size_t>(i));
}

// The first code point of `s` (0 if empty or invalid).
char32_t first_code_point(std::string_view s) {
  if (s.empty())
    return 0;
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, static_cast<std::int32_t>(s.size()),
          c);
  return c < 0 ? 0 : static_cast<char32_t>(c);
}

// A word of the query being checked.
struct Word {
  std::size_t start = 0, end = 0;  // bytes in the query
  std::string term;                // folded
  analysis::TokenKind kind = analysis::TokenKind::kWord;
  Xapian::doccount frequency = 0;
  bool name = false;        // part of a name of an entity the archive mentions
  bool suspicious = false;  // may be misspelled
  std::string fix;          // the correction, if any
  // Other corrections, next best first, tried when the best finds nothing
  // more ("armored trian": "trial" is likelier alone, "train" in the phrase).
  std::vector<std::string> others;
};

// `fix` written the way the user wrote `surface`: all capitals, capitalised,
// or as folded (lower case).
std::string with_case_of(std::string_view surface, const std::string& fix) {
  int upper = 0, lower = 0;
  bool first_upper = false, seen = false;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(surface.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(surface.data()), i,
            static_cast<std::int32_t>(surface.size()), c);
    if (c < 0)
      continue;
    if (u_isupper(c)) {
      ++upper;
      if (!seen)
        first_upper = true;
    } else if (u_islower(c)) {
      ++lower;
    }
    if (u_isalpha(c))
      seen = true;
  }
  if (!first_upper)
    return fix;
  const bool all = lower == 0 && upper >= 2;
  std::string out;
  bool first = true;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(fix.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(fix.data()), i,
            static_cast<std::int32_t>(fix.size()), c);
    if (c < 0)
      continue;
    if (all || (first && u_isalpha(c)))
      c = u_toupper(c);
    if (u_isalpha(c))
      first = false;
    out += encode(static_cast<char32_t>(c));
  }
  return out;
}

// Splits a name key into its words.
std::vector<std::string_view> key_words(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t space = key.find(' ', start);
    if (space == std::string_view::npos)
      space = key.size();
    out.push_back(key.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

class Corrector {
 public:
  Corrector(const std::string& query, const SpellingContext& ctx) : query_(query), ctx_(ctx) {}

  // Fills the words of every run; false when nothing looks misspelled.
  bool read() {
    Result<std::vector<TextRun>> runs = text_runs(query_);
    if (!runs.ok())
      return false;
    const Xapian::doccount docs = ctx_.db->get_doccount();
    // Words in so few articles may be typos of the archive itself.
    rare_ = std::max<Xapian::doccount>(3, docs / 1000);
    bool any = false;
    std::vector<analysis::Token> tokens;
    for (const TextRun& run : *runs) {
      std::vector<Word> words;
      for (const auto& [start, end] : run.words) {
        tokens.clear();
        ctx_.analyzer->tokenize(std::string_view(query_).substr(start, end - start), &tokens);
        for (const analysis::Token& t : tokens) {
          Word w;
          w.start = start + t.start;
          w.end = start + t.end;
          w.term = t.term;
          w.kind = t.kind;
          w.frequency = ctx_.db->get_termfreq(w.term);
          words.push_back(std::move(w));
        }
      }
      mark_names(&words);
      for (Word& w : words) {
        w.suspicious = w.kind == analysis::TokenKind::kWord && !w.name &&
                       !ctx_.analyzer->is_stopword(w.term) && w.frequency < rare_;
        any = any || w.suspicious;
      }
      runs_.push_back(std::move(words));
    }
    return any;
  }

  // Corrects names, then words.
  void correct() {
    if (ctx_.names)
      names_ = ctx_.names();
    for (std::vector<Word>& words : runs_) {
      if (names_ != nullptr)
        correct_names(&words);
      for (Word& w : words) {
        if (w.suspicious && w.fix.empty())
          correct_word(&w);
      }
    }
  }

  // The query with the current corrections ("" if there are none).
  std::string render() const {
    std::string out;
    std::size_t at = 0;
    bool changed = false;
    for (const std::vector<Word>& words : runs_) {
      for (const Word& w : words) {
        if (w.fix.empty() || w.fix == w.term)
          continue;
        out.append(query_, at, w.start - at);
        out += with_case_of(std::string_view(query_).substr(w.start, w.end - w.start), w.fix);
        at = w.end;
        changed = true;
      }
    }
    if (!changed)
      return std::string();
    out.append(query_, at, std::string::npos);
    return out;
  }

  // The best corrections first, then each word's next best in turn (the
  // others keeping their best), until `finds` accepts one.
  std::string first_that(const std::function<bool(const std::string&)>& finds) {
    std::size_t tries = 0;
    std::string best = render();
    if (best.empty())
      return best;
    if (finds(best))
      return best;
    ++tries;
    for (std::vector<Word>& words : runs_) {
      for (Word& w : words) {
        const std::string chosen = w.fix;
        for (const std::string& other : w.others) {
          if (tries++ >= kMaxTries)
            return std::string();
          w.fix = other;
          const std::string text = render();
          if (!text.empty() && finds(text))
            return text;
        }
        w.fix = chosen;
      }
    }
    return std::string();
  }

 private:
  // Marks words that spell a name of an entity the archive mentions, written
  // so in the archive (longest first, as the entity matcher reads text): they
  // are names, not typos. "Rusia" is a name of Russia, but in an archive that
  // never writes it, likelier a typo of "Russia".
  void mark_names(std::vector<Word>* words) {
    if (ctx_.entities == nullptr)
      return;
    const analysis::Gazetteer& g = *ctx_.entities->gazetteer;
    for (std::size_t i = 0; i < words->size();) {
      std::size_t matched = 0;
      for (std::size_t n = std::min(kMaxNameWords, words->size() - i); n > 0 && !matched; --n) {
        std::vector<std::string> key;
        bool written = true;
        for (std::size_t k = i; k < i + n; ++k) {
          key.push_back((*words)[k].term);
          written = written && (*words)[k].frequency > 0;
        }
        if (!written)
          continue;
        const std::vector<analysis::AliasCandidate>* found = ctx_.entities->matcher->lookup(key);
        if (found == nullptr)
          continue;
        for (const analysis::AliasCandidate& c : *found) {
          if (ctx_.db->get_termfreq(schema::entity_term(g.entities()[c.entity].id)) > 0) {
            matched = n;
            break;
          }
        }
      }
      for (std::size_t k = i; k < i + matched; ++k)
        (*words)[k].name = true;
      i += std::max<std::size_t>(matched, 1);
    }
  }

  // A run of words that is a mentioned entity's name but for its suspicious
  // words becomes that name: the fewest edits, then the longest run, then
  // the most mentioned entity.
  void correct_names(std::vector<Word>* words) {
    const ArchiveNames& names = *names_;
    for (std::size_t p = 0; p < words->size(); ++p) {
      if (!(*words)[p].suspicious || !(*words)[p].fix.empty())
        continue;
      struct Best {
        std::size_t edits = std::numeric_limits<std::size_t>::max();
        std::size_t first = 0, length = 0;
        std::uint64_t count = 0;
        std::vector<std::string_view> fix;
      } best;
      const std::size_t lowest = p + 1 > kMaxNameWords ? p + 1 - kMaxNameWords : 0;
      for (std::size_t i = lowest; i <= p; ++i) {
        const Word& head = (*words)[i];
        if (head.kind != analysis::TokenKind::kWord)
          continue;
        const auto [lo, hi] = first_letter_range(head.term);
        const auto [from, to] = names.in_range(lo, hi);
        for (std::size_t e = from; e < to; ++e) {
          const NameEntry& entry = names.entries()[e];
          const std::vector<std::string_view> parts = key_words(entry.key);
          const std::size_t n = parts.size();
          // One word alone is the word step's, which weighs one-word names
          // against the archive's words.
          if (n < 2 || i + n <= p || i + n > words->size() || n > kMaxNameWords)
            continue;
          std::size_t edits = 0;
          bool fits = true;
          for (std::size_t k = 0; k < n && fits; ++k) {
            const Word& w = (*words)[i + k];
            if (w.term == parts[k])
              continue;
            if (!w.suspicious || !w.fix.empty()) {
              fits = false;
              break;
            }
            const std::u32string a = spelling_units(w.term);
            // Inside a longer name a short word may be off by one ("Um").
            const std::size_t allowed =
                std::max<std::size_t>(allowed_edits(a.size()), n > 1 && a.size() >= 2 ? 1 : 0);
            const std::size_t d = edit_distance(a, spelling_units(parts[k]), allowed);
            if (d > allowed)
              fits = false;
            edits += d;
          }
          if (!fits || edits == 0)
            continue;
          const std::uint64_t count = names.entities()[entry.entity].count;
          if (edits < best.edits || (edits == best.edits && n > best.length) ||
              (edits == best.edits && n == best.length && count > best.count)) {
            best.edits = edits;
            best.first = i;
            best.length = n;
            best.count = count;
            best.fix = parts;
          }
        }
      }
      if (best.length == 0)
        continue;
      for (std::size_t k = 0; k < best.length; ++k) {
        Word& w = (*words)[best.first + k];
        if (w.term != best.fix[k])
          w.fix = std::string(best.fix[k]);
      }
    }
  }

  // The likeliest word meant: the best log(frequency) - kEditCost x edits,
  // the word itself included when the archive has it.
  void correct_word(Word* w) {
    const std::u32string units = spelling_units(w->term);
    const std::size_t allowed = allowed_edits(units.size());
    if (allowed == 0)
      return;
    const double own = w->frequency > 0 ? std::log(static_cast<double>(w->frequency)) +
                                              std::log(kRealWordLikelihood)
                                        : -std::numeric_limits<double>::infinity();
    std::vector<std::pair<double, std::string>> better;
    const auto consider = [&](std::string_view term, double frequency, std::size_t distance,
                              double penalty) {
      const double score =
          std::log(frequency) - kEditCost * static_cast<double>(distance) - penalty;
      if (score <= own)
        return;
      for (auto& b : better) {
        if (b.second == term) {
          b.first = std::max(b.first, score);
          return;
        }
      }
      better.emplace_back(score, std::string(term));
    };
    for (const WordCandidate& c : similar_words(*ctx_.db, w->term, allowed, ctx_.words)) {
      consider(c.term, c.frequency, c.distance, 0);
    }
    // One-word names of the entities the archive mentions, weighed by their
    // articles: "Росия" is Russia in an archive that writes it "Russia".
    if (names_ != nullptr) {
      const auto [lo, hi] = first_letter_range(w->term);
      const auto [from, to] = names_->in_range(lo, hi);
      for (std::size_t e = from; e < to; ++e) {
        const NameEntry& entry = names_->entries()[e];
        if (entry.key.find(' ') != std::string_view::npos || entry.key == w->term)
          continue;
        const std::size_t d = edit_distance(units, spelling_units(entry.key), allowed);
        if (d <= allowed) {
          consider(entry.key, static_cast<double>(names_->entities()[entry.entity].count), d,
                   kUnwrittenName);
        }
      }
    }
    std::sort(better.begin(), better.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (better.size() > kOptionsPerWord)
      better.resize(kOptionsPerWord);
    for (std::size_t i = 0; i < better.size(); ++i) {
      (i == 0 ? w->fix : w->others.emplace_back()) = better[i].second;
    }
  }

  const std::string& query_;
  const SpellingContext& ctx_;
  Xapian::doccount rare_ = 3;
  std::vector<std::vector<Word>> runs_;
  std::shared_ptr<const ArchiveNames> names_;
};

}  // namespace

std::u32string spelling_units(std::string_view word) {
  std::u32string out;
  out.reserve(word.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
  const auto length = static_cast<std::int32_t>(word.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      out.push_back(0xFFFD);
      continue;
    }
    const auto cp = static_cast<char32_t>(c);
    if (cp >= kHangulFirst && cp <= kHangulLast) {
      const char32_t s = cp - kHangulFirst;
      out.push_back(0x1100 + s / kHangulPerInitial);         // initial consonant
      out.push_back(0x1161 + (s % kHangulPerInitial) / 28);  // vowel
      if (s % 28 != 0)
        out.push_back(0x11A7 + s % 28);  // final consonant
    } else {
      out.push_back(cp);
    }
  }
  return out;
}

std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t max) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max)
    return max + 1;
  if (n == 0 || m == 0)
    return std::max(n, m);
  // Three rows of the optimal string alignment table.
  std::vector<std::size_t> two(m + 1), one(m + 1), row(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    one[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = i;
    std::size_t lowest = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, two[j - 2] + 1);
      }
      row[j] = d;
      lowest = std::min(lowest, d);
    }
    if (lowest > max)
      return max + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return std::min(one[m], max + 1);
}

std::size_t allowed_edits(std::size_t units) {
  if (units < 3)
    return 0;
  return units <= 4 ? 1 : 2;
}

std::pair<std::string, std::string> first_letter_range(std::string_view word) {
  const char32_t c = first_code_point(word);
  if (c == 0)
    return {};
  if (c >= kHangulFirst && c <= kHangulLast) {
    const char32_t initial =
        kHangulFirst + (c - kHangulFirst) / kHangulPerInitial * kHangulPerInitial;
    return {encode(initial), encode(initial + kHangulPerInitial)};
  }
  return {encode(c), encode(c + 1)};
}

const std::vector<std::string_view>& WordsByLetter::words(const Xapian::Database& db,
                                                          const std::string& lo,
                                                          const std::string& hi) {
  const std::string uuid = db.get_uuid();
  const Xapian::rev revision = db.get_revision();
  if (uuid != uuid_ || revision != revision_) {
    letters_.clear();
    uuid_ = uuid;
    revision_ = revision;
  }
  const auto found = letters_.find(lo);
  if (found != letters_.end()) return found->second.words;
  Letter& letter = letters_[lo];
  std::vector<std::size_t> ends;
  try {
    Xapian::TermIterator it = db.allterms_begin();
    it.skip_to(lo);
    for (; it != db.allterms_end(); ++it) {
      const std::string term = *it;
      if (!hi.empty() && term >= hi) break;
      letter.bytes += term;
      ends.push_back(letter.bytes.size());
    }
  } catch (...) {  // no half-read letter is kept
    letters_.erase(lo);
    throw;
  }
  // The views point into the buffer once it has stopped growing.
  letter.words.reserve(ends.size());
  std::size_t start = 0;
  for (std::size_t end : ends) {
    letter.words.emplace_back(letter.bytes.data() + start, end - start);
    start = end;
  }
  return letter.words;
}

std::vector<WordCandidate> similar_words(const Xapian::Database& db, const std::string& word,
                                         std::size_t max_edits, WordsByLetter* cache) {
  std::vector<WordCandidate> out;
  const auto [lo, hi] = first_letter_range(word);
  if (lo.empty())
    return out;
  const std::u32string target = spelling_units(word);
  if (cache != nullptr) {
    for (std::string_view term : cache->words(db, lo, hi)) {
      if (term == word) continue;
      const std::size_t d = edit_distance(target, spelling_units(term), max_edits);
      if (d > max_edits) continue;
      std::string t(term);
      const Xapian::doccount frequency = db.get_termfreq(t);
      out.push_back(WordCandidate{std::move(t), d, frequency});
    }
    return out;
  }
  Xapian::TermIterator it = db.allterms_begin();
  it.skip_to(lo);
  for (; it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if (!hi.empty() && term >= hi)
      break;
    if (term == word)
      continue;
    const std::u32string units = spelling_units(term);
    const std::size_t d = edit_distance(target, units, max_edits);
    if (d > max_edits)
      continue;
    out.push_back(WordCandidate{term, d, it.get_termfreq()});
  }
  return out;
}

std::string did_you_mean(const std::string& query, std::uint64_t total, std::uint64_t few,
                         const SpellingContext& context) {
  if (context.db == nullptr || context.analyzer == nullptr || !context.count)
    return std::string();
  Corrector corrector(query, context);
  if (!corrector.read())
    return std::string();
  corrector.correct();
  const std::uint64_t wanted = total < few ? total + 1 : total * kMoreWhenEnough;
  return corrector.first_that(
      [&](const std::string& text) { return context.count(text, wanted) >= wanted; });
}

}  // namespace dossier::search
