// The index-profile subcommand of dossier-bench (index_profile.cc).
#pragma once

#include <string>

namespace dossier::bench {

/// Times each indexing stage over INPUT on one thread and prints the table;
/// `keep`: a directory for the databases it writes, kept ("" = a temporary
/// one, removed); `commit_mb`: text between two commits of a segment.
/// Returns the process exit status.
int index_profile(const std::string& input, const std::string& keep, double commit_mb);

}  // namespace dossier::bench
