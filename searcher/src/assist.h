// Query assistance beside search(): entity completion (suggest.cc) and "more
// like this" (similar.cc); "did you mean" is spelling.h. The Searcher holds
// the lock and the Xapian handles, and hands them over in an AssistContext.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "dossier/searcher.h"
#include "names.h"
#include "query_parser.h"
#include "stored.h"

namespace dossier::search {

/// A Searcher's state, lent for one call (under the Searcher's lock).
struct AssistContext {
  const Xapian::Database* db = nullptr;                   ///< all shards as one
  const std::vector<Xapian::Database>* shards = nullptr;  ///< each shard
  analysis::Analyzer* analyzer = nullptr;
  const analysis::EntityModel* entities = nullptr;
  NamesCache* names = nullptr;
  StoredReader* articles = nullptr;  ///< reads stored articles of `shards`
  CompileContext compile;
  int format_version = 0;
  std::string path;  ///< the index, for messages
  /// Every document's length by docid, of `db` at the revision read (one
  /// local database; FacetColumn::lengths), for BM25 (LengthsBm25Weight);
  /// null: BM25 reads lengths from the index.
  const std::vector<std::uint32_t>* lengths = nullptr;
};

/// Searcher::suggest. Throws Xapian::Error (the Searcher maps it).
Result<SuggestResponse> suggest(const AssistContext& context, const std::string& prefix,
                                std::size_t limit);

/// Searcher::similar. Throws Xapian::Error (the Searcher maps it).
Result<SimilarResponse> similar(const AssistContext& context, const std::string& id,
                                std::size_t limit);

/// Articles `query` matches, counted until at least `enough` are found (the
/// count is exact below it). Throws Xapian::Error.
std::uint64_t count_matches(const Xapian::Database& db, const Xapian::Query& query,
                            std::uint64_t enough);

}  // namespace dossier::search
