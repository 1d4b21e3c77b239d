// Indexer: writes articles into a Dossier index (a Xapian database directory).
//
// Articles are upserted by id: adding an article whose id is already indexed
// replaces it, so indexing the same input twice leaves the same documents.
//
// Two ways of writing, chosen when the index is opened:
//
// - Bulk build (a new or empty index, IndexerOptions::bulk): articles are
//   written into temporary segment databases beside the index, by every job
//   in parallel, every batch_size articles, and merged into the index by
//   Xapian's compactor, which leaves it compact. The index itself changes only
//   at an install: when close() or commit() is called, and during a long run
//   each time the segments hold as many articles as the index (at least
//   25 x batch_size). An install replaces the index directory atomically, so
//   readers see the index before or after it, never between. A crash loses
//   what was not installed; the temporary directories (".NAME.dossier-*"
//   beside the index) are removed by the next open.
// - Incremental (an index with documents): the jobs analyse in parallel and
//   one writer applies the articles in input order, committing every
//   batch_size articles; a crash loses at most the uncommitted batch.
//
// Either way the documents, terms, values, groups of copies and outcomes do
// not depend on IndexerOptions::jobs: a run with 8 jobs gives the index a run
// with 1 job gives, document ids included.
//
// Only one Indexer may have a database open at a time (Xapian's writer lock);
// a second one gets StatusCode::kLocked. Searchers may read concurrently and see
// each commit (or install) on their next query.
//
// Thread-safety: an Indexer is not thread-safe; use it from one thread at a
// time. It runs worker threads of its own (IndexerOptions::jobs), which never
// call back into user code: callbacks run on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

  /// Articles per commit (incremental) or per segment (bulk build). Larger
  /// batches index faster but use more memory and lose more on a crash.
  /// Default: 2000. REQUIRES: > 0.
  std::size_t batch_size = 2000;

  /// Threads that analyse articles given to submit() (and, in a bulk build,
  /// write them). 0: one per core (std::thread::hardware_concurrency()). The
  /// index written does not depend on it. add() works on the calling thread
  /// whatever this is. Default: 0.
  unsigned jobs = 0;

  /// Build a new or empty index in bulk (see the top of this file): faster,
  /// compact, but searchable only once installed. false: write it
  /// incrementally, every batch visible as it is committed. Default: true.
  bool bulk = true;
};

/// What add() (or submit()) did with an article.
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
  std::uint64_t installs = 0;  ///< Bulk build: times the segments were merged into the index.
};

/// Receives the result of one submitted article: what add() would have
/// returned for it.
using AddCallback = std::function<void(const Result<AddResult>&)>;

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

  /// Queues `article` to be indexed by the worker threads, as add() would
  /// index it, and returns; `done` (may be empty) then receives what add()
  /// would have returned. Callbacks run on the calling thread, one at a time,
  /// in submission order, from within later calls to submit(), flush(),
  /// add(), remove(), commit() or close(). Blocks while the workers are
  /// behind (a bounded number of articles is in flight). Returns an error only
  /// when indexing cannot go on (a failed write: kIoError, kCorrupt; closed:
  /// kInvalidArgument); articles still queued then receive that error.
  Status submit(Article article, AddCallback done);

  /// Waits until every submitted article is indexed (not necessarily
  /// committed) and its callback has run. Errors: as submit().
  Status flush();

  /// Deletes the article with `id`. Returns false if there was none.
  /// Runs after every article submitted before it.
  /// Errors: kInvalidArgument (closed), kIoError, kCorrupt.
  Result<bool> remove(const std::string& id);

  /// Makes every added article durable and visible to searchers. In a bulk
  /// build this installs the segments; the Indexer then goes on incrementally.
  Status commit();

  /// Commits, then rewrites the index into its most compact form (Xapian's
  /// compactor) and replaces the directory atomically, as a bulk build
  /// installs. Costs a full copy of the index; worth it after large
  /// incremental runs. Errors: kIoError (no space), kCorrupt.
  Status compact();

  /// Commits (installs a bulk build) and closes. Later calls on this Indexer
  /// return kInvalidArgument.
  Status close();

  /// Number of articles in the index, including uncommitted ones (and, in a
  /// bulk build, the ones not installed yet). Waits for submitted articles.
  std::uint64_t document_count() const;

  /// Totals so far (articles still in flight after submit() are not counted
  /// until their callback has run).
  const IndexStats& stats() const;

  /// The number of worker threads in use (IndexerOptions::jobs resolved).
  unsigned jobs() const;

  /// True while the Indexer writes a bulk build (segments not yet installed
  /// or to be installed by close()).
  bool bulk() const;

  /// The analysis in effect (the index's stored configuration).
  const AnalyzerOptions& analysis() const;

 private:
  struct Impl;
  explicit Indexer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
