// Drill-down filters: SearchRequest::filters resolved against the index.
//
// A filter selects one value of a facet ("country:Russia", "year:2012").
// Values of one facet are OR-ed, facets are AND-ed, and filters are boolean:
// they restrict the matches, never their scores.
//
// Counting is disjunctive (Solr's tag/exclude, Elasticsearch's post_filter):
// each facet is counted as if its own filters were not applied, so the
// siblings of a selected country stay visible with their counts. Rather than
// one extra search per filtered facet, one counting pass runs the query
// narrowed to the articles that fail at most one counted facet's filters
// (FilterSet::relax), and FacetSpy decides per article, from the facet keys
// it reads anyway (schema kFacetKeysValue), which filters it fails
// (FilterSet::failed): none, and it counts everywhere (and in `total`);
// exactly one, and it counts for that facet alone. Every filter term has a
// facet key of its own (document_builder.cc writes both from the same data),
// so the keys decide exactly what the terms select.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "dossier/searcher.h"
#include "facets.h"
#include "shards.h"

namespace dossier::search {

/// The selected values of one facet.
struct FilterGroup {
  std::string facet;               ///< "country", "year", ...
  unsigned type = 0;               ///< its facet-key type (schema::facet_key)
  std::vector<std::uint64_t> keys;  ///< facet key of each selected value
  std::vector<std::size_t> applied;  ///< for each key, its FilterSet::applied() entry
  Xapian::Query query;             ///< OR of the values' boolean terms
};

/// What resolving a filter may consult.
struct FilterContext {
  analysis::Analyzer* analyzer = nullptr;                 ///< to fold names as the index did
  const analysis::EntityModel* entities = nullptr;        ///< gazetteer and alias matcher
  const Xapian::Database* db = nullptr;                   ///< the archive (every shard)
  FacetNamer namer;                                       ///< names people outside the gazetteer
};

class FilterSet {
 public:
  /// At most this many facets can be filtered at once (one bit each).
  static constexpr std::size_t kMaxGroups = 8;

  /// Resolves each filter's value: an entity by id ("country:RU", "RU") or by
  /// any name the gazetteer knows in any language ("Russia", "Россия"), or a
  /// person of the archive outside the gazetteer; a year ("2012"); a
  /// language code ("en"). Errors: kInvalidArgument naming the filter: an
  /// unknown facet, a value that is empty, not a year or not a language code,
  /// an entity neither the gazetteer nor the archive knows, or a name that
  /// means several entities of the archive (the message lists their ids).
  static Result<FilterSet> resolve(const std::vector<FacetFilter>& filters,
                                   const FilterContext& context);

  bool empty() const { return groups_.empty(); }
  const std::vector<FilterGroup>& groups() const { return groups_; }
  /// The filters as resolved, in the order given (duplicates dropped).
  const std::vector<AppliedFilter>& applied() const { return applied_; }

  /// `query` restricted to the articles that pass every filter.
  Xapian::Query restrict(const Xapian::Query& query) const;

  /// True when some filtered facet is among `counted`: its counts then need
  /// articles that fail its filters (relax()).
  bool needs_relaxed_count(const std::vector<std::string>& counted) const;

  /// `query` restricted to the articles that pass every filter of a facet
  /// not in `counted`, and the filters of all the counted facets but at most
  /// one: exactly the articles some facet count (or the total) needs.
  Xapian::Query relax(const Xapian::Query& query, const std::vector<std::string>& counted) const;

  /// The groups that `keys` (an article's facet keys, any order) fail: bit i
  /// for groups()[i].
  std::uint32_t failed(const std::uint64_t* keys, std::size_t n) const;

  /// True if `key` is a selected value.
  bool selected(std::uint64_t key) const;

 private:
  std::vector<FilterGroup> groups_;
  std::vector<AppliedFilter> applied_;
};

/// Runs `query` over every matching article of `shards` for `spy` alone (may
/// be null), with a boolean weight and no collapsing: the counting pass of a
/// search (with filters, over FilterSet::relax). Returns the exact number of
/// articles `query` matches. With `stride` > 1 (local shards only), only the
/// matches in a StratifiedSample of that stride (sample.h) are visited and
/// counted: the return value is their number, and the spy should scale by
/// the stride (FacetSpy::set_scale). Throws Xapian::Error.
Xapian::doccount count_matches(const Shards& shards, const Xapian::Query& query, FacetSpy* spy,
                               Xapian::docid stride = 1);

/// Marks the selected values of `facet` in `values` (FacetSpy::top's list)
/// and appends those that did not make the list, with their counts, so a
/// selected value is always shown (and can be unselected) whatever its rank.
void mark_selected(const FilterSet& filters, const std::string& facet, const FacetSpy& spy,
                   std::vector<FacetValue>* values);

}  // namespace dossier::search
