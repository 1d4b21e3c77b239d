// Time: when an article was published and which dates it talks about.
//
// One pass over the token stream of the title and body finds date
// expressions: full dates ("September 12, 2023", "12 September 2023",
// "12 de septiembre de 2023", "12 сентября 2023 года", "2019-04-25"), month and
// day ("April 27"), month and year ("May 2019"), bare years ("2011"), ranges
// ("1950-1953", "2018–2019", "from 2011 to 2014", "2018-19"), and relative
// expressions ("yesterday", "last year", "eight years later", "the following
// month", "since 2011", "on Tuesday").
//
// Expressions without a year take it from the story's time line: the last
// date of month precision or better before them, else the publication date.
// Relative expressions are anchored the same way; "N years later" may anchor
// on a year of its own paragraph when the time line would put it after the
// publication date ("Eight years later ... the last summit took place in
// 2011" -> 2019). Anything that cannot be fixed stays unresolved, never
// guessed.
//
// Each body paragraph gets a narrative time: its latest date of month
// precision or better, or where the story moves ("eight years later"); else
// the time of the paragraph before it (a paragraph that continues a story
// keeps its time, for at most three paragraphs); else none.
//
// Without a publication date in the metadata, one is inferred from the text:
// a dateline ("SEOUL, Oct. 23 (Yonhap) --", with the year from a full date in
// the text), a weekday with a date ("This Tuesday, September 12": the first
// year not before any year the text mentions in which September 12 is a
// Tuesday), or a full date in the first lines. Otherwise it stays unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/dates.h"
#include "analysis/tokenizer.h"

namespace dossier::analysis {

struct TimeMention {
  std::uint8_t field = 1;   ///< 0 title, 1 body
  std::uint32_t first = 0;  ///< tokens [first, end) of the field
  std::uint32_t end = 0;
  std::uint32_t start_byte = 0;  ///< span in the field's text
  std::uint32_t end_byte = 0;
  PartialDate from;  ///< the date, or the start of a range
  PartialDate to;    ///< equal to `from` for a single date
  enum class Kind : std::uint8_t { kExplicit, kContextual, kRelative, kRange } kind = Kind::kExplicit;
  bool resolved = false;  ///< false: the expression was found but its date could not be fixed

  bool is_range() const { return kind == Kind::kRange; }
};

struct ParagraphTime {
  std::uint32_t paragraph = 0;  ///< body paragraph number
  PartialDate date;
  bool inherited = false;  ///< from the paragraph before (or the publication date)
};

struct TemporalAnalysis {
  /// Publication date at its precision, or nullopt when unknown.
  std::optional<PartialDate> published;
  /// "metadata", "dateline", "weekday" or "text"; "" when unknown.
  std::string published_source;
  std::vector<TimeMention> mentions;   ///< in text order, title first
  std::vector<ParagraphTime> paragraphs;  ///< body paragraphs that have a time
};

/// Stateless and thread-safe.
/// `metadata_published`: the date the input gave, if any (it wins).
TemporalAnalysis analyze_time(std::string_view title, const std::vector<Token>& title_tokens,
                              std::string_view body, const std::vector<Token>& body_tokens,
                              const std::optional<PartialDate>& metadata_published);

/// Parses a metadata date in any format feeds use: ISO 8601 (parse_iso_date),
/// RFC 2822 ("Tue, 12 Sep 2023 10:00:00 +0000"), "12 September 2023",
/// "Sept. 12, 2023", "September 2023", and Unix epoch seconds ("1694512800").
std::optional<PartialDate> parse_metadata_date(std::string_view text);

/// Day of the week of a full date, 0 = Monday .. 6 = Sunday.
int day_of_week(int year, int month, int day);

}  // namespace dossier::analysis
