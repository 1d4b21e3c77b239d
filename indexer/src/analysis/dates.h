// Date normalisation for metadata fields. Dates keep the precision they were
// given with: "2019" stays a year, never becomes 2019-01-01.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dossier::analysis {

/// A calendar date at year, month or day precision.
struct PartialDate {
  int year = 0;
  int month = 0;  ///< 1..12, or 0 when only the year is known.
  int day = 0;    ///< 1..31, or 0 when only year (and month) are known.

  /// "2019", "2019-04" or "2019-04-25".
  std::string iso() const;
  /// "YYYYMMDD" with "00" for unknown parts: sorts chronologically.
  std::string sortable() const;
};

/// Parses a metadata date: ISO 8601 ("2019", "2019-04", "2019-04-25",
/// "2019-04-25T10:00:00Z", "2019-04-25 10:00"), also with '/' or '.' between
/// parts. Returns nullopt for anything else or for an impossible date
/// ("2019-02-30"). Leading and trailing spaces are ignored.
std::optional<PartialDate> parse_iso_date(std::string_view text);

}  // namespace dossier::analysis
