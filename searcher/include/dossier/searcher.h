// Searcher: answers ranked queries over a Dossier index.
//
// The query language (documented in full by `dossier help query`, README.md):
//   Kim + Russia + 2019     every part separated by " + " is required
//   Kim Jong-un             a multi-word part: all words, adjacent ones rank higher
//   "armored train"         a phrase
//   2019                    a bare year: published that year or written in the text
//   nuclear OR missile      Xapian-style operators: AND, OR, XOR, NOT, ( )
//   -Trump  +Putin          exclude / require a word
//   denuclear*              words starting with a prefix
//   title:summit  source:KCNA  lang:en  id:kcna-000001   fields
//   person:"Kim Jong Un"  country:DPRK  place:Vladivostok  org:NATO   entities
//   year:2019  published:2023-09  published:2018..2019  mentions:2019
//   date:2018-03-01..2018-06-30                                        dates
//
// A part that names an entity ("Kim", "Russia", "Russian", "Moscow", "DPRK")
// matches articles about that entity however they name it, as well as the
// words; an ambiguous name ("Kim") expands to its candidates, weighted by how
// many articles mention each.
//
// Ranking: BM25 over folded, stemmed words, entities and dates, then a
// re-ranking of the best hits by title, lead and proximity (dossier/ranking.h).
// A Searcher reads the analysis configuration stored in the index, so queries
// are analysed exactly as the articles were.
//
// Thread-safety: every method of one Searcher may be called from any number
// of threads at once, but the calls are serialised by a mutex inside it (a
// Xapian database handle serves one thread at a time): a shared Searcher is
// safe, not parallel. For queries in parallel, open one Searcher per thread
// (or a pool of them): the first open() of a process loads the gazetteer
// (~0.35 s), shared by every Searcher after it; each later open() takes a
// few milliseconds, and each Searcher warms its own caches on its first
// queries (tens of milliseconds; the first "did you mean" ~0.15 s on KCNA).
// Searchers of one index never interfere; each sees new commits of a
// concurrent Indexer (another process, or a thread) on its next call.
//
// Ownership: open() hands the caller the Searcher (std::unique_ptr). Requests
// are read during the call only; responses and every struct below are plain
// values owning all their data, valid after the Searcher is gone, and safe to
// use from one thread at a time (or read from several) like a std::vector.
// Errors come back as Result/Status (dossier/status.h): Xapian's exceptions
// never leave the library (only std::bad_alloc can).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dossier/analyzer.h"
#include "dossier/ranking.h"
#include "dossier/status.h"

namespace dossier {

struct SearcherOptions {
  /// Parameters of Ranking::kDefault (dossier/ranking.h); the defaults are
  /// the tuned ones.
  RankingOptions ranking;
  /// Threads one search may use to rank a large match set: the archive's
  /// docids are cut into this many ranges, ranked at once, each on its own
  /// handle on the database, and the best of each merged (the same hits in
  /// the same order as one pass). Over one local database of at least 5 x
  /// `parallel_above` articles, when a term of the query is in at least
  /// `parallel_above` articles or Xapian estimates as many matches; in any
  /// order (relevance, dates, recency). Default 0: one per core
  /// (std::thread::hardware_concurrency()); 1: never. Each extra thread
  /// keeps one more open database handle.
  unsigned search_threads = 0;
  /// Posting-list length or estimated matches from which a search ranks on
  /// several threads (search_threads), in an archive of at least 5 times as
  /// many articles; also the estimated matches from which a date order is
  /// found month by month. Default 10000: at a million articles a query of
  /// 15,000 matches takes 4-5 ms on two threads instead of 5-7 on one; in an
  /// archive under 50,000 articles (KCNA) searches take 1-2 ms, and a
  /// thread's start and the merge cost about what they save.
  std::size_t parallel_above = 10000;
  /// Hold every article's facet keys in memory, read once per index
  /// revision, so that counting a match costs an array lookup rather than a
  /// B-tree lookup (README, "Counting"), and its length, so that BM25 needs
  /// no read of the index either (the same scores). Costs 8 bytes per key
  /// and 16 an article (KCNA: 2.1 MB for 24,776 stories; the synthetic
  /// million-article archive: 154 MB) and
  /// one read of them after each commit, started by the second search at
  /// that revision on a thread of its own (4 ms on KCNA, 0.21 s at a
  /// million; searches read their matches' keys from the index until it is
  /// done, so no search waits for it, and a process that searches once
  /// never starts it). Default true; false always reads each match's keys
  /// and length from the index. Stubs of several shards always read from
  /// the index.
  bool facet_keys_in_memory = true;
};

/// Order of the hits.
enum class SortOrder {
  kRelevance,  ///< best first (default)
  kNewest,     ///< latest publication date first; undated articles last
  kOldest,     ///< earliest publication date first; undated articles last
};

/// A drill-down filter: only articles with this value of this facet. Values
/// of one facet are OR-ed (country:Russia or country:China), facets AND-ed
/// (and published in 2012).
struct FacetFilter {
  /// "person", "country", "place", "org", "year" (publication year),
  /// "mentioned_year" or "lang".
  std::string facet;
  /// For an entity facet, its id ("country:RU", or "RU") or any name or alias
  /// the gazetteer knows, in any language ("Russia", "Россия"), or a person of
  /// the archive outside the gazetteer ("person:x-jo-tae-yong", "Jo Tae-yong");
  /// a year ("2012") for year facets; a language code ("en") for lang.
  std::string value;
};

/// Parses "facet:value" ("country:Russia", "year:2012", "country:country:RU")
/// at the first ':'. Only the syntax is checked here; search() checks the
/// facet and resolves the value. Errors: kInvalidArgument (no ':', or an
/// empty facet or value), naming the text. Thread-safety: a pure function.
Result<FacetFilter> parse_facet_filter(const std::string& text);

/// A filter as a search applied it: the facet, the value as given, and what
/// it resolved to (an entity's id and name; a year or language code twice).
struct AppliedFilter {
  std::string facet;
  std::string value;
  std::string id;
  std::string name;
};

struct SearchRequest {
  /// The query, in the language above. REQUIRES: not empty.
  std::string query;
  /// Hits to skip (for paging). Default 0.
  std::size_t offset = 0;
  /// Hits to return. Default 10; at most 10000.
  std::size_t limit = 10;
  /// Approximate snippet length in words. Default 30; 0 disables snippets.
  std::size_t snippet_words = 30;
  /// Order of the hits. Default: relevance.
  SortOrder sort = SortOrder::kRelevance;
  /// Show every copy of a story. By default copies (a wire story republished
  /// elsewhere, found near-identical at indexing) show as one hit, the best
  /// ranked, with Hit::similar counting the others, and `total` counts
  /// stories, not copies.
  bool all_copies = false;
  /// Only articles published on or after / on or before these ISO dates
  /// ("2019", "2019-05", "2019-05-12"); "" for no bound. An article whose date
  /// is known only to the year or month counts when that year or month lies in
  /// the bounds. Undated articles are left out when either bound is set.
  std::string since;
  std::string until;
  /// Facets to count over the whole match set: any of "person", "country",
  /// "place", "org", "year" (publication year), "mentioned_year" (years the
  /// articles talk about) and "lang" (language). Default: all seven. Counts
  /// are exact up to count_limit matches.
  std::vector<std::string> facets = {"person", "country", "place", "org", "year",
                                     "mentioned_year", "lang"};
  /// Values per facet, most frequent first. Default 10.
  std::size_t facet_limit = 10;
  /// Matches counted one by one. A query matching up to this many articles
  /// gets an exact `total` and exact facet counts. One matching more (found
  /// from the ranking pass's upper bound; the sample's size from Xapian's
  /// estimate before matching, so it is the same on any number of
  /// threads) gets estimates counted over a stratified
  /// sample of about this many matches: one run of 8 consecutive articles in
  /// every N runs, spread over the whole archive, counts multiplied by N;
  /// then SearchResponse::exact is false. Counting costs time in proportion
  /// to the matches counted, so this bounds it: over the benchmark's query
  /// mix at a million articles, p95 69 ms counted exactly and 29 ms with the
  /// default (two threads). The hits are the best of every match either way. Default
  /// 10000 (as Elasticsearch's track_total_hits); 0: always exact. Remote
  /// shards are always counted exactly.
  std::size_t count_limit = 10000;
  /// Drill-down filters (default none): hits and `total` are the articles
  /// that pass them all. They are boolean: scores do not change. Each facet
  /// is counted as if its own filters were not applied (disjunctive counts),
  /// so a selected country's siblings keep their counts; the other facets'
  /// filters still apply. Selected values are always listed in their facet,
  /// marked FacetValue::selected, even beyond facet_limit.
  std::vector<FacetFilter> filters;
  /// How relevance is scored (with SortOrder::kRelevance): Dossier's
  /// ranking, or plain BM25 for comparison. See dossier/ranking.h.
  Ranking ranking = Ranking::kDefault;
  /// Favour recent articles: the half-life in days of the recency factor
  /// 0.5 + 0.5 * 2^(-age / half_life), age counted from the newest article
  /// of the index (dossier/ranking.h). Default 0: off. REQUIRES: >= 0;
  /// with a half-life, ranking kDefault and sort kRelevance (else search()
  /// returns kInvalidArgument).
  double recent_half_life_days = 0;
  /// Fill Hit::explain with the components of each hit's score. Default off.
  bool explain = false;
  /// Spelling suggestions (SearchResponse::did_you_mean) for a query that
  /// matches fewer stories than this, or has a word that is unknown or rare
  /// in the archive (then only a correction that finds five times as many
  /// counts). Default 5; 0: never look. A query of common words costs a few
  /// term lookups more.
  std::size_t did_you_mean_below = 5;
};

/// One value of a facet and the number of matching articles that have it: an
/// entity the articles mention (a place's mentions count for its country
/// too), or a year (id and name are both the year, "2019").
struct FacetValue {
  std::string id;
  std::string name;
  std::uint64_t count = 0;
  bool selected = false;  ///< a filter of the request selects this value
};

/// Counts of matching articles per publication period, for timelines.
struct TimelineRequest {
  std::string query;
  enum class Period { kYear, kMonth } by = Period::kYear;
};

struct TimelineBucket {
  std::string period;  ///< "2019" or "2019-05"
  std::uint64_t count = 0;
};

struct TimelineResponse {
  std::string query;
  std::uint64_t total = 0;    ///< matching articles
  std::uint64_t undated = 0;  ///< of which without a publication date (or not to the month)
  /// Every period from the first to the last with a match, in order; periods
  /// without matches have count 0.
  std::vector<TimelineBucket> buckets;
};

/// An entity an article mentions.
struct EntityRef {
  std::string id;    ///< "person:kim-jong-un", "country:KP", "person:x-jo-tae-yong"
  std::string type;  ///< "person", "country", "place", "org"
  std::string name;
};

/// A matched word inside a snippet: byte range [start, start + length) of
/// Snippet::text (UTF-8; never splits a character).
struct Highlight {
  std::size_t start = 0;
  std::size_t length = 0;
};

/// The passage that best matches the query: about SearchRequest::snippet_words
/// words, cut only at spaces (never inside a word, in any script). "…" marks
/// text left out before or after the passage. A paragraph over 64 KiB is
/// searched piece by piece, at most 256 KiB of it, so huge articles stay fast.
struct Snippet {
  std::string text;
  std::vector<Highlight> highlights;
};

struct Hit {
  std::size_t rank = 0;  ///< 1-based, counting from the first hit of the whole result.
  std::string id;
  std::string title;
  std::string published;  ///< ISO date at its precision ("2019-04-25", "2019-04"), or "".
  std::string source;
  std::string url;
  std::string lang;
  /// Relevance (dossier/ranking.h): BM25 over words, entities and dates,
  /// re-ranked by title, lead and where the query's "+" parts meet (0 to 1;
  /// plain BM25 with Ranking::kPlainBm25). Comparable within one result only.
  double score = 0.0;
  Snippet snippet;
  std::vector<EntityRef> entities;  ///< most salient first
  /// Other matching copies of this story folded into this hit (0 with
  /// SearchRequest::all_copies).
  std::uint64_t similar = 0;
  /// The components of `score` (SearchRequest::explain; empty otherwise).
  Explanation explain;
};

struct SearchResponse {
  std::string query;
  /// Number of matching articles (stories, with copies folded): exact when
  /// `exact`, else an estimate (SearchRequest::count_limit).
  std::uint64_t total = 0;
  /// True when `total` and the facet counts are exact; false when the query
  /// matched more than SearchRequest::count_limit articles and they are
  /// estimated from a sample (then an estimated total counts articles,
  /// copies included, and Hit::similar is a lower bound).
  bool exact = true;
  /// Matching articles counted one by one: every match when `exact`, else
  /// the sample's (the estimates' relative error is about 1/sqrt(count)).
  std::uint64_t counted = 0;
  std::vector<Hit> hits;
  /// Requested facets by name ("person", ...), each most frequent first
  /// (selected values missing from the top come last). Counts are
  /// estimates when `exact` is false.
  std::map<std::string, std::vector<FacetValue>> facets;
  /// The request's filters as applied, in the order given.
  std::vector<AppliedFilter> filters;
  /// The query with its likely misspellings corrected from the archive's own
  /// words and entity names, keeping its structure ("Kim Jong Um + Rusia" ->
  /// "Kim Jong Un + Russia"), when the corrected query finds more (see
  /// SearchRequest::did_you_mean_below); "" otherwise.
  std::string did_you_mean;
};

/// Entities that appear with a query's matches more than with the archive as
/// a whole: "who appears with Kim in 2019".
struct RelatedRequest {
  /// The query, as for search(). REQUIRES: not empty.
  std::string query;
  /// Drill-down filters and publication bounds narrowing the matches, as for
  /// search().
  std::vector<FacetFilter> filters;
  std::string since;
  std::string until;
  /// Entity types to consider: any of "person", "country", "place", "org".
  /// Default: all four.
  std::vector<std::string> types = {"person", "country", "place", "org"};
  /// Entities to return, best first. Default 10; at most 1000.
  std::size_t limit = 10;
  /// Least number of matching articles an entity must appear in. Default 3:
  /// a pairing seen once or twice says little and, against a rare entity,
  /// would score highest.
  std::uint64_t min_count = 3;
  /// As SearchRequest::count_limit: up to this many matches every one is
  /// counted (RelatedResponse::exact); above it the counts are estimated
  /// from a stratified sample of about this many, multiplied back, and
  /// min_count and the scores apply to the estimates. At a million articles
  /// `Korea` (613,250 matches) takes 47 ms counted exactly and 3.3 ms so.
  /// Default 10000; 0: always exact. Remote shards are always counted exactly.
  std::size_t count_limit = 10000;
};

/// An entity co-occurring with the matches.
struct RelatedEntity {
  std::string id;
  std::string type;
  std::string name;
  std::uint64_t count = 0;       ///< matching articles that mention it (foreground)
  std::uint64_t background = 0;  ///< articles of the archive that mention it
  /// JLH significance: (fg - bg) * fg / bg, with fg = count / total and
  /// bg = background / documents. Above 0 for every entity listed.
  double score = 0;
};

struct RelatedResponse {
  std::string query;
  std::vector<AppliedFilter> filters;
  std::uint64_t total = 0;      ///< matching articles (the foreground)
  std::uint64_t documents = 0;  ///< articles in the archive (the background)
  /// Whether total and every count are exact; false: estimated from a sample
  /// of `counted` matching articles (RelatedRequest::count_limit).
  bool exact = true;
  std::uint64_t counted = 0;  ///< matching articles counted
  /// Most significant first; entities the query or a filter names are left
  /// out, and so are those mentioned less often among the matches than in
  /// the archive.
  std::vector<RelatedEntity> entities;
};

/// A completion of what a user is typing (Searcher::suggest).
struct Suggestion {
  /// What to put in the query: the entity's canonical name, or the prefix
  /// with its last word completed.
  std::string text;
  /// "person", "country", "place", "org", or "word" for a word of the archive.
  std::string type;
  std::string id;       ///< the entity id ("person:kim-jong-un"); "" for a word
  std::string matched;  ///< the name or alias that starts with the prefix, as written
  /// Articles that mention the entity (a place's mentions count for its
  /// country) or contain the word.
  std::uint64_t count = 0;
};

struct SuggestResponse {
  std::string prefix;
  /// Entities first, most mentioned first; words (most frequent first) only
  /// when no entity matches.
  std::vector<Suggestion> suggestions;
};

/// Articles like a given one (Searcher::similar).
struct SimilarResponse {
  std::string id;     ///< the article asked about
  std::string title;  ///< its title
  /// What the search looked for, the article's most distinctive first: its
  /// words (as the article writes them; the search matches their stems) and
  /// the entities it mentions.
  std::vector<std::string> words;
  std::vector<EntityRef> entities;
  /// Best first; never the article itself nor its copies. Copies of another
  /// story show as one hit, Hit::similar counting the others.
  std::vector<Hit> hits;
};

/// A stored article, as get_article returns it.
struct StoredArticle {
  std::string id, url, source, title, published, lang, body;
};

/// Facts about an index, for `dossier info` and health checks.
struct IndexInfo {
  std::uint64_t documents = 0;
  int format_version = 0;
  AnalyzerOptions analysis;
  std::string created_by;
  double average_length = 0;  ///< Mean indexed words per article.
  /// Whether a quoted full name ("Supreme People's Assembly") is answered
  /// from the terms the indexer writes where such a name appears without its
  /// entity (index format 6, every article analysed with this build's
  /// gazetteer), or by checking the phrase's word positions, which is slower
  /// on a large archive. Re-indexing into a new database makes it true.
  bool quoted_names_by_term = false;
};

class Searcher {
 public:
  /// Opens the index at `path` read-only: a database directory, or a Xapian
  /// stub file (or a directory holding one named XAPIANDB) listing shards, one
  /// per line: `auto PATH` (relative to the stub), `glass PATH`,
  /// `remote HOST:PORT` (served by xapian-tcpsrv) or `remote :PROGRAM ARGS`.
  /// The shards answer as one index: same hits, scores and exact facet counts
  /// as the same articles in one database (hits of equal score may come in
  /// another order). docs/scaling.md tells how to grow an archive this way.
  /// Errors: kNotFound (no index there, a malformed stub), kVersionMismatch
  /// (an index or shard written by an incompatible format, or not by dossier,
  /// or shards analysed differently), kCorrupt, kIoError (a remote shard
  /// unreachable).
  /// Thread-safety: may be called from several threads at once.
  static Result<std::unique_ptr<Searcher>> open(const std::string& path,
                                                const SearcherOptions& options = {});
  /// Closes the index. No call may be running on this Searcher meanwhile.
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs a query. Errors: kBadQuery (message names the problem and its column),
  /// kInvalidArgument (limit too large, unknown facet, a filter that names an
  /// unknown facet or entity, or an ambiguous name), kDatabaseModified (the index changed
  /// faster than this searcher could reopen it; retry), kCorrupt, kIoError.
  Result<SearchResponse> search(const SearchRequest& request);

  /// Counts matching articles per publication year or month.
  /// Errors: as search().
  Result<TimelineResponse> timeline(const TimelineRequest& request);

  /// Entities that co-occur with the query's matches unusually often, ranked
  /// by JLH significance (README, "Related entities"); the counts are exact up
  /// to RelatedRequest::count_limit matches, estimated from a sample above it.
  /// Errors: as search(); kInvalidArgument also for an unknown type, a limit
  /// above 1000 or a min_count of 0.
  Result<RelatedResponse> related(const RelatedRequest& request);

  /// The article with `id`. Errors: kNotFound, kCorrupt, kIoError.
  Result<StoredArticle> get_article(const std::string& id);

  /// Completions of `prefix` (what a user has typed so far, any script, any
  /// case and accents): entities of the gazetteer and people found in the
  /// archive whose name or an alias starts with it, among those the archive
  /// mentions, ranked by how many articles mention them; when no entity
  /// matches, the archive's most frequent words completing the last word.
  /// At most `limit` (1-1000). Errors: kInvalidArgument (an empty prefix, no
  /// letter or digit in it, a limit out of range), kDatabaseModified,
  /// kCorrupt, kIoError.
  Result<SuggestResponse> suggest(const std::string& prefix, std::size_t limit = 10);

  /// Up to `limit` (1-10000) articles most like the article `id` ("more like
  /// this"): a search for its most distinctive words and entities (Xapian's
  /// relevance-feedback expansion), without the article and its copies,
  /// with snippets as search() gives. Errors: kNotFound (no article with
  /// that id), kInvalidArgument (limit), kDatabaseModified, kCorrupt, kIoError.
  Result<SimilarResponse> similar(const std::string& id, std::size_t limit = 10);

  /// Document count, format and analysis of the index (refreshed to the latest commit).
  Result<IndexInfo> info();

  /// Reads the facet keys of every article at the latest commit into memory
  /// now and waits until they are there (SearcherOptions::facet_keys_in_memory;
  /// search() otherwise starts that read itself, in the background, on its
  /// second call at a revision, and searches meanwhile read their matches'
  /// keys from the index, slower and competing with the read for cores).
  /// For a server or a benchmark, after open() and after a commit, so the
  /// searches that follow run as fast as they will. Returns the bytes now
  /// held (about 150 bytes an article at a million synthetic ones); 0 when
  /// keys in memory are off or the index is a stub of shards.
  /// Errors: kDatabaseModified, kCorrupt, kIoError, kInternal (out of memory).
  /// Thread-safety: as search(); blocks other calls while it reads.
  Result<std::uint64_t> warm();

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
