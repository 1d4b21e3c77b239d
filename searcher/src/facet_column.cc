#include "facet_column.h"

#include <algorithm>

#include "analysis/schema.h"

namespace dossier::search {

std::shared_ptr<const FacetColumn> FacetColumn::load(const Xapian::Database& db) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = db.get_revision();
  const Xapian::docid last = db.get_lastdocid();
  column->starts_.assign(static_cast<std::size_t>(last) + 2, 0);
  // About 17 keys an article on KCNA: one allocation in the common case.
  column->keys_.reserve(db.get_value_freq(schema::kFacetKeysValue) * 16);
  Xapian::docid filled = 0;  // starts_ is final up to and including this docid
  for (Xapian::ValueIterator it = db.valuestream_begin(schema::kFacetKeysValue);
       it != db.valuestream_end(schema::kFacetKeysValue); ++it) {
    const Xapian::docid did = it.get_docid();
    if (did > last) break;  // a document added after get_lastdocid(): next revision
    for (Xapian::docid d = filled + 1; d <= did; ++d) column->starts_[d] = column->keys_.size();
    filled = did;
    const std::string value = *it;
    const auto* p = reinterpret_cast<const unsigned char*>(value.data());
    for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
      std::uint64_t key = 0;
      for (int b = 7; b >= 0; --b) key = (key << 8) | p[i + static_cast<std::size_t>(b)];
      column->keys_.push_back(key);
    }
  }
  for (std::size_t d = filled + 1; d < column->starts_.size(); ++d) {
    column->starts_[d] = column->keys_.size();
  }
  // Groups with more than one article: sort the group keys, keep repeats.
  std::vector<std::uint64_t> groups;
  for (std::uint64_t key : column->keys_) {
    if (schema::facet_key_type(key) == schema::kClusterFacet) groups.push_back(key);
  }
  std::sort(groups.begin(), groups.end());
  std::vector<std::uint64_t> shared;
  for (std::size_t i = 1; i < groups.size(); ++i) {
    if (groups[i] == groups[i - 1] && (shared.empty() || shared.back() != groups[i])) {
      shared.push_back(groups[i]);
    }
  }
  for (std::uint64_t& key : column->keys_) {
    if (schema::facet_key_type(key) == schema::kClusterFacet &&
        !std::binary_search(shared.begin(), shared.end(), key)) {
      key = kSingletonStoryKey;
    }
  }
  return column;
}

}  // namespace dossier::search
