// The C API (include/dossier.h): a facade that turns JSON requests into the
// C++ request structs, calls dossier::Searcher / dossier::Indexer, and turns
// their results into the versioned JSON of dossier/json.h. No search or
// indexing logic lives here.
#include "dossier.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dossier/indexer.h"
#include "dossier/json.h"
#include "dossier/searcher.h"
#include "dossier/status.h"

struct dossier_searcher {
  std::unique_ptr<dossier::Searcher> searcher;
  std::string path;  // shown in dossier_info's "db"
};

struct dossier_indexer {
  std::unique_ptr<dossier::Indexer> indexer;
};

namespace {

using dossier::Result;
using dossier::Status;
using dossier::StatusCode;
using Json = nlohmann::json;

// The C enum promises the same numbers as StatusCode; keep them in step.
static_assert(static_cast<int>(StatusCode::kOk) == DOSSIER_OK);
static_assert(static_cast<int>(StatusCode::kInvalidArgument) == DOSSIER_INVALID_ARGUMENT);
static_assert(static_cast<int>(StatusCode::kNotFound) == DOSSIER_NOT_FOUND);
static_assert(static_cast<int>(StatusCode::kBadQuery) == DOSSIER_BAD_QUERY);
static_assert(static_cast<int>(StatusCode::kLocked) == DOSSIER_LOCKED);
static_assert(static_cast<int>(StatusCode::kCorrupt) == DOSSIER_CORRUPT);
static_assert(static_cast<int>(StatusCode::kVersionMismatch) == DOSSIER_VERSION_MISMATCH);
static_assert(static_cast<int>(StatusCode::kIoError) == DOSSIER_IO_ERROR);
static_assert(static_cast<int>(StatusCode::kBadInput) == DOSSIER_BAD_INPUT);
static_assert(static_cast<int>(StatusCode::kDatabaseModified) == DOSSIER_DATABASE_MODIFIED);
static_assert(static_cast<int>(StatusCode::kInternal) == DOSSIER_INTERNAL);

// Per thread, so that a handle shared between threads never shows one
// thread's error to another, and so that a failed open (which has no handle)
// still has somewhere to put its message.
thread_local std::string t_last_error;

int finish(const Status& status) {
  if (status.ok()) {
    t_last_error.clear();
  } else {
    t_last_error = status.message();
  }
  return static_cast<int>(status.code());
}

// Runs `body` (returning a Status) with every exception turned into
// DOSSIER_INTERNAL: nothing may unwind into C.
template <typename Body>
int guarded(Body&& body) {
  try {
    return finish(body());
  } catch (const std::bad_alloc&) {
    return finish(Status::internal("out of memory"));
  } catch (const std::exception& e) {
    return finish(Status::internal(std::string("unexpected error: ") + e.what()));
  } catch (...) {
    return finish(Status::internal("unexpected error"));
  }
}

// A malloc'ed copy, so that dossier_free (free) releases it.
Status hand_out(const std::string& text, char** out) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return Status::internal("out of memory");
  std::memcpy(copy, text.c_str(), text.size() + 1);
  *out = copy;
  return Status();
}

Result<Json> parse_object(const char* text, const char* what, StatusCode code) {
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann's message says where ("parse error at line 1, column 12: ...").
    return Status(code, std::string(what) + " is not valid JSON: " + e.what());
  }
  if (!value.is_object()) {
    return Status(code, std::string(what) + " must be a JSON object, not " + value.type_name());
  }
  return value;
}

Status check_known(const Json& object, const char* what, std::initializer_list<const char*> known) {
  for (const auto& item : object.items()) {
    bool found = false;
    for (const char* k : known) found = found || item.key() == k;
    if (!found) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return Status::invalid_argument(std::string(what) + ": unknown field \"" + item.key() +
                                      "\" (known: " + list + ")");
    }
  }
  return Status();
}

Status read_string(const Json& object, const char* key, std::string* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  if (!it->is_string()) {
    return Status::invalid_argument(std::string("\"") + key + "\" must be a string");
  }
  *out = it->get<std::string>();
  return Status();
}

Status read_size(const Json& object, const char* key, std::size_t* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  if (!it->is_number_unsigned()) {
    return Status::invalid_argument(std::string("\"") + key + "\" must be a non-negative integer");
  }
  *out = it->get<std::size_t>();
  return Status();
}

Status read_bool(const Json& object, const char* key, bool* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  if (!it->is_boolean()) {
    return Status::invalid_argument(std::string("\"") + key + "\" must be true or false");
  }
  *out = it->get<bool>();
  return Status();
}

// An array of strings, or null / absent for none.
Status read_strings(const Json& object, const char* key, std::vector<std::string>* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  const Status wrong = Status::invalid_argument(std::string("\"") + key +
                                                "\" must be an array of strings");
  if (!it->is_array()) return wrong;
  out->clear();
  for (const Json& item : *it) {
    if (!item.is_string()) return wrong;
    out->push_back(item.get<std::string>());
  }
  return Status();
}

// "filters": ["country:Russia", "year:2012"], as the CLI's --filter.
Status read_filters(const Json& object, std::vector<dossier::FacetFilter>* out) {
  std::vector<std::string> texts;
  Status s = read_strings(object, "filters", &texts);
  if (!s.ok()) return s;
  for (const std::string& text : texts) {
    Result<dossier::FacetFilter> f = dossier::parse_facet_filter(text);
    if (!f.ok()) return f.status();
    out->push_back(std::move(f.value()));
  }
  return Status();
}

// Runs the reads in order and stops at the first error.
template <typename... Reads>
Status all(Reads&&... reads) {
  Status result;
  ((result.ok() ? (void)(result = reads()) : (void)0), ...);
  return result;
}

Result<dossier::SearchRequest> search_request(const char* text) {
  Result<Json> doc = parse_object(text, "search request", StatusCode::kInvalidArgument);
  if (!doc.ok()) return doc.status();
  const Json& j = *doc;
  dossier::SearchRequest r;
  std::string sort = "relevance";
  std::string ranking = "dossier";
  Status s = all(
      [&] {
        return check_known(j, "search request",
                           {"query", "limit", "offset", "facets", "facet_limit", "count_limit",
                            "sort", "since", "until", "snippet_words", "filters", "ranking",
                            "recent", "explain"});
      },
      [&] { return read_string(j, "ranking", &ranking); },
      [&] { return read_bool(j, "explain", &r.explain); },
      [&]() -> Status {
        const auto it = j.find("recent");
        if (it == j.end() || it->is_null()) return Status();
        if (!it->is_number() || !(it->get<double>() >= 0) || !std::isfinite(it->get<double>())) {
          return Status::invalid_argument("\"recent\" must be a number of days >= 0");
        }
        r.recent_half_life_days = it->get<double>();
        return Status();
      },
      [&] { return read_string(j, "query", &r.query); },
      [&] { return read_size(j, "limit", &r.limit); },
      [&] { return read_size(j, "offset", &r.offset); },
      [&] { return read_size(j, "facet_limit", &r.facet_limit); },
      [&] { return read_size(j, "count_limit", &r.count_limit); },
      [&] { return read_size(j, "snippet_words", &r.snippet_words); },
      [&] { return read_string(j, "sort", &sort); },
      [&] { return read_string(j, "since", &r.since); },
      [&] { return read_string(j, "until", &r.until); },
      [&] { return read_filters(j, &r.filters); });
  if (!s.ok()) return s;
  if (r.query.empty()) return Status::invalid_argument("search request: \"query\" is required");
  if (ranking == "bm25") {
    r.ranking = dossier::Ranking::kPlainBm25;
  } else if (ranking != "dossier") {
    return Status::invalid_argument("\"ranking\" must be dossier or bm25, not \"" + ranking + "\"");
  }
  if (sort == "newest") {
    r.sort = dossier::SortOrder::kNewest;
  } else if (sort == "oldest") {
    r.sort = dossier::SortOrder::kOldest;
  } else if (sort != "relevance") {
    return Status::invalid_argument("\"sort\" must be relevance, newest or oldest, not \"" +
                                    sort + "\"");
  }
  if (const auto it = j.find("facets"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Status::invalid_argument("\"facets\" must be an array of strings");
    r.facets.clear();
    for (const Json& f : *it) {
      if (!f.is_string()) return Status::invalid_argument("\"facets\" must be an array of strings");
      r.facets.push_back(f.get<std::string>());
    }
  }
  return r;
}

Result<dossier::RelatedRequest> related_request(const char* text) {
  Result<Json> doc = parse_object(text, "related request", StatusCode::kInvalidArgument);
  if (!doc.ok()) return doc.status();
  const Json& j = *doc;
  dossier::RelatedRequest r;
  std::size_t min_count = r.min_count;
  Status s = all(
      [&] {
        return check_known(j, "related request",
                           {"query", "types", "limit", "min_count", "count_limit", "filters",
                            "since", "until"});
      },
      [&] { return read_string(j, "query", &r.query); },
      [&] { return read_strings(j, "types", &r.types); },
      [&] { return read_size(j, "limit", &r.limit); },
      [&] { return read_size(j, "min_count", &min_count); },
      [&] { return read_size(j, "count_limit", &r.count_limit); },
      [&] { return read_filters(j, &r.filters); },
      [&] { return read_string(j, "since", &r.since); },
      [&] { return read_string(j, "until", &r.until); });
  if (!s.ok()) return s;
  if (r.query.empty()) return Status::invalid_argument("related request: \"query\" is required");
  r.min_count = min_count;
  return r;
}

Result<dossier::TimelineRequest> timeline_request(const char* text) {
  Result<Json> doc = parse_object(text, "timeline request", StatusCode::kInvalidArgument);
  if (!doc.ok()) return doc.status();
  dossier::TimelineRequest r;
  std::string by = "year";
  Status s = all([&] { return check_known(*doc, "timeline request", {"query", "by"}); },
                 [&] { return read_string(*doc, "query", &r.query); },
                 [&] { return read_string(*doc, "by", &by); });
  if (!s.ok()) return s;
  if (r.query.empty()) return Status::invalid_argument("timeline request: \"query\" is required");
  if (by == "month") {
    r.by = dossier::TimelineRequest::Period::kMonth;
  } else if (by != "year") {
    return Status::invalid_argument("\"by\" must be year or month, not \"" + by + "\"");
  }
  return r;
}

Result<dossier::IndexerOptions> indexer_options(const char* text) {
  dossier::IndexerOptions options;
  if (text == nullptr) return options;
  Result<Json> doc = parse_object(text, "indexer options", StatusCode::kInvalidArgument);
  if (!doc.ok()) return doc.status();
  const Json& j = *doc;
  Status s = all(
      [&] {
        return check_known(j, "indexer options",
                           {"create_if_missing", "batch_size", "stemmer", "stopwords",
                            "main_language", "entities"});
      },
      [&] { return read_bool(j, "create_if_missing", &options.create_if_missing); },
      [&] { return read_size(j, "batch_size", &options.batch_size); },
      [&] { return read_string(j, "stemmer", &options.analysis.stemmer); },
      [&] { return read_string(j, "stopwords", &options.analysis.stopwords); },
      [&] { return read_string(j, "main_language", &options.analysis.main_language); },
      [&] { return read_bool(j, "entities", &options.analysis.entities); });
  if (!s.ok()) return s;
  if (options.batch_size == 0) return Status::invalid_argument("\"batch_size\" must be above 0");
  return options;
}

// An article field: a string, an integer (epoch seconds in "published"), or
// null / absent for "".
Status article_field(const Json& object, const char* key, std::string* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    *out = std::to_string(it->get<long long>());
  } else {
    return Status::bad_input(std::string("article field \"") + key + "\" must be a string, not " +
                             it->type_name());
  }
  return Status();
}

Result<dossier::Article> article(const char* text) {
  Result<Json> doc = parse_object(text, "article", StatusCode::kBadInput);
  if (!doc.ok()) return doc.status();
  dossier::Article a;
  Status s = all([&] { return article_field(*doc, "id", &a.id); },
                 [&] { return article_field(*doc, "url", &a.url); },
                 [&] { return article_field(*doc, "source", &a.source); },
                 [&] { return article_field(*doc, "title", &a.title); },
                 [&] { return article_field(*doc, "published", &a.published); },
                 [&] { return article_field(*doc, "lang", &a.lang); },
                 [&] { return article_field(*doc, "body", &a.body); });
  if (!s.ok()) return s;
  if (a.id.empty()) return Status::invalid_argument("article has no \"id\"");
  return a;
}

// An if-chain rather than a switch: a later outcome reads as "unchanged"
// (nothing written) until it is named here.
const char* outcome_name(dossier::AddOutcome outcome) {
  if (outcome == dossier::AddOutcome::kAdded) return "added";
  if (outcome == dossier::AddOutcome::kReplaced) return "replaced";
  if (outcome == dossier::AddOutcome::kSkipped) return "skipped";
  return "unchanged";
}

Status null_argument(const char* function) {
  return Status::invalid_argument(std::string(function) + ": a required argument is NULL");
}

}  // namespace

extern "C" {

const char* dossier_version(void) { return DOSSIER_VERSION_STRING; }

const char* dossier_status_name(int status) {
  if (status < DOSSIER_OK || status > DOSSIER_INTERNAL) return "unknown";
  return dossier::status_code_name(static_cast<StatusCode>(status));
}

const char* dossier_last_error(void) { return t_last_error.c_str(); }

void dossier_free(void* ptr) { std::free(ptr); }

int dossier_searcher_open(const char* path, dossier_searcher** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> Status {
    if (path == nullptr || out == nullptr) return null_argument("dossier_searcher_open");
    Result<std::unique_ptr<dossier::Searcher>> opened = dossier::Searcher::open(path);
    if (!opened.ok()) return opened.status();
    *out = new dossier_searcher{std::move(opened.value()), path};
    return Status();
  });
}

void dossier_searcher_close(dossier_searcher* searcher) {
  t_last_error.clear();
  delete searcher;
}

int dossier_search(dossier_searcher* searcher, const char* request_json, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || request_json == nullptr || out_json == nullptr) {
      return null_argument("dossier_search");
    }
    Result<dossier::SearchRequest> request = search_request(request_json);
    if (!request.ok()) return request.status();
    Result<dossier::SearchResponse> response = searcher->searcher->search(*request);
    if (!response.ok()) return response.status();
    return hand_out(dossier::to_json(*response), out_json);
  });
}

int dossier_timeline(dossier_searcher* searcher, const char* request_json, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || request_json == nullptr || out_json == nullptr) {
      return null_argument("dossier_timeline");
    }
    Result<dossier::TimelineRequest> request = timeline_request(request_json);
    if (!request.ok()) return request.status();
    Result<dossier::TimelineResponse> response = searcher->searcher->timeline(*request);
    if (!response.ok()) return response.status();
    return hand_out(dossier::to_json(*response, *request), out_json);
  });
}

int dossier_related(dossier_searcher* searcher, const char* request_json, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || request_json == nullptr || out_json == nullptr) {
      return null_argument("dossier_related");
    }
    Result<dossier::RelatedRequest> request = related_request(request_json);
    if (!request.ok()) return request.status();
    Result<dossier::RelatedResponse> response = searcher->searcher->related(*request);
    if (!response.ok()) return response.status();
    return hand_out(dossier::to_json(*response), out_json);
  });
}

int dossier_suggest(dossier_searcher* searcher, const char* prefix, size_t limit,
                    char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || prefix == nullptr || out_json == nullptr) {
      return null_argument("dossier_suggest");
    }
    Result<dossier::SuggestResponse> response = searcher->searcher->suggest(prefix, limit);
    if (!response.ok()) return response.status();
    return hand_out(dossier::to_json(*response), out_json);
  });
}

int dossier_similar(dossier_searcher* searcher, const char* id, size_t limit, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || id == nullptr || out_json == nullptr) {
      return null_argument("dossier_similar");
    }
    Result<dossier::SimilarResponse> response = searcher->searcher->similar(id, limit);
    if (!response.ok()) return response.status();
    return hand_out(dossier::to_json(*response), out_json);
  });
}

int dossier_get_article(dossier_searcher* searcher, const char* id, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || id == nullptr || out_json == nullptr) {
      return null_argument("dossier_get_article");
    }
    Result<dossier::StoredArticle> stored = searcher->searcher->get_article(id);
    if (!stored.ok()) return stored.status();
    return hand_out(dossier::to_json(*stored), out_json);
  });
}

int dossier_info(dossier_searcher* searcher, char** out_json) {
  if (out_json != nullptr) *out_json = nullptr;
  return guarded([&]() -> Status {
    if (searcher == nullptr || out_json == nullptr) return null_argument("dossier_info");
    Result<dossier::IndexInfo> info = searcher->searcher->info();
    if (!info.ok()) return info.status();
    return hand_out(dossier::to_json(*info, searcher->path), out_json);
  });
}

int dossier_indexer_open(const char* path, const char* options_json, dossier_indexer** out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> Status {
    if (path == nullptr || out == nullptr) return null_argument("dossier_indexer_open");
    Result<dossier::IndexerOptions> options = indexer_options(options_json);
    if (!options.ok()) return options.status();
    Result<std::unique_ptr<dossier::Indexer>> opened = dossier::Indexer::open(path, *options);
    if (!opened.ok()) return opened.status();
    *out = new dossier_indexer{std::move(opened.value())};
    return Status();
  });
}

int dossier_indexer_add(dossier_indexer* indexer, const char* article_json,
                        char** out_result_json) {
  if (out_result_json != nullptr) *out_result_json = nullptr;
  return guarded([&]() -> Status {
    if (indexer == nullptr || article_json == nullptr) return null_argument("dossier_indexer_add");
    Result<dossier::Article> parsed = article(article_json);
    if (!parsed.ok()) return parsed.status();
    Result<dossier::AddResult> added = indexer->indexer->add(*parsed);
    if (!added.ok()) return added.status();
    if (out_result_json == nullptr) return Status();
    const Json result = {{"outcome", outcome_name(added->outcome)}, {"note", added->note}};
    return hand_out(result.dump(-1, ' ', false, Json::error_handler_t::replace), out_result_json);
  });
}

int dossier_indexer_commit(dossier_indexer* indexer) {
  return guarded([&]() -> Status {
    if (indexer == nullptr) return null_argument("dossier_indexer_commit");
    return indexer->indexer->commit();
  });
}

int dossier_indexer_close(dossier_indexer* indexer) {
  return guarded([&]() -> Status {
    if (indexer == nullptr) return Status();
    // The handle goes whatever close() says: the caller may not touch it again.
    std::unique_ptr<dossier_indexer> owned(indexer);
    return owned->indexer->close();
  });
}

}  // extern "C"
