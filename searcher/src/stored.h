// The document data of an article (schema: a flat JSON object of strings,
// written by the indexer's document_builder.cc), read back for display.
//
// Every shown hit reads one, so the common shape, a flat object of strings,
// is scanned directly into the fields (about a tenth of a query's time went
// to building nlohmann's tree of the whole object, body included). Anything
// else (nested values, a malformed or foreign record) goes through
// nlohmann::json, so the answer is always the parser's.
#pragma once

#include <string_view>

#include "dossier/searcher.h"

namespace dossier::search {

/// The fields of a document-data record; empty fields for what it lacks or
/// when it is not a JSON object. Never throws.
StoredArticle parse_stored_article(std::string_view data);

/// The same through nlohmann::json alone: the reference the fast path is
/// tested against.
StoredArticle parse_stored_article_slowly(std::string_view data);

}  // namespace dossier::search
