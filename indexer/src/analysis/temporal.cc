#include "analysis/temporal.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <unordered_map>

#include "analysis/fold.h"
#include "analysis/schema.h"

namespace dossier::analysis {
namespace {

// ------------------------------------------------------------ calendars

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 (proleptic Gregorian), and back.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

PartialDate civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  PartialDate p;
  p.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  p.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  p.year = static_cast<int>(yoe + era * 400 + (p.month <= 2));
  return p;
}

bool valid(int y, int m, int d) {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// Comparable key: unknown month/day sort first within their year/month.
long order_key(const PartialDate& p) { return p.year * 10000L + p.month * 100L + p.day; }

PartialDate ymd(int y, int m = 0, int d = 0) {
  PartialDate p;
  p.year = y;
  p.month = m;
  p.day = d;
  return p;
}

// ------------------------------------------------------------- lexicon

const std::unordered_map<std::string, int>& months() {
  static const std::unordered_map<std::string, int> m = {
      // English, with the abbreviations news uses
      {"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3}, {"mar", 3},
      {"april", 4}, {"apr", 4}, {"may", 5}, {"june", 6}, {"jun", 6}, {"july", 7}, {"jul", 7},
      {"august", 8}, {"aug", 8}, {"september", 9}, {"sept", 9}, {"sep", 9}, {"october", 10},
      {"oct", 10}, {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},
      // Spanish
      {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
      {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
      {"noviembre", 11}, {"diciembre", 12},
      // French (folded: février -> fevrier, août -> aout)
      {"janvier", 1}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
      {"juillet", 7}, {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
      {"decembre", 12},
      // Russian: nominative, genitive, prepositional
      {"январь", 1}, {"января", 1}, {"январе", 1}, {"февраль", 2}, {"февраля", 2},
      {"феврале", 2}, {"март", 3}, {"марта", 3}, {"марте", 3}, {"апрель", 4}, {"апреля", 4},
      {"апреле", 4}, {"май", 5}, {"мая", 5}, {"мае", 5}, {"июнь", 6}, {"июня", 6}, {"июне", 6},
      {"июль", 7}, {"июля", 7}, {"июле", 7}, {"август", 8}, {"августа", 8}, {"августе", 8},
      {"сентябрь", 9}, {"сентября", 9}, {"сентябре", 9}, {"октябрь", 10}, {"октября", 10},
      {"октябре", 10}, {"ноябрь", 11}, {"ноября", 11}, {"ноябре", 11}, {"декабрь", 12},
      {"декабря", 12}, {"декабре", 12},
  };
  return m;
}

const std::unordered_map<std::string, int>& weekdays() {
  static const std::unordered_map<std::string, int> m = {
      {"monday", 0}, {"tuesday", 1}, {"wednesday", 2}, {"thursday", 3}, {"friday", 4},
      {"saturday", 5}, {"sunday", 6}, {"lunes", 0}, {"martes", 1}, {"miercoles", 2},
      {"jueves", 3}, {"viernes", 4}, {"sabado", 5}, {"domingo", 6}, {"lundi", 0}, {"mardi", 1},
      {"mercredi", 2}, {"jeudi", 3}, {"vendredi", 4}, {"samedi", 5}, {"dimanche", 6}};
  return m;
}

const std::unordered_map<std::string, int>& number_words() {
  static const std::unordered_map<std::string, int> m = {
      {"a", 1}, {"an", 1}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
      {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11},
      {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
      {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
      {"forty", 40}, {"fifty", 50}, {"several", -1}};
  return m;
}

// --------------------------------------------------------------- lexemes

struct Lex {
  enum class T : std::uint8_t { kNum, kMonth, kWeekday, kWord } t = T::kWord;
  int value = 0;   // number, month 1..12, weekday 0..6
  int digits = 0;  // for numbers: digits as written
  const Token* tok = nullptr;
};

std::vector<Lex> lex(const std::vector<Token>& tokens, std::string_view text) {
  std::vector<Lex> out(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    Lex& l = out[i];
    l.tok = &t;
    std::string_view term = t.term;
    // "12th", "1st", "23rd": ordinal days.
    std::size_t digits = 0;
    while (digits < term.size() && term[digits] >= '0' && term[digits] <= '9') ++digits;
    const bool ordinal = digits > 0 && digits <= 2 && term.size() == digits + 2 &&
                         (term.substr(digits) == "st" || term.substr(digits) == "nd" ||
                          term.substr(digits) == "rd" || term.substr(digits) == "th");
    const std::string_view raw = text.substr(t.start, t.end - t.start);
    if ((digits == term.size() && digits > 0 && digits <= 4 && raw.size() == digits) || ordinal) {
      l.t = Lex::T::kNum;
      l.digits = static_cast<int>(digits);
      l.value = std::atoi(std::string(term.substr(0, digits)).c_str());
      continue;
    }
    const std::string key(term);
    if (auto m = months().find(key); m != months().end()) {
      l.t = Lex::T::kMonth;
      l.value = m->second;
    } else if (auto w = weekdays().find(key); w != weekdays().end()) {
      l.t = Lex::T::kWeekday;
      l.value = w->second;
    }
  }
  return out;
}

bool is_year(const Lex& l) {
  return l.t == Lex::T::kNum && l.digits == 4 && l.value >= schema::kMinMentionedYear &&
         l.value <= schema::kMaxMentionedYear;
}
bool is_day(const Lex& l) { return l.t == Lex::T::kNum && l.digits <= 2 && l.value >= 1 && l.value <= 31; }

// A raw finding before resolution.
struct Raw {
  std::uint32_t first = 0, end = 0;
  enum class P : std::uint8_t {
    kFull,        // y m d
    kMonthYear,   // y m
    kYear,        // y
    kRange,       // years y .. y2
    kMonthDay,    // m d, year from context
    kRelative,    // amount/unit/direction
    kSince,       // since y: y .. reference
  } p = P::kYear;
  int y = 0, m = 0, d = 0, y2 = 0;
  int weekday = -1;          // when written beside the date ("Tuesday, September 12")
  int amount = 0;            // relative: how many units
  char unit = 'y';           // 'y' year, 'm' month, 'w' week, 'd' day
  enum class Dir : std::uint8_t { kAgo, kLater, kEarlier, kLast, kThis, kNext, kFollowing, kPrevious } dir =
      Dir::kLater;
  bool anchored_on_publication = false;  // "ago", "last year", "yesterday", "on Tuesday"
  bool this_prefix = false;              // "This Tuesday, September 12"
};

class Scanner {
 public:
  Scanner(const std::vector<Token>& tokens, std::string_view text)
      : tokens_(tokens), text_(text), lx_(lex(tokens, text)) {}

  std::vector<Raw> run() {
    std::vector<Raw> out;
    const std::size_t n = lx_.size();
    for (std::size_t i = 0; i < n;) {
      Raw r;
      if (match_at(i, &r)) {
        out.push_back(r);
        i = r.end;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  // Text between tokens i and i+1 (exclusive), empty at the end.
  std::string_view gap(std::size_t i) const {
    if (i + 1 >= tokens_.size()) return {};
    return text_.substr(tokens_[i].end, tokens_[i + 1].start - tokens_[i].end);
  }
  bool same_para(std::size_t i, std::size_t j) const {
    return j < tokens_.size() && tokens_[i].paragraph == tokens_[j].paragraph;
  }
  // Separators allowed inside a date: spaces, commas, a period after an
  // abbreviated month ("Sept. 12"), "of"/"de" handled by the caller.
  bool soft_gap(std::size_t i) const {
    const std::string_view g = gap(i);
    if (g.empty() || g.size() > 3) return false;
    for (char c : g) {
      if (c != ' ' && c != ',' && c != '.') return false;
    }
    return true;
  }
  bool dash_gap(std::size_t i) const {
    const std::string_view g = gap(i);
    return g == "-" || g == "\xE2\x80\x93" || g == "\xE2\x80\x94" || g == " - " ||
           g == " \xE2\x80\x93 " || g == "/";
  }
  bool word(std::size_t i, std::string_view w) const {
    return i < lx_.size() && tokens_[i].term == w;
  }
  const Lex* at(std::size_t i) const { return i < lx_.size() ? &lx_[i] : nullptr; }

  // Skips "of" / "de" (and Russian "года") between parts of a date.
  std::size_t skip_connector(std::size_t i) const {
    if (word(i, "of") || word(i, "de") || word(i, "del")) return i + 1;
    return i;
  }

  bool match_at(std::size_t i, Raw* r) {
    const Lex& a = lx_[i];
    r->first = static_cast<std::uint32_t>(i);
    // ISO 2019-04-25 (and 2019/04/25).
    if (is_year(a) && i + 2 < lx_.size() && dash_gap(i) && dash_gap(i + 1) &&
        lx_[i + 1].t == Lex::T::kNum && lx_[i + 2].t == Lex::T::kNum && lx_[i + 1].digits == 2 &&
        valid(a.value, lx_[i + 1].value, lx_[i + 2].value)) {
      r->p = Raw::P::kFull;
      r->y = a.value;
      r->m = lx_[i + 1].value;
      r->d = lx_[i + 2].value;
      r->end = static_cast<std::uint32_t>(i + 3);
      return true;
    }
    // [Weekday,] Month Day[,] [Year]
    std::size_t k = i;
    int weekday = -1;
    bool this_prefix = false;
    if (a.t == Lex::T::kWeekday && soft_gap(i) && at(i + 1) && lx_[i + 1].t == Lex::T::kMonth &&
        same_para(i, i + 1)) {
      weekday = a.value;
      this_prefix = i > 0 && (word(i - 1, "this") || word(i - 1, "ce") || word(i - 1, "este"));
      k = i + 1;
    }
    if (lx_[k].t == Lex::T::kMonth) {
      const Lex& m = lx_[k];
      if (at(k + 1) && is_day(lx_[k + 1]) && soft_gap(k) && same_para(k, k + 1)) {
        const int d = lx_[k + 1].value;
        if (at(k + 2) && is_year(lx_[k + 2]) && soft_gap(k + 1) && same_para(k, k + 2) &&
            valid(lx_[k + 2].value, m.value, d)) {
          r->p = Raw::P::kFull;
          r->y = lx_[k + 2].value;
          r->m = m.value;
          r->d = d;
          r->weekday = weekday;
          r->end = static_cast<std::uint32_t>(k + 3);
          return true;
        }
        if (d <= 31) {
          r->p = Raw::P::kMonthDay;
          r->m = m.value;
          r->d = d;
          r->weekday = weekday;
          r->this_prefix = this_prefix;
          r->end = static_cast<std::uint32_t>(k + 2);
          return true;
        }
      }
      // Month Year: "May 2019", "mayo de 2019"
      const std::size_t y = skip_connector(k + 1);
      if (at(y) && is_year(lx_[y]) && same_para(k, y) && (y > k + 1 || soft_gap(k))) {
        r->p = Raw::P::kMonthYear;
        r->y = lx_[y].value;
        r->m = m.value;
        r->end = static_cast<std::uint32_t>(y + 1);
        return true;
      }
    }
    // Day [of|de] Month [de|,] [Year]: "12 September 2023", "12 de septiembre de 2023"
    if (is_day(a)) {
      const std::size_t mi = skip_connector(i + 1);
      if (at(mi) && lx_[mi].t == Lex::T::kMonth && same_para(i, mi) && (mi > i + 1 || soft_gap(i))) {
        const int m = lx_[mi].value;
        const std::size_t yi = skip_connector(mi + 1);
        if (at(yi) && is_year(lx_[yi]) && same_para(i, yi) && (yi > mi + 1 || soft_gap(mi)) &&
            valid(lx_[yi].value, m, a.value)) {
          r->p = Raw::P::kFull;
          r->y = lx_[yi].value;
          r->m = m;
          r->d = a.value;
          std::size_t end = yi + 1;
          if (word(end, "года") || word(end, "г")) ++end;  // "2023 года"
          r->end = static_cast<std::uint32_t>(end);
          return true;
        }
        r->p = Raw::P::kMonthDay;
        r->m = m;
        r->d = a.value;
        r->end = static_cast<std::uint32_t>(mi + 1);
        return true;
      }
    }
    // Year ranges.
    if (word(i, "from") || word(i, "between") || word(i, "desde") || word(i, "entre") ||
        word(i, "de")) {
      if (at(i + 1) && is_year(lx_[i + 1]) && at(i + 3) && is_year(lx_[i + 3]) &&
          (word(i + 2, "to") || word(i + 2, "and") || word(i + 2, "until") || word(i + 2, "hasta") ||
           word(i + 2, "a") || word(i + 2, "y")) &&
          lx_[i + 3].value >= lx_[i + 1].value && same_para(i, i + 3)) {
        r->p = Raw::P::kRange;
        r->y = lx_[i + 1].value;
        r->y2 = lx_[i + 3].value;
        r->end = static_cast<std::uint32_t>(i + 4);
        return true;
      }
    }
    if (is_year(a)) {
      if (at(i + 1) && dash_gap(i) && same_para(i, i + 1) && lx_[i + 1].t == Lex::T::kNum) {
        const Lex& b = lx_[i + 1];
        int y2 = 0;
        if (b.digits == 4 && is_year(b)) y2 = b.value;
        if (b.digits == 2) y2 = a.value / 100 * 100 + b.value;  // "2018-19"
        if (y2 > a.value && y2 - a.value <= 100) {
          r->p = Raw::P::kRange;
          r->y = a.value;
          r->y2 = y2;
          r->end = static_cast<std::uint32_t>(i + 2);
          return true;
        }
      }
      r->p = Raw::P::kYear;
      r->y = a.value;
      r->end = static_cast<std::uint32_t>(i + 1);
      return true;
    }
    return match_relative(i, r);
  }

  static bool unit_of(std::string_view w, char* unit) {
    if (w == "year" || w == "years") *unit = 'y';
    else if (w == "month" || w == "months") *unit = 'm';
    else if (w == "week" || w == "weeks") *unit = 'w';
    else if (w == "day" || w == "days") *unit = 'd';
    else return false;
    return true;
  }

  bool match_relative(std::size_t i, Raw* r) {
    const std::string& t = tokens_[i].term;
    r->p = Raw::P::kRelative;
    if (t == "yesterday" || t == "today" || t == "tomorrow" || t == "вчера" || t == "сегодня" ||
        t == "hier" || t == "ayer" || t == "hoy") {
      r->unit = 'd';
      r->amount = (t == "yesterday" || t == "вчера" || t == "hier" || t == "ayer") ? -1
                  : t == "tomorrow" ? 1 : 0;
      r->dir = Raw::Dir::kThis;
      r->anchored_on_publication = true;
      r->end = static_cast<std::uint32_t>(i + 1);
      return true;
    }
    // "since 2011"
    if ((t == "since" || t == "desde") && at(i + 1) && is_year(lx_[i + 1])) {
      r->p = Raw::P::kSince;
      r->y = lx_[i + 1].value;
      r->end = static_cast<std::uint32_t>(i + 2);
      return true;
    }
    // "last year", "this month", "next week"; "the following year", "the previous month"
    char unit;
    if ((t == "last" || t == "this" || t == "next" || t == "past") && at(i + 1) &&
        unit_of(tokens_[i + 1].term, &unit) && tokens_[i + 1].term.back() != 's') {
      r->unit = unit;
      r->amount = t == "last" || t == "past" ? -1 : t == "next" ? 1 : 0;
      r->dir = Raw::Dir::kThis;
      r->anchored_on_publication = true;
      r->end = static_cast<std::uint32_t>(i + 2);
      return true;
    }
    if ((t == "following" || t == "previous") && at(i + 1) && unit_of(tokens_[i + 1].term, &unit) &&
        tokens_[i + 1].term.back() != 's') {
      r->unit = unit;
      r->amount = t == "following" ? 1 : -1;
      r->dir = Raw::Dir::kFollowing;
      r->end = static_cast<std::uint32_t>(i + 2);
      return true;
    }
    // "eight years later", "three months ago", "two years earlier"
    int amount = 0;
    if (lx_[i].t == Lex::T::kNum && lx_[i].digits <= 2) {
      amount = lx_[i].value;
    } else if (auto w = number_words().find(t); w != number_words().end() && w->second > 0) {
      amount = w->second;
    }
    if (amount > 0 && at(i + 2) && unit_of(tokens_[i + 1].term, &unit)) {
      const std::string& d = tokens_[i + 2].term;
      Raw::Dir dir;
      if (d == "later" || d == "after") dir = Raw::Dir::kLater;
      else if (d == "earlier" || d == "before") dir = Raw::Dir::kEarlier;
      else if (d == "ago") dir = Raw::Dir::kAgo;
      else return false;
      r->unit = unit;
      r->amount = amount;
      r->dir = dir;
      r->anchored_on_publication = dir == Raw::Dir::kAgo;
      r->end = static_cast<std::uint32_t>(i + 3);
      return true;
    }
    // "on Tuesday", "last Friday": a day of the publication week.
    if (lx_[i].t == Lex::T::kWeekday && i > 0 &&
        (word(i - 1, "on") || word(i - 1, "last") || word(i - 1, "this") || word(i - 1, "el"))) {
      r->unit = 'd';
      r->weekday = lx_[i].value;
      r->dir = Raw::Dir::kLast;
      r->anchored_on_publication = true;
      r->end = static_cast<std::uint32_t>(i + 1);
      return true;
    }
    return false;
  }

  const std::vector<Token>& tokens_;
  std::string_view text_;
  std::vector<Lex> lx_;
};

PartialDate shift(const PartialDate& ref, char unit, int amount) {
  if (unit == 'y') return ymd(ref.year + amount, 0, 0);
  if (unit == 'm') {
    if (ref.month == 0) return ymd(ref.year + amount / 12);
    int total = ref.year * 12 + (ref.month - 1) + amount;
    return ymd(total / 12, total % 12 + 1);
  }
  if (ref.day == 0) return PartialDate{};  // a day shift needs a day
  const long days = days_from_civil(ref.year, ref.month, ref.day) + (unit == 'w' ? 7 : 1) * amount;
  return civil_from_days(days);
}

// The year in which (m, d) falls on `weekday`, the first not before `floor`
// (within 15 years), or 0.
int year_for_weekday(int m, int d, int weekday, int floor) {
  for (int y = floor; y < floor + 15; ++y) {
    if (valid(y, m, d) && day_of_week(y, m, d) == weekday) return y;
  }
  return 0;
}

// Reduces a date to the precision a relative unit gives: "last year" is a year.
PartialDate at_unit(PartialDate p, char unit) {
  if (unit == 'y') {
    p.month = 0;
    p.day = 0;
  } else if (unit == 'm') {
    p.day = 0;
  }
  return p;
}

// A story rarely stays on one date for long without writing another; past
// this many paragraphs, a paragraph without a date has no time.
constexpr int kMaxInheritedParagraphs = 3;

struct Field {
  std::string_view text;
  const std::vector<Token>* tokens;
  std::uint8_t index;
  std::vector<Raw> raw;
};

}  // namespace

int day_of_week(int year, int month, int day) {
  const long days = days_from_civil(year, month, day);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::optional<PartialDate> parse_metadata_date(std::string_view text) {
  if (auto iso = parse_iso_date(text)) return iso;
  // Epoch seconds.
  std::string_view t = text;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (t.size() >= 9 && t.size() <= 11 &&
      std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const long seconds = std::atol(std::string(t).c_str());
    return civil_from_days(seconds / 86400);
  }
  // Words: "Tue, 12 Sep 2023 10:00:00 +0000", "12 September 2023", "Sept. 12, 2023".
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.tokenize(t, &tokens);
  Scanner scanner(tokens, t);
  for (const Raw& r : scanner.run()) {
    if (r.p == Raw::P::kFull) return ymd(r.y, r.m, r.d);
    if (r.p == Raw::P::kMonthYear) return ymd(r.y, r.m);
  }
  return std::nullopt;
}

TemporalAnalysis analyze_time(std::string_view title, const std::vector<Token>& title_tokens,
                              std::string_view body, const std::vector<Token>& body_tokens,
                              const std::optional<PartialDate>& metadata_published) {
  TemporalAnalysis out;
  Field fields[2] = {{title, &title_tokens, 0, {}}, {body, &body_tokens, 1, {}}};
  int max_year = 0;  // the latest year the text writes
  const Raw* full_date_near_top = nullptr;
  const Raw* weekday_date = nullptr;
  for (Field& f : fields) {
    f.raw = Scanner(*f.tokens, f.text).run();
    for (const Raw& r : f.raw) {
      if (r.p == Raw::P::kFull || r.p == Raw::P::kMonthYear || r.p == Raw::P::kYear) {
        max_year = std::max(max_year, r.y);
      }
      if (r.p == Raw::P::kRange) max_year = std::max(max_year, r.y2);
      // A full date heading the text as a dateline ("March 3, 2021 -- ...",
      // "PARIS, March 3, 2021:") or a byline ("Published 3 March 2021"); a
      // date merely early in the text ("On April 15, 1912, he was born") is
      // an event, not the publication.
      if (r.p == Raw::P::kFull && full_date_near_top == nullptr && r.first < 6) {
        const std::string_view after = f.text.substr((*f.tokens)[r.end - 1].end, 6);
        const bool dateline = after.rfind(" --", 0) == 0 || after.rfind(" \xE2\x80\x94", 0) == 0 ||
                              after.rfind(" -", 0) == 0 || after.rfind(":", 0) == 0 ||
                              after.rfind("\n", 0) == 0 || after.empty();
        const std::string& lead = (*f.tokens)[0].term;
        const bool byline = r.first > 0 && r.first <= 2 &&
                            (lead == "published" || lead == "updated" || lead == "posted");
        if (dateline || byline) full_date_near_top = &r;
      }
      if (r.p == Raw::P::kMonthDay && r.weekday >= 0 && weekday_date == nullptr &&
          (*f.tokens)[r.first].paragraph == 0) {
        weekday_date = &r;
      }
    }
  }

  // Publication date: metadata, else the text.
  if (metadata_published) {
    out.published = metadata_published;
    out.published_source = "metadata";
  } else if (weekday_date != nullptr && max_year > 0) {
    if (int y = year_for_weekday(weekday_date->m, weekday_date->d, weekday_date->weekday, max_year)) {
      out.published = ymd(y, weekday_date->m, weekday_date->d);
      out.published_source = "weekday";
    }
  }
  if (!out.published && !body_tokens.empty()) {
    // A dateline: capitals, a comma, then month and day ("SEOUL, Oct. 23 (Yonhap) --").
    const Raw* first = fields[1].raw.empty() ? nullptr : &fields[1].raw.front();
    if (first != nullptr && first->p == Raw::P::kMonthDay && first->first >= 1 && first->first <= 3) {
      const std::string_view lead = body.substr(0, body_tokens[first->first].start);
      bool caps = lead.find(',') != std::string_view::npos;
      for (char c : lead) {
        if (c >= 'a' && c <= 'z') caps = false;
      }
      // The year: of a full date the text gives, else unknown.
      int year = 0;
      for (const Field& f : fields) {
        for (const Raw& r : f.raw) {
          if (r.p == Raw::P::kFull) year = std::max(year, r.y);
        }
      }
      if (caps && year > 0 && valid(year, first->m, first->d)) {
        out.published = ymd(year, first->m, first->d);
        out.published_source = "dateline";
      }
    }
  }
  if (!out.published && full_date_near_top != nullptr) {
    out.published = ymd(full_date_near_top->y, full_date_near_top->m, full_date_near_top->d);
    out.published_source = "text";
  }
  const std::optional<PartialDate> pub = out.published;

  // Resolution, in text order, along the story's time line.
  for (Field& f : fields) {
    PartialDate reference;  // last date of month precision or better
    bool have_reference = false;
    if (pub && pub->month > 0) {
      reference = *pub;
      have_reference = true;
    }
    // The narrative time of the previous paragraph. It starts unknown, not at
    // the publication date: a paragraph is "about" a time only when the text
    // says so (the publication date is matched on its own).
    PartialDate carried;
    bool have_carried = false;
    std::uint32_t paragraph = 0;
    bool paragraph_dated = false;
    PartialDate paragraph_latest;
    int inherited_run = 0;  // paragraphs in a row that inherited `carried`
    auto close_paragraph = [&](std::uint32_t p) {
      if (f.index != 1) return;
      if (paragraph_dated) {
        out.paragraphs.push_back(ParagraphTime{p, paragraph_latest, false});
        carried = paragraph_latest;
        have_carried = true;
        inherited_run = 0;
      } else if (have_carried && inherited_run < kMaxInheritedParagraphs) {
        out.paragraphs.push_back(ParagraphTime{p, carried, true});
        ++inherited_run;
      }
    };
    const std::uint32_t last_paragraph = f.tokens->empty() ? 0 : f.tokens->back().paragraph;
    for (std::size_t ri = 0; ri <= f.raw.size(); ++ri) {
      // Close every paragraph that ends before this mention.
      const std::uint32_t mention_paragraph =
          ri < f.raw.size() ? (*f.tokens)[f.raw[ri].first].paragraph : last_paragraph + 1;
      while (paragraph < mention_paragraph) {
        close_paragraph(paragraph);
        ++paragraph;
        paragraph_dated = false;
      }
      if (ri == f.raw.size()) break;
      const Raw& r = f.raw[ri];
      TimeMention m;
      m.field = f.index;
      m.first = r.first;
      m.end = r.end;
      m.start_byte = (*f.tokens)[r.first].start;
      m.end_byte = (*f.tokens)[r.end - 1].end;
      m.resolved = true;
      switch (r.p) {
        case Raw::P::kFull:
          m.from = m.to = ymd(r.y, r.m, r.d);
          break;
        case Raw::P::kMonthYear:
          m.from = m.to = ymd(r.y, r.m);
          break;
        case Raw::P::kYear:
          m.from = m.to = ymd(r.y);
          break;
        case Raw::P::kRange:
          m.kind = TimeMention::Kind::kRange;
          m.from = ymd(r.y);
          m.to = ymd(r.y2);
          break;
        case Raw::P::kMonthDay:
          m.kind = TimeMention::Kind::kContextual;
          if (r.weekday >= 0 && pub && out.published_source == "weekday" &&
              pub->month == r.m && pub->day == r.d) {
            m.from = m.to = *pub;
          } else if (have_reference || have_carried) {
            // The year of the story's latest time so far: the last date
            // written or the time the previous paragraph was about.
            int year = have_reference ? reference.year : 0;
            if (have_carried && (!have_reference || order_key(carried) > order_key(reference))) {
              year = carried.year;
            }
            if (valid(year, r.m, r.d)) {
              m.from = m.to = ymd(year, r.m, r.d);
            } else {
              m.resolved = false;
            }
          } else {
            m.resolved = false;
          }
          break;
        case Raw::P::kSince:
          m.kind = TimeMention::Kind::kRange;
          m.from = ymd(r.y);
          m.to = pub ? ymd(pub->year) : ymd(r.y);
          break;
        case Raw::P::kRelative: {
          m.kind = TimeMention::Kind::kRelative;
          if (r.weekday >= 0) {
            // The most recent such weekday up to the publication day.
            if (pub && pub->day > 0) {
              const long days = days_from_civil(pub->year, pub->month, pub->day);
              const int back = (day_of_week(pub->year, pub->month, pub->day) - r.weekday + 7) % 7;
              m.from = m.to = civil_from_days(days - back);
            } else {
              m.resolved = false;
            }
          } else if (r.anchored_on_publication) {
            if (!pub || (r.unit == 'd' && pub->day == 0) || (r.unit == 'm' && pub->month == 0) ||
                (r.unit == 'w' && pub->day == 0)) {
              m.resolved = false;
            } else {
              const int amount = r.dir == Raw::Dir::kAgo ? -r.amount : r.amount;
              m.from = m.to = at_unit(shift(*pub, r.unit, amount), r.unit);
            }
          } else {
            // Along the story: the following/previous unit, N units later/earlier.
            const int amount = r.dir == Raw::Dir::kEarlier ? -r.amount : r.amount;
            std::vector<PartialDate> anchors;
            if (have_carried) anchors.push_back(carried);
            if (have_reference) anchors.push_back(reference);
            if (r.unit == 'y' && r.dir != Raw::Dir::kFollowing) {
              // Years written in the same paragraph may be the anchor ("Eight
              // years later ... the last summit took place in 2011").
              for (const Raw& o : f.raw) {
                if ((*f.tokens)[o.first].paragraph != (*f.tokens)[r.first].paragraph) continue;
                if (o.p == Raw::P::kYear || o.p == Raw::P::kFull || o.p == Raw::P::kMonthYear) {
                  anchors.push_back(ymd(o.y));
                }
              }
            }
            bool found = false;
            PartialDate best;
            for (const PartialDate& anchor : anchors) {
              if (anchor.year == 0) continue;
              const PartialDate candidate = at_unit(shift(anchor, r.unit, amount), r.unit);
              if (candidate.year == 0) continue;
              if (pub && order_key(ymd(candidate.year)) > order_key(ymd(pub->year))) continue;
              // Prefer the candidate closest after the story's current time.
              if (!found || (have_carried && std::abs(candidate.year - carried.year) <
                                                 std::abs(best.year - carried.year))) {
                best = candidate;
                found = true;
              }
            }
            if (found) {
              m.from = m.to = best;
            } else {
              m.resolved = false;
            }
          }
          break;
        }
      }
      if (m.resolved && m.kind != TimeMention::Kind::kRange) {
        if (m.from.month > 0) {
          reference = m.from;
          have_reference = true;
        }
        // What a paragraph is about in time: its dates of month precision or
        // better, or where the story moves ("eight years later"). A bare year
        // in passing ("summits in 2018 and 2019") is a mention, not the time.
        const bool narrative = m.from.month > 0 || m.kind == TimeMention::Kind::kRelative;
        if (f.index == 1 && narrative &&
            (!paragraph_dated || order_key(m.from) > order_key(paragraph_latest))) {
          paragraph_latest = m.from;
          paragraph_dated = true;
        }
      }
      out.mentions.push_back(m);
    }
  }
  return out;
}

}  // namespace dossier::analysis
