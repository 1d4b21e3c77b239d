// Query assistance beside search(): entity completion (suggest.cc) and "more
// like this" (similar.cc); "did you mean" is spelling.h. The Searcher holds
// the lock and the Xapian handles, and hands them over in an AssistContext.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
/// A match ranked by AssistContext::rank: its docid, weight, other matching
/// copies folded into it (Xapian's collapse count), and document.
struct RankedMatch {
  Xapian::docid did = 0;
  double weight = 0;
  Xapian::doccount collapse_count = 0;
  Xapian::Document doc;
};

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
  /// The first `depth` matches of `query` by Xapian's BM25 with its
  /// defaults, copies folded on the group key when `fold`, best first (by
  /// weight, then docid): ranked as a search ranks its hits, over docid
  /// ranges on every core the searcher has when the query is large, with the
  /// lengths in memory when it holds them. Throws Xapian::Error. Required.
  std::function<std::vector<RankedMatch>(const Xapian::Query& query, std::size_t depth,
                                         bool fold)>
      rank;
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
