#include "facet_column.h"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <string>

#include "analysis/schema.h"

namespace dossier::search {

namespace {

// FacetColumn::shared's columns by (database UUID, revision): a weak
// reference once read (the holders decide how long it lives), and the read
// under way before that, for callers that arrive meanwhile.
struct SharedSlot {
  std::weak_ptr<const FacetColumn> column;
  std::shared_future<std::shared_ptr<const FacetColumn>> reading;
};
using SharedKey = std::pair<std::string, Xapian::rev>;

std::mutex& shared_mutex() {
  static std::mutex m;
  return m;
}

std::map<SharedKey, SharedSlot>& shared_slots() {
  static std::map<SharedKey, SharedSlot> slots;
  return slots;
}

}  // namespace

std::shared_ptr<const FacetColumn> FacetColumn::shared(const Xapian::Database& db) {
  const SharedKey key{db.get_uuid(), db.get_revision()};
  std::promise<std::shared_ptr<const FacetColumn>> mine;
  std::shared_future<std::shared_ptr<const FacetColumn>> theirs;
  {
    std::lock_guard<std::mutex> lock(shared_mutex());
    auto& slots = shared_slots();
    for (auto it = slots.begin(); it != slots.end();) {  // forget columns nobody holds
      const bool idle = it->second.column.expired() && !it->second.reading.valid();
      it = idle && it->first != key ? slots.erase(it) : std::next(it);
    }
    SharedSlot& slot = slots[key];
    if (auto held = slot.column.lock()) return held;
    if (slot.reading.valid()) {
      theirs = slot.reading;
    } else {
      slot.reading = mine.get_future().share();
    }
  }
  if (theirs.valid()) return theirs.get();
  try {
    std::shared_ptr<const FacetColumn> column = load(db);
    {
      std::lock_guard<std::mutex> lock(shared_mutex());
      SharedSlot& slot = shared_slots()[key];
      slot.column = column;
      slot.reading = {};  // the future's copy would keep the column alive
    }
    mine.set_value(column);
    return column;
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(shared_mutex());
      shared_slots().erase(key);
    }
    mine.set_exception(std::current_exception());
    throw;
  }
}

std::shared_ptr<const FacetColumn> FacetColumn::load(const Xapian::Database& db) {
  auto column = std::make_shared<FacetColumn>();
  column->revision_ = db.get_revision();
  const Xapian::docid last = db.get_lastdocid();
  column->starts_.assign(static_cast<std::size_t>(last) + 2, 0);
  // Room for the keys as the first 1,024 articles with keys have them, and a
  // little more: one allocation in the common case. (A fixed 16 an article
  // reserved 128 MB at a million synthetic articles, 17 keys each, then grew
  // to 256 MB with a copy; KCNA's articles have about 9.)
  {
    std::uint64_t bytes = 0, values = 0;
    for (Xapian::ValueIterator it = db.valuestream_begin(schema::kFacetKeysValue);
         it != db.valuestream_end(schema::kFacetKeysValue) && values < 1024; ++it, ++values) {
      bytes += (*it).size();
    }
    const double per_value = values == 0 ? 0.0 : static_cast<double>(bytes) / 8.0 / values;
    column->keys_.reserve(static_cast<std::size_t>(
        per_value * 1.05 * static_cast<double>(db.get_value_freq(schema::kFacetKeysValue)) + 1024));
  }
  Xapian::docid filled = 0;  // starts_ is final up to and including this docid
  for (Xapian::ValueIterator it = db.valuestream_begin(schema::kFacetKeysValue);
       it != db.valuestream_end(schema::kFacetKeysValue); ++it) {
    const Xapian::docid did = it.get_docid();
    if (did > last) break;  // a document added after get_lastdocid(): next revision
    for (Xapian::docid d = filled + 1; d <= did; ++d) column->starts_[d] = column->keys_.size();
    filled = did;
    const std::string value = *it;
    for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
      column->keys_.push_back(schema::decode_u64(std::string_view(value).substr(i, 8)));
    }
  }
  for (std::size_t d = filled + 1; d < column->starts_.size(); ++d) {
    column->starts_[d] = column->keys_.size();
  }
  column->published_.assign(static_cast<std::size_t>(last) + 1, 0);
  for (Xapian::ValueIterator it = db.valuestream_begin(schema::kPublishedValue);
       it != db.valuestream_end(schema::kPublishedValue); ++it) {
    const Xapian::docid did = it.get_docid();
    if (did > last) break;
    column->published_[did] = publication_number(*it);
  }
  // Xapian keeps document lengths as the posting list of the empty term.
  column->lengths_.assign(static_cast<std::size_t>(last) + 1, 0);
  for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::docid did = *it;
    if (did > last) break;
    column->lengths_[did] = it.get_doclength();
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
