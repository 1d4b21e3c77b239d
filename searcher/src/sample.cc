#include "sample.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace dossier::search {

StratifiedSample::StratifiedSample(Xapian::docid stride) : stride_(std::max<Xapian::docid>(1, stride)) {}

Xapian::docid StratifiedSample::run_length(Xapian::docid last, Xapian::docid stride) {
  const std::uint64_t most = static_cast<std::uint64_t>(last) /
                             (static_cast<std::uint64_t>(std::max<Xapian::docid>(1, stride)) * kMinRuns);
  Xapian::docid run = kMinRun;
  while (run < kMaxRun && run * 2 <= most) run *= 2;
  return run;
}

Xapian::docid StratifiedSample::pick(Xapian::docid block, Xapian::docid stride,
                                     Xapian::docid run) {
  // SplitMix64 of the block and stride: well mixed, cheap, and the same on
  // every platform (std:: distributions are not).
  std::uint64_t z = (static_cast<std::uint64_t>(block) << 32 | stride) + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  const std::uint64_t first = static_cast<std::uint64_t>(block) * stride * run + 1 +
                              (z % stride) * run;
  return static_cast<Xapian::docid>(
      std::min<std::uint64_t>(first, std::numeric_limits<Xapian::docid>::max()));
}

void StratifiedSample::init(const Xapian::Database& db) {
  last_ = db.get_lastdocid();
  docs_ = db.get_doccount();
  run_ = run_length(last_, stride_);
  current_ = 0;
}

Xapian::doccount StratifiedSample::get_termfreq_min() const { return 0; }

Xapian::doccount StratifiedSample::get_termfreq_est() const { return docs_ / stride_; }

Xapian::doccount StratifiedSample::get_termfreq_max() const {
  const std::uint64_t span = static_cast<std::uint64_t>(stride_) * run_;
  return static_cast<Xapian::doccount>(
      std::min<std::uint64_t>(docs_, (last_ + span - 1) / span * run_));
}

void StratifiedSample::seek(Xapian::docid did) {
  if (did > last_) {
    current_ = last_ + 1;
    return;
  }
  const std::uint64_t span = static_cast<std::uint64_t>(stride_) * run_;
  const auto block = static_cast<Xapian::docid>((did - 1) / span);
  const Xapian::docid first = pick(block, stride_, run_);
  if (did < first) {
    current_ = first;
  } else if (did < first + run_) {
    current_ = did;  // inside the block's run
  } else {
    current_ = pick(block + 1, stride_, run_);
  }
}

void StratifiedSample::next(double /*min_wt*/) { seek(current_ + 1); }

void StratifiedSample::skip_to(Xapian::docid did, double /*min_wt*/) {
  if (did > current_) seek(did);
}

bool StratifiedSample::at_end() const { return current_ > last_; }

Xapian::docid StratifiedSample::get_docid() const { return current_; }

Xapian::PostingSource* StratifiedSample::clone() const { return new StratifiedSample(stride_); }

std::string StratifiedSample::name() const { return "dossier::StratifiedSample"; }

Xapian::Query in_sample(const Xapian::Query& query, Xapian::docid stride) {
  if (stride <= 1) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query((new StratifiedSample(stride))->release()));
}

Xapian::Query in_range(const Xapian::Query& query, Xapian::docid first, Xapian::docid last,
                       const std::vector<std::uint32_t>* lengths) {
  return Xapian::Query(Xapian::Query::OP_FILTER, query,
                       Xapian::Query((new DocidRange(first, last, lengths))->release()));
}

}  // namespace dossier::search
