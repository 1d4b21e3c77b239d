// dossier-loadtest: the measuring half of tools/loadtest (which prepares the
// index, starts `dossier serve` and calls this). Loopback only: it talks to
// 127.0.0.1 and nothing else.
//
//   dossier-loadtest --port P --dossier BIN --db DB [--threads N] [--seconds S]
//                    [--batch FILE.jsonl]...
//
// N client threads send a fixed mix of requests (searches with various
// parameters, facets, timelines, articles, health) for S seconds, each on
// its own keep-alive connection. Meanwhile one indexing thread runs
// `BIN index --db DB FILE` for each batch, spread over the run, and after
// each one asks for every new article (search id:<id> and /article/<id>):
// each must be found at once. Prints requests/s and latency percentiles;
// exits 1 if any request failed or any committed article was not found.
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  int port = 0;
  std::string dossier;
  std::string db;
  int threads = 8;
  double seconds = 20;
  std::vector<std::string> batches;
};

// The request mix, weighted by repetition: mostly searches, as a search page
// would send them. Queries are URL-encoded already.
const char* const kPaths[] = {
    "/search?q=Kim+Jong+Il",
    "/search?q=Kim+Jong+Un+%2B+China&limit=20",
    "/search?q=nuclear&sort=newest",
    "/search?q=%22Workers%27+Party+of+Korea%22&facets=person,year",
    "/search?q=United+States+%2B+imperialists&offset=10",
    "/search?q=Russia+%2B+2012",
    "/search?q=title%3Acongratulates&facets=none",
    "/search?q=country%3ACN&since=2012-01&until=2012-06",
    "/search?q=denuclear*",
    "/search?q=Japan+OR+%22south+Korea%22&limit=50&facets=country",
    "/search?q=person%3A%22Kim+Jong+Il%22+%2B+army",
    "/search?q=economy+-Japan&sort=oldest",
    "/facets?q=Kim+Jong+Il&facets=person,country,year&facet_limit=20",
    "/facets?q=missile",
    "/timeline?q=nuclear&by=month",
    "/timeline?q=China",
    "/article/kcna-000001",
    "/health",
};

struct Sample {
  double ms;
  int endpoint;  // index into kEndpoints
};
const char* const kEndpoints[] = {"search", "facets", "timeline", "article", "health", "verify"};

int endpoint_of(const std::string& path) {
  for (int i = 0; i < 5; ++i) {
    if (path.compare(1, std::string(kEndpoints[i]).size(), kEndpoints[i]) == 0) return i;
  }
  return 0;
}

struct Totals {
  std::mutex mutex;
  std::vector<Sample> samples;
  std::map<std::string, int> failures;  // "status path" -> count
  void fail(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex);
    ++failures[what];
  }
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()));
  return sorted[i];
}

std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::vector<std::string> ids_of(const std::string& file) {
  std::vector<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    json doc = json::parse(line, nullptr, false);
    if (doc.is_object() && doc.contains("id") && doc["id"].is_string()) ids.push_back(doc["id"]);
  }
  return ids;
}

// Runs `dossier index` on one batch; true when it exits 0.
bool index_batch(const Options& o, const std::string& batch) {
  const pid_t pid = fork();
  if (pid == 0) {
    // Its summary line would interleave with the report; errors still show.
    if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
    execl(o.dossier.c_str(), o.dossier.c_str(), "index", "--quiet", "--db", o.db.c_str(),
          batch.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int parse_args(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return 2;
    const char* v = argv[++i];
    if (a == "--port") o->port = std::atoi(v);
    else if (a == "--dossier") o->dossier = v;
    else if (a == "--db") o->db = v;
    else if (a == "--threads") o->threads = std::atoi(v);
    else if (a == "--seconds") o->seconds = std::atof(v);
    else if (a == "--batch") o->batches.push_back(v);
    else return 2;
  }
  // Bounded by construction: a load test, not a flood.
  if (o->port <= 0 || o->dossier.empty() || o->db.empty() || o->threads < 1 || o->threads > 64 ||
      o->seconds <= 0 || o->seconds > 600) {
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (parse_args(argc, argv, &o) != 0) {
    std::fprintf(stderr,
                 "usage: dossier-loadtest --port P --dossier BIN --db DB [--threads 1..64] "
                 "[--seconds 1..600] [--batch FILE]...\n");
    return 2;
  }
  Totals totals;
  std::atomic<bool> stop{false};
  const auto started = Clock::now();
  const auto end = started + std::chrono::duration<double>(o.seconds);

  std::vector<std::thread> clients;
  for (int t = 0; t < o.threads; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", o.port);
      client.set_keep_alive(true);
      client.set_url_encode(false);
      client.set_read_timeout(60, 0);
      client.set_tcp_nodelay(true);
      std::vector<Sample> mine;
      const std::size_t n = sizeof kPaths / sizeof kPaths[0];
      for (std::size_t i = static_cast<std::size_t>(t) * 7; !stop && Clock::now() < end; ++i) {
        const std::string path = kPaths[i % n];
        const auto t0 = Clock::now();
        auto res = client.Get(path);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!res || res->status != 200) {
          const std::string why = res ? std::to_string(res->status)
                                      : "no answer (" + httplib::to_string(res.error()) + ")";
          totals.fail(why + " " + path);
          continue;
        }
        mine.push_back({ms, endpoint_of(path)});
      }
      std::lock_guard<std::mutex> lock(totals.mutex);
      totals.samples.insert(totals.samples.end(), mine.begin(), mine.end());
    });
  }

  // The indexer: batches spread over the run, each checked article by
  // article right after its `dossier index` has exited (committed).
  std::size_t committed = 0, found = 0, batches_done = 0;
  std::vector<double> verify_ms;
  std::thread indexer([&] {
    httplib::Client client("127.0.0.1", o.port);
    client.set_keep_alive(true);
    client.set_url_encode(false);
    client.set_read_timeout(60, 0);
    client.set_tcp_nodelay(true);
    const double gap = o.seconds / static_cast<double>(o.batches.size() + 1);
    for (std::size_t b = 0; b < o.batches.size(); ++b) {
      std::this_thread::sleep_until(started + std::chrono::duration<double>(gap * (b + 1)));
      if (!index_batch(o, o.batches[b])) {
        totals.fail("dossier index failed on " + o.batches[b]);
        continue;
      }
      ++batches_done;
      for (const std::string& id : ids_of(o.batches[b])) {
        ++committed;
        const auto t0 = Clock::now();
        auto res = client.Get("/search?facets=none&limit=1&q=" + url_encode("id:" + id));
        auto art = client.Get("/article/" + url_encode(id));
        verify_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        const bool hit = res && res->status == 200 &&
                         json::parse(res->body, nullptr, false).value("total", 0) == 1;
        if (hit && art && art->status == 200) {
          ++found;
        } else {
          totals.fail("committed article not found: " + id);
        }
      }
    }
  });
  indexer.join();
  for (std::thread& t : clients) t.join();
  stop = true;
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  // Report.
  std::vector<double> all;
  std::map<int, std::vector<double>> by_endpoint;
  for (const Sample& s : totals.samples) {
    all.push_back(s.ms);
    by_endpoint[s.endpoint].push_back(s.ms);
  }
  std::sort(all.begin(), all.end());
  std::size_t failed = 0;
  for (const auto& [what, count] : totals.failures) failed += static_cast<std::size_t>(count);
  std::printf("load:      %d client threads, %.1f s, %zu requests answered 200, %zu failed\n",
              o.threads, elapsed, all.size(), failed);
  std::printf("rate:      %.0f requests/s\n", all.size() / elapsed);
  std::printf("latency:   p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
              percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99),
              all.empty() ? 0.0 : all.back());
  for (auto& [endpoint, ms] : by_endpoint) {
    std::sort(ms.begin(), ms.end());
    std::printf("  %-9s %6zu requests, p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms\n",
                kEndpoints[endpoint], ms.size(), percentile(ms, 0.5), percentile(ms, 0.95),
                percentile(ms, 0.99));
  }
  std::sort(verify_ms.begin(), verify_ms.end());
  std::printf("indexing:  %zu of %zu batches committed during the load, %zu articles; %zu found "
              "by id right after their commit (p95 check %.1f ms)\n",
              batches_done, o.batches.size(), committed, found, percentile(verify_ms, 0.95));
  for (const auto& [what, count] : totals.failures) {
    std::printf("FAILED %dx: %s\n", count, what.c_str());
  }
  const bool ok = failed == 0 && found == committed && batches_done == o.batches.size();
  std::printf("%s\n", ok ? "OK: no request failed; every committed article was searchable"
                         : "FAILED");
  return ok ? 0 : 1;
}
