// Sharded databases: the bundled corpus (three seeds and the KCNA sample)
// indexed once into one database and once split across three shard databases
// (each indexed by `dossier index` into its own directory) listed in a Xapian
// stub file. Searching the stub must give what the single database gives:
// the same totals, the same hits with the same scores (Xapian combines the
// shards' statistics), the same snippets and entities, the same exact facet
// counts and timelines. Then the same with two of the shards served by
// xapian-tcpsrv on loopback ports (Xapian's remote backend), where the facet
// counter cannot run on the server and counts come back through Xapian's
// ValueCountMatchSpy instead.
//
// One difference is allowed: hits of equal score (a pure filter such as
// `year:2012` scores every hit 0) come in docid order, and a stub interleaves
// its shards' docids, so ties may be listed in another order. Each comparison
// therefore reads the whole result (limit 10000) and checks the order of the
// scores and, within a run of equal scores, the same set of ids.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::source_path;
using test::TempDir;
using test::write_file;

// Splits the KCNA sample into three consecutive runs of lines. Consecutive
// runs keep each group of near-copies (adjacent in the sample) in one shard:
// copies are grouped at indexing time, within one database.
std::vector<std::string> split_kcna(const TempDir& dir) {
  std::ifstream in(source_path("corpus/kcna/kcna-sample.jsonl"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> files;
  const std::size_t cut[] = {0, 700, 1400, lines.size()};
  for (int part = 0; part < 3; ++part) {
    std::string text;
    for (std::size_t i = cut[part]; i < cut[part + 1]; ++i) text += lines[i] + "\n";
    files.push_back(dir / ("kcna-" + std::to_string(part) + ".jsonl"));
    write_file(files.back(), text);
  }
  return files;
}

void index_into(const std::string& db, const std::string& inputs) {
  const test::RunResult r = run_dossier("index --quiet --db " + shell_quote(db) + " " + inputs);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

std::unique_ptr<Searcher> open_searcher(const std::string& path) {
  auto s = Searcher::open(path);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? std::move(s.value()) : nullptr;
}

// A request over the whole result, with every facet and many values each.
SearchRequest whole(const std::string& query) {
  SearchRequest r;
  r.query = query;
  r.limit = 10000;
  r.facet_limit = 50;
  return r;
}

// The requests compared: words, phrases, entities, dates, fields, operators,
// multi-part queries (re-ranked by paragraph), sorts and date bounds.
std::vector<SearchRequest> requests() {
  std::vector<SearchRequest> out;
  for (const char* q :
       {"Kim + Russia + 2019", "nuclear", "Kim Jong Un + China", "year:2012", "country:Russia",
        "\"armistice agreement\"", "denuclear*", "(nuclear OR missile) + Japan", "Putin",
        "Kim NOT Trump", "sanctions + United Nations", "lang:es", "title:anniversary",
        "mentions:1950", "person:\"Kim Jong Un\" + China", "Kim", "date:2012-01-01..2012-03-31",
        "org:NATO", "Vladivostok", "Laos + 2011"}) {
    out.push_back(whole(q));
  }
  SearchRequest newest = whole("Korea");
  newest.sort = SortOrder::kNewest;
  out.push_back(newest);
  SearchRequest oldest = whole("missile");
  oldest.sort = SortOrder::kOldest;
  out.push_back(oldest);
  SearchRequest bounded = whole("Kim Jong Il");
  bounded.since = "2011-06";
  bounded.until = "2012-02-15";
  out.push_back(bounded);
  // Drill-down filters: disjunctive counts in a pass of their own, whose
  // facet keys come back through ValueCountMatchSpy from a remote shard.
  SearchRequest filtered = whole("Korea");
  filtered.filters = {{"country", "Russia"}, {"country", "China"}, {"year", "2012"}};
  out.push_back(filtered);
  return out;
}

std::string describe(const SearchRequest& r) {
  std::string s = "query \"" + r.query + "\"";
  if (r.sort == SortOrder::kNewest) s += " --sort newest";
  if (r.sort == SortOrder::kOldest) s += " --sort oldest";
  if (!r.since.empty() || !r.until.empty()) s += " --since " + r.since + " --until " + r.until;
  for (const FacetFilter& f : r.filters) s += " --filter " + f.facet + ":" + f.value;
  return s;
}

std::vector<std::string> entity_ids(const Hit& h) {
  std::vector<std::string> out;
  for (const EntityRef& e : h.entities) out.push_back(e.id + "=" + e.name);
  return out;
}

// Scores are sums of per-term weights; Xapian may add them in another order
// for a stub (it orders OR branches by each shard's frequencies), so equal
// means equal to within rounding.
bool same_score(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

// `got` (a stub) answers as `want` (one database) does; see the file comment
// for ties.
void expect_same(const SearchResponse& want, const SearchResponse& got, const SearchRequest& r,
                 const std::string& what) {
  SCOPED_TRACE(what + ", " + describe(r));
  EXPECT_EQ(got.total, want.total);
  ASSERT_EQ(got.hits.size(), want.hits.size());
  std::map<std::string, const Hit*> by_id;
  for (const Hit& h : got.hits) by_id[h.id] = &h;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i <= want.hits.size(); ++i) {
    const bool run_ends = i == want.hits.size() ||
                          !same_score(want.hits[i].score, want.hits[run_start].score) ||
                          (r.sort != SortOrder::kRelevance &&
                           want.hits[i].published != want.hits[run_start].published);
    if (!run_ends) continue;
    std::multiset<std::string> want_ids, got_ids;
    for (std::size_t j = run_start; j < i; ++j) {
      want_ids.insert(want.hits[j].id);
      got_ids.insert(got.hits[j].id);
      EXPECT_PRED2(same_score, got.hits[j].score, want.hits[j].score) << "rank " << j + 1;
      EXPECT_EQ(got.hits[j].rank, want.hits[j].rank);
    }
    EXPECT_EQ(got_ids, want_ids) << "hits of ranks " << run_start + 1 << " to " << i;
    run_start = i;
  }
  for (const Hit& w : want.hits) {
    const auto it = by_id.find(w.id);
    if (it == by_id.end()) continue;  // reported above
    const Hit& g = *it->second;
    SCOPED_TRACE("hit " + w.id);
    EXPECT_EQ(g.title, w.title);
    EXPECT_EQ(g.published, w.published);
    EXPECT_EQ(g.source, w.source);
    EXPECT_EQ(g.url, w.url);
    EXPECT_EQ(g.lang, w.lang);
    EXPECT_PRED2(same_score, g.score, w.score);
    EXPECT_EQ(g.snippet.text, w.snippet.text);
    EXPECT_EQ(g.snippet.highlights.size(), w.snippet.highlights.size());
    EXPECT_EQ(entity_ids(g), entity_ids(w));
  }
  ASSERT_EQ(got.facets.size(), want.facets.size());
  for (const auto& [facet, values] : want.facets) {
    const auto it = got.facets.find(facet);
    ASSERT_NE(it, got.facets.end()) << facet;
    ASSERT_EQ(it->second.size(), values.size()) << facet;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(it->second[i].id, values[i].id) << facet << " #" << i;
      EXPECT_EQ(it->second[i].name, values[i].name) << facet << " #" << i;
      EXPECT_EQ(it->second[i].count, values[i].count) << facet << " " << values[i].id;
      EXPECT_EQ(it->second[i].selected, values[i].selected) << facet << " " << values[i].id;
    }
  }
}

void expect_same_searcher(Searcher* want, Searcher* got, const std::string& what) {
  for (const SearchRequest& r : requests()) {
    Result<SearchResponse> a = want->search(r);
    Result<SearchResponse> b = got->search(r);
    ASSERT_TRUE(a.ok()) << a.status().to_string();
    ASSERT_TRUE(b.ok()) << what << ": " << b.status().to_string();
    EXPECT_GT(a->total, 0u) << describe(r);  // the comparison means something
    expect_same(*a, *b, r, what);
  }
  // A page of a multi-part query: its ranks count from the offset.
  SearchRequest page = whole("Kim + Russia");
  page.offset = 5;
  page.limit = 5;
  Result<SearchResponse> a = want->search(page);
  Result<SearchResponse> b = got->search(page);
  ASSERT_TRUE(a.ok() && b.ok());
  expect_same(*a, *b, page, what + ", page 2");

  // Related entities: foreground counts from the facet keys, background
  // counts from the shards' document frequencies.
  RelatedRequest related;
  related.query = "Kim Jong Il";
  related.filters = {{"year", "2011"}};
  related.limit = 20;
  Result<RelatedResponse> ra = want->related(related);
  Result<RelatedResponse> rb = got->related(related);
  ASSERT_TRUE(ra.ok()) << ra.status().to_string();
  ASSERT_TRUE(rb.ok()) << what << ": " << rb.status().to_string();
  EXPECT_EQ(rb->total, ra->total) << what;
  EXPECT_EQ(rb->documents, ra->documents) << what;
  ASSERT_EQ(rb->entities.size(), ra->entities.size()) << what;
  EXPECT_FALSE(ra->entities.empty());
  for (std::size_t i = 0; i < ra->entities.size(); ++i) {
    EXPECT_EQ(rb->entities[i].id, ra->entities[i].id) << what << " #" << i;
    EXPECT_EQ(rb->entities[i].count, ra->entities[i].count) << what << " " << ra->entities[i].id;
    EXPECT_EQ(rb->entities[i].background, ra->entities[i].background) << what;
    EXPECT_DOUBLE_EQ(rb->entities[i].score, ra->entities[i].score) << what;
  }

  for (auto by : {TimelineRequest::Period::kYear, TimelineRequest::Period::kMonth}) {
    TimelineRequest t;
    t.query = "Kim";
    t.by = by;
    Result<TimelineResponse> x = want->timeline(t);
    Result<TimelineResponse> y = got->timeline(t);
    ASSERT_TRUE(x.ok() && y.ok()) << what;
    EXPECT_EQ(y->total, x->total) << what;
    EXPECT_EQ(y->undated, x->undated) << what;
    ASSERT_EQ(y->buckets.size(), x->buckets.size()) << what;
    for (std::size_t i = 0; i < x->buckets.size(); ++i) {
      EXPECT_EQ(y->buckets[i].period, x->buckets[i].period);
      EXPECT_EQ(y->buckets[i].count, x->buckets[i].count) << x->buckets[i].period;
    }
  }

  // Stored articles from every shard; index facts over all of them.
  for (const char* id : {"000_4a8b286dea9e7962", "kcna-000022", "kcna-011027", "kcna-024737"}) {
    Result<StoredArticle> x = want->get_article(id);
    Result<StoredArticle> y = got->get_article(id);
    ASSERT_TRUE(x.ok()) << x.status().to_string();
    ASSERT_TRUE(y.ok()) << what << ": " << y.status().to_string();
    EXPECT_EQ(y->body, x->body);
    EXPECT_EQ(y->published, x->published);
  }
  EXPECT_EQ(got->get_article("no-such-article").status().code(), StatusCode::kNotFound);
  Result<IndexInfo> x = want->info();
  Result<IndexInfo> y = got->info();
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(y->documents, x->documents);
  EXPECT_DOUBLE_EQ(y->average_length, x->average_length);
  EXPECT_EQ(y->format_version, x->format_version);
}

class Shards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::vector<std::string> parts = split_kcna(*dir_);
    std::filesystem::create_directories(*dir_ / "shards");
    // The single database indexes the seeds, then the sample: the same
    // articles in the same order as the shards together.
    index_into(*dir_ / "single", shell_quote(source_path("corpus/seeds")) + " " +
                                     shell_quote(source_path("corpus/kcna")));
    index_into(*dir_ / "shards/a",
               shell_quote(source_path("corpus/seeds")) + " " + shell_quote(parts[0]));
    index_into(*dir_ / "shards/b", shell_quote(parts[1]));
    index_into(*dir_ / "shards/c", shell_quote(parts[2]));
    // Relative paths are relative to the stub; "glass" names the backend.
    write_file(*dir_ / "local.stub", "# three local shards\nauto shards/a\nauto shards/b\n\n"
                                     "glass shards/c\n");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static TempDir* dir_;
};

TempDir* Shards::dir_ = nullptr;

TEST_F(Shards, LocalStubAnswersAsOneDatabase) {
  auto single = open_searcher(*dir_ / "single");
  auto stub = open_searcher(*dir_ / "local.stub");
  ASSERT_TRUE(single && stub);
  expect_same_searcher(single.get(), stub.get(), "local stub");
}

TEST_F(Shards, StubDirectoriesAndNestedStubs) {
  // A directory holding XAPIANDB is a stub too; a stub may list a stub.
  write_file(*dir_ / "stubdir/XAPIANDB",
             "auto " + (*dir_ / "shards/a") + "\nauto " + (*dir_ / "shards/b") + "\n");
  write_file(*dir_ / "nested.stub", "auto stubdir\nauto shards/c\n");
  auto single = open_searcher(*dir_ / "single");
  auto nested = open_searcher(*dir_ / "nested.stub");
  ASSERT_TRUE(single && nested);
  for (const char* q : {"Kim + Russia + 2019", "country:Russia", "year:2012"}) {
    const SearchRequest r = whole(q);
    Result<SearchResponse> a = single->search(r);
    Result<SearchResponse> b = nested->search(r);
    ASSERT_TRUE(a.ok() && b.ok());
    expect_same(*a, *b, r, "nested stub");
  }
}

TEST_F(Shards, CommandLineSearchesAStub) {
  const std::string query = shell_quote("Kim Jong Un + China");
  const test::RunResult a =
      run_dossier("search --json --db " + shell_quote(*dir_ / "single") + " " + query);
  const test::RunResult b =
      run_dossier("search --json --db " + shell_quote(*dir_ / "local.stub") + " " + query);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(b.out, a.out);  // no ties among these hits: byte-identical JSON
  const test::RunResult info = run_dossier("info --db " + shell_quote(*dir_ / "local.stub"));
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("2003"), std::string::npos) << info.out;
}

TEST_F(Shards, BadStubsAreReported) {
  write_file(*dir_ / "bad.stub", "auto shards/a\nshard shards/b\n");
  Result<std::unique_ptr<Searcher>> bad = Searcher::open(*dir_ / "bad.stub");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad.status().message().find("bad.stub:2"), std::string::npos)
      << bad.status().message();

  write_file(*dir_ / "empty.stub", "# nothing yet\n");
  Result<std::unique_ptr<Searcher>> empty = Searcher::open(*dir_ / "empty.stub");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("lists no shards"), std::string::npos)
      << empty.status().message();

  write_file(*dir_ / "missing.stub", "auto shards/a\nauto shards/nowhere\n");
  Result<std::unique_ptr<Searcher>> missing = Searcher::open(*dir_ / "missing.stub");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  // A shard analysed differently would answer a query analysed for another.
  index_into(*dir_ / "shards/unstemmed",
             "--stemmer none " + shell_quote(source_path("corpus/seeds")));
  write_file(*dir_ / "mixed.stub", "auto shards/b\nauto shards/unstemmed\n");
  Result<std::unique_ptr<Searcher>> mixed = Searcher::open(*dir_ / "mixed.stub");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(mixed.status().message().find("unstemmed"), std::string::npos)
      << mixed.status().message();

  // A server that is not there.
  write_file(*dir_ / "down.stub", "auto shards/a\nremote 127.0.0.1:1\n");
  Result<std::unique_ptr<Searcher>> down = Searcher::open(*dir_ / "down.stub");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kIoError);
  EXPECT_NE(down.status().message().find("127.0.0.1:1"), std::string::npos)
      << down.status().message();
}

// --- Remote shards -------------------------------------------------------

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// A free loopback port (free when asked; the server may still lose a race).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// xapian-tcpsrv serving one database on a loopback port, in a process group
// of its own; the group is stopped (and the server reaped) on destruction, so
// no server or connection child outlives the test.
class TcpServer {
 public:
  TcpServer(const std::string& program, const std::string& db) {
    for (int attempt = 0; attempt < 5 && port_ < 0; ++attempt) {
      const int port = free_port();
      if (port <= 0) continue;
      const pid_t pid = ::fork();
      if (pid == 0) {
        // xapian-tcpsrv answers SIGTERM by signalling its whole process
        // group (its connection children): give it a group of its own, or
        // it would take this test and CTest down with it.
        ::setpgid(0, 0);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        const std::string p = std::to_string(port);
        ::execl(program.c_str(), program.c_str(), "--port", p.c_str(), "--interface",
                "127.0.0.1", db.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
      }
      if (pid < 0) continue;
      ::setpgid(pid, pid);  // as the child does: whichever runs first
      pid_ = pid;
      for (int wait = 0; wait < 200; ++wait) {  // up to 10 s
        if (accepts_connections(port)) {
          port_ = port;
          break;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // lost the port: try another
          pid_ = -1;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (port_ < 0) stop();
    }
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  int port() const { return port_; }

 private:
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    for (int wait = 0; wait < 100; ++wait) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  pid_t pid_ = -1;
  int port_ = -1;
};

TEST_F(Shards, RemoteShardsAnswerAsOneDatabase) {
  const std::string tcpsrv = find_program("xapian-tcpsrv");
  if (tcpsrv.empty()) GTEST_SKIP() << "xapian-tcpsrv not installed (Debian: xapian-tools)";
  TcpServer b(tcpsrv, *dir_ / "shards/b");
  TcpServer c(tcpsrv, *dir_ / "shards/c");
  ASSERT_GT(b.port(), 0) << "xapian-tcpsrv did not start";
  ASSERT_GT(c.port(), 0) << "xapian-tcpsrv did not start";
  // One local shard and two remote ones.
  write_file(*dir_ / "remote.stub", "auto shards/a\nremote 127.0.0.1:" + std::to_string(b.port()) +
                                        "\nremote 127.0.0.1:" + std::to_string(c.port()) + "\n");
  auto single = open_searcher(*dir_ / "single");
  auto remote = open_searcher(*dir_ / "remote.stub");
  ASSERT_TRUE(single && remote);
  expect_same_searcher(single.get(), remote.get(), "remote stub");

  // All shards remote: metadata (format, analysis, names) comes over the wire.
  TcpServer a(tcpsrv, *dir_ / "shards/a");
  ASSERT_GT(a.port(), 0);
  write_file(*dir_ / "all-remote.stub",
             "remote 127.0.0.1:" + std::to_string(a.port()) + "\nremote 127.0.0.1:" +
                 std::to_string(b.port()) + "\nremote 127.0.0.1:" + std::to_string(c.port()) +
                 "\n");
  auto all_remote = open_searcher(*dir_ / "all-remote.stub");
  ASSERT_TRUE(all_remote);
  for (const char* q : {"Kim + Russia + 2019", "country:Russia", "nuclear"}) {
    const SearchRequest r = whole(q);
    Result<SearchResponse> x = single->search(r);
    Result<SearchResponse> y = all_remote->search(r);
    ASSERT_TRUE(x.ok()) << x.status().to_string();
    ASSERT_TRUE(y.ok()) << y.status().to_string();
    expect_same(*x, *y, r, "all shards remote");
  }
}

}  // namespace
}  // namespace dossier
