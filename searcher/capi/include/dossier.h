/* dossier.h: the C API of Dossier, for C programs and for other languages
 * (Python ctypes/cffi, Go cgo, Rust, Java FFM, ...).
 *
 * A thin facade over the C++ libraries: opaque handles, UTF-8 JSON strings in
 * and out, int status codes. The JSON documents are the ones `dossier search
 * --json`, `dossier timeline --json` and the HTTP server print (format
 * version 1, documented field by field in README.md), so a program sees the
 * same document whichever way it asks.
 *
 * Ownership
 *   - Every `char*` a function hands back through an out-parameter is owned by
 *     the caller and must be released with dossier_free() (never with free():
 *     the library may use another allocator). On failure the out-parameter is
 *     set to NULL.
 *   - `const char*` results (dossier_version, dossier_status_name,
 *     dossier_last_error) are owned by the library; see each function for how
 *     long they stay valid.
 *   - Handles are created by *_open and released by the matching *_close,
 *     exactly once. Passing NULL to a *_close or to dossier_free does nothing.
 *   - Input strings are only read during the call; the library keeps no
 *     pointer to them.
 *
 * Errors
 *   Every fallible function returns a dossier_status: DOSSIER_OK (0) or a
 *   code that mirrors dossier::StatusCode, and leaves a human-readable message
 *   for dossier_last_error(). Nothing is printed, nothing exits, no
 *   environment variable is read, no C++ exception crosses this API.
 *
 * Thread-safety
 *   Stated per function. In short: a searcher handle may be used from several
 *   threads at once (calls on one handle are serialised; open one handle per
 *   thread for parallel queries); an indexer handle from one thread at a
 *   time; dossier_last_error() is per thread.
 */
#ifndef DOSSIER_C_DOSSIER_H_
#define DOSSIER_C_DOSSIER_H_

#include <stddef.h>

/* The shared library exports these functions alone (everything else is
 * hidden), so an FFI loader sees exactly this header. */
#if defined(__GNUC__)
#define DOSSIER_C_EXPORT __attribute__((visibility("default")))
#else
#define DOSSIER_C_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the C API (this header). Raised when a function is added;
 *  nothing is ever removed or changed incompatibly within major version 1. */
#define DOSSIER_C_API_VERSION 1

/** Status codes. The values equal those of dossier::StatusCode and never
 *  change. */
typedef enum dossier_status {
  DOSSIER_OK = 0,
  DOSSIER_INVALID_ARGUMENT = 1,  /**< a malformed argument: NULL, bad request JSON, unknown field */
  DOSSIER_NOT_FOUND = 2,         /**< no index at the path, no article with the id */
  DOSSIER_BAD_QUERY = 3,         /**< the query cannot be parsed; the message names the column */
  DOSSIER_LOCKED = 4,            /**< another writer holds the index */
  DOSSIER_CORRUPT = 5,           /**< the index is damaged */
  DOSSIER_VERSION_MISMATCH = 6,  /**< the index has another format version, or is not Dossier's */
  DOSSIER_IO_ERROR = 7,          /**< reading or writing a file failed */
  DOSSIER_BAD_INPUT = 8,         /**< an article JSON is malformed */
  DOSSIER_DATABASE_MODIFIED = 9, /**< the index changed faster than a reader could follow; retry */
  DOSSIER_INTERNAL = 10          /**< a bug or out of memory; the message has details */
} dossier_status;

/** A read-only view of an index. Opaque. */
typedef struct dossier_searcher dossier_searcher;
/** The single writer of an index. Opaque. */
typedef struct dossier_indexer dossier_indexer;

/* ---- Library ------------------------------------------------------------ */

/** The library version, "0.1.0". Static storage; never NULL.
 *  Thread-safety: may be called from any thread. */
DOSSIER_C_EXPORT const char* dossier_version(void);

/** A short lower-case name for `status` ("ok", "not found", "bad query", ...);
 *  "unknown" for a value outside the enum. Static storage; never NULL.
 *  Thread-safety: may be called from any thread. */
DOSSIER_C_EXPORT const char* dossier_status_name(int status);

/** The message of the last call on the calling thread that failed, "" when
 *  the last call succeeded. Owned by the library; valid until the calling
 *  thread's next call into this API (copy it to keep it). Never NULL.
 *  Thread-safety: per thread; each thread sees its own calls only. */
DOSSIER_C_EXPORT const char* dossier_last_error(void);

/** Releases a string this API returned. NULL is ignored.
 *  Thread-safety: may be called from any thread. */
DOSSIER_C_EXPORT void dossier_free(void* ptr);

/* ---- Searching ---------------------------------------------------------- */

/** Opens the index at `path` for searching and stores a new handle in `*out`
 *  (release it with dossier_searcher_close).
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, empty path),
 *  DOSSIER_NOT_FOUND (no index there), DOSSIER_VERSION_MISMATCH,
 *  DOSSIER_CORRUPT, DOSSIER_IO_ERROR.
 *  Thread-safety: may be called from any thread. */
DOSSIER_C_EXPORT int dossier_searcher_open(const char* path, dossier_searcher** out);

/** Releases a searcher handle. NULL is ignored.
 *  Thread-safety: no other call may be using `searcher`. */
DOSSIER_C_EXPORT void dossier_searcher_close(dossier_searcher* searcher);

/** Runs a search. `request_json` is an object:
 *    {"query": "Kim + Russia + 2019",   required, the query language of README.md
 *     "limit": 10,                      hits to return, 0..10000 (default 10)
 *     "offset": 0,                      hits to skip (default 0)
 *     "facets": ["person","year"],      any of person, country, place, org, year,
 *                                       mentioned_year; [] for none (default all)
 *     "facet_limit": 10,                values per facet (default 10)
 *     "count_limit": 10000,             count total and facets exactly up to this many
 *                                       matches, estimate above it (0: always exact)
 *     "sort": "relevance",              "relevance" | "newest" | "oldest"
 *     "since": "2019-05", "until": "2020",  publication bounds ("" for none)
 *     "snippet_words": 30,              snippet length, 0 for no snippets
 *     "filters": ["country:Russia", "year:2012"],  drill-down filters, FACET:VALUE
 *                                       (values of one facet OR-ed, facets AND-ed)
 *     "ranking": "dossier",             "dossier" | "bm25" (plain BM25, README "Ranking")
 *     "recent": 30,                     favour recent articles: half-life in days,
 *                                       0 for off (default 0)
 *     "explain": false}                 add "explain" to each hit (score components)
 *  Unknown fields are an error (a misspelt field would otherwise be ignored
 *  silently). On success `*out_json` receives the search document of format
 *  version 1 ({"format_version","query","total","filters","hits","facets"}),
 *  the same as `dossier search --json`. Every search sees the latest commit.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, malformed request, limit
 *  too large, unknown facet, bad date, a filter naming an unknown facet or
 *  entity or an ambiguous name), DOSSIER_BAD_QUERY,
 *  DOSSIER_DATABASE_MODIFIED, DOSSIER_CORRUPT, DOSSIER_IO_ERROR.
 *  Thread-safety: may be called from several threads on one handle; the
 *  calls are serialised. */
DOSSIER_C_EXPORT int dossier_search(dossier_searcher* searcher, const char* request_json,
                                    char** out_json);

/** Counts matching articles per publication year or month. `request_json`:
 *  {"query": "...", "by": "year" | "month"} (by defaults to "year").
 *  `*out_json` receives {"format_version","query","by","total","undated",
 *  "buckets":[{"period","count"}]}, as `dossier timeline --json`.
 *  Errors and thread-safety: as dossier_search. */
DOSSIER_C_EXPORT int dossier_timeline(dossier_searcher* searcher, const char* request_json,
                                      char** out_json);

/** Entities that appear with a query's matches unusually often, ranked by
 *  JLH significance. `request_json`:
 *    {"query": "Kim Jong-un + 2019",    required
 *     "types": ["person"],              any of person, country, place, org (default all)
 *     "limit": 10,                      entities to return, 1..1000 (default 10)
 *     "min_count": 3,                   least matching articles per entity (default 3)
 *     "count_limit": 10000,             exact up to this many matches, estimated
 *                                       from a sample above it (0: always exact)
 *     "filters": ["year:2019"], "since": "", "until": ""}   as dossier_search
 *  `*out_json` receives {"format_version","query","filters","total",
 *  "documents","exact","counted",
 *  "entities":[{"id","type","name","count","background","score"}]},
 *  as `dossier related --json`. Errors and thread-safety: as dossier_search
 *  (also DOSSIER_INVALID_ARGUMENT for an unknown type). */
DOSSIER_C_EXPORT int dossier_related(dossier_searcher* searcher, const char* request_json,
                                     char** out_json);

/** The stored article with `id`: `*out_json` receives {"format_version","id",
 *  "url","source","title","published","lang","body"}.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument), DOSSIER_NOT_FOUND,
 *  DOSSIER_CORRUPT, DOSSIER_IO_ERROR.
 *  Thread-safety: as dossier_search. */
DOSSIER_C_EXPORT int dossier_get_article(dossier_searcher* searcher, const char* id,
                                         char** out_json);

/** Completions of `prefix` (UTF-8, what a user has typed so far): at most
 *  `limit` (1..1000) entities the archive mentions whose name or an alias
 *  starts with it, in any script, case and accents folded, most mentioned
 *  first; the archive's most frequent words completing the last word when no
 *  entity matches. `*out_json` receives {"format_version","prefix",
 *  "suggestions":[{"text","type","id","matched","count"}]}, as
 *  `dossier suggest --json`.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, a prefix without a letter
 *  or digit, limit out of range), DOSSIER_DATABASE_MODIFIED, DOSSIER_CORRUPT,
 *  DOSSIER_IO_ERROR. Thread-safety: as dossier_search. */
DOSSIER_C_EXPORT int dossier_suggest(dossier_searcher* searcher, const char* prefix,
                                     size_t limit, char** out_json);

/** Up to `limit` (1..10000) articles like the article `id` ("more like
 *  this"), without the article and its copies: `*out_json` receives
 *  {"format_version","id","title","words":[...],"entities":[{"id","type",
 *  "name"}],"hits":[...]}, hits as dossier_search gives them, as
 *  `dossier similar --json`.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, limit out of range),
 *  DOSSIER_NOT_FOUND (no article with that id), DOSSIER_DATABASE_MODIFIED,
 *  DOSSIER_CORRUPT, DOSSIER_IO_ERROR. Thread-safety: as dossier_search. */
DOSSIER_C_EXPORT int dossier_similar(dossier_searcher* searcher, const char* id, size_t limit,
                                     char** out_json);

/** Facts about the index at its latest commit: `*out_json` receives
 *  {"format_version","db","documents","index_format_version","analysis",
 *  "created_by","average_length"}, as `dossier info --json`.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument), DOSSIER_CORRUPT,
 *  DOSSIER_IO_ERROR. Thread-safety: as dossier_search. */
DOSSIER_C_EXPORT int dossier_info(dossier_searcher* searcher, char** out_json);

/* ---- Indexing ----------------------------------------------------------- */

/** Opens (creating it if missing) the index at `path` for writing and stores
 *  a new handle in `*out`. `options_json` may be NULL or an object:
 *    {"create_if_missing": true,   false: DOSSIER_NOT_FOUND when there is no index
 *     "batch_size": 2000,          articles per automatic commit (> 0)
 *     "stemmer": "auto",           analysis of a NEW index (an existing index
 *     "stopwords": "english",      keeps its own): as `dossier index --stemmer`
 *     "main_language": "en",       and --main-language
 *     "entities": true}
 *  Only one writer may hold an index at a time.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, malformed options),
 *  DOSSIER_LOCKED (another writer), DOSSIER_NOT_FOUND,
 *  DOSSIER_VERSION_MISMATCH, DOSSIER_IO_ERROR, DOSSIER_CORRUPT.
 *  Thread-safety: may be called from any thread. */
DOSSIER_C_EXPORT int dossier_indexer_open(const char* path, const char* options_json,
                                          dossier_indexer** out);

/** Adds (or, when the id exists, replaces) one article. `article_json` is an
 *  object with the string fields "id" (required, non-empty), "url",
 *  "source", "title", "published" (ISO 8601 or another form `dossier index`
 *  reads; "" when unknown), "lang" and "body" (paragraphs separated by blank
 *  lines); other fields are ignored. The article is cleaned and analysed as
 *  `dossier index` would; it becomes visible to searchers at the next commit
 *  (dossier_indexer_commit, an automatic batch commit, or close).
 *  `out_result_json` may be NULL; otherwise it receives
 *  {"outcome":"added"|"replaced"|"unchanged"|"skipped","note":"..."}
 *  ("unchanged": the same article was already indexed; nothing written) (note: why an
 *  article was skipped, or a warning such as an unrecognised date).
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL argument, empty id),
 *  DOSSIER_BAD_INPUT (not a JSON object, a field that is not a string,
 *  invalid UTF-8), DOSSIER_IO_ERROR, DOSSIER_CORRUPT.
 *  Thread-safety: one thread at a time per handle. */
DOSSIER_C_EXPORT int dossier_indexer_add(dossier_indexer* indexer, const char* article_json,
                                         char** out_result_json);

/** Makes every added article durable and visible to searchers.
 *  Errors: DOSSIER_INVALID_ARGUMENT (NULL), DOSSIER_IO_ERROR, DOSSIER_CORRUPT.
 *  Thread-safety: one thread at a time per handle. */
DOSSIER_C_EXPORT int dossier_indexer_commit(dossier_indexer* indexer);

/** Commits, releases the writer lock and frees the handle, which is invalid
 *  afterwards whatever the result. NULL is ignored (returns DOSSIER_OK).
 *  Errors: those of dossier_indexer_commit (the articles since the last
 *  successful commit may then be lost).
 *  Thread-safety: no other call may be using `indexer`. */
DOSSIER_C_EXPORT int dossier_indexer_close(dossier_indexer* indexer);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* DOSSIER_C_DOSSIER_H_ */
