// Facet counting over the whole match set.
//
// An article mentions many entities, so Xapian's stock ValueCountMatchSpy (one
// value per document) cannot count them. EntityFacetSpy reads the entity list
// the indexer stores in one value slot (schema kEntitiesValue) and counts
// every entity of the wanted types once per matching article.
#pragma once

#include <cstdint>
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

}  // namespace dossier::search
