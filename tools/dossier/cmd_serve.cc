// dossier serve --db PATH [--bind 127.0.0.1] [--port 8080]: a JSON HTTP API
// over one index (endpoints, parameters, errors and limits in README.md,
// "HTTP API").
//
// Shape: cpp-httplib accepts connections on its own thread pool (one thread
// per open connection); those threads parse and check the request, then hand
// the search to a SearcherPool: a few worker threads, each owning its own
// dossier::Searcher, so that queries run in parallel (one Searcher serialises
// its calls). A request waits for its answer until its deadline; a request
// still queued at its deadline is dropped without running, so an overloaded
// server sheds work instead of answering minutes late. Each Searcher reopens
// the index before every call, so articles committed by a concurrent
// `dossier index` are found by the next request.
//
// Shutdown: SIGINT and SIGTERM are blocked in every thread and taken by one
// thread with sigwait(), which stops the listener; requests in progress are
// answered, then the process exits 0.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "commands.h"
#include "dossier/json.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct ServeFlags {
  std::string db;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::size_t searchers = 0;  // 0: one per core, at least 2
  std::size_t threads = 16;
  std::size_t max_query_bytes = 1024;
  std::size_t max_window = 10000;
  std::size_t max_body_bytes = 16 * 1024;
  std::size_t timeout_ms = 10000;
};

// An HTTP answer: status and JSON body.
struct Answer {
  int status = 200;
  std::string body;
  bool retry_later = false;  // adds Retry-After (503s)
};

Answer error_answer(int status, const std::string& code, const std::string& message) {
  nlohmann::ordered_json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["error"] = {{"code", code}, {"message", message}};
  Answer a;
  a.status = status;
  a.body = doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  a.retry_later = status == 503;
  return a;
}

// The HTTP status of a library error: the caller's fault (4xx) or ours (5xx).
Answer status_answer(const Status& status) {
  int http = 500;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kBadQuery:
    case StatusCode::kBadInput: http = 400; break;
    case StatusCode::kNotFound: http = 404; break;
    case StatusCode::kDatabaseModified:
    case StatusCode::kLocked: http = 503; break;
    default: http = 500;
  }
  return error_answer(http, status_code_name(status.code()), status.message());
}

// A fixed set of worker threads, each with its own Searcher over the same
// index. Jobs queue in FIFO order; a job whose deadline has passed when a
// worker takes it is dropped (its requester has already answered 503).
class SearcherPool {
 public:
  using Job = std::function<Answer(Searcher&)>;

  static Result<std::unique_ptr<SearcherPool>> open(const std::string& db, std::size_t workers,
                                                    std::size_t max_queue) {
    std::vector<std::unique_ptr<Searcher>> searchers;
    for (std::size_t i = 0; i < workers; ++i) {
      Result<std::unique_ptr<Searcher>> s = Searcher::open(db);
      if (!s.ok()) return s.status();
      // The facet keys in memory before the first request (one copy for all
      // the searchers: the first reads it, 0.21 s at a million articles).
      Result<std::uint64_t> warmed = (*s)->warm();
      if (!warmed.ok()) return warmed.status();
      searchers.push_back(std::move(s.value()));
    }
    return std::unique_ptr<SearcherPool>(new SearcherPool(std::move(searchers), max_queue));
  }

  ~SearcherPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  // Runs `job` on a worker and returns its answer, or a 503 when the queue
  // is full or the deadline passes first. `job` must own its inputs: after a
  // timeout it may still run (or be dropped) after run() has returned.
  Answer run(Job job, Clock::time_point deadline) {
    auto task = std::make_shared<Task>();
    task->job = std::move(job);
    task->deadline = deadline;
    std::future<Answer> answer = task->promise.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queue_.size() >= max_queue_) {
        return error_answer(503, "overloaded",
                            "the server is busy (" + std::to_string(queue_.size()) +
                                " searches waiting); retry later");
      }
      queue_.push_back(task);
    }
    wake_.notify_one();
    if (answer.wait_until(deadline) != std::future_status::ready) {
      return error_answer(503, "timeout", "the request took longer than the server's limit");
    }
    return answer.get();
  }

  std::size_t size() const { return threads_.size(); }

 private:
  struct Task {
    Job job;
    Clock::time_point deadline;
    std::promise<Answer> promise;
  };

  SearcherPool(std::vector<std::unique_ptr<Searcher>> searchers, std::size_t max_queue)
      : searchers_(std::move(searchers)), max_queue_(max_queue) {
    for (std::unique_ptr<Searcher>& s : searchers_) {
      threads_.emplace_back([this, searcher = s.get()] { work(*searcher); });
    }
  }

  void work(Searcher& searcher) {
    for (;;) {
      std::shared_ptr<Task> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to answer
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      if (Clock::now() >= task->deadline) continue;  // nobody waits for it any more
      Answer answer;
      try {
        answer = task->job(searcher);
      } catch (const std::exception& e) {
        answer = error_answer(500, status_code_name(StatusCode::kInternal), e.what());
      }
      task->promise.set_value(std::move(answer));
    }
  }

  std::vector<std::unique_ptr<Searcher>> searchers_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Task>> queue_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  const std::size_t max_queue_;
};

// Query parameters, checked against the endpoint's list: an unknown or
// repeated parameter is an error, not silently ignored (a typo like "lmit"
// would otherwise return ten hits and look right). Only `filter` may repeat:
// each one adds a drill-down filter.
class Params {
 public:
  Params(const httplib::Request& req, std::initializer_list<const char*> known) {
    for (const auto& [key, value] : req.params) {
      if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) ==
          known.end()) {
        std::string list;
        for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        error_ = "unknown parameter \"" + key + "\" (this endpoint takes: " +
                 (list.empty() ? "none" : list) + ")";
        return;
      }
      if (req.params.count(key) > 1 && key != "filter") {
        error_ = "parameter \"" + key + "\" given more than once";
        return;
      }
    }
    request_ = &req;
  }

  const std::string& error() const { return error_; }

  std::string get(const char* key, const std::string& fallback = "") const {
    return request_->has_param(key) ? request_->get_param_value(key) : fallback;
  }

  // Every `filter` parameter as a drill-down filter, in the order given;
  // false (with error()) when one is not FACET:VALUE.
  bool filters(std::vector<FacetFilter>* out) {
    const std::size_t n = request_->get_param_value_count("filter");
    for (std::size_t i = 0; i < n; ++i) {
      Result<FacetFilter> f = parse_facet_filter(request_->get_param_value("filter", i));
      if (!f.ok()) {
        error_ = f.status().message();
        return false;
      }
      out->push_back(std::move(f.value()));
    }
    return true;
  }

  // A non-negative integer parameter; false (with error()) when malformed.
  bool size(const char* key, std::size_t* out) {
    if (!request_->has_param(key)) return true;
    const std::string v = request_->get_param_value(key);
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
      error_ = "parameter \"" + std::string(key) + "\" must be a non-negative integer, not \"" +
               v + "\"";
      return false;
    }
    return true;
  }

 private:
  const httplib::Request* request_ = nullptr;
  std::string error_;
};

class Api {
 public:
  Api(const ServeFlags& flags, SearcherPool& pool) : flags_(flags), pool_(pool) {}

  // Registers the routes and limits on `http`.
  void install(httplib::Server& http) {
    http.Get("/search", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, search(q, /*facets_only=*/false));
    });
    http.Get("/facets", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, search(q, /*facets_only=*/true));
    });
    http.Get("/timeline", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, timeline(q));
    });
    http.Get("/related", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, related(q));
    });
    http.Get(R"(/article/(.+))", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, article(q));
    });
    http.Get("/suggest", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, suggest(q));
    });
    http.Get(R"(/similar/(.+))", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, similar(q));
    });
    http.Get("/health", [this](const httplib::Request& q, httplib::Response& r) {
      reply(r, health(q));
    });
    // Every other method on a known path: 405, with the method that works.
    const auto not_allowed = [](const httplib::Request&, httplib::Response& r) {
      reply(r, error_answer(405, "method not allowed", "only GET is supported"));
      r.set_header("Allow", "GET");
    };
    for (const char* path :
         {"/search", "/facets", "/timeline", "/related", R"(/article/(.+))", "/suggest",
          R"(/similar/(.+))", "/health"}) {
      http.Post(path, not_allowed);
      http.Put(path, not_allowed);
      http.Patch(path, not_allowed);
      http.Delete(path, not_allowed);
    }
    // Errors httplib raises itself (404 no route, 413 body too large, 414
    // URI too long, 400 malformed request) get the same JSON body as ours.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& q, httplib::Response& r) {
      if (!r.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      Answer a;
      switch (r.status) {
        case 404: a = error_answer(404, "not found", "no endpoint " + q.path); break;
        case 413: a = error_answer(413, "too large", "the request body is too large"); break;
        case 414: a = error_answer(414, "uri too long", "the request URI is too long"); break;
        default:
          a = error_answer(r.status,
                           r.status >= 500 ? status_code_name(StatusCode::kInternal)
                                           : "bad request",
                           "HTTP status " + std::to_string(r.status));
      }
      reply(r, a);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler(
        [](const httplib::Request& q, httplib::Response& r, std::exception_ptr ep) {
          std::string what = "unexpected error";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          std::cerr << "dossier serve: error: " << q.method << " " << q.path << ": " << what
                    << "\n";
          reply(r, error_answer(500, status_code_name(StatusCode::kInternal), what));
        });
    // httplib reads (and bounds, with 413) bodies of POST/PUT/PATCH/DELETE
    // only; a GET with a body would leave it unread on the connection. Every
    // endpoint is a GET without one, so refuse it before routing.
    const std::size_t max_body = flags_.max_body_bytes;
    http.set_pre_routing_handler([max_body](const httplib::Request& q, httplib::Response& r) {
      if (q.method != "GET" && q.method != "HEAD") {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      const bool chunked = q.has_header("Transfer-Encoding");
      const std::size_t length = q.get_header_value<std::uint64_t>("Content-Length");
      if (!chunked && length == 0) return httplib::Server::HandlerResponse::Unhandled;
      if (chunked || length > max_body) {
        reply(r, error_answer(413, "too large", "the request body is too large"));
      } else {
        reply(r, error_answer(400, "invalid argument", "a GET request takes no body"));
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    http.set_payload_max_length(flags_.max_body_bytes);
  }

 private:
  static void reply(httplib::Response& r, const Answer& a) {
    r.status = a.status;
    r.set_content(a.body, "application/json; charset=utf-8");
    if (a.retry_later) r.set_header("Retry-After", "1");
  }

  Clock::time_point deadline() const {
    return Clock::now() + std::chrono::milliseconds(flags_.timeout_ms);
  }

  // The query parameter `q`: required, at most max_query_bytes.
  std::optional<Answer> check_query(const std::string& q) const {
    if (q.empty()) {
      return error_answer(400, "invalid argument", "parameter \"q\" (the query) is required");
    }
    if (q.size() > flags_.max_query_bytes) {
      return error_answer(414, "query too long",
                          "the query is " + std::to_string(q.size()) + " bytes; the limit is " +
                              std::to_string(flags_.max_query_bytes));
    }
    return std::nullopt;
  }

  Answer search(const httplib::Request& req, bool facets_only) {
    Params p = facets_only
                   ? Params(req, {"q", "facets", "facet_limit", "count_limit", "since", "until",
                                  "filter"})
                   : Params(req, {"q", "limit", "offset", "facets", "facet_limit", "count_limit",
                                  "sort", "since", "until", "filter", "ranking", "recent",
                                  "explain"});
    SearchRequest r;
    if (p.error().empty()) {
      r.query = p.get("q");
      p.size("limit", &r.limit) && p.size("offset", &r.offset) &&
          p.size("facet_limit", &r.facet_limit) && p.size("count_limit", &r.count_limit) &&
          p.filters(&r.filters);
    }
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    if (auto bad = check_query(r.query)) return *bad;
    if (facets_only) r.limit = 0;
    // offset + limit bounds the work of one request (Xapian ranks that many).
    if (r.offset > flags_.max_window || r.limit > flags_.max_window - r.offset) {
      return error_answer(400, "invalid argument",
                          "offset + limit may be at most " + std::to_string(flags_.max_window));
    }
    if (r.facet_limit < 1 || r.facet_limit > 1000) {
      return error_answer(400, "invalid argument", "facet_limit must be between 1 and 1000");
    }
    const std::string sort = p.get("sort", "relevance");
    if (sort == "newest") {
      r.sort = SortOrder::kNewest;
    } else if (sort == "oldest") {
      r.sort = SortOrder::kOldest;
    } else if (sort != "relevance") {
      return error_answer(400, "invalid argument",
                          "sort must be relevance, newest or oldest, not \"" + sort + "\"");
    }
    const std::string ranking = p.get("ranking", "dossier");
    if (ranking == "bm25") {
      r.ranking = Ranking::kPlainBm25;
    } else if (ranking != "dossier") {
      return error_answer(400, "invalid argument",
                          "ranking must be dossier or bm25, not \"" + ranking + "\"");
    }
    const std::string explain = p.get("explain", "false");
    if (explain == "true" || explain == "1") {
      r.explain = true;
    } else if (explain != "false" && explain != "0") {
      return error_answer(400, "invalid argument",
                          "explain must be true, false, 1 or 0, not \"" + explain + "\"");
    }
    if (req.has_param("recent")) {
      // Days of half-life, as the CLI's --recent=DAYS.
      const std::string days = p.get("recent");
      char* end = nullptr;
      const double value = days.empty() ? -1 : std::strtod(days.c_str(), &end);
      if (days.empty() || end != days.c_str() + days.size() || !(value >= 0) ||
          !std::isfinite(value)) {
        return error_answer(400, "invalid argument",
                            "recent must be a number of days >= 0, not \"" + days + "\"");
      }
      r.recent_half_life_days = value;
    }
    r.since = p.get("since");
    r.until = p.get("until");
    if (req.has_param("facets")) {
      r.facets.clear();
      const std::string list = p.get("facets");
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string facet = list.substr(start, comma - start);
        if (!facet.empty() && facet != "none") r.facets.push_back(std::move(facet));
        start = comma + 1;
      }
    }
    return pool_.run(
        [r](Searcher& s) {
          Result<SearchResponse> response = s.search(r);
          if (!response.ok()) return status_answer(response.status());
          return Answer{200, to_json(*response)};
        },
        deadline());
  }

  Answer timeline(const httplib::Request& req) {
    Params p(req, {"q", "by"});
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    TimelineRequest r;
    r.query = p.get("q");
    if (auto bad = check_query(r.query)) return *bad;
    const std::string by = p.get("by", "year");
    if (by == "month") {
      r.by = TimelineRequest::Period::kMonth;
    } else if (by != "year") {
      return error_answer(400, "invalid argument", "by must be year or month, not \"" + by + "\"");
    }
    return pool_.run(
        [r](Searcher& s) {
          Result<TimelineResponse> response = s.timeline(r);
          if (!response.ok()) return status_answer(response.status());
          return Answer{200, to_json(*response, r)};
        },
        deadline());
  }

  Answer related(const httplib::Request& req) {
    Params p(req, {"q", "type", "limit", "min_count", "count_limit", "since", "until", "filter"});
    RelatedRequest r;
    std::size_t min_count = r.min_count;
    if (p.error().empty()) {
      r.query = p.get("q");
      p.size("limit", &r.limit) && p.size("min_count", &min_count) &&
          p.size("count_limit", &r.count_limit) && p.filters(&r.filters);
    }
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    if (auto bad = check_query(r.query)) return *bad;
    r.min_count = min_count;
    r.since = p.get("since");
    r.until = p.get("until");
    if (req.has_param("type")) {
      r.types.clear();
      const std::string list = p.get("type");
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string type = list.substr(start, comma - start);
        if (!type.empty()) r.types.push_back(std::move(type));
        start = comma + 1;
      }
    }
    return pool_.run(
        [r](Searcher& s) {
          Result<RelatedResponse> response = s.related(r);
          if (!response.ok()) return status_answer(response.status());
          return Answer{200, to_json(*response)};
        },
        deadline());
  }

  // Completions of `q`, what a user has typed so far.
  Answer suggest(const httplib::Request& req) {
    Params p(req, {"q", "limit"});
    std::string prefix;
    std::size_t limit = 10;
    if (p.error().empty()) {
      prefix = p.get("q");
      p.size("limit", &limit);
    }
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    if (auto bad = check_query(prefix)) return *bad;
    if (limit < 1 || limit > 1000) {
      return error_answer(400, "invalid argument", "limit must be between 1 and 1000");
    }
    return pool_.run(
        [prefix, limit](Searcher& s) {
          Result<SuggestResponse> response = s.suggest(prefix, limit);
          if (!response.ok()) return status_answer(response.status());
          return Answer{200, to_json(*response)};
        },
        deadline());
  }

  // Articles like the article ID.
  Answer similar(const httplib::Request& req) {
    Params p(req, {"limit"});
    std::size_t limit = 10;
    if (p.error().empty()) p.size("limit", &limit);
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    std::string id = req.matches[1];
    if (id.size() > flags_.max_query_bytes) {
      return error_answer(414, "query too long", "the article id is too long");
    }
    if (limit < 1 || limit > flags_.max_window) {
      return error_answer(400, "invalid argument",
                          "limit must be between 1 and " + std::to_string(flags_.max_window));
    }
    return pool_.run(
        [id, limit](Searcher& s) {
          Result<SimilarResponse> response = s.similar(id, limit);
          if (!response.ok()) return status_answer(response.status());
          return Answer{200, to_json(*response)};
        },
        deadline());
  }

  Answer article(const httplib::Request& req) {
    Params p(req, {});
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    std::string id = req.matches[1];
    if (id.size() > flags_.max_query_bytes) {
      return error_answer(414, "query too long", "the article id is too long");
    }
    return pool_.run(
        [id](Searcher& s) {
          Result<StoredArticle> stored = s.get_article(id);
          if (!stored.ok()) return status_answer(stored.status());
          return Answer{200, to_json(*stored)};
        },
        deadline());
  }

  Answer health(const httplib::Request& req) {
    Params p(req, {});
    if (!p.error().empty()) return error_answer(400, "invalid argument", p.error());
    const std::size_t searchers = pool_.size();
    return pool_.run(
        [searchers](Searcher& s) {
          Result<IndexInfo> info = s.info();
          if (!info.ok()) {
            Answer a = status_answer(info.status());
            a.status = 503;  // the server runs but cannot read its index
            return a;
          }
          nlohmann::ordered_json doc;
          doc["format_version"] = kJsonFormatVersion;
          doc["status"] = "ok";
          doc["documents"] = info->documents;
          doc["index_format_version"] = info->format_version;
          doc["version"] = DOSSIER_VERSION_STRING;
          doc["searchers"] = searchers;
          return Answer{200, doc.dump()};
        },
        deadline());
  }

  const ServeFlags& flags_;
  SearcherPool& pool_;
};

// httplib listens with a backlog of 5 (a constant compiled into Debian's
// library): a burst of new connections beyond it has its SYNs dropped and
// retried a second later. On Linux, listen() on a listening socket sets a new
// backlog, and the socket is only reachable from a subclass.
class HttpServer : public httplib::Server {
 public:
  void set_backlog(int backlog) {
    const socket_t sock = svr_sock_;
    if (sock != INVALID_SOCKET) ::listen(sock, backlog);
  }
};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int run_serve(const ServeFlags& flags) {
  // Block the stop signals before any thread starts, so that every thread
  // inherits the mask and only the sigwait() thread below ever takes them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that hangs up mid-answer must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  const std::size_t workers =
      flags.searchers > 0 ? flags.searchers
                          : std::max<std::size_t>(2, std::thread::hardware_concurrency());
  Result<std::unique_ptr<SearcherPool>> pool =
      SearcherPool::open(flags.db, workers, /*max_queue=*/std::max<std::size_t>(64, 8 * workers));
  if (!pool.ok()) {
    print_error(pool.status());
    return kExitError;
  }

  HttpServer http;
  const std::size_t threads = flags.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // A client that stalls while sending or receiving loses its connection
  // rather than a thread.
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_keep_alive_timeout(5);
  // httplib closes a connection after 5 requests by default; a client that
  // keeps asking should not pay a new connection every fifth request.
  http.set_keep_alive_max_count(1000);
  // httplib writes the headers and the body separately; with Nagle's
  // algorithm the body then waits for the client's delayed ACK (~40 ms).
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which would let a second
  // server share the port silently (the kernel splitting connections between
  // them); a busy port must be an error instead.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  Api api(flags, **pool);
  api.install(http);

  int port = flags.port;
  if (port == 0) {
    port = http.bind_to_any_port(flags.bind);
  } else if (!http.bind_to_port(flags.bind, port)) {
    port = -1;
  }
  if (port > 0) http.set_backlog(SOMAXCONN);
  if (port <= 0) {
    print_error(Status::io_error("cannot listen on " + flags.bind + ":" +
                                 std::to_string(flags.port) +
                                 " (address in use, or not an address of this machine)"));
    return kExitError;
  }
  if (!is_loopback(flags.bind)) {
    print_warning("listening on " + flags.bind +
                  ", beyond this machine: the API has no authentication");
  }
  const std::string host =
      flags.bind.find(':') != std::string::npos ? "[" + flags.bind + "]" : flags.bind;
  // Scripts and tests read this line for the port (--port 0 picks a free one).
  std::cout << "dossier serve: listening on http://" << host << ":" << port << " ("
            << flags.db << ", " << workers << " searchers)" << std::endl;

  std::atomic<bool> signalled{false};
  std::atomic<bool> finished{false};
  std::thread stopper([&http, &stop_signals, &signalled, &finished] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    if (finished) return;  // released below, the server has stopped
    signalled = true;
    // httplib's stop() does nothing until the accept loop runs, so a signal
    // that comes right after start would be lost: wait for the loop.
    while (!finished && !http.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    http.stop();
  });
  // Returns once stop() has run and the requests in progress are answered,
  // or when the listening socket fails.
  const bool served = http.listen_after_bind();
  finished = true;
  // In the second case the stopper still waits: release it. (A thread that
  // already left sigwait() just ignores this blocked signal.)
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!served && !signalled) {
    print_error(Status::io_error("the listening socket failed"));
    return kExitError;
  }
  std::cout << "dossier serve: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void register_serve(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Answer searches over HTTP with JSON (GET /search, /facets, /timeline, /related, "
      "/article/ID, /suggest, /similar/ID, /health)");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--bind", flags->bind,
                  "Address to listen on (default 127.0.0.1: this machine only; the API has no "
                  "authentication)");
  cmd->add_option("--port", flags->port, "Port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--searchers", flags->searchers,
                  "Searches run in parallel (default: one per core, at least 2)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  cmd->add_option("--threads", flags->threads,
                  "Connections served at once (default 16; more wait)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  cmd->add_option("--max-query-bytes", flags->max_query_bytes,
                  "Longest query accepted, in bytes (default 1024; longer: 414)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  cmd->add_option("--max-window", flags->max_window,
                  "Largest offset + limit of a search (default 10000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  cmd->add_option("--max-body-bytes", flags->max_body_bytes,
                  "Largest request body accepted (default 16384; larger: 413)");
  cmd->add_option("--timeout-ms", flags->timeout_ms,
                  "Longest wait for a search, in milliseconds (default 10000; then 503)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{600000}));
  cmd->callback([flags, exit_code] { *exit_code = run_serve(*flags); });
}

}  // namespace dossier::cli
