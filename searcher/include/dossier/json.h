// JSON: the versioned machine-readable form of search results, timelines,
// stored articles and index facts. The CLI's --json output, the C API and the
// HTTP server all print these, so a script sees the same document everywhere.
// The format is documented field by field in README.md; later versions add
// fields and never rename or remove one.
//
// Errors: none; each function returns a new UTF-8 string the caller owns (text
// that is not valid UTF-8 cannot reach them, and would print as U+FFFD).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "dossier/searcher.h"

namespace dossier {

/// Version of every JSON document below (the "format_version" field).
inline constexpr int kJsonFormatVersion = 1;

/// {"format_version","query","total","exact","counted","did_you_mean","filters":[...],"hits":[...],
///  "facets":{...}}
std::string to_json(const SearchResponse& response);

/// {"format_version","query","filters":[...],"total","documents",
///  "entities":[{"id","type","name","count","background","score"}]}
std::string to_json(const RelatedResponse& response);

/// {"format_version","prefix","suggestions":[{"text","type","id","matched","count"}]}
std::string to_json(const SuggestResponse& response);

/// {"format_version","id","title","words":[...],"entities":[{"id","type","name"}],
///  "hits":[...]}: hits as in a search document.
std::string to_json(const SimilarResponse& response);

/// {"format_version","query","by","total","undated","buckets":[{"period","count"}]}
std::string to_json(const TimelineResponse& response, const TimelineRequest& request);

/// {"format_version","id","url","source","title","published","lang","body"}
std::string to_json(const StoredArticle& article);

/// {"format_version","db","documents","index_format_version","analysis":{...},
///  "created_by","average_length"}; `db` is the path shown.
std::string to_json(const IndexInfo& info, const std::string& db);

}  // namespace dossier
