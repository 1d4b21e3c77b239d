#include "index/install.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <xapian.h>

#include "analysis/xapian_status.h"

namespace dossier::index {

namespace fs = std::filesystem;

namespace {

// The old index during a two-rename install (no atomic exchange).
std::string old_path(const std::string& path) {
  const BuildPaths p = build_paths(path);
  return p.install + "-old";
}

Status io_error(const std::string& what, const std::error_code& ec) {
  return Status::io_error(what + ": " + ec.message());
}

}  // namespace

BuildPaths build_paths(const std::string& path) {
  fs::path p(path);
  // "news.db/" names the same index as "news.db".
  if (!p.has_filename()) p = p.parent_path();
  const std::string leaf = "." + p.filename().string() + ".dossier-";
  const fs::path dir = p.parent_path();
  return BuildPaths{(dir / (leaf + "build")).string(), (dir / (leaf + "install")).string()};
}

std::string fresh_path(const std::string& path) {
  const BuildPaths p = build_paths(path);
  const std::string build = p.build;
  // ".NAME.dossier-build" -> ".NAME.dossier-new-PID"
  return build.substr(0, build.size() - 5) + "new-" + std::to_string(::getpid());
}

void recover_install(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec)) return;
  const BuildPaths p = build_paths(path);
  // The index was moved aside and the merged database, complete before the
  // first rename, was not yet moved in: finish the install.
  if (fs::exists(old_path(path), ec) && fs::exists(fs::path(p.install) / "iamglass", ec)) {
    fs::rename(p.install, path, ec);
  }
}

Status remove_leftovers(const std::string& path) {
  const BuildPaths p = build_paths(path);
  for (const std::string& dir : {p.build, p.install, old_path(path)}) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec) return io_error("removing " + dir + " (left by an interrupted run)", ec);
  }
  // New indexes a killed process was creating; a live one's is its own.
  const std::string build = p.build;
  const fs::path parent = fs::path(build).parent_path().empty() ? fs::path(".")
                                                                : fs::path(build).parent_path();
  const std::string prefix =
      fs::path(build).filename().string().substr(0, fs::path(build).filename().string().size() - 5) +
      "new-";
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
    std::error_code removed;
    fs::remove_all(it->path(), removed);
  }
  return Status();
}

Status merge_databases(const std::vector<std::string>& sources, const std::string& output) {
  std::error_code ec;
  fs::remove_all(output, ec);
  if (ec) return io_error("removing " + output, ec);
  try {
    Xapian::Database all;
    for (const std::string& s : sources) all.add_database(Xapian::Database(s));
    // Several sources merge their posting lists in passes of a few at a
    // time, which Xapian documents as faster.
    all.compact(output, sources.size() > 3 ? Xapian::DBCOMPACT_MULTIPASS : 0u);
  } catch (const Xapian::Error& e) {
    return analysis::from_xapian(e, "merging " + std::to_string(sources.size()) +
                                        " databases into " + output);
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory merging databases into " + output);
  }
  return Status();
}

Status replace_directory(const std::string& ready, const std::string& path) {
#ifdef RENAME_EXCHANGE
  if (renameat2(AT_FDCWD, ready.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
    return Status();
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    return Status::io_error("replacing " + path + " by " + ready + ": " + std::strerror(errno));
  }
#endif
  // No atomic exchange here: move the index aside, then the new one in.
  // recover_install() completes this if a crash comes between the two.
  std::error_code ec;
  const std::string aside = old_path(path);
  fs::remove_all(aside, ec);
  fs::rename(path, aside, ec);
  if (ec) return io_error("moving " + path + " aside", ec);
  fs::rename(ready, path, ec);
  if (ec) return io_error("moving " + ready + " to " + path, ec);
  fs::rename(aside, ready, ec);
  if (ec) return io_error("moving the old index to " + ready, ec);
  return Status();
}

}  // namespace dossier::index
