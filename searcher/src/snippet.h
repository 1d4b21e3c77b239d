// Snippets: the passage of an article that best matches a query.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "dossier/searcher.h"
#include "query_parser.h"

namespace dossier::search {

/// A byte range of the body that matches a query part however it is written:
/// a mention of an entity the query names ("Russian" for Russia), or a date
/// expression meaning a year it asks about ("Eight years later").
struct SnippetMark {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  int group = 0;  ///< marks of one query part share a group
};

/// Picks the window of about `words` words that holds the most distinct query
/// parts (then the most matches), centres it on them, and highlights them.
/// `paragraph` >= 0 is the body paragraph to take it from (found by the caller
/// from term positions, so only that paragraph is tokenized); otherwise every
/// paragraph is scanned. Without any match, returns the lead. The window
/// starts and ends on word boundaries; "…" marks a cut.
/// `lang` (ISO 639-1) is the article's language, for stemming its words.
Snippet make_snippet(const std::string& body, const QueryTerms& terms,
                     analysis::Analyzer& analyzer, std::size_t words, int paragraph,
                     const std::vector<SnippetMark>& marks, const std::string& lang = "");

/// Byte ranges [start, end) of the blank-line paragraphs of a cleaned body.
std::vector<std::pair<std::size_t, std::size_t>> paragraph_ranges(const std::string& body);

}  // namespace dossier::search
