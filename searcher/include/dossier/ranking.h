// Ranking: how a relevance-ordered search scores its hits, and how a hit's
// score is explained.
//
// Dossier's ranking (Ranking::kDefault) has two stages:
//   1. BM25 over the compiled query (words, entities, dates), with the k1 and b
//      of RankingOptions. It finds every match and orders them.
//   2. The best `rerank_depth` hits of stage 1 are scored again as a weighted
//      sum of features in [0, 1], read from term positions and stored values:
//        text       BM25 of stage 1, divided by the best BM25 of the window
//        title      how far the query's parts are found in the headline
//        lead       how far the parts are found in the first body paragraph
//        salience   how central the entities the query names are to the
//                   article (the salience the indexer stored, 1 = the most
//                   salient entity of the article), averaged over the parts
//                   that name entities
//        paragraph  how far the parts meet in one paragraph
//        proximity  how far the parts meet within `proximity_window` word
//                   positions of one paragraph (about a sentence)
//      A part counts 1 where it is found whole: an entity it names (however
//      the article names it), a date it asks for (a year mentioned in
//      passing counts half), or all its words; a part of plain words counts
//      the share of its words found there. Words are found in any spelling
//      of their stem ("floods" at "flood"). A feature is the mean over the
//      parts; a part that holds for the whole article (a filter, the
//      publication year) counts everywhere. paragraph and proximity apply to
//      queries of two or more parts, or of one part of several words.
//      Hits below the window keep their stage-1 order, scored by the text
//      feature alone.
// With SearchRequest::recent_half_life_days > 0 every score of the window
// is then multiplied by 0.5 + 0.5 * 2^(-age / half_life), age being the
// days between the article's publication and the newest publication date in
// the index (undated articles count as infinitely old: factor 0.5).
//
// Ranking::kPlainBm25 is Xapian's BM25 with its own defaults (k1 = 1, b = 0.5)
// over the same compiled query, with no re-ranking: the reference the
// evaluation (tools/eval/relevance, docs/evaluation.md) compares with.
//
// The default weights were tuned on the development relevance set; see
// docs/evaluation.md for the measurements behind each of them.
//
// Errors, ownership and thread-safety: plain values (no calls, nothing shared);
// copy them freely and read them from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dossier {

/// How a relevance-ordered search scores its hits.
enum class Ranking {
  kDefault,    ///< Dossier's ranking: tuned BM25, then the re-ranking above.
  kPlainBm25,  ///< Xapian BM25 with default parameters, no boosts, no re-ranking.
};

/// Parameters of Ranking::kDefault. The defaults are the values tuned on the
/// dev split of the relevance set (docs/evaluation.md: nDCG@10 0.878 -> 0.924
/// on dev, 0.790 -> 0.856 on the held-out split, against plain BM25); change
/// them only to experiment or evaluate.
struct RankingOptions {
  /// BM25 term-frequency saturation (Xapian's k1; Xapian's default is 1).
  double bm25_k1 = 1.0;
  /// BM25 length normalisation, 0..1 (Xapian's b; Xapian's default is 0.5).
  /// Lower than Xapian's: KCNA's headline-only stories are short, and full
  /// normalisation ranked them above the stories that tell the news.
  double bm25_b = 0.3;
  /// Hits of stage 1 that are re-ranked. Default 30. With recency on, at
  /// least 100.
  std::size_t rerank_depth = 30;
  /// Feature weights (see the top of this file). A weight of 0 turns a
  /// feature off. Salience and paragraph measured no gain on the relevance
  /// set once lead and proximity are on, so they are off by default.
  double text_weight = 0.4;
  double title_weight = 0.1;
  double lead_weight = 0.2;
  double salience_weight = 0.0;
  double paragraph_weight = 0.0;
  double proximity_weight = 0.3;
  /// Word positions within which the parts count as near (proximity).
  unsigned proximity_window = 15;
  /// How much a rare part counts more than a common one in the title, lead,
  /// paragraph and proximity features: each part weighs idf^part_rarity
  /// (0: all parts weigh the same). In "Kim + Russia + 2019" over an archive
  /// where 2019 is rare, an article meeting 2019 beats one meeting Kim.
  double part_rarity = 1.0;
};

/// One term of a hit's score: `value` = `weight` * `feature` (for "bm25" of
/// Ranking::kPlainBm25 and "recency", `weight` is 1 and `value` the term
/// itself). The values of an Explanation add up to Hit::score.
struct ScoreComponent {
  std::string name;      ///< "text", "title", "lead", "salience", "paragraph", "proximity", "recency", "bm25"
  double feature = 0.0;  ///< the feature in [0, 1] (text: BM25 / best BM25)
  double weight = 0.0;
  double value = 0.0;
};

/// Why a hit has its score (SearchRequest::explain).
struct Explanation {
  std::string ranking;  ///< "dossier" or "bm25"
  double bm25 = 0.0;    ///< the hit's stage-1 BM25 score
  /// False for a hit below the re-ranked window (its score is the text
  /// component alone).
  bool reranked = false;
  std::vector<ScoreComponent> components;
};

}  // namespace dossier
