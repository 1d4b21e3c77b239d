// Snippets: the passage of an article that best matches a query.
#pragma once

#include <cstddef>
#include <string>

#include "analysis/analyzer.h"
#include "dossier/searcher.h"
#include "query_parser.h"

namespace dossier::search {

/// Picks the window of about `words` words, inside one paragraph of `body`,
/// that holds the most distinct query words (then the most matches), centres
/// it on them, and highlights them. Without any match, returns the lead.
/// The window starts and ends on word boundaries; "…" marks a cut.
/// When the query asks for entities and `extractor` is given, the article is
/// analysed again so that every mention of those entities counts as a match
/// ("Russian" for Russia, a bare "Kim" for Kim Jong-un).
Snippet make_snippet(const std::string& title, const std::string& body, const QueryTerms& terms,
                     analysis::Analyzer& analyzer, std::size_t words,
                     analysis::EntityExtractor* extractor = nullptr);

}  // namespace dossier::search
