#include "dossier/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <thread>
#include <unordered_set>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/language.h"
#include "analysis/schema.h"
#include "analysis/xapian_status.h"
#include "assist.h"
#include "facets.h"
#include "filters.h"
#include "query_parser.h"
#include "ranking.h"
#include "related.h"
#include "sample.h"
#include "shards.h"
#include "snippet.h"
#include "stored.h"
#include "spelling.h"

namespace dossier {

using analysis::from_xapian;

namespace {

constexpr std::size_t kMaxLimit = 10000;

// Checks the stored format version; returns the stored analysis.
Result<AnalyzerOptions> check_format(const Xapian::Database& db, const std::string& path,
                                     int* version_out) {
  const std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
  if (version.empty()) {
    return Status::version_mismatch(path + " is a Xapian database that was not written by dossier");
  }
  int v = 0;
  try {
    v = std::stoi(version);
  } catch (const std::exception&) {
    return Status::corrupt(path + " has an unreadable format version \"" + version + "\"");
  }
  if (v < schema::kOldestReadableFormatVersion || v > schema::kIndexFormatVersion) {
    return Status::version_mismatch(
        path + " has index format version " + version + "; this dossier reads versions " +
        std::to_string(schema::kOldestReadableFormatVersion) + " to " +
        std::to_string(schema::kIndexFormatVersion) +
        (v > schema::kIndexFormatVersion ? " (upgrade dossier)" : " (re-index the archive)"));
  }
  *version_out = v;
  return analysis::parse_options(db.get_metadata(std::string(schema::kAnalyzerKey)));
}

// Runs `read` on the latest committed revision. A writer that commits twice
// while we read invalidates the revision under us (DatabaseModifiedError):
// reopen and read again; a reader is never failed because of the writer
// unless it commits faster than a read completes, kMaxRevisionTries times.
constexpr int kMaxRevisionTries = 10;

template <typename T, typename Read>
Result<T> with_latest_revision(Xapian::Database& db, const std::string& what, Read read) {
  for (int attempt = 1;; ++attempt) {
    try {
      db.reopen();
      return read();
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxRevisionTries) return from_xapian(e, what);
    } catch (const Xapian::Error& e) {
      return from_xapian(e, what);
    } catch (const std::bad_alloc&) {
      return Status::internal("out of memory " + what);
    }
  }
}

}  // namespace

// Sorts `enquire` by publication date, then relevance; undated articles
// last either way. Xapian sorts a missing value as "", first in ascending
// order: oldest first, its key for an undated article is "\xff", after every
// "YYYYMMDD" (`--sort oldest` listed undated articles first). Xapian's
// remote backend takes no key maker: over remote shards the search orders
// them itself (Searcher::Impl::dated_then_undated).
static void sort_by_date(Xapian::Enquire& enquire, SortOrder sort, bool remote) {
  if (sort == SortOrder::kNewest || remote) {
    enquire.set_sort_by_value_then_relevance(schema::kPublishedValue, sort == SortOrder::kNewest);
    return;
  }
  auto* key = new Xapian::MultiValueKeyMaker();
  key->add_value(schema::kPublishedValue, false, "\xff");
  enquire.set_sort_by_key_then_relevance(key->release(), false);
}

// The ranking pass's answer: the best hits and Xapian's bounds on the number
// of matches (stories when collapsed), from one MSet or merged from ranges
// of docids ranked at once (Searcher::Impl::run_split).
struct HitsPass {
  struct Item {
    Xapian::docid did = 0;
    double weight = 0;
    std::string collapse_key;
    Xapian::doccount collapse_count = 0;
    Xapian::Document doc;
    std::string sort_key;  // the publication date value, when sorted by date
  };
  std::vector<Item> items;
  Xapian::doccount lower = 0, estimated = 0, upper = 0;

  static HitsPass of(const Xapian::MSet& mset) {
    HitsPass pass;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      pass.items.push_back(Item{*it, it.get_weight(), it.get_collapse_key(),
                                it.get_collapse_count(), it.get_document(), it.get_sort_key()});
    }
    pass.lower = mset.get_matches_lower_bound();
    pass.estimated = mset.get_matches_estimated();
    pass.upper = mset.get_matches_upper_bound();
    return pass;
  }
};

struct Searcher::Impl {
  std::string path;
  RankingOptions ranking;  // SearcherOptions::ranking
  std::mutex mutex;  // guards everything below: Xapian handles are single-threaded
  search::Shards shards;  // one database, or the shards a stub lists
  Xapian::Database db;    // shards.db: all shards as one
  // Reads the stored articles of `shards` (compressed ones included).
  std::unique_ptr<search::StoredReader> articles;
  int format_version = 0;
  // The newest shard's: whether any shard left out the Z term of a word that
  // is its own stem, which a query must then look for as the word.
  int newest_format_version = 0;
  std::unique_ptr<analysis::Analyzer> analyzer;
  std::shared_ptr<const analysis::EntityModel> entities;
  // Facet key -> gazetteer entity, to name facet values.
  std::unordered_map<std::uint64_t, const analysis::Entity*> facet_entities;
  // The archive's entity names, for suggest() and did-you-mean (names.h).
  search::NamesCache names;
  // The archive's words by first letter, for "did you mean" (spelling.h).
  search::WordsByLetter words_by_letter;
  // SearcherOptions::search_threads (resolved: >= 1) and parallel_above; the
  // extra handles on the database that run_split() ranks ranges on.
  unsigned threads = 1;
  std::size_t parallel_above = 0;
  std::vector<Xapian::Database> twins;
  // Whether this query's passes are worth running on `threads` threads, with
  // every twin handle made current (true: run_split and count_split may run).
  bool prepare_split(const Xapian::Enquire& enquire);
  // The first `depth` hits of `enquire`'s query in `sort` order, ranked over
  // `threads` ranges of docids at once and merged as one pass would order
  // them. False (nothing in `out`) when folding copies across ranges leaves
  // fewer than `depth` while more may exist: the caller then ranks in one pass.
  // With `lengths` (of the revision searched), BM25 reads document lengths
  // from them (ranking.h, LengthsBm25Weight).
  bool run_split(const Xapian::Enquire& enquire, Ranking ranking_kind, SortOrder sort,
                 std::size_t depth, bool fold, const std::vector<std::uint32_t>* lengths,
                 HitsPass* out);
  // The first `depth` hits of `enquire` (query, weighting, collapsing and
  // `sort` order as set) in one pass, checking at least `check_at_least`
  // matches; with `lengths` (of the revision searched), ranked by BM25 of
  // `ranking_kind` reading them.
  HitsPass rank_one_pass(const Xapian::Enquire& enquire, Ranking ranking_kind, SortOrder sort,
                         std::size_t depth, bool fold, const std::vector<std::uint32_t>* lengths,
                         Xapian::doccount check_at_least);
  // AssistContext::rank: `query`'s best `depth` by plain BM25, as a search
  // ranks (over ranges on every core when large, lengths from memory).
  std::vector<search::RankedMatch> rank_plain(const Xapian::Query& query, std::size_t depth,
                                              bool fold);
  // A part of the archive for run_in_slices: the articles `filter` keeps
  // (with `exclude`, those it does not), ranked by date (`by_date`, in the
  // search's order) or else by relevance.
  struct Slice {
    Xapian::Query filter;
    bool exclude = false;
    bool by_date = true;
  };
  // The first `depth` hits of `enquire`'s query in `sort` order over
  // `slices`: disjoint parts of the archive, each wholly before the next in
  // that order, ranked one at a time until `depth` hits are found. Bounds
  // come from `estimate` (Xapian's, before matching). False (nothing in
  // `out`) when that takes more than `most` slices, or when the slices hold
  // fewer than `depth` hits and do not cover every article (`complete`).
  bool run_in_slices(const Xapian::Enquire& enquire, const Xapian::MSet& estimate,
                     Ranking ranking_kind, SortOrder sort, const std::vector<Slice>& slices,
                     std::size_t most, bool complete, std::size_t depth, bool fold,
                     const std::vector<std::uint32_t>* lengths, HitsPass* out);
  // The periods of publication in `sort` order (run_in_slices): every month,
  // and per year the articles dated to the year only.
  std::vector<Slice> date_periods(SortOrder sort) const;
  // The dated articles (by date), then the undated (by relevance).
  std::vector<Slice> dated_then_undated() const;
  // `Spy`: FacetSpy or TimelineSpy (empty_like, merge), or null to count alone.
  template <typename Spy>
  Xapian::doccount count_split(const Xapian::Query& query, Spy* spy, Xapian::docid stride);
  // What count_bounded counted: `counted` matching articles (those of the
  // sample when stride > 1) and Xapian's bounds for the query before any
  // matching (0 when they were not asked for).
  struct BoundedCount {
    Xapian::doccount counted = 0;
    Xapian::docid stride = 1;
    Xapian::doccount lower = 0, upper = 0;
  };
  // Counts the matches of `counting` (on `threads` threads when `parallel`):
  // every one into `exact_spy` (null: the total alone), or, when more than
  // `limit` may match (`more`, and then Xapian's estimate for `estimating`
  // before any matching), a stratified sample of about `limit` (sample.h)
  // into `spy`, each sampled article counting stride times. The estimate
  // does not depend on how a pass is cut, so one thread and several count
  // the same sample (a ranking pass's own bounds do: at a million articles
  // "Korea" sampled one article in 70 on one thread and one in 80 on two).
  // A sample that shows fewer than `limit` matches after all is counted
  // again exactly (cheap, there are few).
  BoundedCount count_bounded(const Xapian::Enquire& estimating, const Xapian::Query& counting,
                             search::FacetSpy* spy, search::FacetSpy* exact_spy,
                             std::size_t limit, bool more, bool parallel);
  // The facet keys of every article in memory (facet_column.h), read again
  // when the revision changes; for a single local database only.
  std::shared_ptr<const search::FacetColumn> column;
  bool keys_in_memory = true;  // SearcherOptions::facet_keys_in_memory
  // The column of the revision being searched; null for a stub or remote
  // shards (a spy there reads values). Throws Xapian::Error.
  // Read from the second search at a revision on (a process that runs one
  // search, the CLI, would pay more for the read, 0.21 s at a million
  // articles, than it saves), on a thread and a handle of its own: searches
  // read their matches' keys from the index until the keys are in memory,
  // so a commit never stalls a search. Throws Xapian::Error.
  const search::FacetColumn* current_column() {
    if (!keys_in_memory || shards.each.size() != 1 || shards.any_remote) return nullptr;
    const Xapian::rev revision = db.get_revision();
    if (loading.valid() && loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      try {
        column = loading.get();
      } catch (...) {  // a commit raced the read, or memory ran out: try again later
        column = nullptr;
      }
    }
    if (column != nullptr && column->revision() == revision) return column.get();
    // Keys of an older revision give their memory back now; keys read at a
    // newer one (the reader's handle opened after ours) wait for our reopen.
    if (column != nullptr && column->revision() < revision) column = nullptr;
    if (column != nullptr || loading.valid()) return nullptr;
    if (!searched_revision || *searched_revision != revision) {
      searched_revision = revision;
      return nullptr;
    }
    loading = std::async(std::launch::async, [where = path] {
      return search::FacetColumn::shared(search::open_shards(where).db);
    });
    return nullptr;
  }
  // current_column(), waiting for the keys of the revision searched (read
  // here when no read is under way). Throws Xapian::Error.
  const search::FacetColumn* warm_column() {
    if (!keys_in_memory || shards.each.size() != 1 || shards.any_remote) return nullptr;
    if (loading.valid()) loading.wait();
    if (const search::FacetColumn* c = current_column()) return c;
    if (loading.valid()) {  // current_column() started a read of this revision
      loading.wait();
      if (const search::FacetColumn* c = current_column()) return c;
    }
    column = nullptr;  // an older revision's keys go before the new ones come
    column = search::FacetColumn::shared(db);
    searched_revision = column->revision();
    return column.get();
  }
  std::optional<Xapian::rev> searched_revision;  // of the last current_column() call
  std::future<std::shared_ptr<const search::FacetColumn>> loading;  // keys being read
  search::AssistContext assist();

  search::FacetName name_facet(std::uint64_t key) const;
  search::CompileContext compile_context() const;
  // `record`: the document's stored record (its entities and date spans).
  std::vector<search::SnippetMark> marks_for(const search::StoredRecord& record,
                                             const search::QueryTerms& terms) const;

  Result<SearchResponse> run(const SearchRequest& request);
  Result<TimelineResponse> timeline(const TimelineRequest& request);
  Result<RelatedResponse> related(const RelatedRequest& request);
  Result<search::FilterSet> resolve_filters(const std::vector<FacetFilter>& filters);
  Result<Xapian::Query> compile(const std::string& text, const std::string& since,
                                const std::string& until, search::QueryNode* tree,
                                search::QueryTerms* terms);
};

Result<std::unique_ptr<Searcher>> Searcher::open(const std::string& path,
                                                 const SearcherOptions& options) {
  if (path.empty()) return Status::invalid_argument("database path is empty");
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->ranking = options.ranking;
  impl->threads = options.search_threads > 0
                      ? options.search_threads
                      : std::max(1u, std::thread::hardware_concurrency());
  impl->parallel_above = options.parallel_above;
  impl->keys_in_memory = options.facet_keys_in_memory;
  AnalyzerOptions analysis;
  try {
    impl->shards = search::open_shards(path);
    impl->db = impl->shards.db;
    // Metadata is per shard: every shard must be a dossier index of a readable
    // format, analysed the same way (a query is analysed once for all).
    for (std::size_t i = 0; i < impl->shards.each.size(); ++i) {
      const std::string& name = impl->shards.names[i];
      int version = 0;
      Result<AnalyzerOptions> stored = check_format(impl->shards.each[i], name, &version);
      if (!stored.ok()) return stored.status();
      // The oldest shard decides what every shard can answer.
      if (i == 0 || version < impl->format_version) impl->format_version = version;
      impl->newest_format_version = std::max(impl->newest_format_version, version);
      if (i == 0) {
        analysis = *stored;
      } else if (analysis::serialize_options(*stored) != analysis::serialize_options(analysis)) {
        return Status::version_mismatch(
            "shard " + name + " was indexed with analysis \"" +
            analysis::serialize_options(*stored) + "\" but shard " + impl->shards.names[0] +
            " with \"" + analysis::serialize_options(analysis) +
            "\"; the shards of one database must share their analysis");
      }
    }
    // Formats 2-6 kept entities and date spans in value slots; 7 in the record.
    impl->articles =
        std::make_unique<search::StoredReader>(&impl->shards.each, impl->format_version < 7);
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Status::not_found("no dossier index at " + path + " (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "opening " + path);
  }
  Result<std::unique_ptr<analysis::Analyzer>> analyzer = analysis::Analyzer::create(analysis);
  if (!analyzer.ok()) return analyzer.status();
  impl->analyzer = std::move(analyzer.value());
  impl->entities = analysis::EntityModel::builtin();
  for (const analysis::Entity& e : impl->entities->gazetteer->entities()) {
    impl->facet_entities.emplace(schema::facet_key(static_cast<unsigned>(e.type), e.id), &e);
  }
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

// Compiles `text` into a Xapian query with the index's analysis, narrowed to
// the publication bounds.
Result<Xapian::Query> Searcher::Impl::compile(const std::string& text, const std::string& since,
                                              const std::string& until, search::QueryNode* tree,
                                              search::QueryTerms* terms) {
  Result<search::QueryNode> parsed = search::parse_query(text);
  if (!parsed.ok()) return parsed.status();
  *tree = std::move(parsed.value());
  search::CompileContext context = compile_context();
  Result<Xapian::Query> query = search::compile_query(*tree, *analyzer, terms, context);
  if (!query.ok()) return Status::bad_query(query.status().message() + " in \"" + text + "\"");
  if (since.empty() && until.empty()) return query;
  Result<search::DateRange> range = search::parse_date_range(since + ".." + until);
  if (!range.ok()) {
    return Status::invalid_argument("--since/--until: " + range.status().message());
  }
  char lo[16], hi[16];
  const analysis::PartialDate& f = range->from;
  const analysis::PartialDate& t = range->to;
  // Dates known to the year or month (20190000, 20190500) fall in the bounds
  // when their known part does.
  std::snprintf(lo, sizeof lo, "%04d%02d%02d", f.year, f.month == 1 && f.day == 1 ? 0 : f.month,
                f.day == 1 ? 0 : f.day);
  std::snprintf(hi, sizeof hi, "%04d%02d%02d", t.year, t.month, t.day);
  return Xapian::Query(Xapian::Query::OP_FILTER, *query,
                       Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kPublishedValue, lo, hi));
}

namespace {

// With recency on, at least this many first-pass hits are re-ranked, so an
// older best match can give way to a newer one further down.
constexpr std::size_t kRecentRerankDepth = 100;

struct Meeting {
  double coverage = 0;   ///< 0..1: share of the parts present in the best paragraph
  int paragraph = -1;    ///< that body paragraph, or -1 (title, or none)
};

// Which of `dids` index each whole-article term (filters, publication year)
// of `parts`: one posting-list walk per term for all the hits, since a remote
// shard sends a posting list whole.
using TermHits = std::set<std::pair<std::string, Xapian::docid>>;
TermHits whole_article_terms(const Xapian::Database& db, std::vector<Xapian::docid> dids,
                             const std::vector<search::QueryTerms>& parts) {
  std::set<std::string> terms;
  for (const search::QueryTerms& part : parts) {
    for (const std::string& g : part.global) {
      if (g != "*") terms.insert(g);
    }
  }
  std::sort(dids.begin(), dids.end());
  TermHits hits;
  for (const std::string& term : terms) {
    Xapian::PostingIterator p = db.postlist_begin(term);
    for (Xapian::docid did : dids) {
      p.skip_to(did);
      if (p == db.postlist_end(term)) break;
      if (*p == did) hits.emplace(term, did);
    }
  }
  return hits;
}

// The paragraph where most of the query's parts meet. Each part counts 1 when
// one of its terms occurs in the paragraph (0.5 for a year mentioned only in
// passing); the title is a paragraph of its own. `hits`: whole_article_terms.
Meeting best_meeting(const Xapian::Database& db, Xapian::docid did, const Xapian::Document& doc,
                     const std::vector<search::QueryTerms>& parts, const TermHits& hits) {
  const std::vector<Xapian::termpos> starts = search::paragraph_starts(doc);
  // Parts the whole article satisfies (a filter, the publication year).
  std::vector<double> base(parts.size(), 0.0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (const std::string& g : parts[i].global) {
      if (g == "*" || hits.count({g, did})) base[i] = 1.0;
    }
  }
  std::unordered_map<int, std::vector<double>> score;  // paragraph (-1 title) -> per part
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (const std::string& term : parts[i].positional) {
      // A term the article lacks has an empty position list: no termlist to decode.
      const double weight = parts[i].weak.count(term) ? 0.5 : 1.0;
      for (Xapian::PositionIterator p = db.positionlist_begin(did, term);
           p != db.positionlist_end(did, term); ++p) {
        const auto it = std::upper_bound(starts.begin(), starts.end(), *p);
        const int paragraph = static_cast<int>(it - starts.begin()) - 1;
        std::vector<double>& s = score[paragraph];
        if (s.empty()) s = base;
        s[i] = std::max(s[i], weight);
      }
    }
  }
  Meeting best;
  const double n = static_cast<double>(parts.size());
  for (double b : base) best.coverage += b / n;  // no paragraph needed for these
  for (const auto& [paragraph, per_part] : score) {
    double total = 0;
    for (double w : per_part) total += w;
    const double coverage = total / n;
    if (coverage > best.coverage || (coverage == best.coverage && best.paragraph >= 0 &&
                                     paragraph < best.paragraph) ||
        (coverage == best.coverage && best.paragraph < 0 && paragraph >= 0)) {
      best.coverage = coverage;
      best.paragraph = paragraph;
    }
  }
  return best;
}

}  // namespace

// Splitting pays in an archive this many times parallel_above (searcher.h).
constexpr std::size_t kParallelArchiveFactor = 5;

// The ranking pass over a large match set, on `threads` cores at once: the
// docids are cut into equal ranges, each ranked on its own database handle
// (Xapian handles are single-threaded) with the same query, weights and
// collapsing, and the best of each merged. Scores do not depend on the range
// (BM25 reads the whole database's statistics), so the merge, by weight and
// then docid as Xapian orders ties, with a group of copies kept once at its
// best, gives the hits one pass gives. False when not worth it (an estimate
// below parallel_above) or not possible (a handle at another revision): the
// caller then ranks in one pass.
bool Searcher::Impl::prepare_split(const Xapian::Enquire& enquire) {
  // An archive smaller than the threshold skips even the estimate. What a
  // pass costs follows the posting lists it walks more than the matches it
  // finds: a phrase of common words walks long lists to find few.
  if (threads <= 1 || shards.each.size() != 1 || shards.any_remote) return false;
  if (db.get_doccount() < kParallelArchiveFactor * parallel_above) return false;
  Xapian::doccount longest = 0;
  const Xapian::Query& query = enquire.get_query();
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    longest = std::max(longest, db.get_termfreq(*t));
  }
  if (longest < parallel_above &&
      enquire.get_mset(0, 0).get_matches_estimated() < parallel_above) {
    return false;
  }
  while (twins.size() + 1 < threads) twins.push_back(search::open_shards(path).db);
  const Xapian::rev revision = db.get_revision();
  for (Xapian::Database& twin : twins) {
    twin.reopen();
    if (twin.get_revision() != revision) return false;  // a commit in between
  }
  return db.get_lastdocid() >= threads;
}

namespace {

// The docids [first, last] of range `i` of `n` over docids 1..`last`.
std::pair<Xapian::docid, Xapian::docid> docid_range(Xapian::docid last, unsigned i, unsigned n) {
  return {static_cast<Xapian::docid>(std::uint64_t{last} * i / n) + 1,
          static_cast<Xapian::docid>(std::uint64_t{last} * (i + 1) / n)};
}

// Runs `work(i)` for i in 0..n-1, i = 0 on this thread and the others on
// threads of their own; rethrows the first exception after all finished.
template <typename Work>
void run_parallel(unsigned n, Work work) {
  std::vector<std::exception_ptr> failed(n);
  auto guarded = [&](unsigned i) {
    try {
      work(i);
    } catch (...) {
      failed[i] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < n; ++i) workers.emplace_back(guarded, i);
  guarded(0);
  for (std::thread& w : workers) w.join();
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

bool Searcher::Impl::run_split(const Xapian::Enquire& enquire, Ranking ranking_kind,
                               SortOrder sort, std::size_t depth, bool fold,
                               const std::vector<std::uint32_t>* lengths, HitsPass* out) {
  const Xapian::docid last = db.get_lastdocid();
  // Every range gets its own copy of the query: Xapian's reference counts
  // are not atomic, so nothing may be shared across the threads.
  const std::string wire = enquire.get_query().serialise();
  std::vector<Xapian::Enquire> parts;
  for (unsigned i = 0; i < threads; ++i) {
    const auto [first, end] = docid_range(last, i, threads);
    Xapian::Enquire part(i == 0 ? db : twins[i - 1]);
    part.set_query(search::in_range(Xapian::Query::unserialise(wire), first, end, lengths));
    search::set_stage_one_weight(part, ranking_kind, ranking, lengths != nullptr);
    if (fold) part.set_collapse_key(schema::kClusterValue);
    if (sort != SortOrder::kRelevance) {
      sort_by_date(part, sort, false);
    }
    parts.push_back(std::move(part));
  }
  std::vector<HitsPass> got(threads);
  run_parallel(threads, [&](unsigned i) {
    got[i] = HitsPass::of(parts[i].get_mset(0, static_cast<Xapian::doccount>(depth)));
  });
  HitsPass merged;
  // A range that filled its `depth` may hold more: if folding copies that
  // span ranges leaves fewer than `depth`, the next hits are unknown here.
  bool full = false;
  for (const HitsPass& part : got) full = full || part.items.size() >= depth;
  for (HitsPass& part : got) {
    for (HitsPass::Item& item : part.items) merged.items.push_back(std::move(item));
    merged.estimated += part.estimated;
    merged.upper += part.upper;
    // A group of copies can span ranges: with collapsing, the parts' lower
    // bounds may count it twice.
    merged.lower = fold ? std::max(merged.lower, part.lower) : merged.lower + part.lower;
  }
  // Xapian's order: by date first when sorted by date (descending for the
  // newest), then by weight, then by docid.
  std::stable_sort(merged.items.begin(), merged.items.end(),
                   [sort](const HitsPass::Item& a, const HitsPass::Item& b) {
                     if (sort != SortOrder::kRelevance && a.sort_key != b.sort_key) {
                       return sort == SortOrder::kNewest ? a.sort_key > b.sort_key
                                                         : a.sort_key < b.sort_key;
                     }
                     return a.weight != b.weight ? a.weight > b.weight : a.did < b.did;
                   });
  if (fold) {
    std::unordered_map<std::string, std::size_t> kept;  // collapse key -> index in items
    std::vector<HitsPass::Item> unique;
    for (HitsPass::Item& item : merged.items) {
      if (item.collapse_key.empty()) {
        unique.push_back(std::move(item));
        continue;
      }
      const auto [it, added] = kept.emplace(item.collapse_key, unique.size());
      if (added) {
        unique.push_back(std::move(item));
      } else {
        unique[it->second].collapse_count += item.collapse_count + 1;
      }
    }
    merged.items = std::move(unique);
    if (full && merged.items.size() < depth) return false;  // one pass over all then
  }
  if (merged.items.size() > depth) merged.items.resize(depth);
  merged.estimated = std::clamp(merged.estimated, merged.lower, merged.upper);
  *out = std::move(merged);
  return true;
}

// No weight prunes a date order: sorting every match weighs each and reads
// its date. But the periods of publication are disjoint and ordered, so the
// first hits by date are those of the newest month that has any, then the
// next, ... : the query filtered to one month at a time finds them. Per
// year, the articles dated to the year only ("20190000") sort before its
// January (after its December when newest first).
constexpr std::size_t kMaxPeriods = 24;

std::vector<Searcher::Impl::Slice> Searcher::Impl::date_periods(SortOrder sort) const {
  const std::string year_prefix(schema::kYearPrefix), month_prefix(schema::kMonthPrefix);
  auto digits = [](const std::string& term, std::size_t n) {
    return term.size() == n + 1 &&
           std::all_of(term.begin() + 1, term.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::map<std::string, std::vector<std::string>> months;  // year -> its month terms, ascending
  for (auto t = db.allterms_begin(year_prefix); t != db.allterms_end(year_prefix); ++t) {
    if (digits(*t, 4)) months[(*t).substr(1)];
  }
  for (auto t = db.allterms_begin(month_prefix); t != db.allterms_end(month_prefix); ++t) {
    if (digits(*t, 6)) months[(*t).substr(1, 4)].push_back(*t);
  }
  std::vector<Slice> periods;
  for (const auto& [year, terms] : months) {
    const Xapian::Query year_only =
        terms.empty() ? Xapian::Query(year_prefix + year)
                      : Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(year_prefix + year),
                                      Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    periods.push_back(Slice{year_only});
    for (const std::string& m : terms) periods.push_back(Slice{Xapian::Query(m)});
  }
  if (sort == SortOrder::kNewest) std::reverse(periods.begin(), periods.end());
  return periods;
}

std::vector<Searcher::Impl::Slice> Searcher::Impl::dated_then_undated() const {
  const std::string prefix(schema::kYearPrefix);
  std::vector<Xapian::Query> years;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) years.emplace_back(*t);
  const Xapian::Query dated(Xapian::Query::OP_OR, years.begin(), years.end());
  return {Slice{dated}, Slice{dated, /*exclude=*/true, /*by_date=*/false}};
}

bool Searcher::Impl::run_in_slices(const Xapian::Enquire& enquire, const Xapian::MSet& estimate,
                                   Ranking ranking_kind, SortOrder sort,
                                   const std::vector<Slice>& slices, std::size_t most,
                                   bool complete, std::size_t depth, bool fold,
                                   const std::vector<std::uint32_t>* lengths, HitsPass* out) {
  HitsPass pass;
  // A story folded in an earlier slice is skipped in later ones, as one
  // pass keeps each story once, at its first place.
  std::unordered_set<std::string> stories;
  std::size_t taken = 0;
  for (const Slice& slice : slices) {
    if (pass.items.size() >= depth) break;
    if (++taken > most) return false;
    Xapian::Enquire e(db);
    // An empty filter (an archive without dates) keeps nothing, excludes nothing.
    const Xapian::Query part =
        slice.filter.empty()
            ? (slice.exclude ? enquire.get_query() : Xapian::Query())
            : Xapian::Query(slice.exclude ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_FILTER,
                            enquire.get_query(), slice.filter);
    e.set_query(lengths != nullptr ? search::in_range(part, 1, db.get_lastdocid(), lengths) : part);
    search::set_stage_one_weight(e, ranking_kind, ranking, lengths != nullptr);
    if (fold) e.set_collapse_key(schema::kClusterValue);
    if (slice.by_date) sort_by_date(e, sort, shards.any_remote);
    // Each story already placed may come again here and be skipped.
    const std::size_t need = depth - pass.items.size() + stories.size();
    HitsPass got = HitsPass::of(e.get_mset(0, static_cast<Xapian::doccount>(need)));
    for (HitsPass::Item& item : got.items) {
      if (pass.items.size() >= depth) break;
      if (fold && !item.collapse_key.empty() && !stories.insert(item.collapse_key).second) continue;
      pass.items.push_back(std::move(item));
    }
  }
  if (pass.items.size() < depth && !complete) return false;  // other articles come next
  pass.lower = estimate.get_matches_lower_bound();
  pass.estimated = estimate.get_matches_estimated();
  pass.upper = estimate.get_matches_upper_bound();
  *out = std::move(pass);
  return true;
}

// The counting pass (filters.h, count_matches) over ranges of docids at once,
// each range with its own spy, merged into `spy`. The stratified sample picks
// by global docid, so every range counts its share of the one-thread sample.
template <typename Spy>
Xapian::doccount Searcher::Impl::count_split(const Xapian::Query& query, Spy* spy,
                                             Xapian::docid stride) {
  const Xapian::docid last = db.get_lastdocid();
  const std::string wire = query.serialise();
  std::vector<Xapian::Enquire> parts;
  std::vector<std::unique_ptr<Spy>> spies(threads);
  for (unsigned i = 0; i < threads; ++i) {
    const auto [first, end] = docid_range(last, i, threads);
    Xapian::Enquire part(i == 0 ? db : twins[i - 1]);
    part.set_query(
        search::in_range(search::in_sample(Xapian::Query::unserialise(wire), stride), first, end));
    part.set_weighting_scheme(Xapian::BoolWeight());
    if (spy != nullptr) {
      spies[i] = spy->empty_like();
      part.add_matchspy(spies[i].get());
    }
    parts.push_back(std::move(part));
  }
  std::vector<Xapian::doccount> counts(threads, 0);
  run_parallel(threads, [&](unsigned i) {
    counts[i] = parts[i].get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  });
  Xapian::doccount total = 0;
  for (unsigned i = 0; i < threads; ++i) {
    total += counts[i];
    if (spy != nullptr) spy->merge(*spies[i]);
  }
  return total;
}

Searcher::Impl::BoundedCount Searcher::Impl::count_bounded(
    const Xapian::Enquire& estimating, const Xapian::Query& counting, search::FacetSpy* spy,
    search::FacetSpy* exact_spy, std::size_t limit, bool more, bool parallel) {
  // On several threads like the ranking pass (a sample is no cheaper per
  // match than the whole: each sampled run costs a skip in every list).
  auto count = [&](search::FacetSpy* s, Xapian::docid every) {
    return parallel ? count_split(counting, s, every)
                    : search::count_matches(shards, counting, s, every);
  };
  BoundedCount c;
  if (limit > 0 && more && !shards.any_remote) {
    const Xapian::MSet before = estimating.get_mset(0, 0);
    c.lower = before.get_matches_lower_bound();
    c.upper = before.get_matches_upper_bound();
    c.stride = static_cast<Xapian::docid>(std::clamp<std::uint64_t>(
        before.get_matches_estimated() / limit, 1, std::numeric_limits<Xapian::docid>::max()));
  }
  if (c.stride > 1) {
    spy->set_scale(c.stride);
    c.counted = count(spy, c.stride);
    if (static_cast<std::uint64_t>(c.counted) * c.stride <= limit) {
      c.stride = 1;
      spy->clear();
      spy->set_scale(1);
    }
  }
  if (c.stride == 1) c.counted = count(exact_spy, 1);
  return c;
}

Result<SearchResponse> Searcher::Impl::run(const SearchRequest& request) {
  search::QueryNode tree;
  search::QueryTerms terms;
  Result<Xapian::Query> query = compile(request.query, request.since, request.until, &tree, &terms);
  if (!query.ok()) return query.status();

  // Dossier's ranking re-ranks the best hits by features of the "+" parts (or
  // AND-ed groups), each with its own terms; a query without parts is one.
  const bool rerank = request.sort == SortOrder::kRelevance && request.ranking == Ranking::kDefault;
  std::vector<search::QueryTerms> parts;
  if (rerank) {
    if ((tree.kind == search::QueryNode::Kind::kParts ||
         tree.kind == search::QueryNode::Kind::kAnd) &&
        tree.children.size() >= 2) {
      const search::CompileContext context = compile_context();
      for (const search::QueryNode& child : tree.children) {
        search::QueryTerms part;
        if (search::compile_query(child, *analyzer, &part, context).ok()) {
          parts.push_back(std::move(part));
        }
      }
    }
    if (parts.size() < 2) parts.assign(1, terms);
  }

  Result<search::FilterSet> filters = resolve_filters(request.filters);
  if (!filters.ok()) return filters.status();
  // Facets with filters of their own are counted in a pass of their own
  // (filters.h); the hits then need no exhaustive match.
  const bool count_apart = filters->needs_relaxed_count(request.facets);

  Xapian::Enquire enquire(db);
  enquire.set_query(filters->restrict(*query));
  enquire.set_weighting_scheme(search::stage_one_weight(request.ranking, ranking));
  // Format 2 indexes have no groups of copies: every article is its own story.
  const bool fold = !request.all_copies && format_version >= 3;
  if (fold) enquire.set_collapse_key(schema::kClusterValue);
  if (request.sort != SortOrder::kRelevance) sort_by_date(enquire, request.sort, shards.any_remote);
  // With copies folded, Xapian's match counts are estimates; the spy counts
  // the distinct groups among all matches, exactly.
  search::FacetSpy spy(request.facets, fold);
  const search::FacetColumn* in_memory = current_column();
  spy.set_column(in_memory);
  search::RemoteSafeSpy facet_keys(
      shards, &spy, schema::kFacetKeysValue,
      [&spy](const std::string& value, std::uint64_t n) {
        spy.add_keys(value, static_cast<std::uint32_t>(n));
      });
  // Two passes: the hits (BM25, copies collapsed) stop once the best are
  // certain, and a counting pass with a boolean weight and no collapsing
  // visits every match for the total, the facets and each story's copies
  // (from format 4 the collapse key is the story's facet key). One
  // exhaustive BM25 pass with collapsing cost 1.5-2x as much on KCNA.
  // Format 3 keeps the single pass: its collapse key is not a facet key.
  const bool copies_by_key = format_version >= 4;
  const bool one_pass = fold && !copies_by_key && !count_apart;
  if (one_pass) facet_keys.attach(enquire);

  const std::size_t wanted = request.offset + request.limit;
  const std::size_t rerank_depth =
      request.recent_half_life_days > 0 ? std::max(ranking.rerank_depth, kRecentRerankDepth)
                                        : ranking.rerank_depth;
  // One hit past the re-ranked window, to see a tie across its edge.
  const std::size_t depth = rerank ? std::max(wanted, rerank_depth + 1) : wanted;
  HitsPass pass;
  const bool parallel = !one_pass && prepare_split(enquire);
  // With the lengths in memory, BM25 reads them there (ranking.h), in every
  // order (by date, relevance breaks ties): "Kim Jong Il" at a million
  // articles 43 -> 37 ms on one thread, "Lee Myung Bak" 19 -> 13. Not for a
  // query with a phrase.
  const std::vector<std::uint32_t>* lengths =
      in_memory != nullptr && !one_pass && search::lengths_rank_exactly(enquire.get_query())
          ? &in_memory->lengths()
          : nullptr;
  // Sorted by date: a large match set period by period, and over remote
  // shards (no key maker) oldest first the dated before the undated.
  bool found = false;
  if (request.sort != SortOrder::kRelevance && !one_pass) {
    const bool remote_oldest = request.sort == SortOrder::kOldest && shards.any_remote;
    const bool large_archive = !shards.any_remote && format_version >= 4 &&
                               db.get_doccount() >= kParallelArchiveFactor * parallel_above;
    if (remote_oldest || large_archive) {
      const Xapian::MSet estimate = enquire.get_mset(0, 0);
      if (remote_oldest) {
        found = run_in_slices(enquire, estimate, request.ranking, request.sort,
                              dated_then_undated(), 2, /*complete=*/true, depth, fold, lengths,
                              &pass);
      } else if (estimate.get_matches_estimated() >= parallel_above) {
        found = run_in_slices(enquire, estimate, request.ranking, request.sort,
                              date_periods(request.sort), kMaxPeriods, /*complete=*/false, depth,
                              fold, lengths, &pass);
      }
    }
  }
  // Every order on several threads: at a million articles "Korea" sorted by
  // date took 53 ms on one thread, 33 on two. Every path finds the first
  // `depth` hits; the page starts at the offset below.
  if (!found && !(parallel && run_split(enquire, request.ranking, request.sort, depth, fold,
                                        lengths, &pass))) {
    pass = rank_one_pass(enquire, request.ranking, request.sort, depth, fold, lengths,
                         one_pass ? db.get_doccount() : 0);
  }
  facet_keys.finish();
  Xapian::doccount counted = 0;  // articles matched (the counting pass)
  // Above count_limit matches the counting pass visits a stratified sample
  // of about count_limit of them: its cost stops growing with the match
  // set. The ranking pass's upper bound says whether that may be the case.
  Xapian::docid stride = 1;
  Xapian::doccount most = pass.upper;  // Xapian's upper bound, for a sample's estimate
  if (!one_pass) {
    if (count_apart) spy.set_filters(&*filters);
    const bool spying = !request.facets.empty() || fold || count_apart;
    const Xapian::Query counting =
        count_apart ? filters->relax(*query, request.facets) : filters->restrict(*query);
    const BoundedCount c =
        count_bounded(enquire, counting, &spy, spying ? &spy : nullptr, request.count_limit,
                      pass.upper > request.count_limit, parallel);
    counted = c.counted;
    stride = c.stride;
    if (stride > 1) most = c.upper;
  }
  const bool sampled = stride > 1;

  std::vector<search::RankedHit> ranked;
  for (HitsPass::Item& item : pass.items) {
    search::RankedHit h;
    h.did = item.did;
    h.doc = std::move(item.doc);
    h.bm25 = h.score = item.weight;
    // Collapse counts are exact only after an exhaustive pass; with the
    // counting pass, copies are counted by story below. A sampled count
    // misses most copies: Xapian's collapse count (a lower bound) is what
    // is known.
    h.similar = fold && (!copies_by_key || sampled) ? item.collapse_count : 0;
    ranked.push_back(std::move(h));
  }
  if (rerank && !ranked.empty()) {
    search::RerankContext context;
    context.db = &db;
    context.articles = articles.get();
    context.options = ranking;
    context.parts = std::move(parts);
    context.recent_half_life_days = request.recent_half_life_days;
    if (request.recent_half_life_days > 0) {
      context.newest_day = search::publication_day(db.get_value_upper_bound(schema::kPublishedValue));
    }
    context.explain = request.explain;
    context.analyzer = analyzer.get();
    context.languages = compile_context().languages;
    // The same spellings over remote shards too (a vocabulary walk is one
    // round trip a word): a sharded archive ranks as one database.
    search::rerank(context, rerank_depth, &ranked);
    // A title meeting gives the snippet no paragraph: found below as for other hits.
    for (search::RankedHit& h : ranked) {
      if (h.paragraph < 0) h.paragraph = -2;
    }
  } else if (request.explain) {
    for (search::RankedHit& h : ranked) {
      h.explain.ranking = request.ranking == Ranking::kPlainBm25 ? "bm25" : "dossier";
      h.explain.bm25 = h.bm25;
      h.explain.components.push_back(ScoreComponent{"bm25", h.bm25, 1.0, h.bm25});
    }
  }

  SearchResponse response;
  response.query = request.query;
  // A sample cannot count distinct stories: its estimate counts articles,
  // kept between the matching articles the sample saw and Xapian's upper
  // bound for the query (a small archive's sample can otherwise overshoot).
  const std::uint64_t seen = count_apart ? spy.matches() / stride : counted;
  response.total = sampled ? std::clamp<std::uint64_t>(
                                 count_apart ? spy.matches()
                                             : static_cast<std::uint64_t>(counted) * stride,
                                 seen, std::max<std::uint64_t>(most, seen))
                   : fold        ? spy.stories()
                   : count_apart ? spy.matches()
                   : one_pass    ? pass.estimated
                                 : counted;
  response.exact = !sampled;
  // Matching articles counted; a filtered count also visits the articles
  // that fail one facet's filters (for that facet's disjunctive counts).
  response.counted = count_apart ? spy.matches() / stride
                     : one_pass  ? pass.estimated
                                 : counted;
  response.filters = filters->applied();
  // Did you mean: for a query that finds little or has a rare word (spelling.h).
  if (request.did_you_mean_below > 0) {
    search::SpellingContext spelling;
    spelling.db = &db;
    spelling.analyzer = analyzer.get();
    spelling.entities = entities.get();
    spelling.names = [this] { return names.get(db, shards.each, *analyzer); };
    if (shards.each.size() == 1 && !shards.any_remote) spelling.words = &words_by_letter;
    spelling.count = [&](const std::string& text, std::uint64_t enough) -> std::uint64_t {
      search::QueryNode t;
      search::QueryTerms q;
      Result<Xapian::Query> c = compile(text, request.since, request.until, &t, &q);
      return c.ok() ? search::count_matches(db, filters->restrict(*c), enough) : 0;
    };
    response.did_you_mean = search::did_you_mean(request.query, response.total,
                                                 request.did_you_mean_below, spelling);
  }
  const std::size_t first = request.offset;
  TermHits page_hits;  // for snippets of hits not re-ranked
  if (request.snippet_words > 0) {
    std::vector<Xapian::docid> dids;
    for (std::size_t i = first; i < ranked.size() && i < first + request.limit; ++i) {
      if (ranked[i].paragraph == -2) dids.push_back(ranked[i].did);
    }
    if (!dids.empty()) page_hits = whole_article_terms(db, dids, {terms});
  }
  for (std::size_t i = first; i < ranked.size() && i < first + request.limit; ++i) {
    const search::StoredRecord record = articles->full_record(ranked[i].did, ranked[i].doc);
    const StoredArticle& stored = record.article;
    Hit hit;
    hit.rank = request.offset + (i - first) + 1;
    hit.id = stored.id;
    hit.title = stored.title;
    hit.published = stored.published;
    hit.source = stored.source;
    hit.url = stored.url;
    hit.lang = stored.lang;
    hit.score = ranked[i].score;
    hit.similar = ranked[i].similar;
    if (fold && copies_by_key && !sampled) {
      // The story's other matching copies: its key among the counted keys
      // (from the keys in memory when the spy read them: a lone story's
      // marker needs no lookup).
      std::uint64_t group = 0;
      bool alone = false;
      if (column != nullptr && spy.column() == column.get()) {
        const auto [begin, end] = column->keys(ranked[i].did);
        for (const std::uint64_t* k = begin; k != end; ++k) {
          if (schema::facet_key_type(*k) != schema::kClusterFacet) continue;
          alone = *k == search::kSingletonStoryKey;
          group = *k;
        }
      } else {
        group = schema::decode_u64(ranked[i].doc.get_value(schema::kClusterValue));
      }
      const std::uint32_t copies = alone ? 1 : spy.count(group);
      hit.similar = copies > 1 ? copies - 1 : 0;
    }
    const std::string& entity_value = record.entities;
    hit.explain = std::move(ranked[i].explain);
    if (request.snippet_words > 0) {
      // The paragraph for the snippet: where the parts meet, or where the
      // query's words, entities and dates occur most (from term positions).
      int paragraph = ranked[i].paragraph;
      if (paragraph == -2) {
        paragraph = best_meeting(db, ranked[i].did, ranked[i].doc, {terms}, page_hits).paragraph;
      }
      hit.snippet = search::make_snippet(stored.body, terms, *analyzer, request.snippet_words,
                                         paragraph, marks_for(record, terms),
                                         analysis::primary_language(stored.lang));
    }
    for (const search::StoredEntity& e : search::parse_entities_value(entity_value)) {
      EntityRef ref;
      ref.id = std::string(e.id);
      ref.type = std::string(search::entity_id_type(e.id));
      if (const analysis::Entity* known = entities->gazetteer->find(ref.id)) {
        ref.name = known->name;
      } else {
        ref.name = e.name.empty() ? ref.id : std::string(e.name);
      }
      hit.entities.push_back(std::move(ref));
    }
    response.hits.push_back(std::move(hit));
  }
  const search::FacetNamer namer = [this](std::uint64_t key) { return name_facet(key); };
  for (const std::string& facet : request.facets) {
    response.facets[facet] = spy.top(facet, request.facet_limit, namer);
    search::mark_selected(*filters, facet, spy, &response.facets[facet]);
  }
  return response;
}

Result<search::FilterSet> Searcher::Impl::resolve_filters(const std::vector<FacetFilter>& filters) {
  search::FilterContext context;
  context.analyzer = analyzer.get();
  context.entities = entities.get();
  context.db = &db;
  context.namer = [this](std::uint64_t key) { return name_facet(key); };
  return search::FilterSet::resolve(filters, context);
}

Result<RelatedResponse> Searcher::Impl::related(const RelatedRequest& request) {
  search::QueryNode tree;
  search::QueryTerms terms;
  Result<Xapian::Query> query = compile(request.query, request.since, request.until, &tree, &terms);
  if (!query.ok()) return query.status();
  Result<search::FilterSet> filters = resolve_filters(request.filters);
  if (!filters.ok()) return filters.status();
  // What the query or a filter names co-occurs with every match by
  // definition: not news.
  std::unordered_set<std::string> exclude;
  for (const auto& [id, part] : terms.entities) exclude.insert(id);
  for (const AppliedFilter& f : filters->applied()) exclude.insert(f.id);
  // Counted as search() counts: from the keys in memory, on several threads,
  // every match up to count_limit and a stratified sample above it (there
  // being no ranking pass, Xapian's estimate alone says which).
  const Xapian::Query matching = filters->restrict(*query);
  search::FacetSpy spy(request.types, /*stories=*/false);
  spy.set_column(current_column());
  Xapian::Enquire enquire(db);
  enquire.set_query(matching);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const BoundedCount c = count_bounded(enquire, matching, &spy, &spy, request.count_limit,
                                       /*more=*/true, prepare_split(enquire));
  const std::uint64_t matches =
      c.stride > 1 ? std::clamp<std::uint64_t>(static_cast<std::uint64_t>(c.counted) * c.stride,
                                               std::max<std::uint64_t>(c.lower, c.counted),
                                               c.upper)
                   : c.counted;
  RelatedResponse response = search::related_entities(
      db, spy, matches, request, exclude, [this](std::uint64_t key) { return name_facet(key); },
      c.stride);
  response.exact = c.stride == 1;
  response.counted = c.counted;
  response.filters = filters->applied();
  return response;
}

search::CompileContext Searcher::Impl::compile_context() const {
  search::CompileContext context;
  context.entities = entities.get();
  context.db = &db;
  // The archive's languages: every shard's, sorted as the indexer writes them.
  std::set<std::string> languages;
  for (const Xapian::Database& shard : shards.each) {
    std::istringstream langs(shard.get_metadata(std::string(schema::kLanguagesKey)));
    for (std::string l; langs >> l;) languages.insert(l);
  }
  context.languages.assign(languages.begin(), languages.end());
  context.expand_wildcards = shards.each.size() > 1;
  // Read per query, as a writer with another gazetteer may clear it.
  context.stems_as_words = newest_format_version >= 7;
  context.stop_words_unpositioned = format_version >= 7;
  context.written_names = format_version >= 6 && entities != nullptr;
  for (const Xapian::Database& shard : shards.each) {
    if (!context.written_names) break;
    context.written_names = shard.get_metadata(std::string(schema::kNamesGazetteerKey)) ==
                            entities->gazetteer->fingerprint();
  }
  return context;
}

search::FacetName Searcher::Impl::name_facet(std::uint64_t key) const {
  const auto it = facet_entities.find(key);
  if (it != facet_entities.end()) return search::FacetName{it->second->id, it->second->name};
  // A person outside the gazetteer is named in the metadata of the shards
  // that mention them.
  for (const Xapian::Database& shard : shards.each) {
    const std::string stored = shard.get_metadata(schema::facet_name_key(key));
    const std::size_t tab = stored.find('\t');
    if (tab != std::string::npos) {
      return search::FacetName{stored.substr(0, tab), stored.substr(tab + 1)};
    }
  }
  return {};
}

// Highlights that need the article's analysis, read from what the indexer
// stored: mentions of the entities the query names, and date expressions of
// the years it asks about.
std::vector<search::SnippetMark> Searcher::Impl::marks_for(const search::StoredRecord& record,
                                                           const search::QueryTerms& terms) const {
  std::vector<search::SnippetMark> marks;
  if (!terms.entities.empty()) {
    for (const search::StoredEntity& e : search::parse_entities_value(record.entities)) {
      const auto group = terms.entities.find(std::string(e.id));
      if (group == terms.entities.end()) continue;
      for (const auto& [start, end] : e.spans) marks.push_back({start, end, group->second});
    }
  }
  if (!terms.years.empty()) {
    const std::string& value = record.date_spans;
    std::size_t pos = 0;
    while (pos < value.size()) {
      std::size_t end = value.find('\n', pos);
      if (end == std::string::npos) end = value.size();
      int from = 0, to = 0;
      unsigned start = 0, stop = 0;
      if (std::sscanf(value.c_str() + pos, "%d %d %u %u", &from, &to, &start, &stop) == 4) {
        for (int y = from; y <= to; ++y) {
          if (terms.years.count(y)) {
            marks.push_back({start, stop, -1});
            break;
          }
        }
      }
      pos = end + 1;
    }
  }
  return marks;
}

Result<TimelineResponse> Searcher::Impl::timeline(const TimelineRequest& request) {
  search::QueryNode tree;
  search::QueryTerms terms;
  Result<Xapian::Query> query = compile(request.query, "", "", &tree, &terms);
  if (!query.ok()) return query.status();
  Xapian::Enquire enquire(db);
  enquire.set_query(*query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  search::TimelineSpy spy(request.by == TimelineRequest::Period::kYear
                              ? search::TimelineSpy::Periods::kYears
                              : search::TimelineSpy::Periods::kMonths);
  // Dates from memory (facet_column.h) and ranges of docids counted on
  // several threads, as search() counts: "Korea" at a million articles,
  // by month, 95 -> 21 ms.
  spy.set_column(current_column());
  TimelineResponse response;
  response.query = request.query;
  if (prepare_split(enquire)) {
    response.total = count_split(*query, &spy, 1);
  } else {
    std::uint64_t dated = 0;
    search::RemoteSafeSpy published(shards, &spy, schema::kPublishedValue,
                                    [&spy, &dated](const std::string& value, std::uint64_t n) {
                                      spy.add_published(value, n);
                                      dated += n;
                                    });
    published.attach(enquire);
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    published.finish();
    response.total = mset.get_matches_estimated();
    // A ValueCountMatchSpy (remote shards) skips documents without a value.
    if (shards.any_remote) spy.add_published("", response.total - dated);
  }
  response.undated = spy.undated();
  const std::map<std::string, std::uint64_t> periods = spy.periods();
  if (periods.empty()) return response;
  // Every period from the first to the last, zeros included, so a chart's
  // gaps are visible.
  const std::string& first = periods.begin()->first;
  const std::string& last = periods.rbegin()->first;
  int y = std::stoi(first.substr(0, 4));
  int m = request.by == TimelineRequest::Period::kMonth ? std::stoi(first.substr(5, 2)) : 0;
  char key[16];
  for (int guard = 0; guard < 100000; ++guard) {
    if (m == 0) {
      std::snprintf(key, sizeof key, "%04d", y);
    } else {
      std::snprintf(key, sizeof key, "%04d-%02d", y, m);
    }
    const auto it = periods.find(key);
    response.buckets.push_back(TimelineBucket{key, it == periods.end() ? 0 : it->second});
    if (key == last) break;
    if (m == 0) {
      ++y;
    } else if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return response;
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  for (const std::string& facet : request.facets) {
    if (search::facet_index(facet) < 0) {
      return Status::invalid_argument("unknown facet \"" + facet +
                                      "\" (known: person, country, place, org, year, "
                                      "mentioned_year)");
    }
  }
  if (request.limit > kMaxLimit) {
    return Status::invalid_argument("limit " + std::to_string(request.limit) +
                                    " is above the maximum of " + std::to_string(kMaxLimit));
  }
  if (!(request.recent_half_life_days >= 0) || std::isinf(request.recent_half_life_days)) {
    return Status::invalid_argument("the recency half-life must be a number of days >= 0, not " +
                                    std::to_string(request.recent_half_life_days));
  }
  // Recency multiplies Dossier's re-ranked scores: said plainly rather than
  // ignored where there are none.
  if (request.recent_half_life_days > 0 && request.ranking == Ranking::kPlainBm25) {
    return Status::invalid_argument("recency works with Dossier's ranking, not with plain BM25");
  }
  if (request.recent_half_life_days > 0 && request.sort != SortOrder::kRelevance) {
    return Status::invalid_argument(
        "recency works with relevance order, not with newest or oldest first (which already "
        "order by date)");
  }
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<SearchResponse>(impl_->db, "searching " + impl_->path,
                                              [&] { return impl_->run(request); });
}

Result<TimelineResponse> Searcher::timeline(const TimelineRequest& request) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<TimelineResponse>(impl_->db, "searching " + impl_->path,
                                                [&] { return impl_->timeline(request); });
}

Result<RelatedResponse> Searcher::related(const RelatedRequest& request) {
  if (request.types.empty()) {
    return Status::invalid_argument("related: no entity type (person, country, place, org)");
  }
  for (const std::string& type : request.types) {
    if (search::facet_index(type) < 0 || search::facet_index(type) > 3) {
      return Status::invalid_argument("unknown entity type \"" + type +
                                      "\" (known: person, country, place, org)");
    }
  }
  if (request.limit < 1 || request.limit > 1000) {
    return Status::invalid_argument("related: limit must be between 1 and 1000, not " +
                                    std::to_string(request.limit));
  }
  if (request.min_count < 1) {
    return Status::invalid_argument("related: min_count must be at least 1");
  }
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<RelatedResponse>(impl_->db, "searching " + impl_->path,
                                               [&] { return impl_->related(request); });
}

Result<StoredArticle> Searcher::get_article(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<StoredArticle>(
      impl_->db, "reading article " + id + " from " + impl_->path,
      [&]() -> Result<StoredArticle> {
        Xapian::PostingIterator p = impl_->db.postlist_begin(schema::id_term(id));
        if (p == impl_->db.postlist_end(schema::id_term(id))) {
          return Status::not_found("no article with id \"" + id + "\" in " + impl_->path);
        }
        return impl_->articles->article(*p, impl_->db.get_document(*p).get_data());
      });
}

Result<IndexInfo> Searcher::info() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<IndexInfo>(impl_->db, "reading " + impl_->path,
                                         [&]() -> Result<IndexInfo> {
                                           IndexInfo info;
                                           info.documents = impl_->db.get_doccount();
                                           info.format_version = impl_->format_version;
                                           info.analysis = impl_->analyzer->options();
                                           info.created_by = impl_->db.get_metadata(
                                               std::string(schema::kCreatedByKey));
                                           info.average_length = impl_->db.get_avlength();
                                           info.quoted_names_by_term =
                                               impl_->compile_context().written_names;
                                           return info;
                                         });
}

Result<std::uint64_t> Searcher::warm() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<std::uint64_t>(
      impl_->db, "reading the facet keys of " + impl_->path, [&]() -> Result<std::uint64_t> {
        const search::FacetColumn* column = impl_->warm_column();
        return column == nullptr ? 0 : static_cast<std::uint64_t>(column->bytes());
      });
}

search::AssistContext Searcher::Impl::assist() {
  search::AssistContext context;
  context.db = &db;
  context.shards = &shards.each;
  context.articles = articles.get();
  context.analyzer = analyzer.get();
  context.entities = entities.get();
  context.names = &names;
  context.compile = compile_context();
  context.format_version = format_version;
  context.path = path;
  context.rank = [this](const Xapian::Query& query, std::size_t depth, bool fold) {
    return rank_plain(query, depth, fold);
  };
  return context;
}

HitsPass Searcher::Impl::rank_one_pass(const Xapian::Enquire& enquire, Ranking ranking_kind,
                                       SortOrder sort, std::size_t depth, bool fold,
                                       const std::vector<std::uint32_t>* lengths,
                                       Xapian::doccount check_at_least) {
  if (lengths == nullptr) {
    return HitsPass::of(
        enquire.get_mset(0, static_cast<Xapian::doccount>(depth), check_at_least));
  }
  Xapian::Enquire ranked(db);
  ranked.set_query(search::in_range(enquire.get_query(), 1, db.get_lastdocid(), lengths));
  search::set_stage_one_weight(ranked, ranking_kind, ranking, /*lengths_in_memory=*/true);
  if (fold) ranked.set_collapse_key(schema::kClusterValue);
  if (sort != SortOrder::kRelevance) sort_by_date(ranked, sort, shards.any_remote);
  return HitsPass::of(ranked.get_mset(0, static_cast<Xapian::doccount>(depth), check_at_least));
}

std::vector<search::RankedMatch> Searcher::Impl::rank_plain(const Xapian::Query& query,
                                                            std::size_t depth, bool fold) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(search::stage_one_weight(Ranking::kPlainBm25, ranking));
  if (fold) enquire.set_collapse_key(schema::kClusterValue);
  const search::FacetColumn* in_memory = current_column();
  const std::vector<std::uint32_t>* lengths =
      in_memory != nullptr && search::lengths_rank_exactly(query) ? &in_memory->lengths()
                                                                  : nullptr;
  HitsPass pass;
  if (!(prepare_split(enquire) && run_split(enquire, Ranking::kPlainBm25, SortOrder::kRelevance,
                                            depth, fold, lengths, &pass))) {
    pass = rank_one_pass(enquire, Ranking::kPlainBm25, SortOrder::kRelevance, depth, fold, lengths,
                         0);
  }
  std::vector<search::RankedMatch> out;
  for (HitsPass::Item& item : pass.items) {
    out.push_back({item.did, item.weight, item.collapse_count, std::move(item.doc)});
  }
  return out;
}

Result<SuggestResponse> Searcher::suggest(const std::string& prefix, std::size_t limit) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<SuggestResponse>(
      impl_->db, "suggesting from " + impl_->path,
      [&] { return search::suggest(impl_->assist(), prefix, limit); });
}

Result<SimilarResponse> Searcher::similar(const std::string& id, std::size_t limit) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return with_latest_revision<SimilarResponse>(
      impl_->db, "finding articles like " + id + " in " + impl_->path,
      [&] { return search::similar(impl_->assist(), id, limit); });
}

}  // namespace dossier
