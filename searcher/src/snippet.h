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
/// `paragraph` >= 0 picks the body paragraph the passage must come from (the
/// one where the query's parts meet). Date expressions that mean a year the
/// query asks about ("Eight years later" for 2019) are matches too;
/// `published` (ISO) anchors relative ones.
Snippet make_snippet(const std::string& title, const std::string& body, const QueryTerms& terms,
                     analysis::Analyzer& analyzer, std::size_t words,
                     analysis::EntityExtractor* extractor = nullptr, int paragraph = -1,
                     const std::string& published = "");

}  // namespace dossier::search
