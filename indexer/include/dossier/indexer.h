// Indexer: writes articles into a Dossier index (a Xapian database directory).
//
// Articles are upserted by id: adding an article whose id is already indexed
// replaces it, so indexing the same input twice leaves the same documents.
// Changes are committed in batches (IndexerOptions::batch_size) and by
// commit()/close(); a crash loses at most the uncommitted batch, never what
// was committed.
//
// Only one Indexer may have a database open at a time (Xapian's writer lock);
// a second one gets StatusCode::kLocked. Searchers may read concurrently and see
// each commit on their next query.
//
// Thread-safety: an Indexer is not thread-safe; use it from one thread at a
// time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "dossier/analyzer.h"
#include "dossier/article.h"
#include "dossier/status.h"

namespace dossier {

struct IndexerOptions {
  // Parameters that affect behaviour.

  /// Create the database if `path` does not hold one. Default: true.
  bool create_if_missing = true;
  /// Text analysis for a NEW index. An existing index keeps the analysis it was
  /// created with (stored in it); these options are then ignored.
  AnalyzerOptions analysis;

  /// Group near-identical articles (republished wire stories) so search
  /// shows one per story. Costs one band lookup per article. Default: true.
  bool group_copies = true;

  // Parameters that affect performance.

  /// Articles per commit. Larger batches index faster but use more memory and
  /// lose more on a crash. Default: 2000. REQUIRES: > 0.
  std::size_t batch_size = 2000;
};

/// What add() did with an article.
enum class AddOutcome {
  kAdded,      ///< The id was new.
  kReplaced,   ///< The id existed with other content; the stored article was replaced.
  kUnchanged,  ///< The id existed with the same content; nothing was written.
  kSkipped,    ///< Nothing to index (no title and no body); the reason is in the note.
};

/// What add() did, with an explanation where one is due.
struct AddResult {
  AddOutcome outcome = AddOutcome::kAdded;
  /// Why it was skipped, or a warning about an accepted article (for example
  /// an unrecognised publication date, stored as unknown); empty otherwise.
  std::string note;
};

/// Running totals of one Indexer.
struct IndexStats {
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;
  std::uint64_t skipped = 0;
  std::uint64_t removed = 0;
  std::uint64_t copies = 0;  ///< added or replaced articles found to be copies of another
  std::uint64_t bytes = 0;  ///< Title and body bytes analysed.
};

class Indexer {
 public:
  /// Opens (or creates) the index at `path`.
  /// Errors: kLocked (another writer), kNotFound (missing and
  /// !create_if_missing), kVersionMismatch (index from another format
  /// version), kInvalidArgument (bad options), kIoError, kCorrupt.
  static Result<std::unique_ptr<Indexer>> open(const std::string& path,
                                               const IndexerOptions& options = {});

  /// Commits pending changes (errors are lost; call close() to see them) and
  /// releases the lock.
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  /// Cleans, analyses and stores `article`, unless an article with the same id
  /// and the same content is already indexed (kUnchanged; analysed with the
  /// same gazetteer). An article whose text is a near copy of an indexed one
  /// (a republished wire story) joins that article's group of copies, which
  /// search shows as one hit. An empty id is kInvalidArgument.
  /// An article with neither title nor body is skipped (outcome kSkipped, not an
  /// error). May commit when the batch is full. Errors: kInvalidArgument,
  /// kIoError, kCorrupt.
  Result<AddResult> add(const Article& article);

  /// Deletes the article with `id`. Returns false if there was none.
  /// Errors: kInvalidArgument (closed), kIoError, kCorrupt.
  Result<bool> remove(const std::string& id);

  /// Makes every added article durable and visible to searchers.
  Status commit();

  /// Commits and closes. Later calls on this Indexer return kInvalidArgument.
  Status close();

  /// Number of articles in the index, including uncommitted ones.
  std::uint64_t document_count() const;

  const IndexStats& stats() const;

  /// The analysis in effect (the index's stored configuration).
  const AnalyzerOptions& analysis() const;

 private:
  struct Impl;
  explicit Indexer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
