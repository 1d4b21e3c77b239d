#include "facets.h"

#include <algorithm>

#include "analysis/schema.h"

namespace dossier::search {

namespace {
constexpr const char* kFacetTypes[] = {"person", "country", "place", "org"};
}  // namespace

int facet_index(std::string_view type) {
  for (int i = 0; i < 4; ++i) {
    if (type == kFacetTypes[i]) return i;
  }
  return -1;
}

std::string_view entity_id_type(std::string_view id) {
  const std::size_t colon = id.find(':');
  return colon == std::string_view::npos ? std::string_view() : id.substr(0, colon);
}

std::vector<StoredEntity> parse_entities_value(std::string_view value) {
  std::vector<StoredEntity> out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find('\n', pos);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view line = value.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) continue;
    StoredEntity e;
    e.id = line.substr(0, tab1);
    const std::size_t tab2 = line.find('\t', tab1 + 1);
    if (tab2 != std::string_view::npos) e.name = line.substr(tab2 + 1);
    out.push_back(e);
  }
  return out;
}

EntityFacetSpy::EntityFacetSpy(const std::vector<std::string>& types) {
  for (const std::string& t : types) {
    const int i = facet_index(t);
    if (i >= 0) wanted_[i] = true;
  }
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  const std::string value = doc.get_value(schema::kEntitiesValue);
  const std::string_view v = value;
  std::size_t pos = 0;
  while (pos < v.size()) {
    std::size_t end = v.find('\n', pos);
    if (end == std::string_view::npos) end = v.size();
    const std::string_view line = v.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) continue;
    const std::string_view id = line.substr(0, tab1);
    const int type = facet_index(entity_id_type(id));
    if (type < 0 || !wanted_[type]) continue;
    key_.assign(id.data(), id.size());
    Count& c = counts_[key_];
    ++c.count;
    if (c.count == 1) {
      const std::size_t tab2 = line.find('\t', tab1 + 1);
      if (tab2 != std::string_view::npos) c.name = std::string(line.substr(tab2 + 1));
    }
  }
}

std::vector<FacetValue> EntityFacetSpy::top(const std::string& type, std::size_t limit,
                                            const analysis::Gazetteer& gazetteer) const {
  std::vector<FacetValue> values;
  for (const auto& [id, c] : counts_) {
    if (entity_id_type(id) != type) continue;
    FacetValue v;
    v.id = id;
    v.count = c.count;
    values.push_back(std::move(v));
  }
  auto name_of = [&](FacetValue& v) {
    if (!v.name.empty()) return;
    if (const analysis::Entity* e = gazetteer.find(v.id)) {
      v.name = e->name;
    } else {
      v.name = counts_.at(v.id).name;
      if (v.name.empty()) v.name = v.id;
    }
  };
  // Rank by count; names are needed only to break ties among the top ones.
  const std::size_t n = std::min(limit, values.size());
  std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), values.end(),
                    [](const FacetValue& a, const FacetValue& b) {
                      return a.count != b.count ? a.count > b.count : a.id < b.id;
                    });
  values.resize(n);
  for (FacetValue& v : values) name_of(v);
  std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
  return values;
}

bool is_year_facet(std::string_view name) { return name == "year" || name == "mentioned_year"; }

void YearFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (published_ || periods_mode_ != Periods::kNone) {
    const std::string v = doc.get_value(schema::kPublishedValue);
    if (v.size() == 8 && published_) ++published_years_[std::stoi(v.substr(0, 4))];
    if (periods_mode_ == Periods::kYears) {
      if (v.size() == 8) {
        ++periods_[v.substr(0, 4)];
      } else {
        ++undated_;
      }
    } else if (periods_mode_ == Periods::kMonths) {
      if (v.size() == 8 && v.compare(4, 2, "00") != 0) {
        ++periods_[v.substr(0, 4) + "-" + v.substr(4, 2)];
      } else {
        ++undated_;
      }
    }
  }
  if (mentioned_) {
    const std::string v = doc.get_value(schema::kMentionedYearsValue);
    int year = 0;
    for (char c : v) {
      if (c >= '0' && c <= '9') {
        year = year * 10 + (c - '0');
      } else {
        if (year) ++mentioned_years_[year];
        year = 0;
      }
    }
    if (year) ++mentioned_years_[year];
  }
}

std::vector<FacetValue> YearFacetSpy::top(const std::string& facet, std::size_t limit) const {
  const auto& counts = facet == "year" ? published_years_ : mentioned_years_;
  std::vector<std::pair<int, std::uint64_t>> all(counts.begin(), counts.end());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first > b.first;
  });
  std::vector<FacetValue> out;
  for (std::size_t i = 0; i < all.size() && i < limit; ++i) {
    FacetValue v;
    v.id = v.name = std::to_string(all[i].first);
    v.count = all[i].second;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace dossier::search
