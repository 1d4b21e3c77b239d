// A stratified sample of an archive's documents, as a Xapian posting source.
//
// Counting a match set exactly costs time in proportion to its size: at a
// million articles a query matching half of them spends a third of a second
// on its total and facets. Above SearchRequest::count_limit matches, the
// counting pass runs over the query AND this sample instead. The docids are
// cut into blocks of `stride` runs of run_length() consecutive docids; the
// sample takes one run of each block, at a pseudo-random place in it. So the
// sample is spread evenly over the archive (docids follow the order articles
// were indexed: a plain prefix would count one period) yet follows no period
// of its own, and every document is in it with probability exactly 1/stride:
// counts times the stride are unbiased estimates of the true counts. The
// pick of a block depends only on the block number, the stride and the run
// length: the same query gives the same estimate every time.
//
// Runs, not single documents: the matcher walks a run with next(), cheaper
// than the skip_to() that reaching a lone document costs, and the longer the
// gap between runs, the more of a posting list's chunks skip_to() jumps over
// without decoding them. Measured on the 100,000-article synthetic archive
// ("Korea", facets from memory): 0.11 us per match counting every match, per
// sampled match 0.25 us with runs of 1, 0.20 with runs of 4, 0.17 with runs
// of 32. But neighbouring articles are alike (same day, same story), so the
// sample keeps at least kMinRuns independent runs: runs of 8 up to a few
// hundred thousand articles, longer above (at a million articles, "Kim Jong
// Un + Russia" sampled one in 13 takes runs of 64: its count 5.6 -> 4.6 ms,
// the mean error of the mix's facet counts unchanged, 2.7%).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier::search {

class StratifiedSample : public Xapian::PostingSource {
 public:
  /// Consecutive docids taken together, at the least and at the most.
  static constexpr Xapian::docid kMinRun = 8;
  static constexpr Xapian::docid kMaxRun = 256;
  /// Independent runs the sample keeps at the least (where runs of kMinRun
  /// allow it).
  static constexpr Xapian::docid kMinRuns = 1000;

  /// `stride` >= 1: one document in `stride` (stride 1 is every document).
  explicit StratifiedSample(Xapian::docid stride);

  /// The run length for docids 1..`last` sampled one in `stride`: the
  /// longest power of two in [kMinRun, kMaxRun] that leaves kMinRuns runs.
  static Xapian::docid run_length(Xapian::docid last, Xapian::docid stride);

  /// The first docid of the run picked in block `block` (0-based) of
  /// `stride` runs of `run` docids.
  static Xapian::docid pick(Xapian::docid block, Xapian::docid stride, Xapian::docid run);

  Xapian::doccount get_termfreq_min() const override;
  Xapian::doccount get_termfreq_est() const override;
  Xapian::doccount get_termfreq_max() const override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override;
  Xapian::docid get_docid() const override;
  void init(const Xapian::Database& db) override;
  Xapian::PostingSource* clone() const override;
  std::string name() const override;

 private:
  // First pick at or after `did` (past last_ when there is none).
  void seek(Xapian::docid did);

  Xapian::docid stride_;
  Xapian::docid run_ = kMinRun;  // run_length() of the database
  Xapian::docid last_ = 0;     // the database's last docid
  Xapian::docid current_ = 0;  // 0 before the first next()
  Xapian::doccount docs_ = 0;  // documents in the database
};

/// The docids [first, last] of a database, as a posting source: a filter
/// that cuts one ranking pass into ranges ranked at once on several threads
/// (SearcherOptions::search_threads). skip_to() is O(1).
/// The length of the document a DocidRange given lengths stands on, on this
/// thread: how a LengthsBm25Weight (ranking.h) learns it, since Xapian 1.4
/// passes a weight the document's length but not its docid, and reads that
/// length from the index unless the weight declines it.
inline thread_local std::uint32_t current_document_length = 0;

class DocidRange : public Xapian::PostingSource {
 public:
  /// The docids [first, last]. With `lengths` (by docid, of the database
  /// searched, outliving the search), each docid the range stands on
  /// publishes its document's length in current_document_length.
  DocidRange(Xapian::docid first, Xapian::docid last,
             const std::vector<std::uint32_t>* lengths = nullptr)
      : first_(first), last_(last), lengths_(lengths) {}

  // As many as the whole database, not the range's size: Xapian lets the
  // sub-query of fewest estimated matches lead an AND, and a range that led
  // had every one of its docids stepped through, each a skip_to in the
  // query's lists. As the largest, the range only answers skip_to, in O(1):
  // "Korea" at a million articles ranks on two ranges in 15 ms a range
  // instead of 18 (all docids in one pass: 24).
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return docs_; }
  Xapian::doccount get_termfreq_max() const override { return docs_; }
  void next(double /*min_wt*/) override { stand_on(current_ == 0 ? first_ : current_ + 1); }
  void skip_to(Xapian::docid did, double /*min_wt*/) override {
    stand_on(std::max({current_, did, first_}));
  }
  // Xapian positions an AND's other lists with check(); the default would
  // make a second virtual call to skip_to.
  bool check(Xapian::docid did, double /*min_wt*/) override {
    stand_on(std::max({current_, did, first_}));
    return true;
  }
  bool at_end() const override { return current_ > last_ || current_ > end_; }
  Xapian::docid get_docid() const override { return current_; }
  void init(const Xapian::Database& db) override {
    docs_ = db.get_doccount();
    end_ = db.get_lastdocid();
    current_ = 0;
  }
  Xapian::PostingSource* clone() const override { return new DocidRange(first_, last_, lengths_); }
  std::string name() const override { return "dossier::DocidRange"; }

 private:
  void stand_on(Xapian::docid did) {
    current_ = did;
    if (lengths_ != nullptr) {
      current_document_length = did < lengths_->size() ? (*lengths_)[did] : 0;
    }
  }

  Xapian::docid first_, last_;
  const std::vector<std::uint32_t>* lengths_;
  Xapian::docid end_ = 0;
  Xapian::doccount docs_ = 0;
  Xapian::docid current_ = 0;
};

/// `query` narrowed to a StratifiedSample of `stride` (itself for stride <= 1).
/// Boolean: weights do not change.
Xapian::Query in_sample(const Xapian::Query& query, Xapian::docid stride);

/// `query` narrowed to the docids [first, last] (DocidRange, publishing
/// `lengths` when given). Boolean.
Xapian::Query in_range(const Xapian::Query& query, Xapian::docid first, Xapian::docid last,
                       const std::vector<std::uint32_t>* lengths = nullptr);

}  // namespace dossier::search
