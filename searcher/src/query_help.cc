#include "dossier/query_help.h"

#include "query_parser.h"

namespace dossier {

const std::vector<QueryHelpSection>& query_help() {
  static const std::vector<QueryHelpSection> help = {
      {"Parts and words",
       {
           {{"Kim + Russia + 2019", "Kim+Russia+2019"},
            "every part separated by `+` is required (spaces around `+` optional)"},
           {{"Kim Jong-un + Russia"},
            "a multi-word part: all its words are required; articles where they stand together "
            "rank higher"},
           {{"\"armored train\"", "“armored train”", "«armored train»"},
            "a phrase (typographic quotes work too)"},
           {{"2019"},
            "a bare year (1800–2199) is a date constraint, not a word: published that year, or "
            "the year is written in the text"},
       }},
      {"Operators",
       {
           {{"nuclear OR missile", "nuclear XOR missile"},
            "Xapian's operators (upper case); `AND` binds tighter than `OR`"},
           {{"Kim NOT Trump", "Kim -Trump", "-Trump"},
            "exclude; a query of exclusions alone matches everything else"},
           {{"+Putin summit"}, "`+` glued to a word requires it (Xapian syntax)"},
           {{"(Kim OR Putin) + summit"}, "grouping"},
           {{"denuclear*"},
            "words starting with a prefix (at least 2 characters; the 200 most frequent "
            "expansions)"},
       }},
      {"Fields",
       {
           {{"title:summit", "title:\"Kim Jong Il\""}, "words or phrases in the title"},
           {{"source:KCNA", "source:\"Le Figaro\"", "lang:en", "id:kcna-000001"},
            "filters on stored fields"},
           {{"person:\"Kim Jong Un\"", "country:DPRK", "place:Vladivostok", "org:NATO",
             "country:Россия", "person:김정은", "country:KP", "person:x-jo-tae-yong"},
            "an entity by any of its names, in any language, or by id (`x-` ids are people "
            "found in the archive, not in the gazetteer)"},
       }},
      {"Dates",
       {
           {{"year:2019", "year:2018..2019"}, "published in those years"},
           {{"published:2023-09", "published:2018..2019", "published:2019-05-01.."},
            "publication date at any precision, or a range (open ends allowed)"},
           {{"mentions:2019", "mentions:2019-05"},
            "the text talks about that time (a date written or implied there, or a paragraph's "
            "narrative time)"},
           {{"date:2018-03-01..2018-06-30"}, "published or talked about in the range"},
       }},
  };
  return help;
}

const std::vector<std::string>& query_help_notes() {
  static const std::vector<std::string> notes = {
      "A plain part that names an entity (`Kim`, `Russia`, `Russian`, `Moscow`, `DPRK`, "
      "`Kim Jong-un`, `러시아는`) matches articles about that entity however they name it, as "
      "well as the words themselves. An ambiguous name (`Kim`) expands to every entity it may "
      "mean, each weighted by how many articles of the archive mention it. An entity's full "
      "name inside a longer part (`DPRK nuclear test`) or quoted alone (`\"North Korea\"`) "
      "also matches the entity; demonyms and short names inside longer text stay words "
      "(`Korean War`).",
      "Words are matched after Unicode normalisation, case folding and accent folding "
      "(`Sebastien` finds `Sébastien`, `ПУТИН` finds `Путин`), and by their stem in each "
      "language of the archive (`visits` finds `visited`). Common English function words "
      "(`the`, `in`, ...) are not required outside phrases, and inside one they hold a place "
      "without being checked: the index keeps no positions for them, so `\"minister of "
      "agriculture\"` finds \"minister of agriculture\" and \"minister for agriculture\" (the "
      "other words in order, one word apart at most), as Elasticsearch's stop filter does. An "
      "index created with `stopwords` `none` keeps every position.",
      "A query that finds little, or has a word the archive barely knows, gets a suggestion "
      "made of the archive's own words and entity names, its structure kept: `Kim Jong Um + "
      "Pyongyan` shows `Did you mean: Kim Jong Un + Pyongyang`.",
      "A query that cannot be parsed fails with a message naming the problem and its column: "
      "`'+' at column 5 has no part after it in \"Kim + + Russia\"`.",
  };
  return notes;
}

std::vector<std::string> query_field_names() {
  return search::query_field_names();
}

namespace {

// `text` wrapped at `columns` code points, breaking only at spaces outside
// code spans.
std::string wrap(const std::string& text, std::size_t columns) {
  std::string out;
  std::size_t line = 0;  // code points on the current line
  bool in_code = false;
  std::size_t start = 0;
  while (start < text.size()) {
    // The next piece that must stay on one line: up to a space outside code.
    std::size_t end = start;
    for (; end < text.size(); ++end) {
      if (text[end] == '`')
        in_code = !in_code;
      if (text[end] == ' ' && !in_code)
        break;
    }
    std::size_t width = 0;
    for (std::size_t i = start; i < end; ++i)
      width += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (line > 0 && line + 1 + width > columns) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(text, start, end - start);
    line += width;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string query_help_markdown() {
  std::string out = "| query | meaning |\n|---|---|\n";
  for (const QueryHelpSection& section : query_help()) {
    for (const QuerySyntax& s : section.syntax) {
      out += "| ";
      for (std::size_t i = 0; i < s.examples.size(); ++i) {
        if (i)
          out += ", ";
        out += "`" + s.examples[i] + "`";
      }
      out += " | " + s.meaning + " |\n";
    }
  }
  for (const std::string& note : query_help_notes())
    out += "\n" + wrap(note, 100) + "\n";
  return out;
}

}  // namespace dossier
