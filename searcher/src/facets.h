// Facet counting over the whole match set.
//
// An article mentions many entities, so Xapian's stock ValueCountMatchSpy (one
// value per document) cannot count them. EntityFacetSpy reads the entity list
// the indexer stores in one value slot (schema kEntitiesValue) and counts
// every entity of the wanted types once per matching article.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analysis/gazetteer.h"
#include "dossier/searcher.h"

namespace dossier::search {

/// One parsed line of the entities value.
struct StoredEntity {
  std::string_view id;
  std::string_view name;  ///< only for people not in the gazetteer
};

/// Splits the schema's entities value into its lines.
std::vector<StoredEntity> parse_entities_value(std::string_view value);

/// The type part of an entity id ("person" for "person:kim-jong-un").
std::string_view entity_id_type(std::string_view id);

class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  /// `types`: the facet names to count ("person", "country", ...).
  explicit EntityFacetSpy(const std::vector<std::string>& types);

  void operator()(const Xapian::Document& doc, double weight) override;

  /// The `limit` most frequent values of facet `type`, ties by name; names from
  /// `gazetteer`, or as stored for people it lacks.
  std::vector<FacetValue> top(const std::string& type, std::size_t limit,
                              const analysis::Gazetteer& gazetteer) const;

 private:
  struct Count {
    std::uint64_t count = 0;
    std::string name;
  };
  bool wanted_[4] = {false, false, false, false};  // person, country, place, org
  std::unordered_map<std::string, Count> counts_;
  std::string key_;  // reused lookup buffer
};

/// Index of a type name in EntityFacetSpy's order, or -1.
int facet_index(std::string_view type);

/// True for the facets YearFacetSpy counts ("year", "mentioned_year").
bool is_year_facet(std::string_view name);

/// Counts publication years (value slot kPublishedValue) and mentioned years
/// (kMentionedYearsValue) of every matching article; for timelines, also
/// publication periods (years or months).
class YearFacetSpy : public Xapian::MatchSpy {
 public:
  enum class Periods { kNone, kYears, kMonths };
  YearFacetSpy(bool published, bool mentioned, Periods periods = Periods::kNone)
      : published_(published), mentioned_(mentioned), periods_mode_(periods) {}

  void operator()(const Xapian::Document& doc, double weight) override;

  /// The `limit` most frequent years, ties to the later year.
  std::vector<FacetValue> top(const std::string& facet, std::size_t limit) const;

  /// Publication counts by "YYYY" or "YYYY-MM", and the number of articles
  /// without a date at that precision.
  const std::map<std::string, std::uint64_t>& periods() const { return periods_; }
  std::uint64_t undated() const { return undated_; }

 private:
  bool published_, mentioned_;
  Periods periods_mode_;
  std::unordered_map<int, std::uint64_t> published_years_;
  std::unordered_map<int, std::uint64_t> mentioned_years_;
  std::map<std::string, std::uint64_t> periods_;
  std::uint64_t undated_ = 0;
};

}  // namespace dossier::search
