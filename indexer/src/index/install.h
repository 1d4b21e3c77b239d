// Where a bulk build keeps its temporary databases, and how a finished
// database replaces the index directory.
//
// Everything temporary lives beside the index, never inside it, under names
// derived from it: for /data/news.db,
//   /data/.news.db.dossier-build/    segment databases of the running build
//   /data/.news.db.dossier-install/  the merged index about to replace news.db
//   /data/.news.db.dossier-new-PID/  a new index being created and stamped
// Only the process holding the index's write lock touches them, so the next
// writer of the index removes what a crashed one left.
//
// Thread-safety: free functions on paths; callers serialise per index.
#pragma once

#include <string>
#include <vector>

#include "dossier/status.h"

namespace dossier::index {

/// The temporary directories of the index at `path`.
struct BuildPaths {
  std::string build;    ///< segment databases
  std::string install;  ///< the merged database before it replaces the index
};

BuildPaths build_paths(const std::string& path);

/// Where this process creates a new index before renaming it to `path`
/// (".NAME.dossier-new-PID" beside it): one per process, so two writers
/// creating the same index never share it.
std::string fresh_path(const std::string& path);

/// Before the index at `path` is opened: if a crash interrupted an install
/// between its two renames (only on file systems without an atomic exchange),
/// the complete merged database is put in place. Never touches an existing
/// index.
void recover_install(const std::string& path);

/// Removes the temporary directories a crashed writer left (new indexes of
/// processes that no longer run included). REQUIRES: the caller holds the
/// index's write lock.
Status remove_leftovers(const std::string& path);

/// Merges `sources` (database directories, in order; their document ids are
/// renumbered one after the other, as Xapian's compactor does) into a new
/// database at `output`, replacing whatever is there.
/// Errors: kIoError, kCorrupt (Xapian errors mapped).
Status merge_databases(const std::vector<std::string>& sources, const std::string& output);

/// Puts the database at `ready` in place of the index at `path`, atomically
/// where the file system can exchange two directories (Linux renameat2),
/// else by two renames that recover_install() completes after a crash. The
/// old index ends up at `ready` (the caller deletes it). Errors: kIoError.
Status replace_directory(const std::string& ready, const std::string& path);

}  // namespace dossier::index
