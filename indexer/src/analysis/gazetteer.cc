#include "analysis/gazetteer.h"

#include "analysis/entity_matcher.h"
#include "analysis/fold.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

// The TSV files of corpus/gazetteer, linked in by gazetteer_data.S (generated
// by CMake): one NUL-terminated blob holding every file in turn.
extern "C" const char dossier_gazetteer_data[];
extern "C" const char dossier_given_names_data[];

namespace dossier::analysis {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

constexpr std::string_view kHeader = "id\ttype\tname\tcountry\taliases\tweight\tinfo";

}  // namespace

const char* entity_type_name(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "person";
    case EntityType::kCountry: return "country";
    case EntityType::kPlace: return "place";
    case EntityType::kOrg: return "org";
  }
  return "?";
}

bool parse_entity_type(std::string_view name, EntityType* type) {
  for (EntityType t : {EntityType::kPerson, EntityType::kCountry, EntityType::kPlace,
                       EntityType::kOrg}) {
    if (name == entity_type_name(t)) {
      *type = t;
      return true;
    }
  }
  return false;
}

std::shared_ptr<const Gazetteer> Gazetteer::builtin() {
  static std::shared_ptr<const Gazetteer> instance = [] {
    auto g = std::make_shared<Gazetteer>();
    Status s = g->add_tsv(dossier_gazetteer_data, "built-in gazetteer");
    g->add_given_names(dossier_given_names_data);
    // The built-in data is validated by the test suite; a failure here means
    // a broken build, and an empty gazetteer is the safe degradation.
    if (!s.ok()) return std::make_shared<Gazetteer>();
    return std::shared_ptr<Gazetteer>(std::move(g));
  }();
  return instance;
}

Status Gazetteer::add_tsv(std::string_view text, const std::string& source) {
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#' || line == kHeader) continue;
    const std::vector<std::string_view> f = split(line, '\t');
    auto fail = [&](const std::string& why) {
      return Status::bad_input(source + ":" + std::to_string(line_no) + ": " + why);
    };
    if (f.size() != 7) return fail("expected 7 tab-separated fields, found " + std::to_string(f.size()));
    EntityType type;
    if (f[0].empty()) return fail("empty id");
    if (!parse_entity_type(f[1], &type)) return fail("unknown type \"" + std::string(f[1]) + "\"");
    for (unsigned char c : line) hash_ = (hash_ ^ c) * 1099511628211ULL;

    std::uint32_t index;
    const auto found = by_id_.find(std::string(f[0]));
    if (found == by_id_.end()) {
      index = static_cast<std::uint32_t>(entities_.size());
      Entity e;
      e.id = std::string(f[0]);
      e.type = type;
      entities_.push_back(std::move(e));
      by_id_.emplace(entities_.back().id, index);
    } else {
      index = found->second;  // a later row for the same id adds to it
    }
    Entity& e = entities_[index];
    if (!f[2].empty()) e.name = std::string(f[2]);
    if (!f[3].empty()) e.country = std::string(f[3]);
    if (!f[5].empty()) e.weight = std::strtod(std::string(f[5]).c_str(), nullptr);
    if (!f[6].empty()) e.info = std::string(f[6]);
    if (e.name.empty()) return fail("entity " + e.id + " has no name");

    auto add_alias = [&](std::string_view a) {
      AliasKind kind = AliasKind::kName;
      if (!a.empty()) {
        switch (a[0]) {
          case '~': kind = AliasKind::kDemonym; break;
          case '@': kind = AliasKind::kMetonym; break;
          case '!': kind = AliasKind::kShort; break;
          case '?': kind = AliasKind::kCommonWord; break;
          default: break;
        }
        if (kind != AliasKind::kName) a.remove_prefix(1);
      }
      if (a.empty() || a == "null") return;
      aliases_.push_back(AliasEntry{std::string(a), index, kind});
    };
    // The name is the first alias by contract; add it only if a row has no aliases.
    if (f[4].empty()) add_alias(f[2]);
    if (!f[4].empty()) {
      for (std::string_view a : split(f[4], '|')) add_alias(a);
    }
  }
  char fp[24];
  std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(hash_));
  fingerprint_ = fp;
  return Status();
}

void Gazetteer::add_given_names(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    for (std::string_view word : split(line, ' ')) {
      if (word.empty()) continue;
      const std::string folded = fold(word);
      given_names_.insert(inflection_key(folded));
    }
  }
}

bool Gazetteer::is_given_name(const std::string& folded) const {
  return !given_names_.empty() && given_names_.count(inflection_key(folded)) != 0;
}

const Entity* Gazetteer::find(std::string_view id) const {
  const int i = index_of(id);
  return i < 0 ? nullptr : &entities_[static_cast<std::size_t>(i)];
}

int Gazetteer::index_of(std::string_view id) const {
  const auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? -1 : static_cast<int>(it->second);
}

}  // namespace dossier::analysis
