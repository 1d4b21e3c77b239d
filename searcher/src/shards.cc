#include "shards.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace dossier::search {

namespace {

constexpr int kMaxStubDepth = 16;  // a stub listing itself must not loop

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A stub is a short text file whose lines start with a stub keyword; a
// single-file glass database is binary.
bool looks_like_stub(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(&head[0], static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.find('\0') != std::string::npos) return false;
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string type = line.substr(0, line.find(' '));
    return type == "auto" || type == "glass" || type == "chert" || type == "remote" ||
           type == "inmemory";
  }
  return true;  // only comments: an empty stub
}

// As Xapian does: a relative path in a stub is relative to the stub's directory.
std::string resolve(const std::string& path, const std::string& stub) {
  if (!path.empty() && path[0] == '/') return path;
  const std::size_t slash = stub.rfind('/');
  return slash == std::string::npos ? path : stub.substr(0, slash + 1) + path;
}

void add_shard(Shards* shards, const Xapian::Database& db, const std::string& name, bool remote) {
  shards->db.add_database(db);
  shards->each.push_back(db);
  shards->names.push_back(name);
  shards->any_remote = shards->any_remote || remote;
}

void open_into(Shards* shards, const std::string& path, int depth);

// Xapian's connection errors do not say which server failed.
template <typename Open>
Xapian::Database open_remote(const std::string& name, Open open) {
  try {
    return open();
  } catch (const Xapian::NetworkError& e) {
    throw Xapian::NetworkError("remote shard " + name + ": " + e.get_msg(), e.get_context(),
                               e.get_error_string());
  }
}

// Reads a stub the way Xapian 1.4's read_stub_file does, opening each line.
void open_stub(Shards* shards, const std::string& stub, int depth) {
  if (depth > kMaxStubDepth) {
    throw Xapian::DatabaseOpeningError(stub + ": stubs nested too deep (a stub lists itself?)");
  }
  std::ifstream in(stub);
  if (!in) throw Xapian::DatabaseOpeningError("cannot read stub database file " + stub);
  unsigned line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (type == "auto" && !rest.empty()) {
      open_into(shards, resolve(rest, stub), depth + 1);
    } else if ((type == "glass" || type == "chert") && !rest.empty()) {
      const std::string path = resolve(rest, stub);
      add_shard(shards,
                Xapian::Database(path, type == "glass" ? Xapian::DB_BACKEND_GLASS
                                                       : Xapian::DB_BACKEND_CHERT),
                path, false);
    } else if (type == "remote" && !rest.empty() && rest[0] == ':') {
      // remote :PROGRAM ARGS
      const std::size_t arg = rest.find(' ');
      const std::string program = rest.substr(1, arg == std::string::npos ? arg : arg - 1);
      const std::string args = arg == std::string::npos ? "" : rest.substr(arg + 1);
      const std::string name = rest.substr(1);
      add_shard(shards, open_remote(name, [&] { return Xapian::Remote::open(program, args); }),
                name, true);
    } else if (type == "remote" && rest.rfind(':') != std::string::npos) {
      // remote HOST:PORT ([IPv6]:PORT)
      const std::size_t colon = rest.rfind(':');
      std::string host = rest.substr(0, colon);
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
      }
      unsigned port = 0;
      try {
        port = static_cast<unsigned>(std::stoul(rest.substr(colon + 1)));
      } catch (const std::exception&) {
        throw Xapian::DatabaseOpeningError(stub + ":" + std::to_string(line_no) +
                                           ": bad port in \"" + line + "\"");
      }
      add_shard(shards, open_remote(rest, [&] { return Xapian::Remote::open(host, port); }), rest,
                true);
    } else {
      throw Xapian::DatabaseOpeningError(stub + ":" + std::to_string(line_no) +
                                         ": not a stub line (auto PATH, glass PATH, "
                                         "remote HOST:PORT or remote :PROGRAM ARGS)");
    }
  }
}

void open_into(Shards* shards, const std::string& path, int depth) {
  if (is_directory(path) && !is_regular_file(path + "/iamglass") &&
      is_regular_file(path + "/XAPIANDB")) {
    open_stub(shards, path + "/XAPIANDB", depth);
  } else if (is_regular_file(path) && looks_like_stub(path)) {
    open_stub(shards, path, depth);
  } else {
    add_shard(shards, Xapian::Database(path), path, false);
  }
}

}  // namespace

Shards open_shards(const std::string& path) {
  Shards shards;
  open_into(&shards, path, 0);
  if (shards.each.empty()) throw Xapian::DatabaseOpeningError(path + " lists no shards");
  return shards;
}

RemoteSafeSpy::RemoteSafeSpy(const Shards& shards, Xapian::MatchSpy* spy, Xapian::valueno slot,
                             Replay replay)
    : remote_(shards.any_remote), spy_(spy), values_(slot), replay_(std::move(replay)) {}

void RemoteSafeSpy::attach(Xapian::Enquire& enquire) {
  enquire.add_matchspy(remote_ ? static_cast<Xapian::MatchSpy*>(&values_) : spy_);
}

void RemoteSafeSpy::finish() {
  if (!remote_) return;
  for (Xapian::TermIterator it = values_.values_begin(); it != values_.values_end(); ++it) {
    replay_(*it, it.get_termfreq());
  }
}

}  // namespace dossier::search
