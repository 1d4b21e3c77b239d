// Ranking internals: stage 1's weighting scheme and stage 2's re-ranking of
// the best hits by features read from term positions and stored values
// (dossier/ranking.h describes the model; docs/evaluation.md the figures that
// chose its weights).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "dossier/ranking.h"
#include "query_parser.h"

namespace dossier::search {

class StoredReader;  // stored.h

/// Xapian's weighting scheme for stage 1 of `ranking`.
Xapian::BM25Weight stage_one_weight(Ranking ranking, const RankingOptions& options);

/// Xapian's BM25 (BM25Weight with k2 = 0, k3 = 1, a normalised length of at
/// least 0.5, and no relevance set, as stage 1 uses it), computing the same
/// score to the last bit, but with each document's length taken from
/// current_document_length (sample.h) instead of the index.
///
/// Why: Xapian 1.4 reads a matching document's length from the index (a
/// walk of the document-length list) for every term BM25 weighs; at a million
/// articles that was 15 of the 43 ms one thread ranks "Kim Jong Il" in. The
/// lengths in memory (FacetColumn::lengths) cost 4 bytes an article. Xapian's
/// Weight is told a length but not a docid, so the ranking query carries a
/// DocidRange given the lengths, which publishes the length of the document
/// the matcher stands on before the matcher weighs it (Xapian positions every
/// list of an AND, the range included, on a document before it asks for the
/// document's weight). The scores are checked against BM25Weight's, bit for
/// bit, by unit test LengthsBm25Weight.ScoresAsXapiansBm25BitForBit and, for
/// whole searches, api test FacetFilters.LengthsInMemoryRankAsLengthsInTheIndex.
///
/// Only for a query in_range(..., lengths) over the one local database the
/// lengths were read from (a remote server has no such weight, and a stub's
/// shards number their documents each from 1), and without a phrase or NEAR
/// (lengths_rank_exactly). Thread-safety: as any Weight, an object per
/// search (Xapian clones it).
class LengthsBm25Weight : public Xapian::Weight {
 public:
  LengthsBm25Weight(double k1, double b);
  LengthsBm25Weight* clone() const override;
  void init(double factor) override;
  std::string name() const override;
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                     Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxextra() const override;

 private:
  double k1_, b_;
  double term_weight_ = 0;    // idf, query frequency and (k1 + 1), for the term
  double length_factor_ = 0;  // 1 / the average document length
};

/// Whether LengthsBm25Weight scores `query` as BM25Weight does: not when it
/// holds a phrase or NEAR anywhere. Xapian weighs the words of a phrase on
/// the right of an AND_MAYBE (the phrase boost of "power station") on
/// documents the range never stood on, and on the KCNA relevance index 105
/// of 249 random queries with phrases scored differently; none of 351
/// without (all of a hand-made query language fuzz, on KCNA).
bool lengths_rank_exactly(const Xapian::Query& query);

/// Gives `enquire` stage 1's weight for `ranking`: stage_one_weight, or with
/// `lengths_in_memory` the same BM25 as a LengthsBm25Weight (whose query
/// then carries a DocidRange given the lengths).
void set_stage_one_weight(Xapian::Enquire& enquire, Ranking ranking, const RankingOptions& options,
                          bool lengths_in_memory);

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

/// What stage 2 looks for in one "+" part of the query, read from its
/// QueryTerms: the part's required words, each with the spellings the archive
/// has for its stem ("floods": flood, flooded, flooding), and its other
/// positional terms (entities, dates) with their weights.
struct PartPlan {
  std::vector<std::vector<std::string>> words;
  std::vector<std::pair<std::string, double>> others;
  /// The part names an entity ("Kim Jong Un"): its words count only all
  /// together ("Kim Jong" in "Kim Jong Il" is not the part).
  bool entity = false;
  /// How much the part counts in the features' mean: its rarity in the
  /// archive, idf^RankingOptions::part_rarity (1 for every part with 0).
  double weight = 1.0;
};

/// Plans the parts. With `analyzer` and `expand_spellings`, each word also
/// looks for the archive's other spellings of its stem in the given languages
/// (a bounded scan of the index's vocabulary); otherwise for its own spelling
/// only. Each part is weighted by its rarity: idf = ln(1 + (N - n + 0.5) /
/// (n + 0.5)), N the archive's articles and n those the part's terms find
/// (the rarest word of a part of words, the commonest of its alternatives),
/// raised to `rarity` (0: every part weighs 1).
std::vector<PartPlan> plan_parts(const std::vector<QueryTerms>& parts, const Xapian::Database& db,
                                 analysis::Analyzer* analyzer,
                                 const std::vector<std::string>& languages, bool expand_spellings,
                                 double rarity);

struct RerankContext {
  const Xapian::Database* db = nullptr;
  /// Reads the hits' stored records (for salience); may be null.
  StoredReader* articles = nullptr;
  RankingOptions options;
  /// The query's "+" parts, each with its own terms; a query without "+"
  /// parts is one part (the whole query's terms).
  std::vector<QueryTerms> parts;
  /// For the parts' stop words and spellings (plan_parts); may be null.
  analysis::Analyzer* analyzer = nullptr;
  std::vector<std::string> languages;
  /// Look up other spellings of the parts' words in the vocabulary.
  bool expand_spellings = true;
  double recent_half_life_days = 0;
  /// Days since 1970 of the index's newest publication date (recency's
  /// reference); -1 when unknown.
  long newest_day = -1;
  bool explain = false;
};

/// Stage 2: scores the first `depth` of `hits` (in stage-1 order) by the
/// weighted features of dossier/ranking.h and sorts them (stable, so equal
/// scores keep stage-1 order); hits below keep their order with the text
/// score alone. Hits tied in stage 1 across the window's edge all stay below
/// it; pass at least depth + 1 hits (when there are) so such a tie is seen. Fills RankedHit::paragraph for the re-ranked hits, and
/// RankedHit::explain when asked. Throws Xapian errors (the caller maps them).
void rerank(const RerankContext& context, std::size_t depth, std::vector<RankedHit>* hits);

/// Features of one hit (exposed for tests and the explanation).
struct HitFeatures {
  double title = 0, lead = 0, salience = 0, paragraph = 0, proximity = 0;
  bool has_entity_parts = false;
  int best_paragraph = -2;
};

/// Computes the position and salience features of `did` for the planned
/// parts. `global[i]`: part i holds for the whole article (a filter, the
/// publication year). `parts` gives the entities each part names; with
/// `salience` false the salience feature is left at 0 (not read). The
/// entities' salience is read through `articles` (format 7 stores it in the
/// record), or from the value slot when null.
HitFeatures hit_features(const Xapian::Database& db, Xapian::docid did, const Xapian::Document& doc,
                         const std::vector<PartPlan>& plans, const std::vector<QueryTerms>& parts,
                         const std::vector<double>& global, unsigned proximity_window,
                         bool salience = true, StoredReader* articles = nullptr);

}  // namespace dossier::search
