// A Dossier database as the searcher opens it: one Xapian database, or a
// Xapian stub database (a text file, or a directory holding a file named
// XAPIANDB) listing shards, one per line, in Xapian's own stub format:
//
//   # comments and blank lines are ignored
//   auto shards/2019            a database (or another stub), relative to the stub
//   glass /srv/news/2020        the same, glass only
//   remote 10.0.0.7:33333       served by xapian-tcpsrv on that host and port
//   remote :ssh news xapian-progsrv /srv/news/2021   a program speaking the protocol
//
// Xapian searches the shards as one database with global statistics (BM25
// sees every shard's document counts and lengths), so a sharded archive ranks
// exactly as the same articles in one database. Xapian reads user metadata
// from the first shard only; the searcher needs every shard's (format,
// analysis, languages, names of detected people), so this module also keeps a
// handle on each shard.
//
// Custom match spies (FacetSpy) cannot run on a remote shard: xapian-tcpsrv
// only knows Xapian's own classes. RemoteSafeSpy counts through Xapian's
// ValueCountMatchSpy instead, which every server knows, and replays the counts
// into the custom spy: same exact counts, more bytes on the wire.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dossier::search {

struct Shards {
  Xapian::Database db;               ///< every shard as one database
  std::vector<Xapian::Database> each;  ///< each shard on its own (shares db's handles)
  std::vector<std::string> names;    ///< path or host:port of each shard, for messages
  bool any_remote = false;           ///< some shard is served over the remote protocol
};

/// Opens the database or stub at `path` (stubs may list stubs).
/// Throws Xapian::DatabaseOpeningError for a missing path, an unreadable or
/// malformed stub (naming the line) or a stub that lists no shard, and the
/// errors of Xapian's own open (NetworkError for an unreachable server).
Shards open_shards(const std::string& path);

/// Runs a match spy over every match whether or not some shard is remote.
/// Local shards only: `spy` itself. Some shard remote: a ValueCountMatchSpy on
/// `slot`, whose distinct values and counts are handed to `replay` by finish().
class RemoteSafeSpy {
 public:
  using Replay = std::function<void(const std::string& value, std::uint64_t count)>;
  RemoteSafeSpy(const Shards& shards, Xapian::MatchSpy* spy, Xapian::valueno slot, Replay replay);
  /// Adds the spy to `enquire`.
  void attach(Xapian::Enquire& enquire);
  /// After get_mset: replays the counts (remote case only).
  void finish();

 private:
  bool remote_;
  Xapian::MatchSpy* spy_;
  Xapian::ValueCountMatchSpy values_;
  Replay replay_;
};

}  // namespace dossier::search
