#include "names.h"

#include <algorithm>
#include <mutex>

#include "analysis/schema.h"

namespace dossier::search {

std::string name_key(const std::vector<analysis::Token>& tokens) {
  std::string key;
  for (const analysis::Token& t : tokens) {
    if (!key.empty())
      key += ' ';
    key += t.term;
  }
  return key;
}

std::shared_ptr<const AliasTable> AliasTable::builtin() {
  static std::once_flag once;
  static std::shared_ptr<const AliasTable> table;
  std::call_once(once, [] { table = build(analysis::EntityModel::builtin()->gazetteer); });
  return table;
}

std::shared_ptr<const AliasTable> AliasTable::build(
    std::shared_ptr<const analysis::Gazetteer> gazetteer) {
  auto table = std::make_shared<AliasTable>();
  table->gazetteer_ = std::move(gazetteer);
  const analysis::Gazetteer& g = *table->gazetteer_;
  analysis::Tokenizer tokenizer;
  std::vector<analysis::Token> tokens;
  const std::vector<analysis::AliasEntry>& aliases = g.aliases();
  table->aliases_.reserve(aliases.size());
  std::vector<std::uint32_t> counts(g.entities().size() + 1, 0);
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    tokens.clear();
    tokenizer.tokenize(aliases[i].text, &tokens);
    std::string key = name_key(tokens);
    if (key.empty())
      continue;
    ++counts[aliases[i].entity + 1];
    table->aliases_.push_back(
        Alias{std::move(key), aliases[i].entity, static_cast<std::uint32_t>(i)});
  }
  // Group the aliases by entity (compressed rows), in file order within one.
  for (std::size_t e = 1; e < counts.size(); ++e)
    counts[e] += counts[e - 1];
  table->starts_ = counts;
  table->by_entity_.resize(table->aliases_.size());
  for (std::size_t i = 0; i < table->aliases_.size(); ++i) {
    table->by_entity_[counts[table->aliases_[i].entity]++] = static_cast<std::uint32_t>(i);
  }
  return table;
}

std::shared_ptr<const ArchiveNames> ArchiveNames::build(const Xapian::Database& db,
                                                        const std::vector<Xapian::Database>& shards,
                                                        std::shared_ptr<const AliasTable> table,
                                                        analysis::Analyzer& analyzer) {
  auto names = std::make_shared<ArchiveNames>();
  names->table_ = std::move(table);
  const AliasTable& t = *names->table_;
  const analysis::Gazetteer& g = t.gazetteer();
  names->of_gazetteer_.assign(g.entities().size(), -1);
  const std::string prefix(schema::kEntityPrefix);
  std::vector<analysis::Token> tokens;
  for (Xapian::TermIterator it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const std::string term = *it;
    NamedEntity e;
    e.id = term.substr(prefix.size());
    e.count = it.get_termfreq();
    const std::size_t colon = e.id.find(':');
    if (colon == std::string::npos || e.count == 0)
      continue;
    e.type = e.id.substr(0, colon);
    e.gazetteer = g.index_of(e.id);
    const auto index = static_cast<std::uint32_t>(names->entities_.size());
    if (e.gazetteer >= 0) {
      e.name = g.entities()[static_cast<std::size_t>(e.gazetteer)].name;
      names->of_gazetteer_[static_cast<std::size_t>(e.gazetteer)] =
          static_cast<std::int32_t>(index);
      const auto [first, last] = t.of_entity(static_cast<std::uint32_t>(e.gazetteer));
      for (const std::uint32_t* a = first; a != last; ++a) {
        const AliasTable::Alias& alias = t.aliases()[*a];
        const analysis::AliasEntry& entry = g.aliases()[alias.alias];
        names->entries_.push_back(NameEntry{alias.key, index, entry.kind, entry.text});
      }
    } else {
      // A person found in the archive: the shard that mentions them names them.
      const std::string key = schema::facet_name_key(
          schema::facet_key(static_cast<unsigned>(analysis::EntityType::kPerson), e.id));
      for (const Xapian::Database& shard : shards) {
        const std::string stored = shard.get_metadata(key);
        const std::size_t tab = stored.find('\t');
        if (tab != std::string::npos) {
          e.name = stored.substr(tab + 1);
          break;
        }
      }
      if (e.name.empty())
        continue;
      tokens.clear();
      analyzer.tokenize(e.name, &tokens);
      names->own_.push_back(std::make_unique<std::string>(name_key(tokens)));
      names->own_.push_back(std::make_unique<std::string>(e.name));
      const std::string& text = *names->own_.back();
      const std::string& k = *names->own_[names->own_.size() - 2];
      if (k.empty())
        continue;
      names->entries_.push_back(NameEntry{k, index, analysis::AliasKind::kName, text});
    }
    names->entities_.push_back(std::move(e));
  }
  std::sort(names->entries_.begin(), names->entries_.end(),
            [](const NameEntry& a, const NameEntry& b) { return a.key < b.key; });
  return names;
}

std::pair<std::size_t, std::size_t> ArchiveNames::in_range(std::string_view lo,
                                                           std::string_view hi) const {
  const auto less = [](const NameEntry& e, std::string_view k) { return e.key < k; };
  const auto first = std::lower_bound(entries_.begin(), entries_.end(), lo, less);
  const auto last = hi.empty() ? entries_.end() : std::lower_bound(first, entries_.end(), hi, less);
  return {static_cast<std::size_t>(first - entries_.begin()),
          static_cast<std::size_t>(last - entries_.begin())};
}

std::pair<std::size_t, std::size_t> ArchiveNames::with_prefix(std::string_view prefix) const {
  const auto less = [](const NameEntry& e, std::string_view k) { return e.key < k; };
  const auto first = std::lower_bound(entries_.begin(), entries_.end(), prefix, less);
  auto last = first;
  while (last != entries_.end() && last->key.substr(0, prefix.size()) == prefix)
    ++last;
  return {static_cast<std::size_t>(first - entries_.begin()),
          static_cast<std::size_t>(last - entries_.begin())};
}

const NamedEntity* ArchiveNames::by_gazetteer(std::uint32_t gazetteer) const {
  if (gazetteer >= of_gazetteer_.size() || of_gazetteer_[gazetteer] < 0)
    return nullptr;
  return &entities_[static_cast<std::size_t>(of_gazetteer_[gazetteer])];
}

std::string revision_key(const std::vector<Xapian::Database>& shards) {
  std::string key;
  for (const Xapian::Database& shard : shards) {
    try {
      key += std::to_string(shard.get_revision());
    } catch (const Xapian::InvalidOperationError&) {
      // Remote shards have no revision to give.
      key += std::to_string(shard.get_doccount()) + '.' + std::to_string(shard.get_lastdocid()) +
             '.' + std::to_string(shard.get_total_length());
    } catch (const Xapian::UnimplementedError&) {
      key += std::to_string(shard.get_doccount()) + '.' + std::to_string(shard.get_lastdocid()) +
             '.' + std::to_string(shard.get_total_length());
    }
    key += ';';
  }
  return key;
}

std::shared_ptr<const ArchiveNames> NamesCache::get(const Xapian::Database& db,
                                                    const std::vector<Xapian::Database>& shards,
                                                    analysis::Analyzer& analyzer) {
  std::string revision = revision_key(shards);
  if (names_ == nullptr || revision != revision_) {
    names_ = ArchiveNames::build(db, shards, AliasTable::builtin(), analyzer);
    revision_ = std::move(revision);
  }
  return names_;
}

}  // namespace dossier::search
