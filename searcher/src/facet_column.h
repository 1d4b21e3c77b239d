// Every article's facet keys in memory, by docid: the searcher's "doc values"
// (Lucene's name for the same idea).
//
// Counting facets reads each matching article's facet keys (schema
// kFacetKeysValue). Read through Xapian::Document::get_value, that is a
// B-tree lookup and a copy of a value chunk per article. Read once per index
// revision, in docid order through a value stream, the keys of every article
// sit in two flat arrays and an article costs an array lookup: counting all
// 61,589 matches of "Korea" in the 100,000-article synthetic archive went
// from 25.7 to 15.4 ms a search. The price is memory, 8 bytes per key (KCNA,
// about 9 keys an article: 2.0 MB; the synthetic million, 17: 150 MB), and one
// sequential read of the value stream each time the index changes (4 ms on
// KCNA, 0.21 s at a million), which the searcher runs in the background.
// Publication dates come along (4 bytes an article), for timelines, and
// document lengths (4 bytes an article), for ranking: Xapian 1.4 reads a
// document's length from the index for every match BM25 weighs, a third of
// ranking "Kim Jong Il" at a million articles (ranking.h, LengthsBm25Weight).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dossier::search {

/// Stands, in a column, for the group-of-copies key (facet type
/// schema::kClusterFacet) of an article that is the only one of its group:
/// most articles are, and counting stories then needs no table entry for
/// them (facets.h). Type 7 with hash 0, which no real group key has.
inline constexpr std::uint64_t kSingletonStoryKey = std::uint64_t{7} << 61;

/// A publication date value (schema kPublishedValue, "YYYYMMDD", unknown
/// parts 00) as the number YYYYMMDD; 0 for none or one not of 8 digits.
inline std::uint32_t publication_number(std::string_view value) {
  if (value.size() != 8) return 0;
  std::uint32_t day = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    day = day * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return day;
}

class FacetColumn {
 public:
  /// Reads the facet keys of every document of `db`, one local database.
  /// Not for a stub of several: a match spy sees each shard's own docids,
  /// without the shard. Throws Xapian::Error.
  static std::shared_ptr<const FacetColumn> load(const Xapian::Database& db);

  /// load(), shared across this process: the keys of `db` at its revision are
  /// read once however many Searchers hold that database (same UUID) at that
  /// revision, as `dossier serve` does with a Searcher a worker, and are held
  /// while one of them holds them (150 MB at a million articles; `dossier
  /// serve` with 4 searchers held 638 MB of RSS with a copy each, 195 MB
  /// with one). A caller that asks while another reads waits
  /// for that read and gets its answer, or its exception. Throws Xapian::Error.
  /// Thread-safe.
  static std::shared_ptr<const FacetColumn> shared(const Xapian::Database& db);

  /// The revision of the database the keys were read from.
  Xapian::rev revision() const { return revision_; }

  /// The keys of document `did`, decoded, its group key replaced by
  /// kSingletonStoryKey when no other document of the database shares it;
  /// [nullptr, nullptr) when it has none or does not exist.
  std::pair<const std::uint64_t*, const std::uint64_t*> keys(Xapian::docid did) const {
    if (did == 0 || did + 1 >= starts_.size()) return {nullptr, nullptr};
    return {keys_.data() + starts_[did], keys_.data() + starts_[did + 1]};
  }

  /// The publication date of document `did` (schema kPublishedValue) as the
  /// number YYYYMMDD (unknown parts 00: 20190000 for "2019"); 0 when it has
  /// none (or one not of 8 digits) or does not exist. For timelines.
  std::uint32_t published(Xapian::docid did) const {
    return did < published_.size() ? published_[did] : 0;
  }

  /// Every document's length (Xapian's: the sum of its terms' wdf), by
  /// docid; 0 for a docid with no document. Valid while the column lives.
  const std::vector<std::uint32_t>& lengths() const { return lengths_; }

  /// Bytes held.
  std::size_t bytes() const {
    return starts_.capacity() * sizeof(starts_[0]) + keys_.capacity() * sizeof(keys_[0]) +
           published_.capacity() * sizeof(published_[0]) +
           lengths_.capacity() * sizeof(lengths_[0]);
  }

 private:
  Xapian::rev revision_ = 0;
  std::vector<std::uint32_t> published_;  // docid -> YYYYMMDD, 0 for none
  std::vector<std::uint32_t> lengths_;    // docid -> document length
  std::vector<std::uint64_t> starts_;  // docid -> index of its first key; one past the last docid
  std::vector<std::uint64_t> keys_;
};

}  // namespace dossier::search
