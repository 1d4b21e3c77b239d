// The query language: parse (syntax only) -> QueryNode tree -> compile (with
// the index's analyzer and schema) -> Xapian::Query.
//
// Grammar, loosest binding first:
//   query   := or_expr ( '+' or_expr )*          " + " separates required parts
//   or_expr := and_expr ( ('OR' | 'XOR') and_expr )*
//   and_expr:= unary ( ['AND'] unary | 'NOT' unary )*   adjacency means AND
//   unary   := '-' primary | '+' primary | 'NOT' primary | primary
//   primary := '(' query ')' | '"' words '"' | field ':' (word | '"' words '"')
//            | word | prefix '*'
// A '+' glued to the front of a word ("+Putin") requires that word (Xapian's
// syntax); anywhere else '+' separates parts, with or without spaces.
// Operators are upper case as in Xapian ("and" is a word). Adjacent plain words
// form one group: all are required and matches where they stand together as a
// phrase rank higher ("Kim Jong-un"). A bare 4-digit year is a date constraint.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/dates.h"
#include "analysis/entities.h"
#include "dossier/status.h"

namespace dossier::search {

struct QueryNode {
  enum class Kind {
    kParts,     ///< children joined by " + ": all required
    kAnd,       ///< explicit or implicit AND of children
    kOr,
    kXor,
    kAndNot,    ///< children[0] and none of children[1..]
    kNot,       ///< pure negation: every article except children[0]
    kWords,     ///< adjacent plain words (`words`), optionally in `field`
    kPhrase,    ///< quoted phrase (`text`), optionally in `field`
    kWildcard,  ///< `text` is the prefix before '*'
    kYear,      ///< `text` is the year
    kFilter,    ///< boolean field filter: `field`:`text`
  };
  Kind kind = Kind::kAnd;
  std::string field;  ///< "title" for kWords/kPhrase/kWildcard; filter name for kFilter.
  std::string text;
  std::vector<std::string> words;
  std::vector<QueryNode> children;
};

/// Parses `query`. Errors are kBadQuery with the column (1-based, in
/// characters) and the query quoted: `unbalanced ')' at column 12 in "..."`.
Result<QueryNode> parse_query(std::string_view query);

/// Compact, stable rendering of a tree for tests and --explain:
/// PARTS(WORDS(kim) WORDS(russia) YEAR(2019)).
std::string describe(const QueryNode& node);

/// The field names the parser accepts before ':' ("title", "person", ...).
const std::vector<std::string>& query_field_names();

/// Text a query searches for, as written: a run of adjacent plain words (one
/// group, "Kim Jong Un"), a "+word", a title: word or a quoted phrase, with
/// byte ranges into the query, so that a spelling corrector can rewrite the
/// words and leave operators, fields, quotes and spacing as they were.
struct TextRun {
  bool phrase = false;
  std::string field;  ///< "" or "title"
  /// Byte ranges [first, second) in the query: one per word, or the inside of
  /// the quotes for a phrase.
  std::vector<std::pair<std::size_t, std::size_t>> words;
};

/// The runs of `query` that it requires or prefers, in order: not excluded
/// words (-word, NOT), wildcards, years or filter fields. Errors: kBadQuery,
/// as parse_query, for text the lexer rejects (an unterminated quote).
Result<std::vector<TextRun>> text_runs(std::string_view query);

/// What the snippet generator highlights: folded words and stems that the
/// query looks for (never the excluded ones).
struct QueryTerms {
  std::unordered_set<std::string> words;
  std::unordered_set<std::string> stems;
  std::vector<std::string> prefixes;  ///< wildcard prefixes
  /// Entity ids the query asks for, each with the number of the query part that
  /// named it (candidates of one ambiguous name share a number).
  std::unordered_map<std::string, int> entities;
  /// Years the query asks about (bare years, mentions:), for highlighting the
  /// date expressions that mean them.
  std::unordered_set<int> years;
  /// Positional terms that count as this query's matches when ranking by the
  /// paragraph where the parts meet: exact words, entities, and date terms.
  /// `weak` terms (a year mentioned in passing) count half.
  std::vector<std::string> positional;
  std::unordered_set<std::string> weak;
  /// Document-level terms that satisfy the part in every paragraph (published
  /// that year: "Y2019"); "*" when the part is a pure filter (source:KCNA).
  std::vector<std::string> global;
};

/// A closed range of dates at day precision, for published:/date: ranges.
struct DateRange {
  analysis::PartialDate from;  ///< inclusive; unknown parts are the earliest
  analysis::PartialDate to;    ///< inclusive; unknown parts are the latest
};

/// Parses "2019", "2019-05", "2019-05-12", "2018..2019", "2018-03-01..2018-06-30",
/// "2018.." or "..2019". Errors: kBadQuery naming the text.
Result<DateRange> parse_date_range(std::string_view text);

/// What the compiler may consult besides the analyzer. Everything is optional:
/// without a model no entity is recognised; without a database, ambiguous
/// names weigh their candidates equally.
struct CompileContext {
  const analysis::EntityModel* entities = nullptr;
  const Xapian::Database* db = nullptr;
  /// Languages of the archive: a word looks for its stem in each ("auto"
  /// stemming). Empty: the analyzer's own stemming only.
  std::vector<std::string> languages;
  /// Expand wildcards here, over `db` (several shards), instead of leaving it
  /// to Xapian's OP_WILDCARD, which in Xapian 1.4 weighs the expansion with
  /// each shard's own statistics.
  bool expand_wildcards = false;
  /// Every shard has XW terms written with `entities`' gazetteer (schema.h):
  /// a quoted full name is then its entity's XE or XW terms, with no phrase
  /// positions to check. False for older formats and mixed gazetteers.
  bool written_names = false;
  /// Some shard is of format 7 or later, where an article in the main
  /// language has no Z term for a word that is its own stem (schema.h): such
  /// a stem is looked for as Z<stem> or as the word itself.
  bool stems_as_words = false;
  /// Every shard is of format 7 or later, where stop words have no
  /// positions: a phrase leaves them out and keeps their places.
  bool stop_words_unpositioned = false;
};

/// The query for the stem `stem` (of the title when `title`): its Z (ZS)
/// term, and where context.stems_as_words and the word `stem` is its own
/// stem in the main language (whose articles have no Z term for it from
/// format 7, schema.h), that word too, as one synonym. Throws Xapian's
/// errors looking terms up in context.db.
Xapian::Query stem_query(const std::string& stem, bool title, analysis::Analyzer& analyzer,
                         const CompileContext& context);

/// Turns a parsed tree into a Xapian query. A plain part that names an entity
/// ("Kim", "Russian", "DPRK", "Kim Jong-un") matches the entity or its words;
/// an ambiguous name expands to its candidates, each weighted by how many
/// articles of the archive mention it. Errors: kBadQuery when nothing
/// searchable remains (a query of punctuation only), a wildcard is too short,
/// or an entity field names no known entity.
Result<Xapian::Query> compile_query(const QueryNode& root, analysis::Analyzer& analyzer,
                                    QueryTerms* terms, const CompileContext& context = {});

}  // namespace dossier::search
