// The query language's reference, as data: `dossier help query` prints it,
// README.md's "Query language" section is its Markdown rendering, and the
// tests check that every example parses and runs, that every field the parser
// accepts is documented, and that README.md says the same. One source of
// truth for the syntax, so the documentation cannot drift from the parser.
//
// Errors: none. Ownership: query_help() and query_help_notes() return
// references to immutable data that lives as long as the program; the others
// return new values the caller owns.
// Thread-safety: the functions may be called from any thread; the data is
// built once, on first use.
#pragma once

#include <string>
#include <vector>

namespace dossier {

/// One construct of the language.
struct QuerySyntax {
  /// Complete queries showing it, as typed ("Kim + Russia + 2019"). Each is
  /// a valid query on its own.
  std::vector<std::string> examples;
  /// What it finds. Inline code is written between backquotes (`...`).
  std::string meaning;
};

/// A group of constructs ("Parts and words", "Operators", ...).
struct QueryHelpSection {
  std::string title;
  std::vector<QuerySyntax> syntax;
};

/// The reference, in the order it is shown.
const std::vector<QueryHelpSection>& query_help();

/// Paragraphs that follow the table: how names, words and errors are treated.
/// Inline code between backquotes, as in QuerySyntax::meaning.
const std::vector<std::string>& query_help_notes();

/// The field names the query parser accepts before ':' ("title", "person",
/// "published", ...).
std::vector<std::string> query_field_names();

/// The reference as Markdown: a table of the constructs (examples in code
/// spans) followed by the notes, each a paragraph. README.md holds exactly
/// this between its "query-help" markers.
std::string query_help_markdown();

}  // namespace dossier
