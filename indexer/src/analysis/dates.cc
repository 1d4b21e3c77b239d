#include "analysis/dates.h"

#include <cstdio>

namespace dossier::analysis {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// Reads exactly `n` digits at `*pos`.
bool read_number(std::string_view s, std::size_t* pos, std::size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  // A longer digit run is not this field (e.g. a 5-digit "year").
  if (*pos + n < s.size() && is_digit(s[*pos + n])) return false;
  *pos += n;
  *out = v;
  return true;
}

}  // namespace

std::string PartialDate::iso() const {
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::string PartialDate::sortable() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

std::optional<PartialDate> parse_iso_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  PartialDate date;
  std::size_t pos = 0;
  if (!read_number(text, &pos, 4, &date.year) || date.year < 1) return std::nullopt;
  auto at_end_or_time = [&](std::size_t p) {
    return p == text.size() || text[p] == 'T' || text[p] == ' ' || text[p] == 't';
  };
  if (pos == text.size()) return date;
  const char sep = text[pos];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++pos;
  if (!read_number(text, &pos, 2, &date.month) || date.month < 1 || date.month > 12) {
    return std::nullopt;
  }
  if (pos == text.size()) return date;
  if (text[pos] != sep) return std::nullopt;
  ++pos;
  if (!read_number(text, &pos, 2, &date.day) || date.day < 1 ||
      date.day > days_in_month(date.year, date.month)) {
    return std::nullopt;
  }
  if (!at_end_or_time(pos)) return std::nullopt;
  return date;
}

}  // namespace dossier::analysis
