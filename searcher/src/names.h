// Names of the entities an archive mentions, folded for matching what users
// type: the source of entity completion (Searcher::suggest) and of the entity
// half of "did you mean" (spelling.h).
//
// Two layers, because their costs differ:
//  - AliasTable: every alias of the gazetteer tokenized and folded by the
//    analyzer's tokenizer ("Kim Jong-un" -> "kim jong un"). Tokenizing the
//    ~120,000 aliases is the expensive part, so it is done once per process
//    and shared, like the EntityModel it comes from.
//  - ArchiveNames: the entities one archive mentions (the XE terms of the
//    index, with the number of articles mentioning each), with the keys of
//    their aliases sorted for prefix search, and the people found outside the
//    gazetteer (named in metadata dossier.facet.<key>). It depends on the
//    archive's revision, so a Searcher rebuilds it when a commit changed the
//    index (NamesCache).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/gazetteer.h"
#include "analysis/tokenizer.h"

namespace dossier::search {

/// The folded key of a name: its tokens' terms joined by single spaces, as
/// the analyzer's tokenizer makes them ("Kim Jong-un" -> "kim jong un",
/// "Россия" -> "россия"). Empty when the name has no word.
std::string name_key(const std::vector<analysis::Token>& tokens);

/// Every alias of a gazetteer with its folded key. Immutable; thread-safe.
class AliasTable {
 public:
  struct Alias {
    std::string key;
    std::uint32_t entity = 0;  ///< index in the gazetteer's entities()
    std::uint32_t alias = 0;   ///< index in the gazetteer's aliases()
  };

  /// The table of the built-in gazetteer (analysis::EntityModel::builtin()),
  /// built on first use (thread-safe; about 0.1-0.2 s).
  static std::shared_ptr<const AliasTable> builtin();
  /// A table for any gazetteer.
  static std::shared_ptr<const AliasTable> build(std::shared_ptr<const analysis::Gazetteer> g);

  const analysis::Gazetteer& gazetteer() const { return *gazetteer_; }
  const std::vector<Alias>& aliases() const { return aliases_; }
  /// Indexes into aliases() of the aliases of gazetteer entity `entity`.
  std::pair<const std::uint32_t*, const std::uint32_t*> of_entity(std::uint32_t entity) const {
    return {by_entity_.data() + starts_[entity], by_entity_.data() + starts_[entity + 1]};
  }

 private:
  std::shared_ptr<const analysis::Gazetteer> gazetteer_;
  std::vector<Alias> aliases_;
  std::vector<std::uint32_t> starts_;     // per entity, into by_entity_ (CSR)
  std::vector<std::uint32_t> by_entity_;  // alias indexes grouped by entity
};

/// An entity the archive mentions.
struct NamedEntity {
  std::string id;           ///< "country:KP", "person:x-jo-tae-yong"
  std::string type;         ///< "person", "country", "place", "org"
  std::string name;         ///< canonical name
  std::uint64_t count = 0;  ///< articles mentioning it (document frequency of its XE term)
  int gazetteer = -1;       ///< index in the gazetteer, -1 for people found in the archive
};

/// One name of a mentioned entity, keyed for matching.
struct NameEntry {
  std::string_view key;      ///< folded key (owned by the AliasTable or the ArchiveNames)
  std::uint32_t entity = 0;  ///< index in ArchiveNames::entities()
  analysis::AliasKind kind = analysis::AliasKind::kName;
  std::string_view text;  ///< the name as written in the gazetteer or the archive
};

/// The entities of one archive revision and their names. Immutable once
/// built; thread-safe.
class ArchiveNames {
 public:
  /// Reads the XE terms of `db` (every shard: `shards`, for the metadata
  /// naming people found outside the gazetteer). Throws Xapian::Error (the
  /// caller maps it).
  static std::shared_ptr<const ArchiveNames> build(const Xapian::Database& db,
                                                   const std::vector<Xapian::Database>& shards,
                                                   std::shared_ptr<const AliasTable> table,
                                                   analysis::Analyzer& analyzer);

  const std::vector<NamedEntity>& entities() const { return entities_; }
  /// Every name of every entity, sorted by key.
  const std::vector<NameEntry>& entries() const { return entries_; }
  /// The entries whose key starts with `prefix` (a folded key), as [first, last).
  std::pair<std::size_t, std::size_t> with_prefix(std::string_view prefix) const;
  /// The entries whose key lies in [lo, hi).
  std::pair<std::size_t, std::size_t> in_range(std::string_view lo, std::string_view hi) const;
  /// The mentioned entity with gazetteer index `gazetteer`, or nullptr.
  const NamedEntity* by_gazetteer(std::uint32_t gazetteer) const;

 private:
  std::shared_ptr<const AliasTable> table_;
  std::vector<NamedEntity> entities_;
  std::vector<NameEntry> entries_;
  std::vector<std::int32_t> of_gazetteer_;         // gazetteer index -> entities_ index, or -1
  std::vector<std::unique_ptr<std::string>> own_;  // keys of people found in the archive
};

/// A Searcher's ArchiveNames, rebuilt when the archive's revision changes.
/// Not thread-safe: the Searcher's lock guards it.
class NamesCache {
 public:
  /// The names of `db` at its current revision. Throws Xapian::Error.
  std::shared_ptr<const ArchiveNames> get(const Xapian::Database& db,
                                          const std::vector<Xapian::Database>& shards,
                                          analysis::Analyzer& analyzer);

 private:
  std::string revision_;
  std::shared_ptr<const ArchiveNames> names_;
};

/// A key identifying the revision of `shards`: each shard's revision where
/// Xapian gives one (local databases), else its document count, last docid and
/// total length. Throws Xapian::Error.
std::string revision_key(const std::vector<Xapian::Database>& shards);

}  // namespace dossier::search
