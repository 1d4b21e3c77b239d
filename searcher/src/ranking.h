// Ranking internals: stage 1's weighting scheme and stage 2's re-ranking of
// the best hits by features read from term positions and stored values
// (dossier/ranking.h describes the model; docs/evaluation.md the figures that
// chose its weights).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "dossier/ranking.h"
#include "query_parser.h"

namespace dossier::search {

/// Xapian's weighting scheme for stage 1 of `ranking`.
Xapian::BM25Weight stage_one_weight(Ranking ranking, const RankingOptions& options);

/// Positions of the first word of each body paragraph (value slot 3),
/// ascending. Positions below the first are the title's.
std::vector<Xapian::termpos> paragraph_starts(const Xapian::Document& doc);

/// Days since 1970-01-01 of a publication value ("YYYYMMDD", "00" for unknown
/// month or day, counted from the first day of the month or year); -1 when
/// the value is empty or malformed.
long publication_day(const std::string& value);

/// A hit on its way through the ranking.
struct RankedHit {
  Xapian::docid did = 0;
  Xapian::Document doc;
  double bm25 = 0;   ///< stage-1 weight
  double score = 0;  ///< the final score
  /// Paragraph where the query's parts meet best (for the snippet): >= 0 a
  /// body paragraph, -1 the title, -2 not computed.
  int paragraph = -2;
  Xapian::doccount similar = 0;
  Explanation explain;
};

struct RerankContext {
  const Xapian::Database* db = nullptr;
  RankingOptions options;
  /// The query's "+" parts, each with its own terms; a query without "+"
  /// parts is one part (the whole query's terms).
  std::vector<QueryTerms> parts;
  double recent_half_life_days = 0;
  /// Days since 1970 of the index's newest publication date (recency's
  /// reference); -1 when unknown.
  long newest_day = -1;
  bool explain = false;
};

/// Stage 2: scores the first `depth` of `hits` (in stage-1 order) by the
/// weighted features of dossier/ranking.h and sorts them (stable, so equal
/// scores keep stage-1 order); hits below keep their order with the text
/// score alone. Fills RankedHit::paragraph for the re-ranked hits, and
/// RankedHit::explain when asked. Throws Xapian errors (the caller maps them).
void rerank(const RerankContext& context, std::size_t depth, std::vector<RankedHit>* hits);

/// Features of one hit (exposed for tests and the explanation).
struct HitFeatures {
  double title = 0, lead = 0, salience = 0, paragraph = 0, proximity = 0;
  bool has_entity_parts = false;
  int best_paragraph = -2;
};

/// Computes the position and salience features of `did` for `parts`.
/// `global[i]`: part i holds for the whole article (a filter, the
/// publication year).
HitFeatures hit_features(const Xapian::Database& db, Xapian::docid did, const Xapian::Document& doc,
                         const std::vector<QueryTerms>& parts, const std::vector<double>& global,
                         unsigned proximity_window);

}  // namespace dossier::search
