#include "facets.h"

#include <algorithm>
#include <cstdio>

#include "analysis/schema.h"
#include "filters.h"

namespace dossier::search {

namespace {
// In facet-key type order (schema::facet_key).
constexpr const char* kFacetTypes[] = {"person", "country", "place", "org", "year",
                                       "mentioned_year", "lang"};
}  // namespace

int facet_index(std::string_view type) {
  for (int i = 0; i < 7; ++i) {
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
    std::string_view fields[4];
    std::size_t f = 0, start = 0;
    for (std::size_t i = 0; i <= line.size() && f < 4; ++i) {
      if (i == line.size() || line[i] == '\t') {
        fields[f++] = line.substr(start, i - start);
        start = i + 1;
      }
    }
    if (f < 2) continue;
    StoredEntity e;
    e.id = fields[0];
    e.name = fields[2];
    std::string_view spans = fields[3];
    while (!spans.empty()) {
      const std::size_t comma = spans.find(',');
      const std::string_view one = spans.substr(0, comma);
      const std::size_t dash = one.find('-');
      if (dash != std::string_view::npos) {
        e.spans.emplace_back(std::stoul(std::string(one.substr(0, dash))),
                             std::stoul(std::string(one.substr(dash + 1))));
      }
      if (comma == std::string_view::npos) break;
      spans.remove_prefix(comma + 1);
    }
    out.push_back(std::move(e));
  }
  return out;
}

FacetSpy::FacetSpy(const std::vector<std::string>& facets, bool stories) {
  for (const std::string& f : facets) {
    const int i = facet_index(f);
    if (i >= 0) wanted_[i] = true;
  }
  wanted_[schema::kClusterFacet] = stories;
  keys_.assign(4096, 0);
  counts_.assign(4096, 0);
}

void FacetSpy::grow() {
  std::vector<std::uint64_t> keys(keys_.size() * 2, 0);
  std::vector<std::uint32_t> counts(counts_.size() * 2, 0);
  const std::size_t mask = keys.size() - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    std::size_t h = (keys_[i] * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
    while (keys[h] != 0) h = (h + 1) & mask;
    keys[h] = keys_[i];
    counts[h] = counts_[i];
  }
  keys_.swap(keys);
  counts_.swap(counts);
}

void FacetSpy::add(std::uint64_t key, std::uint32_t times) {
  split_ = false;
  if ((used_ + 1) * 2 > keys_.size()) grow();
  const std::size_t mask = keys_.size() - 1;
  std::size_t h = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
  while (keys_[h] != 0 && keys_[h] != key) h = (h + 1) & mask;
  if (keys_[h] == 0) {
    keys_[h] = key;
    ++used_;
    if (schema::facet_key_type(key) == schema::kClusterFacet) ++stories_;
  }
  counts_[h] += times;
}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (column_ != nullptr) {
    const auto [begin, end] = column_->keys(doc.get_docid());
    add_decoded(begin, static_cast<std::size_t>(end - begin), scale_);
  } else {
    add_keys(doc.get_value(schema::kFacetKeysValue), scale_);
  }
}

void FacetSpy::clear() {
  std::fill(keys_.begin(), keys_.end(), 0);
  std::fill(counts_.begin(), counts_.end(), 0);
  used_ = 0;
  matches_ = 0;
  stories_ = 0;
  singles_ = 0;
  split_ = false;
}

std::unique_ptr<FacetSpy> FacetSpy::empty_like() const {
  auto spy = std::make_unique<FacetSpy>(std::vector<std::string>{}, false);
  std::copy(std::begin(wanted_), std::end(wanted_), spy->wanted_);
  spy->filters_ = filters_;
  spy->column_ = column_;
  spy->scale_ = scale_;
  return spy;
}

void FacetSpy::merge(const FacetSpy& other) {
  for (std::size_t i = 0; i < other.keys_.size(); ++i) {
    if (other.keys_[i] != 0) add(other.keys_[i], other.counts_[i]);
  }
  matches_ += other.matches_;
  singles_ += other.singles_;
}

void FacetSpy::add_keys(std::string_view value, std::uint32_t times) {
  doc_keys_.clear();
  for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
    doc_keys_.push_back(schema::decode_u64(value.substr(i, 8)));
  }
  add_decoded(doc_keys_.data(), doc_keys_.size(), times);
}

void FacetSpy::add_decoded(const std::uint64_t* keys, std::size_t n, std::uint32_t times) {
  const std::uint32_t failed = filters_ == nullptr ? 0 : filters_->failed(keys, n);
  if (failed == 0) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!wanted_[schema::facet_key_type(keys[i])]) continue;
      // A story of one article (facet_column.h): nothing to tell apart.
      if (keys[i] == kSingletonStoryKey) {
        singles_ += times;
      } else {
        add(keys[i], times);
      }
    }
    matches_ += times;
    return;
  }
  if ((failed & (failed - 1)) != 0) return;  // fails two facets: counts nowhere
  // Fails one facet's filters only: it counts among that facet's values, as
  // if the facet were not filtered.
  unsigned group = 0;
  while (!(failed & (1u << group))) ++group;
  const unsigned type = filters_->groups()[group].type;
  if (!wanted_[type]) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (schema::facet_key_type(keys[i]) == type) add(keys[i], times);
  }
}

std::uint32_t FacetSpy::count(std::uint64_t key) const {
  const std::size_t mask = keys_.size() - 1;
  std::size_t h = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
  while (keys_[h] != 0) {
    if (keys_[h] == key) return counts_[h];
    h = (h + 1) & mask;
  }
  return 0;
}

void FacetSpy::for_each(const std::string& facet,
                        const std::function<void(std::uint64_t, std::uint32_t)>& visit) const {
  const int wanted = facet_index(facet);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] != 0 && static_cast<int>(schema::facet_key_type(keys_[i])) == wanted) {
      visit(keys_[i], counts_[i]);
    }
  }
}


std::vector<FacetValue> FacetSpy::top(const std::string& facet, std::size_t limit,
                                      const FacetNamer& namer) const {
  const int wanted = facet_index(facet);
  const bool years = is_year_facet(facet);
  const bool languages = facet == "lang";
  if (wanted < 0) return {};
  // One pass over the table splits it by facet for every top() to come: a
  // response asks for up to seven.
  if (!split_) {
    for (auto& list : by_type_) list.clear();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) by_type_[schema::facet_key_type(keys_[i])].emplace_back(keys_[i], counts_[i]);
    }
    split_ = true;
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> all = by_type_[wanted];
  // Rank by count; entity ties are broken by name among the values shown, so
  // take a few more than asked before naming.
  const std::size_t n = std::min(all.size(), years || languages ? limit : limit + 16);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first > b.first;
                    });
  std::vector<FacetValue> values;
  for (std::size_t i = 0; i < n; ++i) {
    if (years || languages) {
      const std::string name = years ? std::to_string(schema::facet_key_year(all[i].first))
                                     : schema::facet_key_language(all[i].first);
      values.push_back(FacetValue{name, name, all[i].second});
      continue;
    }
    FacetName name = namer(all[i].first);
    if (name.id.empty()) continue;  // not named: an index written by another gazetteer
    values.push_back(FacetValue{std::move(name.id), std::move(name.name), all[i].second});
  }
  if (!years && !languages) {
    std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
  }
  if (values.size() > limit) values.resize(limit);
  return values;
}

bool is_year_facet(std::string_view name) { return name == "year" || name == "mentioned_year"; }

void TimelineSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (column_ != nullptr) {
    add_day(column_->published(doc.get_docid()), 1);
  } else {
    add_published(doc.get_value(schema::kPublishedValue), 1);
  }
}

void TimelineSpy::add_published(const std::string& value, std::uint64_t times) {
  add_day(publication_number(value), times);
}

void TimelineSpy::add_day(std::uint32_t day, std::uint64_t times) {
  const std::uint32_t month = day / 100 % 100;
  if (day == 0 || (months_ && month == 0)) {
    undated_ += times;
  } else {
    counts_[months_ ? day / 100 : day / 10000] += times;
  }
}

std::unique_ptr<TimelineSpy> TimelineSpy::empty_like() const {
  auto spy = std::make_unique<TimelineSpy>(months_ ? Periods::kMonths : Periods::kYears);
  spy->column_ = column_;
  return spy;
}

void TimelineSpy::merge(const TimelineSpy& other) {
  for (const auto& [period, n] : other.counts_) counts_[period] += n;
  undated_ += other.undated_;
}

std::map<std::string, std::uint64_t> TimelineSpy::periods() const {
  std::map<std::string, std::uint64_t> out;
  char key[16];
  for (const auto& [period, n] : counts_) {
    if (months_) {
      std::snprintf(key, sizeof key, "%04u-%02u", period / 100, period % 100);
    } else {
      std::snprintf(key, sizeof key, "%04u", period);
    }
    out[key] += n;
  }
  return out;
}

}  // namespace dossier::search
