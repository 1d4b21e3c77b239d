// Facet counting over the whole match set.
//
// An article mentions many entities, so Xapian's stock ValueCountMatchSpy (one
// value per document) cannot count them. EntityFacetSpy reads the entity list
// the indexer stores in one value slot (schema kEntitiesValue) and counts
// every entity of the wanted types once per matching article.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analysis/gazetteer.h"
#include "dossier/searcher.h"
#include "facet_column.h"

namespace dossier::search {

class FilterSet;

/// One parsed line of the entities value.
struct StoredEntity {
  std::string_view id;
  std::string_view name;  ///< only for people not in the gazetteer
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  ///< body byte ranges
};

/// Splits the schema's entities value into its lines.
std::vector<StoredEntity> parse_entities_value(std::string_view value);

/// The type part of an entity id ("person" for "person:kim-jong-un").
std::string_view entity_id_type(std::string_view id);

/// Names a facet key: its entity id and display name.
struct FacetName {
  std::string id;
  std::string name;
};
using FacetNamer = std::function<FacetName(std::uint64_t key)>;

/// Counts every facet of the matching articles (entities by type, publication
/// year, mentioned years) from their facet keys (schema kFacetKeysValue):
/// one fixed-width value per article, counted in an open-addressing table,
/// so a match set of tens of thousands of articles counts in about a
/// millisecond.
class FacetSpy : public Xapian::MatchSpy {
 public:
  /// `facets`: the facet names to count ("person", ..., "year", "mentioned_year",
  /// "lang"). `stories`: also count the distinct groups of copies.
  FacetSpy(const std::vector<std::string>& facets, bool stories);

  /// Distinct groups of copies among the matches (with `stories`).
  std::uint64_t stories() const { return stories_ + singles_; }

  /// Counts under drill-down filters (filters.h; `filters` must outlive the
  /// spy): an article that passes every filter counts everywhere; one that
  /// fails the filters of exactly one facet counts for that facet alone (its
  /// disjunctive count); any other is ignored.
  void set_filters(const FilterSet* filters) { filters_ = filters; }

  /// Articles that passed every filter (every article without filters),
  /// among those that have facet keys.
  std::uint64_t matches() const { return matches_; }

  /// The count of one facet key (0 if never seen).
  std::uint32_t count(std::uint64_t key) const;

  /// Calls `visit(key, count)` for every key of `facet` counted.
  void for_each(const std::string& facet,
                const std::function<void(std::uint64_t, std::uint32_t)>& visit) const;

  /// Each article the spy sees counts `times` times (default 1): the stride
  /// of a sampled count (sample.h), so counts come out as estimates of the
  /// whole match set's.
  void set_scale(std::uint32_t times) { scale_ = times; }

  /// Reads each article's keys from `column` (facet_column.h; must outlive
  /// the spy and be of the revision searched) instead of the document's
  /// value.
  void set_column(const FacetColumn* column) { column_ = column; }
  const FacetColumn* column() const { return column_; }

  /// Forgets every count (keeps the facets, filters and scale).
  void clear();

  /// A spy with this one's facets, filters, column and scale and no counts:
  /// for another thread's share of the articles (merge() adds it back).
  std::unique_ptr<FacetSpy> empty_like() const;

  /// Adds the counts of `other` (a spy of the same facets and filters that
  /// saw other articles: a range of docids counted on another thread), as if
  /// this spy had seen its articles too.
  void merge(const FacetSpy& other);

  void operator()(const Xapian::Document& doc, double weight) override;

  /// Counts a facet-keys value (schema kFacetKeysValue) `times` times, as
  /// operator() does for one document: for counts gathered elsewhere (a
  /// ValueCountMatchSpy run by a remote shard).
  void add_keys(std::string_view value, std::uint32_t times);

  /// The `limit` most frequent values of `facet`; entity ties by name, year
  /// ties to the later year.
  std::vector<FacetValue> top(const std::string& facet, std::size_t limit,
                              const FacetNamer& namer) const;

 private:
  void add(std::uint64_t key, std::uint32_t times);
  void add_decoded(const std::uint64_t* keys, std::size_t n, std::uint32_t times);
  void grow();

  bool wanted_[8] = {};
  const FilterSet* filters_ = nullptr;
  std::uint64_t matches_ = 0;
  std::uint32_t scale_ = 1;
  const FacetColumn* column_ = nullptr;
  // top()'s view of the table by facet type, valid while split_.
  mutable std::vector<std::pair<std::uint64_t, std::uint32_t>> by_type_[8];
  mutable bool split_ = false;
  std::vector<std::uint64_t> doc_keys_;  // scratch: one article's keys
  // Open addressing, linear probing; key 0 marks an empty slot (no facet key
  // is 0: entity keys hash, year keys carry a type above them).
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> counts_;
  std::size_t used_ = 0;
  std::uint64_t stories_ = 0;  // distinct group keys in the table
  std::uint64_t singles_ = 0;  // stories of one article (kSingletonStoryKey), times their scale
};

/// The facet-key type of a facet name (0..5, schema::facet_key), or -1.
int facet_index(std::string_view type);

/// True for the year facets ("year", "mentioned_year").
bool is_year_facet(std::string_view name);

/// Counts the publication periods (years or months, value slot
/// kPublishedValue) of every matching article, for timelines.
class TimelineSpy : public Xapian::MatchSpy {
 public:
  enum class Periods { kYears, kMonths };
  explicit TimelineSpy(Periods periods) : months_(periods == Periods::kMonths) {}

  /// Reads each article's date from `column` (facet_column.h; must outlive
  /// the spy and be of the revision searched) instead of its value.
  void set_column(const FacetColumn* column) { column_ = column; }

  void operator()(const Xapian::Document& doc, double weight) override;

  /// Counts a publication date value (schema kPublishedValue, "" if none)
  /// `times` times: for counts gathered by a remote shard.
  void add_published(const std::string& value, std::uint64_t times);

  /// A spy of the same periods and column and no counts, for another
  /// thread's share of the articles; merge() adds it back.
  std::unique_ptr<TimelineSpy> empty_like() const;
  void merge(const TimelineSpy& other);

  /// Publication counts by "YYYY" or "YYYY-MM".
  std::map<std::string, std::uint64_t> periods() const;
  /// Articles without a date at that precision.
  std::uint64_t undated() const { return undated_; }

 private:
  // `day`: YYYYMMDD as FacetColumn::published gives it, 0 for none.
  void add_day(std::uint32_t day, std::uint64_t times);

  bool months_;
  const FacetColumn* column_ = nullptr;
  std::unordered_map<std::uint32_t, std::uint64_t> counts_;  // by YYYY or YYYYMM
  std::uint64_t undated_ = 0;
};

}  // namespace dossier::search
