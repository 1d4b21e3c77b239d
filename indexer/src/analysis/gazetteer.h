// Gazetteer: the people, countries, places and organisations Dossier knows by
// name, loaded from the TSV files of corpus/gazetteer/ (compiled into the
// library, so nothing is read from disk at run time unless the caller adds
// files of its own). See corpus/gazetteer/README.md for the file format.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dossier/status.h"

namespace dossier::analysis {

enum class EntityType : std::uint8_t { kPerson, kCountry, kPlace, kOrg };

/// "person", "country", "place", "org".
const char* entity_type_name(EntityType type);
/// Parses an entity type name; false if unknown.
bool parse_entity_type(std::string_view name, EntityType* type);

/// How an alias names its entity; decides how a mention counts.
enum class AliasKind : std::uint8_t {
  kName,     ///< a name of the entity ("North Korea", "DPRK", "Ким Чен Ын")
  kDemonym,  ///< '~': an adjective or people ("Russian"): counts for the country
  kMetonym,  ///< '@': a capital or seat of power standing for the country ("Moscow", "the Kremlin")
  kShort,    ///< '!': a short form ("Kim", "Putin", "北"): resolved from context
  kCommonWord,  ///< '?': also a common word ("Independence", "Pueblo"): counts only
                ///< when the article names the entity otherwise, or a place's country
};

struct Entity {
  std::string id;         ///< stable id, "country:KP", "person:kim-jong-un"
  EntityType type = EntityType::kPerson;
  std::string name;       ///< canonical English name
  std::string country;    ///< linked country id, or ""
  double weight = 1;      ///< prior for ranking ambiguous candidates
  std::string info;       ///< "key=value;..." facts, as in the file
  bool from_gazetteer = true;
};

struct AliasEntry {
  std::string text;  ///< as written in the file, without the kind marker
  std::uint32_t entity = 0;
  AliasKind kind = AliasKind::kName;
};

/// Immutable once built; safe to share between threads (const methods only).
class Gazetteer {
 public:
  /// The gazetteer compiled into the library (corpus/gazetteer at build time).
  /// Built once per process on first use; never fails (the data is checked at
  /// build time by the tests).
  static std::shared_ptr<const Gazetteer> builtin();

  /// Parses gazetteer TSV text (several files may be concatenated with their
  /// headers). `source` names the text in error messages. Errors: kBadInput
  /// with file:line.
  Status add_tsv(std::string_view text, const std::string& source);

  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<AliasEntry>& aliases() const { return aliases_; }

  /// The entity with `id`, or nullptr.
  const Entity* find(std::string_view id) const;
  /// Index of `id` in entities(), or -1.
  int index_of(std::string_view id) const;

  /// Adds given names (one or more per line, '#' comments) from `text`.
  void add_given_names(std::string_view text);
  /// True if the folded word is a given name ("david"; Cyrillic in any case
  /// form: "бориса").
  bool is_given_name(const std::string& folded) const;

  /// A content fingerprint (stored in indexes, so a search can tell when the
  /// gazetteer changed since indexing).
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::vector<Entity> entities_;
  std::vector<AliasEntry> aliases_;
  std::unordered_map<std::string, std::uint32_t> by_id_;
  std::unordered_set<std::string> given_names_;  // folded; Cyrillic as inflection keys
  std::string fingerprint_;
  std::uint64_t hash_ = 1469598103934665603ULL;
};

}  // namespace dossier::analysis
