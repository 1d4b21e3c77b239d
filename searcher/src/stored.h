// The document data of an article (schema: a flat JSON object of strings,
// written by the indexer's document_builder.cc), read back for display.
//
// Every shown hit reads one, so the common shape, a flat object of strings,
// is scanned directly into the fields (about a tenth of a query's time went
// to building nlohmann's tree of the whole object, body included). Anything
// else (nested values, a malformed or foreign record) goes through
// nlohmann::json, so the answer is always the parser's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/stored_data.h"
#include "dossier/searcher.h"

namespace dossier::search {

/// A stored record: the article, and the values that format 7 stores in it
/// rather than in value slots (schema.h: Document data): the entities text
/// (as kEntitiesValue) and the date spans (as kDateSpansValue).
struct StoredRecord {
  StoredArticle article;
  std::string entities;
  std::string date_spans;
};

/// Reads stored articles back: a JSON record as it is, a compressed one
/// (format 7, analysis/stored_data.h) with the dictionary its frame names,
/// loaded once from the metadata of the shard that holds the article.
/// Thread-safe. Borrows `shards` (each shard, in the order of the database
/// that combines them), which must outlive it. `values_in_slots`: the shards
/// are of a format (2-6) that may keep entities and date spans in value
/// slots; format 7 never does, and its records are then read without a
/// value lookup.
class StoredReader {
 public:
  explicit StoredReader(const std::vector<Xapian::Database>* shards, bool values_in_slots = true)
      : shards_(shards), values_in_slots_(values_in_slots) {}

  /// The JSON record of document `did` (a docid of the combined database)
  /// whose data is `data`. Throws Xapian::DatabaseCorruptError naming the
  /// document when its frame is damaged or its dictionary is missing, and
  /// Xapian's errors reading the metadata.
  std::string record(Xapian::docid did, std::string data);
  /// parse_stored_article(record(did, data)).
  StoredArticle article(Xapian::docid did, std::string data);
  /// The whole record of `doc` (document `did`), with its entities and date
  /// spans from their value slots where an older format put them there.
  StoredRecord full_record(Xapian::docid did, const Xapian::Document& doc);
  /// Only the entities text of `doc` (the value slot, else the record's).
  std::string entities(Xapian::docid did, const Xapian::Document& doc);

 private:
  const std::vector<Xapian::Database>* shards_;
  const bool values_in_slots_;
  std::mutex mutex_;
  std::map<std::uint32_t, std::shared_ptr<const analysis::DataDictionary>> dictionaries_;
};

/// The fields of a document-data record; empty fields for what it lacks or
/// when it is not a JSON object. Never throws.
StoredArticle parse_stored_article(std::string_view data);
/// The same with the record's other fields (StoredRecord). Never throws.
StoredRecord parse_stored_record(std::string_view data);

/// The same through nlohmann::json alone: the reference the fast path is
/// tested against.
StoredArticle parse_stored_article_slowly(std::string_view data);

}  // namespace dossier::search
