// `dossier serve` over real HTTP: a server process on a free loopback port,
// asked with cpp-httplib's client. Answers must equal the CLI's JSON; errors
// must carry their status code and JSON body; limits must hold; concurrent
// requests must all succeed; commits of a concurrent `dossier index` must be
// visible on the next request; SIGTERM must stop the server cleanly.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace dossier {
namespace {

using nlohmann::json;
using test::run_dossier;
using test::shell_quote;
using test::TempDir;

// A `dossier serve` child process. The constructor waits for its
// "listening on http://127.0.0.1:PORT" line; the destructor stops it.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      static std::string binary = DOSSIER_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (std::string& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    // Read the first line (at most 30 s: the entity model loads first).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (first_line_.find('\n') == std::string::npos &&
           std::chrono::steady_clock::now() < give_up) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) break;
      first_line_.append(buf, static_cast<std::size_t>(n));
    }
    const std::string marker = "http://127.0.0.1:";
    const std::size_t at = first_line_.find(marker);
    if (at != std::string::npos) port_ = std::atoi(first_line_.c_str() + at + marker.size());
  }

  ~ServerProcess() { stop(SIGTERM); }

  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }

  // Sends `signal` and waits; returns the exit status (-1 if it did not exit
  // normally within 10 s; it is then killed).
  int stop(int signal) {
    if (pid_ <= 0) return exit_code_;
    kill(pid_, signal);
    int status = 0;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    pid_t done = 0;
    while ((done = waitpid(pid_, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (done == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    exit_code_ = done != 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    char buf[4096];
    ssize_t n;
    while ((n = read(out_, buf, sizeof buf)) > 0) rest_.append(buf, static_cast<std::size_t>(n));
    close(out_);
    return exit_code_;
  }
  const std::string& rest() const { return rest_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string first_line_;
  std::string rest_;
};

class Serve : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    auto r = run_dossier("index --quiet --db " + shell_quote(db_) + " " +
                         shell_quote(test::source_path("corpus/seeds")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--db", db_, "--port", "0", "--searchers", "3"});
    ASSERT_GT(server_->port(), 0) << server_->first_line();
  }

  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    c->set_read_timeout(30, 0);
    c->set_url_encode(false);  // the paths below are encoded already
    return c;
  }

  // GET `path`; the status, and the body parsed (every answer is JSON).
  std::pair<int, json> get(const std::string& path) const {
    auto res = client()->Get(path);
    if (!res) return {-1, json()};
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  // The CLI's --json output for `args`, parsed.
  static json cli(const std::string& args) {
    auto r = run_dossier(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  static void expect_error(const std::pair<int, json>& answer, int status,
                           const std::string& code) {
    EXPECT_EQ(answer.first, status) << answer.second.dump();
    EXPECT_EQ(answer.second["format_version"], 1);
    EXPECT_EQ(answer.second["error"]["code"], code) << answer.second.dump();
    EXPECT_TRUE(answer.second["error"]["message"].is_string());
    EXPECT_FALSE(answer.second["error"]["message"].get<std::string>().empty());
  }

  static TempDir* dir_;
  static std::string db_;
  std::unique_ptr<ServerProcess> server_;
};
TempDir* Serve::dir_ = nullptr;
std::string Serve::db_;

TEST_F(Serve, ListensOnLoopbackAndReportsHealth) {
  EXPECT_NE(server_->first_line().find("listening on http://127.0.0.1:"), std::string::npos);
  auto [status, doc] = get("/health");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["status"], "ok");
  EXPECT_EQ(doc["documents"], 3);
  EXPECT_EQ(doc["searchers"], 3);
}

TEST_F(Serve, SearchAnswersTheCliJson) {
  auto [status, doc] = get("/search?q=Kim+%2B+Russia+%2B+2019");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(doc, cli("search --json --db " + shell_quote(db_) + " 'Kim + Russia + 2019'"));
  EXPECT_EQ(doc["query"], "Kim + Russia + 2019");
  EXPECT_EQ(doc["hits"].size(), 3u);

  // Every parameter, against the same flags.
  auto [status2, paged] =
      get("/search?q=Kim&limit=1&offset=1&facets=person,year&facet_limit=2&sort=newest"
          "&count_limit=1");
  ASSERT_EQ(status2, 200) << paged.dump();
  EXPECT_EQ(paged, cli("search --json --db " + shell_quote(db_) +
                       " --limit 1 --offset 1 --facets person,year --facet-limit 2 --sort newest"
                       " --count-limit 1 Kim"));
  EXPECT_EQ(paged["exact"], false);
  ASSERT_EQ(paged["hits"].size(), 1u);
  EXPECT_EQ(paged["hits"][0]["rank"], 2);
  EXPECT_EQ(paged["facets"].size(), 2u);
  EXPECT_LE(paged["facets"]["person"].size(), 2u);

  auto [status3, none] = get("/search?q=Kim&facets=none");
  ASSERT_EQ(status3, 200);
  EXPECT_TRUE(none["facets"].empty());

  // Only seed 000 has a (text) date: 2023-09-12.
  auto [status4, dated] = get("/search?q=Kim&since=2023-09&until=2023&sort=oldest");
  ASSERT_EQ(status4, 200);
  EXPECT_EQ(dated, cli("search --json --db " + shell_quote(db_) +
                       " --since 2023-09 --until 2023 --sort oldest Kim"));
  ASSERT_EQ(dated["hits"].size(), 1u);
  EXPECT_EQ(dated["hits"][0]["id"], "000_4a8b286dea9e7962");
}

TEST_F(Serve, RankingRecencyAndExplainAnswerTheCliJson) {
  auto [status, doc] = get("/search?q=Kim+%2B+Russia&explain=true&recent=30");
  ASSERT_EQ(status, 200) << doc.dump();
  EXPECT_EQ(doc, cli("search --json --db " + shell_quote(db_) +
                     " --explain --recent=30 'Kim + Russia'"));
  ASSERT_FALSE(doc["hits"].empty());
  EXPECT_EQ(doc["hits"][0]["explain"]["ranking"], "dossier");
  EXPECT_EQ(doc["hits"][0]["explain"]["components"].back()["name"], "recency");

  auto [status2, bm25] = get("/search?q=Kim&ranking=bm25&explain=1");
  ASSERT_EQ(status2, 200) << bm25.dump();
  EXPECT_EQ(bm25, cli("search --json --db " + shell_quote(db_) + " --ranking bm25 --explain Kim"));
  EXPECT_EQ(bm25["hits"][0]["explain"]["ranking"], "bm25");
  auto [status3, plain] = get("/search?q=Kim&explain=false");
  ASSERT_EQ(status3, 200);
  EXPECT_FALSE(plain["hits"][0].contains("explain"));

  expect_error(get("/search?q=Kim&ranking=tfidf"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&recent=-1"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&recent=soon"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&explain=yes"), 400, "invalid argument");
  expect_error(get("/facets?q=Kim&explain=true"), 400, "invalid argument");
}

TEST_F(Serve, FacetsAreASearchWithoutHits) {
  auto [status, doc] = get("/facets?q=Kim&facets=person,country&facet_limit=3");
  ASSERT_EQ(status, 200) << doc.dump();
  EXPECT_TRUE(doc["hits"].empty());
  EXPECT_EQ(doc["facets"], cli("search --json --db " + shell_quote(db_) +
                               " --facets person,country --facet-limit 3 Kim")["facets"]);
  EXPECT_EQ(doc["facets"]["person"].size(), 3u);
  expect_error(get("/facets?q=Kim&limit=3"), 400, "invalid argument");
}

TEST_F(Serve, FiltersRepeatAndRelatedAnswersTheCliJson) {
  // `filter` is the one parameter that may repeat: each adds a filter.
  auto [status, doc] = get("/search?q=Kim&filter=country:Russia&filter=country:China&filter=year:2023");
  ASSERT_EQ(status, 200) << doc.dump();
  EXPECT_EQ(doc, cli("search --json --db " + shell_quote(db_) +
                     " --filter country:Russia --filter country:China --filter year:2023 Kim"));
  ASSERT_EQ(doc["filters"].size(), 3u);
  EXPECT_EQ(doc["filters"][1]["id"], "country:CN");
  EXPECT_EQ(doc["total"], 1);

  auto [status2, facets] = get("/facets?q=Kim&facets=country&filter=country%3ARussia");
  ASSERT_EQ(status2, 200) << facets.dump();
  EXPECT_TRUE(facets["hits"].empty());
  EXPECT_EQ(facets["facets"], cli("search --json --db " + shell_quote(db_) +
                                  " --facets country --filter country:Russia Kim")["facets"]);

  auto [status3, related] = get("/related?q=cosmodrome&type=country,place&min_count=1&limit=3");
  ASSERT_EQ(status3, 200) << related.dump();
  EXPECT_EQ(related, cli("related --json --db " + shell_quote(db_) +
                         " --type country,place --min-count 1 --limit 3 cosmodrome"));
  EXPECT_EQ(related["format_version"], 1);
  EXPECT_EQ(related["total"], 1);
  ASSERT_EQ(related["entities"].size(), 3u);
  EXPECT_EQ(related["entities"][0]["id"], "country:SUHH");  // only in that article
  // count_limit as the CLI's --count-limit: an estimate above it.
  auto [status4, sampled] = get("/related?q=Kim&count_limit=1");
  ASSERT_EQ(status4, 200) << sampled.dump();
  EXPECT_EQ(sampled, cli("related --json --db " + shell_quote(db_) + " --count-limit 1 Kim"));
  EXPECT_EQ(sampled["exact"], false) << sampled.dump();

  expect_error(get("/search?q=Kim&filter=colour:red"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&filter=countryRussia"), 400, "invalid argument");
  expect_error(get("/facets?q=Kim&filter=country:Atlantis"), 400, "invalid argument");
  expect_error(get("/related?q=Kim&type=city"), 400, "invalid argument");
  expect_error(get("/related?q=Kim&limit=0"), 400, "invalid argument");
  expect_error(get("/related?q=Kim&q=Putin"), 400, "invalid argument");
  expect_error(get("/related"), 400, "invalid argument");
}

TEST_F(Serve, TimelineAndArticles) {
  auto [status, timeline] = get("/timeline?q=Russia&by=month");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(timeline, cli("timeline --json --by month --db " + shell_quote(db_) + " Russia"));
  EXPECT_EQ(timeline["by"], "month");

  auto [status2, article] = get("/article/001_4d3a4471832e5cd3");
  ASSERT_EQ(status2, 200);
  EXPECT_EQ(article["format_version"], 1);
  EXPECT_EQ(article["id"], "001_4d3a4471832e5cd3");
  EXPECT_NE(article["body"].get<std::string>().find("Kim"), std::string::npos);

  expect_error(get("/article/no-such-article"), 404, "not found");
  expect_error(get("/timeline?q=Russia&by=week"), 400, "invalid argument");
}

TEST_F(Serve, SuggestAndSimilarAnswerTheCliJson) {
  // %D0%9F%D1%83%D1%82 is "Пут": completion in any script.
  auto [status, suggest] = get("/suggest?q=%D0%9F%D1%83%D1%82&limit=3");
  ASSERT_EQ(status, 200) << suggest.dump();
  EXPECT_EQ(suggest, cli("suggest --json --limit 3 --db " + shell_quote(db_) + " Пут"));
  EXPECT_EQ(suggest["prefix"], "Пут");
  ASSERT_FALSE(suggest["suggestions"].empty());
  EXPECT_EQ(suggest["suggestions"][0]["id"], "person:vladimir-putin");

  auto [status2, similar] = get("/similar/000_4a8b286dea9e7962?limit=2");
  ASSERT_EQ(status2, 200) << similar.dump();
  EXPECT_EQ(similar, cli("similar --json --limit 2 --db " + shell_quote(db_) +
                         " 000_4a8b286dea9e7962"));
  EXPECT_EQ(similar["id"], "000_4a8b286dea9e7962");
  EXPECT_EQ(similar["hits"].size(), 2u);

  // A misspelled search says what was meant.
  auto [status3, missed] = get("/search?q=Vladivostock&facets=none");
  ASSERT_EQ(status3, 200);
  EXPECT_EQ(missed["did_you_mean"], "Vladivostok");

  expect_error(get("/similar/no-such-article"), 404, "not found");
  expect_error(get("/similar/000_4a8b286dea9e7962?limit=0"), 400, "invalid argument");
  expect_error(get("/similar/000_4a8b286dea9e7962?count=2"), 400, "invalid argument");
  expect_error(get("/suggest"), 400, "invalid argument");
  expect_error(get("/suggest?q=%21%21"), 400, "invalid argument");  // "!!": no letter
  expect_error(get("/suggest?q=kim&limit=1001"), 400, "invalid argument");
  auto res = client()->Post("/suggest?q=kim", "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
}

TEST_F(Serve, ErrorsCarryStatusAndJson) {
  auto bad = get("/search?q=Kim+%2B+%2B+Russia");
  expect_error(bad, 400, "bad query");
  EXPECT_NE(bad.second["error"]["message"].get<std::string>().find("column 5"), std::string::npos);

  expect_error(get("/search"), 400, "invalid argument");                      // no q
  expect_error(get("/search?q=Kim&lmit=3"), 400, "invalid argument");         // unknown parameter
  expect_error(get("/search?q=Kim&q=Putin"), 400, "invalid argument");        // repeated
  expect_error(get("/search?q=Kim&limit=ten"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&limit=-1"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&sort=random"), 400, "invalid argument");
  expect_error(get("/search?q=Kim&facets=colour"), 400, "invalid argument");  // from the library
  expect_error(get("/search?q=Kim&since=yesterday"), 400, "invalid argument");
  expect_error(get("/nowhere"), 404, "not found");

  auto posted = client()->Post("/search", "q=Kim", "application/x-www-form-urlencoded");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 405);
  EXPECT_EQ(posted->get_header_value("Allow"), "GET");
}

TEST_F(Serve, LimitsAreEnforced) {
  // The result window: offset + limit <= 10000.
  expect_error(get("/search?q=Kim&offset=9995&limit=6"), 400, "invalid argument");
  EXPECT_EQ(get("/search?q=Kim&offset=9990&limit=10").first, 200);
  // A query over 1024 bytes: 414.
  expect_error(get("/search?q=" + std::string(1025, 'a')), 414, "query too long");
  std::string kims;  // 1000 bytes once decoded
  for (int i = 0; i < 250; ++i) kims += "Kim+";
  EXPECT_EQ(get("/search?q=" + kims).first, 200);
  // A URI over httplib's 8 KiB: 414 too, with our JSON.
  expect_error(get("/search?q=" + std::string(9000, 'a')), 414, "uri too long");
  // A body over 16 KiB: 413, on any method.
  auto big = client()->Post("/search", std::string(20000, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["error"]["code"], "too large");
  httplib::Request request;
  request.method = "GET";
  request.path = "/search?q=Kim";
  request.body = std::string(20000, 'x');
  request.set_header("Content-Type", "text/plain");
  auto get_with_body = client()->send(request);
  ASSERT_TRUE(get_with_body);
  EXPECT_EQ(get_with_body->status, 413);
}

TEST_F(Serve, ConcurrentRequestsAllSucceed) {
  const json expected = get("/search?q=Kim&limit=3").second;
  ASSERT_EQ(expected["format_version"], 1);
  constexpr int kThreads = 8;
  constexpr int kRequests = 25;
  std::atomic<int> ok{0};
  std::atomic<int> same{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server_->port());
      c.set_read_timeout(30, 0);
      c.set_url_encode(false);
      for (int i = 0; i < kRequests; ++i) {
        const char* paths[] = {"/search?q=Kim&limit=3", "/facets?q=Russia", "/timeline?q=Putin",
                               "/article/000_4a8b286dea9e7962", "/health"};
        const std::string path = paths[(t + i) % 5];
        auto res = c.Get(path);
        if (res && res->status == 200) ++ok;
        if (res && path == paths[0] && json::parse(res->body, nullptr, false) == expected) ++same;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok, kThreads * kRequests);
  EXPECT_EQ(same, kThreads * kRequests / 5);
}

TEST_F(Serve, CommitsOfAConcurrentIndexerAreSeenOnTheNextRequest) {
  TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_dossier("index --quiet --db " + shell_quote(db) + " " +
                        shell_quote(test::source_path("corpus/seeds"))).exit_code, 0);
  ServerProcess server({"serve", "--db", db, "--port", "0"});
  ASSERT_GT(server.port(), 0);
  httplib::Client c("127.0.0.1", server.port());
  c.set_url_encode(false);
  auto before = c.Get("/search?q=id%3Alate-1");
  ASSERT_TRUE(before);
  EXPECT_EQ(json::parse(before->body)["total"], 0);

  test::write_file(dir / "late.jsonl",
                   "{\"id\":\"late-1\",\"title\":\"A zeppelin over Pyongyang\",\"body\":\"It "
                   "landed.\"}\n");
  ASSERT_EQ(run_dossier("index --quiet --db " + shell_quote(db) + " " +
                        shell_quote(dir / "late.jsonl")).exit_code, 0);
  auto after = c.Get("/search?q=id%3Alate-1");
  ASSERT_TRUE(after);
  EXPECT_EQ(json::parse(after->body)["total"], 1);
  auto article = c.Get("/article/late-1");
  ASSERT_TRUE(article);
  EXPECT_EQ(article->status, 200);
  EXPECT_EQ(json::parse(c.Get("/health")->body)["documents"], 4);
}

TEST_F(Serve, StopsCleanlyOnSigtermAndSigint) {
  EXPECT_EQ(get("/health").first, 200);
  EXPECT_EQ(server_->stop(SIGTERM), 0);
  EXPECT_NE(server_->rest().find("stopped"), std::string::npos);

  // A signal right after the server says it listens is never lost (it was
  // when it came before the accept loop ran: the server went on serving).
  for (int i = 0; i < 5; ++i) {
    ServerProcess other({"serve", "--db", db_, "--port", "0"});
    ASSERT_GT(other.port(), 0);
    EXPECT_EQ(other.stop(i % 2 == 0 ? SIGINT : SIGTERM), 0) << "start " << i;
  }
}

TEST_F(Serve, RefusesToStartWithoutAnIndexOrAPort) {
  TempDir dir;
  auto r = run_dossier("serve --db " + shell_quote(dir / "missing") + " --port 0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no dossier index"), std::string::npos) << r.err;

  // The port the fixture's server holds.
  auto busy = run_dossier("serve --db " + shell_quote(db_) + " --port " +
                          std::to_string(server_->port()));
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_NE(busy.err.find("cannot listen"), std::string::npos) << busy.err;
}

}  // namespace
}  // namespace dossier
