// Relevance evaluation: the query set, graded judgements (qrels) and the
// measures computed from them (nDCG@k, P@k). Used by dossier-relevance
// (tools/eval/relevance/evaluate) and tested on hand-made judgements.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "dossier/status.h"

namespace dossier::eval {

/// One query of the relevance set.
struct EvalQuery {
  std::string id;     ///< "q01"
  std::string split;  ///< "dev" (used to tune) or "heldout" (never tuned on)
  std::string query;  ///< in Dossier's query language
  std::string need;   ///< what the analyst wants: the judges' instructions
};

/// Graded judgements: query id -> article id -> grade (0 not relevant, 1
/// partly, 2 highly relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

/// Reads a queries file: tab-separated `id split query need` lines; blank
/// lines and lines starting with '#' are skipped. Errors: kIoError (cannot
/// read), kBadInput (a malformed line, an unknown split or a repeated id,
/// named by file and line number).
Result<std::vector<EvalQuery>> read_queries(const std::string& path);

/// Reads TREC-style qrels: `query-id 0 article-id grade` (whitespace
/// separated); blank and '#' lines skipped. Errors: kIoError, kBadInput (a
/// malformed line, a grade outside 0..2, a judgement given twice).
Result<Qrels> read_qrels(const std::string& path);

/// Gain of a grade: 2^grade - 1 (0, 1, 3): a highly relevant article is worth
/// three partly relevant ones.
double gain(int grade);

/// Normalised discounted cumulative gain of the first `k` of `ranked`:
/// sum of gain / log2(rank + 1), divided by the same for the best possible
/// ordering of every judged article of the query. Unjudged articles count as
/// not relevant. 0 when the query has no relevant judgement.
double ndcg_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
               std::size_t k);

/// Share of the first `k` ranks (k in the denominator, even when fewer
/// articles were returned) holding an article judged relevant (grade >= 1).
double precision_at(const std::vector<std::string>& ranked,
                    const std::map<std::string, int>& judged, std::size_t k);

/// Share of the first min(k, ranked.size()) articles that are judged at all:
/// how far the judgements cover a ranking (1 when nothing was returned).
double judged_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                 std::size_t k);

}  // namespace dossier::eval
