// Stored articles compressed with a dictionary of the archive's own
// (schema.h: Document data).
//
// Glass compresses each document's data on its own with zlib; a news article
// is too short for that to find much to reuse (KCNA: 34.0 MB of JSON became
// 17.2 MB). A zstd dictionary trained on a sample of the archive's articles
// holds what they share (datelines, titles, set phrases, the JSON keys), and
// each article then compresses against it: 10.5 MB, and 1.3 us to read one
// back. The dictionary is trained once, when an index first takes enough
// articles, and stored in the index's metadata under its zstd id; every frame
// names that id, so shards merged or listed together each keep their own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier::analysis {

/// A trained dictionary, ready to compress and decompress with. Immutable
/// once made, so one may be shared by every thread.
class DataDictionary {
 public:
  /// Articles a dictionary is trained on; fewer than kMinSamples, and there
  /// is too little to learn from.
  static constexpr std::size_t kSamples = 1000;
  static constexpr std::size_t kMinSamples = 500;

  /// Trains on `samples` (stored-article records). Null when zstd cannot
  /// (too few or too uniform samples): the articles are then stored plain.
  static std::shared_ptr<const DataDictionary> train(const std::vector<std::string>& samples);
  /// The dictionary whose bytes() are `bytes`; null if they are not one.
  static std::shared_ptr<const DataDictionary> load(std::string bytes);

  ~DataDictionary();
  DataDictionary(const DataDictionary&) = delete;
  DataDictionary& operator=(const DataDictionary&) = delete;

  /// zstd's id of the dictionary, which every frame made with it names.
  std::uint32_t id() const { return id_; }
  /// What to store (metadata schema::data_dictionary_key(id())).
  const std::string& bytes() const { return bytes_; }

  /// Compresses `data` into `out` (replaced) with the caller's context.
  class Context;
  void compress(std::string_view data, Context& context, std::string* out) const;
  /// What compress() wrote, back. kCorrupt for a damaged frame or one made
  /// with another dictionary.
  Result<std::string> decompress(std::string_view frame) const;

 private:
  DataDictionary() = default;
  struct Handles;
  std::string bytes_;
  std::uint32_t id_ = 0;
  std::unique_ptr<Handles> handles_;
};

/// A compression context: one per thread (not thread-safe).
class DataDictionary::Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

 private:
  friend class DataDictionary;
  void* cctx_;
};

/// True if `data` is a compressed frame, not a JSON record.
bool is_compressed_data(std::string_view data);
/// The id of the dictionary a compressed frame was made with (0 if none).
std::uint32_t data_dictionary_id(std::string_view frame);

}  // namespace dossier::analysis
