// The Indexer: admission, analysis on worker threads, and the two ways of
// writing (see dossier/indexer.h).
//
// Every article becomes an Item that goes through three stages:
//
//   admission (calling thread)  content hash; "unchanged?" when the answer is
//                               certain without analysis
//   analysis (a worker, or the  clean, tokenize, dates, entities, SimHash,
//   calling thread)             Xapian document; in a bulk build also written
//                               into the unit's segment database
//   sequencing (calling thread, outcome, group of copies, bookkeeping, in
//   in submission order)        submission order; in incremental mode the
//                               write into the index
//
// Items travel in Units (a segment's batch in a bulk build, a chunk of a few
// articles incrementally). Only sequencing decides anything that depends on
// other articles, and it sees the items in submission order whatever the
// number of jobs, which is why the index does not depend on it.
//
// Bulk build. A segment holds a contiguous run of the build's documents, in
// order, so merging the segments in order gives document n of the build the
// docid base + n + 1. The segment is written before its articles are
// sequenced, with each article as the founder of its own group of copies;
// sequencing then finds the few that are copies of an earlier article
// ("fixups": slots 8 and 4 rewritten) and the documents a later version of
// the same id supersedes ("deletions"). Both are applied to the merged
// database before it replaces the index.
#include "dossier/indexer.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/schema.h"
#include "analysis/simhash.h"
#include "analysis/stored_data.h"
#include "analysis/xapian_status.h"
#include "index/document_builder.h"
#include "index/install.h"
#include "index/live_table.h"
#include "index/pipeline.h"

#ifndef DOSSIER_VERSION_STRING
#define DOSSIER_VERSION_STRING "unknown"
#endif

namespace dossier {

namespace fs = std::filesystem;
using analysis::from_xapian;

namespace {

// Candidate copies checked per SimHash band (the oldest ones).
constexpr std::size_t kMaxCopyCandidates = 20;
// Incremental mode: articles per analysis task, and tasks in flight per job.
constexpr std::size_t kChunkArticles = 16;
constexpr std::size_t kChunksPerJob = 4;
// Bulk build: a segment holds this many batches or this many bytes of text,
// whichever comes first. Xapian's compactor copies posting-list chunks
// without re-packing them, so every segment a term occurs in costs it a chunk
// of its own: fewer, larger segments make a smaller index. Within a segment
// the writer commits every batch or kCommitBytes of text: Xapian keeps about
// 18 bytes per byte of text in memory until a commit (25 KB per KCNA story).
// With several jobs a segment starts at kMinSegmentBytes and grows with the
// input seen (a 34 MB archive must still give 16 workers enough segments).
constexpr std::size_t kSegmentBatches = 8;
constexpr std::uint64_t kSegmentBytes = 8u << 20;
constexpr std::uint64_t kMinSegmentBytes = 1u << 20;
constexpr std::uint64_t kCommitBytes = 1u << 20;
// Bulk build: install once the segments hold this many batches' worth of
// documents and at least as many as the index (so the copying stays linear).
constexpr std::uint64_t kInstallBatches = 25;
// Bytes of an article's record kept as a sample for the stored-data
// dictionary (at most DataDictionary::kSamples of them).
constexpr std::size_t kMaxSampleBytes = 16 * 1024;
// Bulk build: merge this many segments of one size into one.
constexpr std::size_t kMergeFanIn = 16;

// What an article was indexed from: every field as read, and the gazetteer
// (a new gazetteer means new entities, so the article must be analysed again).
std::uint64_t content_hash(const Article& a, const std::string& gazetteer) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;  // field separator
  };
  for (std::string_view f : {std::string_view(a.url), std::string_view(a.source),
                             std::string_view(a.title), std::string_view(a.published),
                             std::string_view(a.lang), std::string_view(a.body),
                             std::string_view(gazetteer)}) {
    mix(f);
  }
  mix(a.title_from_text ? "t" : "m");
  return h;
}

// Refuses to scatter Xapian files into a directory that holds something else
// (a mistyped --db pointing at the corpus, say).
Status check_target_directory(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status();
  if (!fs::is_directory(path, ec)) {
    return Status::invalid_argument(path + " exists and is not a directory");
  }
  bool empty = true;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    empty = false;
    const std::string leaf = it->path().filename().string();
    if (leaf == "iamglass" || leaf == "iamchert" || leaf == "iamhoney") return Status();
  }
  if (!empty) {
    return Status::invalid_argument(path + " is a non-empty directory that is not a Dossier index");
  }
  return Status();
}

// Reads and checks the stored format version and analysis; stamps a new index.
Result<AnalyzerOptions> check_or_stamp(Xapian::WritableDatabase& db, const std::string& path,
                                       const AnalyzerOptions& wanted) {
  const std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
  if (version.empty()) {
    if (db.get_doccount() != 0) {
      return Status::version_mismatch(path + " holds a Xapian database that was not written by "
                                             "dossier (no format version)");
    }
    db.set_metadata(std::string(schema::kFormatVersionKey),
                    std::to_string(schema::kIndexFormatVersion));
    db.set_metadata(std::string(schema::kAnalyzerKey), analysis::serialize_options(wanted));
    db.set_metadata(std::string(schema::kCreatedByKey),
                    std::string("dossier ") + DOSSIER_VERSION_STRING);
    db.commit();
    return wanted;
  }
  if (version != std::to_string(schema::kIndexFormatVersion)) {
    return Status::version_mismatch(
        path + " has index format version " + version + "; this dossier writes version " +
        std::to_string(schema::kIndexFormatVersion) + " (re-index the archive into a new database)");
  }
  return analysis::parse_options(db.get_metadata(std::string(schema::kAnalyzerKey)));
}

// A new index appears whole: it is created and stamped beside `path`, then
// renamed into place (over an empty directory too), so a crash never leaves a
// database without its format version, which readers would refuse as not
// written by dossier. Does nothing when `path` already holds a database.
// REQUIRES: check_target_directory(path) passed.
Status create_stamped(const std::string& path, const AnalyzerOptions& analysis) {
  std::error_code ec;
  if (fs::exists(fs::path(path) / "iamglass", ec)) return Status();
  // Options no analyzer accepts (an unknown stemmer, a bad main language)
  // must not be stamped into a new index, which every later run would then
  // be bound to: refuse before anything is written.
  if (Status s = analysis::check_options(analysis); !s.ok()) return s;
  const std::string fresh = index::fresh_path(path);
  fs::remove_all(fresh, ec);
  try {
    Xapian::WritableDatabase db(fresh, Xapian::DB_CREATE);
    Result<AnalyzerOptions> stamped = check_or_stamp(db, path, analysis);
    if (!stamped.ok()) return stamped.status();
    db.close();
  } catch (const Xapian::Error& e) {
    fs::remove_all(fresh, ec);
    return from_xapian(e, "creating " + path);
  }
  fs::rename(fresh, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(fresh, ignored);
    // Another writer created it first: open what it made.
    if (fs::exists(fs::path(path) / "iamglass", ignored)) return Status();
    return Status::io_error("creating " + path + ": " + ec.message());
  }
  return Status();
}

// The band term of band b (0-3) of a SimHash.
std::string band_term(int b, std::uint64_t fingerprint) {
  char term[32];
  std::snprintf(term, sizeof term, "%s%d%04x", std::string(schema::kSimhashBandPrefix).c_str(), b,
                static_cast<unsigned>((fingerprint >> (16 * b)) & 0xFFFF));
  return term;
}

std::uint32_t band_slot(int b, std::uint64_t fingerprint) {
  return (static_cast<std::uint32_t>(b) << 16) |
         static_cast<std::uint32_t>((fingerprint >> (16 * b)) & 0xFFFF);
}

// Sets the group of copies of `doc`: slot 8, and the group's key as the last
// facet key of slot 4 (appended when `append`, else overwritten).
void set_cluster(Xapian::Document* doc, std::uint64_t cluster, bool append) {
  doc->add_value(schema::kClusterValue, schema::encode_u64(cluster));
  std::string keys = doc->get_value(schema::kFacetKeysValue);
  if (!append && keys.size() >= 8) keys.resize(keys.size() - 8);
  keys += schema::encode_u64(cluster);
  doc->add_value(schema::kFacetKeysValue, keys);
}

// One article on its way through the Indexer.
struct Item {
  Article article;  // released once analysed
  AddCallback done;
  std::string id_term;
  index::IdKey key;
  std::uint64_t content = 0;
  std::uint64_t raw_bytes = 0;      // title and body as submitted
  Status invalid;                   // an article refused at admission
  bool precheck_unchanged = false;  // certain at admission: no analysis
  bool analysed = false;
  bool empty = false;
  std::uint64_t fingerprint = 0;
  std::uint64_t bytes = 0;
  std::string note;
  std::string language;
  std::unique_ptr<Xapian::Document> doc;  // incremental mode
  std::vector<std::pair<std::uint64_t, std::string>> names;  // people outside the gazetteer
};

// What a worker needs to analyse: its own analyzer (stem cache, ICU
// iterators) and extractor; the gazetteer model is shared, read-only.
struct Worker {
  std::unique_ptr<analysis::Analyzer> analyzer;
  std::unique_ptr<index::Pipeline> pipeline;
  std::unique_ptr<index::DocumentBuilder> builder;
  index::AnalyzedArticle scratch;
};

// A segment database of a bulk build.
struct Segment {
  std::string path;
  std::uint64_t docs = 0;  // its last docid (documents are never deleted in segments)
  unsigned level = 0;      // merges it went through
  bool merging = false;
};

// Items handed to a worker together: a bulk build's segment batch, or an
// incremental chunk.
struct Unit {
  std::vector<Item> items;
  std::uint64_t bytes = 0;
  std::shared_ptr<Segment> segment;  // bulk
  // What its articles are stored with (Impl::dictionary when it was sent).
  std::shared_ptr<const analysis::DataDictionary> dictionary;
  bool finished = false;             // guarded by Impl::mutex
  Status status;
};

}  // namespace

struct Indexer::Impl {
  std::string path;
  IndexerOptions options;
  AnalyzerOptions analysis;
  unsigned jobs = 1;
  Xapian::WritableDatabase db;
  std::shared_ptr<const analysis::EntityModel> model;
  std::string gazetteer;
  IndexStats stats;
  bool closed = false;
  Status failed;  // a write failed: the run cannot go on

  // The calling thread's own analysis (add(), one job, re-analysis).
  std::unique_ptr<Worker> local;

  // --- incremental writing --------------------------------------------------
  std::size_t pending = 0;  // writes since the last commit
  // Facet keys already named in the metadata by this writer.
  std::unordered_set<std::uint64_t> named_keys;
  // Committed articles are looked up in a read-only snapshot (querying the
  // writer with uncommitted changes would make it merge them on every
  // article); articles of the batch not yet committed are in pending_bands.
  Xapian::Database reader;
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint64_t, std::uint64_t>>>
      pending_bands;
  // Admission's own snapshot, reopened when it likes: its answers only spare
  // analysis and are checked again when written.
  Xapian::Database precheck;

  // The dictionary stored articles are compressed with (analysis/
  // stored_data.h): the index's own, or trained from the first articles this
  // writer is given (samples) when the index has none. Set by the calling
  // thread only; a unit carries the one it was sent with.
  std::shared_ptr<const analysis::DataDictionary> dictionary;
  std::vector<std::string> samples;
  bool dictionary_tried = false;

  // Languages of the archive (metadata kLanguagesKey), and whether a new one
  // must be written.
  std::set<std::string> languages;
  bool languages_changed = false;

  // --- bulk build -----------------------------------------------------------
  bool bulk = false;
  index::BuildPaths build;
  Xapian::docid base = 0;         // the index's last docid when the build began
  std::uint64_t next_doc = 0;     // documents the build wrote (sequenced)
  std::uint64_t installed = 0;    // documents already in the index
  std::uint64_t segment_counter = 0;
  index::LiveTable live;
  struct Band {
    std::uint64_t fingerprint;
    std::uint64_t cluster;
    std::uint64_t doc;
  };
  std::unordered_map<std::uint32_t, std::vector<Band>> bands;
  std::vector<std::uint64_t> deletions;  // build document numbers, applied at install
  // Copies found in the unit being sequenced (document, group): applied to
  // its segment before it is merged.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> fixups;
  // Names of people outside the gazetteer not yet in the index (first
  // occurrence wins, as incrementally), written at install.
  std::vector<std::pair<std::uint64_t, std::string>> pending_names;
  // Sequenced segments not yet installed, in order (guarded by mutex while
  // merges run).
  std::vector<std::shared_ptr<Segment>> segments;
  // The segment the calling thread writes itself (add(), one job), if open.
  std::shared_ptr<Segment> local_segment;
  std::unique_ptr<Xapian::WritableDatabase> local_db;

  // --- units in flight ------------------------------------------------------
  std::unique_ptr<Unit> filling;     // being filled by submit()
  std::deque<std::unique_ptr<Unit>> in_flight;  // submitted, in order
  // Ids with an operation admitted but not yet sequenced: admission must not
  // trust its tables for them.
  std::unordered_map<std::uint64_t, std::uint32_t> unsequenced;

  // --- worker threads -------------------------------------------------------
  std::mutex mutex;
  std::condition_variable work_ready;  // workers wait for tasks
  std::condition_variable work_done;   // the caller waits for units and merges
  std::deque<std::function<void(Worker&)>> tasks;
  std::vector<std::thread> threads;
  bool stopping = false;
  std::size_t merges_running = 0;
  Status merge_status;

  ~Impl() { stop_threads(); }

  // ---------------------------------------------------------------------------
  // Workers.

  Result<std::unique_ptr<Worker>> make_worker() const {
    Result<std::unique_ptr<analysis::Analyzer>> a = analysis::Analyzer::create(analysis);
    if (!a.ok()) return a.status();
    auto w = std::make_unique<Worker>();
    w->analyzer = std::move(a.value());
    w->pipeline = std::make_unique<index::Pipeline>(w->analyzer.get(), model);
    w->builder = std::make_unique<index::DocumentBuilder>(w->analyzer.get());
    return w;
  }

  Status start_threads() {
    if (jobs <= 1 || !threads.empty()) return Status();
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < jobs; ++i) {
      Result<std::unique_ptr<Worker>> w = make_worker();
      if (!w.ok()) return w.status();
      workers.push_back(std::move(w.value()));
    }
    for (auto& w : workers) {
      threads.emplace_back([this, worker = std::shared_ptr<Worker>(std::move(w))] {
        for (;;) {
          std::function<void(Worker&)> task;
          {
            std::unique_lock<std::mutex> lock(mutex);
            work_ready.wait(lock, [this] { return stopping || !tasks.empty(); });
            if (tasks.empty()) return;
            task = std::move(tasks.front());
            tasks.pop_front();
          }
          task(*worker);
        }
      });
    }
    return Status();
  }

  void stop_threads() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    work_ready.notify_all();
    for (std::thread& t : threads) t.join();
    threads.clear();
    stopping = false;
  }

  void post(std::function<void(Worker&)> task) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      tasks.push_back(std::move(task));
    }
    work_ready.notify_one();
  }

  // ---------------------------------------------------------------------------
  // Analysis (any thread).

  // Cleans and analyses the item's article and builds its document with the
  // content hash and SimHash (slots 6, 7, band terms). Returns null for an
  // article with nothing to index.
  std::unique_ptr<Xapian::Document> analyse(Worker& w, Item& item,
                                            const analysis::DataDictionary* dict) const {
    item.analysed = true;
    index::AnalyzedArticle& a = w.scratch;
    w.pipeline->run(item.article, &a);
    item.note = a.note;
    if (a.empty()) {
      item.empty = true;
      return nullptr;
    }
    item.language = a.language;
    item.bytes = a.article.title.size() + a.article.body.size();
    auto doc = std::make_unique<Xapian::Document>(w.builder->build(a, dict));
    item.names = w.builder->new_names();
    doc->add_value(schema::kContentHashValue, schema::encode_u64(item.content));
    item.fingerprint = options.group_copies ? analysis::simhash(a.body_tokens) : 0;
    if (item.fingerprint != 0) {
      doc->add_value(schema::kSimhashValue, schema::encode_u64(item.fingerprint));
      for (int b = 0; b < 4; ++b) doc->add_boolean_term(band_term(b, item.fingerprint));
    }
    return doc;
  }

  // Incremental chunk: analyse every item that needs it.
  void analyse_chunk(Worker& w, Unit& unit) const {
    for (Item& item : unit.items) {
      if (!item.invalid.ok() || item.precheck_unchanged) continue;
      item.doc = analyse(w, item, unit.dictionary.get());
      item.article = Article();
    }
  }

  // Bulk batch: analyse every item and write it into the unit's segment, each
  // article the founder of its own group (sequencing fixes the copies),
  // committing every batch.
  void write_segment(Worker& w, Unit& unit) const {
    Xapian::WritableDatabase seg(unit.segment->path,
                                 Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
    std::size_t since_commit = 0;
    std::uint64_t bytes = 0;
    for (Item& item : unit.items) {
      if (!item.invalid.ok() || item.precheck_unchanged) continue;
      std::unique_ptr<Xapian::Document> doc = analyse(w, item, unit.dictionary.get());
      item.article = Article();
      if (!doc) continue;
      set_cluster(doc.get(), schema::cluster_key(item.id_term), /*append=*/true);
      seg.add_document(*doc);
      bytes += item.bytes;
      if (++since_commit >= options.batch_size || bytes >= kCommitBytes) {
        seg.commit();
        since_commit = 0;
        bytes = 0;
      }
    }
    unit.segment->docs = seg.get_lastdocid();
    seg.commit();
    seg.close();
  }

  // Runs `unit` on a worker and marks it finished.
  void dispatch(Unit* unit) {
    post([this, unit](Worker& w) {
      Status status;
      try {
        if (unit->segment) {
          write_segment(w, *unit);
        } else {
          analyse_chunk(w, *unit);
        }
      } catch (const Xapian::Error& e) {
        status = from_xapian(e, "writing a segment of the bulk build of " + path);
      } catch (const std::bad_alloc&) {
        status = Status::internal("out of memory analysing articles for " + path);
      } catch (const std::exception& e) {
        status = Status::internal(std::string("analysing articles for ") + path + ": " + e.what());
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        unit->status = status;
        unit->finished = true;
      }
      work_done.notify_all();
    });
  }

  // ---------------------------------------------------------------------------
  // Admission (calling thread).

  // Fills the item's keys and hash; decides "unchanged" when that is certain
  // without analysis: no operation on the id is still in flight and the
  // stored version has this content.
  void admit(Item& item) {
    if (item.article.id.empty()) {
      item.invalid = Status::invalid_argument("article has an empty id");
      return;
    }
    item.raw_bytes = item.article.title.size() + item.article.body.size();
    item.id_term = schema::id_term(item.article.id);
    item.key = index::id_key(item.article.id);
    item.content = content_hash(item.article, gazetteer);
    if (unsequenced.count(item.key.key) != 0) {
      ++unsequenced[item.key.key];
      return;
    }
    if (bulk) {
      const index::LiveTable::Entry* e = live.find(item.key);
      item.precheck_unchanged = e != nullptr && e->content == item.content;
    } else if (jobs > 1) {
      item.precheck_unchanged = stored_content(precheck, item.id_term) == item.content;
    }
    if (!item.precheck_unchanged) ++unsequenced[item.key.key];
    if (!item.precheck_unchanged && !dictionary && !dictionary_tried) {
      samples.emplace_back();
      index::DocumentBuilder::stored_record(item.article, "", "", "", &samples.back());
      // What articles share is in their first pages; a long one would only
      // hold memory until training.
      if (samples.back().size() > kMaxSampleBytes) samples.back().resize(kMaxSampleBytes);
      if (samples.size() >= analysis::DataDictionary::kSamples) train_dictionary();
    }
  }

  // Trains the stored-data dictionary on the samples and stores it in the
  // index (committed with the next commit or install). Once per writer.
  void train_dictionary() {
    dictionary_tried = true;
    dictionary = analysis::DataDictionary::train(samples);
    samples.clear();
    samples.shrink_to_fit();
    if (!dictionary) return;
    try {
      db.set_metadata(schema::data_dictionary_key(dictionary->id()), dictionary->bytes());
    } catch (const Xapian::Error& e) {
      dictionary.reset();
      failed = from_xapian(e, "writing metadata to " + path);
    }
  }

  // The content hash stored for `id_term` in `snapshot`, or 0.
  std::uint64_t stored_content(Xapian::Database& snapshot, const std::string& id_term) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        Xapian::PostingIterator p = snapshot.postlist_begin(id_term);
        if (p == snapshot.postlist_end(id_term)) return 0;
        return schema::decode_u64(snapshot.get_document(*p).get_value(schema::kContentHashValue));
      } catch (const Xapian::DatabaseModifiedError&) {
        snapshot.reopen();
      } catch (const Xapian::Error&) {
        return 0;  // only an optimisation: the writer checks again
      }
    }
    return 0;
  }

  void sequenced(const Item& item) {
    if (!item.invalid.ok() || item.precheck_unchanged) return;
    auto it = unsequenced.find(item.key.key);
    if (it != unsequenced.end() && --it->second == 0) unsequenced.erase(it);
  }

  // ---------------------------------------------------------------------------
  // Sequencing, incremental mode (calling thread).

  // The group of an indexed copy of this text, else the article's own.
  // Candidates share one of the four 16-bit bands of the SimHash: the oldest
  // committed ones (in the snapshot), then those of the batch not yet
  // committed.
  std::uint64_t find_cluster(std::uint64_t own, std::uint64_t fingerprint) {
    if (fingerprint == 0) return own;
    std::uint64_t found = 0;
    Xapian::docid best = 0;
    for (int b = 0; b < 4; ++b) {
      const std::string term = band_term(b, fingerprint);
      std::size_t checked = 0;
      for (Xapian::PostingIterator p = reader.postlist_begin(term);
           p != reader.postlist_end(term) && checked < kMaxCopyCandidates; ++p, ++checked) {
        if (found != 0 && *p >= best) break;
        const Xapian::Document other = reader.get_document(*p);
        const std::uint64_t theirs = schema::decode_u64(other.get_value(schema::kSimhashValue));
        if (theirs == 0 || analysis::hamming(fingerprint, theirs) > analysis::kNearDuplicateBits) {
          continue;
        }
        const std::uint64_t cluster = schema::decode_u64(other.get_value(schema::kClusterValue));
        if (cluster == 0 || cluster == own) continue;  // itself, being replaced
        found = cluster;
        best = *p;
      }
    }
    for (int b = 0; b < 4 && found == 0; ++b) {
      const auto it = pending_bands.find(band_slot(b, fingerprint));
      if (it == pending_bands.end()) continue;
      for (const auto& [theirs, cluster] : it->second) {
        if (cluster != own && analysis::hamming(fingerprint, theirs) <= analysis::kNearDuplicateBits) {
          found = cluster;
          break;
        }
      }
    }
    const std::uint64_t cluster = found == 0 ? own : found;
    for (int b = 0; b < 4; ++b) {
      auto& list = pending_bands[band_slot(b, fingerprint)];
      if (list.size() < kMaxCopyCandidates) list.emplace_back(fingerprint, cluster);
    }
    return cluster;
  }

  // Writes the language list if it grew; called before each commit.
  void save_languages(Xapian::WritableDatabase& target) {
    if (!languages_changed) return;
    std::string value;
    for (const std::string& l : languages) value += (value.empty() ? "" : " ") + l;
    target.set_metadata(std::string(schema::kLanguagesKey), value);
    languages_changed = false;
  }

  void commit_incremental() {
    save_languages(db);
    db.commit();
    // After a commit the snapshot sees the batch, which no longer needs its own map.
    reader.reopen();
    pending_bands.clear();
    pending = 0;
  }

  // Applies one item to the index, in order. Xapian errors propagate.
  Result<AddResult> write_incremental(Item& item) {
    AddResult result;
    Xapian::PostingIterator p = db.postlist_begin(item.id_term);
    const bool exists = p != db.postlist_end(item.id_term);
    if (exists && schema::decode_u64(db.get_document(*p).get_value(schema::kContentHashValue)) ==
                      item.content) {
      ++stats.unchanged;
      result.outcome = AddOutcome::kUnchanged;
      return result;
    }
    if (!item.analysed) {
      // Admission thought it unchanged; an earlier operation changed that.
      item.doc = analyse(*local, item, dictionary.get());
      item.article = Article();
    }
    result.note = item.note;
    if (item.empty) {
      ++stats.skipped;
      result.outcome = AddOutcome::kSkipped;
      result.note = "empty article (no title and no text), skipped";
      return result;
    }
    Xapian::Document& doc = *item.doc;
    const std::uint64_t own = schema::cluster_key(item.id_term);
    const std::uint64_t cluster = find_cluster(own, item.fingerprint);
    if (cluster != own) ++stats.copies;
    set_cluster(&doc, cluster, /*append=*/true);
    if (exists) {
      db.replace_document(*p, doc);
    } else {
      db.add_document(doc);
    }
    item.doc.reset();
    if (!item.language.empty() && languages.insert(item.language).second) languages_changed = true;
    for (const auto& [key, name] : item.names) {
      if (named_keys.insert(key).second) db.set_metadata(schema::facet_name_key(key), name);
    }
    stats.bytes += item.bytes;
    if (exists) {
      ++stats.replaced;
      result.outcome = AddOutcome::kReplaced;
    } else {
      ++stats.added;
      result.outcome = AddOutcome::kAdded;
    }
    if (++pending >= options.batch_size) commit_incremental();
    return result;
  }

  // ---------------------------------------------------------------------------
  // Sequencing, bulk build (calling thread).

  // The group of an earlier copy in this build, else the article's own: the
  // oldest of the first kMaxCopyCandidates articles sharing a band with it.
  std::uint64_t find_cluster_bulk(std::uint64_t own, std::uint64_t fingerprint, std::uint64_t doc) {
    if (fingerprint == 0) return own;
    const Band* best = nullptr;
    for (int b = 0; b < 4; ++b) {
      const auto it = bands.find(band_slot(b, fingerprint));
      if (it == bands.end()) continue;
      for (const Band& c : it->second) {
        if (best != nullptr && c.doc >= best->doc) break;
        if (c.cluster == own || analysis::hamming(fingerprint, c.fingerprint) >
                                    analysis::kNearDuplicateBits) {
          continue;
        }
        best = &c;
        break;
      }
    }
    const std::uint64_t cluster = best == nullptr ? own : best->cluster;
    for (int b = 0; b < 4; ++b) {
      std::vector<Band>& list = bands[band_slot(b, fingerprint)];
      if (list.size() < kMaxCopyCandidates) list.push_back(Band{fingerprint, cluster, doc});
    }
    return cluster;
  }

  // The outcome of one item of a bulk build. Every analysed, non-empty item
  // is written into its segment as the build's next document. A copy of an
  // earlier article is added to `fixups`.
  Result<AddResult> sequence_bulk(Item& item) {
    AddResult result;
    if (item.precheck_unchanged) {
      ++stats.unchanged;
      result.outcome = AddOutcome::kUnchanged;
      return result;
    }
    result.note = item.note;
    if (item.empty) {
      ++stats.skipped;
      result.outcome = AddOutcome::kSkipped;
      result.note = "empty article (no title and no text), skipped";
      return result;
    }
    const std::uint64_t doc = next_doc++;
    const index::LiveTable::Entry* stored = live.find(item.key);
    if (stored != nullptr && stored->content == item.content) {
      // The same id and content came twice while the first was in flight.
      deletions.push_back(doc);
      ++stats.unchanged;
      result.outcome = AddOutcome::kUnchanged;
      return result;
    }
    const std::uint64_t own = schema::cluster_key(item.id_term);
    const std::uint64_t cluster = find_cluster_bulk(own, item.fingerprint, doc);
    if (cluster != own) {
      fixups.emplace_back(doc, cluster);
      ++stats.copies;
    }
    if (stored != nullptr) {
      deletions.push_back(stored->doc);
      ++stats.replaced;
      result.outcome = AddOutcome::kReplaced;
    } else {
      ++stats.added;
      result.outcome = AddOutcome::kAdded;
    }
    live.put(item.key, item.content, doc);
    if (!item.language.empty() && languages.insert(item.language).second) languages_changed = true;
    for (auto& [key, name] : item.names) {
      if (named_keys.insert(key).second) pending_names.emplace_back(key, std::move(name));
    }
    item.names.clear();
    stats.bytes += item.bytes;
    return result;
  }

  // Rewrites the group of the copies sequencing found in a finished segment.
  Status apply_fixups(const Segment& segment, Xapian::docid first) {
    if (fixups.empty()) return Status();
    try {
      Xapian::WritableDatabase seg(segment.path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC |
                                                     Xapian::DB_DANGEROUS);
      for (const auto& [doc, cluster] : fixups) {
        const Xapian::docid did = static_cast<Xapian::docid>(doc - first + 1);
        Xapian::Document d = seg.get_document(did);
        set_cluster(&d, cluster, /*append=*/false);
        seg.replace_document(did, d);
      }
      seg.commit();
      seg.close();
    } catch (const Xapian::Error& e) {
      return from_xapian(e, "writing a segment of the bulk build of " + path);
    }
    fixups.clear();
    return Status();
  }

  // Sequences a finished unit and runs its callbacks. Returns the first
  // error that stops the run.
  Status sequence(Unit& unit) {
    if (!unit.status.ok() && failed.ok()) failed = unit.status;
    if (unit.segment && failed.ok()) {
      if (unit.segment->docs > 0) {
        segments.push_back(unit.segment);
      } else {
        std::error_code ec;
        fs::remove_all(unit.segment->path, ec);
      }
    }
    const std::uint64_t first = next_doc;
    for (Item& item : unit.items) {
      sequenced(item);
      Result<AddResult> r = run_item(item, /*written=*/unit.segment != nullptr);
      if (item.done) item.done(r);
    }
    if (failed.ok() && unit.segment) {
      if (Status s = apply_fixups(*unit.segment, first); !s.ok()) failed = s;
    }
    fixups.clear();
    if (failed.ok() && unit.segment) {
      schedule_merges();
      if (failed.ok() && install_due()) {
        if (Status s = install(); !s.ok()) failed = s;
      }
    }
    return failed;
  }

  // The result of one item, sequencing it in whichever mode wrote it.
  Result<AddResult> run_item(Item& item, bool bulk_written) {
    if (!item.invalid.ok()) return item.invalid;
    if (!failed.ok()) return failed;
    if (bulk_written) return sequence_bulk(item);
    if (item.precheck_unchanged && bulk) {
      ++stats.unchanged;
      AddResult r;
      r.outcome = AddOutcome::kUnchanged;
      return r;
    }
    try {
      return write_incremental(item);
    } catch (const Xapian::Error& e) {
      failed = from_xapian(e, "indexing article " + item.id_term.substr(1) + " into " + path);
    } catch (const std::bad_alloc&) {
      failed = Status::internal("out of memory indexing article " + item.id_term.substr(1));
    }
    return failed;
  }

  // ---------------------------------------------------------------------------
  // The flow of units (calling thread).

  std::size_t max_in_flight() const {
    return bulk ? static_cast<std::size_t>(jobs) + 1 : kChunksPerJob * jobs;
  }

  // Sequences finished units from the front; with `wait`, waits for units
  // until at most `keep` remain in flight.
  Status drain(std::size_t keep) {
    while (!in_flight.empty()) {
      Unit* front = in_flight.front().get();
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (!front->finished) {
          if (in_flight.size() <= keep) break;
          work_done.wait(lock, [front] { return front->finished; });
        }
      }
      std::unique_ptr<Unit> unit = std::move(in_flight.front());
      in_flight.pop_front();
      (void)sequence(*unit);
    }
    return failed;
  }

  // Hands the unit being filled to the workers.
  Status send_filling() {
    if (!filling || filling->items.empty()) return failed;
    std::unique_ptr<Unit> unit = std::move(filling);
    if (bulk && failed.ok()) {
      if (Status s = close_local_segment(); !s.ok()) failed = s;
      unit->segment = new_segment();
      if (!unit->segment) failed = Status::io_error("cannot create " + build.build);
    }
    if (!failed.ok()) {
      // Nothing more is written: the callbacks get the error.
      (void)sequence(*unit);
      return failed;
    }
    if (!dictionary && !dictionary_tried &&
        samples.size() >= analysis::DataDictionary::kMinSamples) {
      train_dictionary();
    }
    unit->dictionary = dictionary;
    Unit* raw = unit.get();
    in_flight.push_back(std::move(unit));
    dispatch(raw);
    return drain(max_in_flight());
  }

  // Everything submitted, sequenced.
  Status flush_all() {
    (void)send_filling();
    (void)drain(0);
    return failed;
  }

  bool unit_full(const Unit& u) const {
    if (!bulk) return u.items.size() >= kChunkArticles;
    return u.items.size() >= kSegmentBatches * options.batch_size || u.bytes >= segment_bytes();
  }

  // Text per segment: every job gets segments of its share of what was read
  // so far, between kMinSegmentBytes and kSegmentBytes. Each segment a term
  // occurs in costs it a posting-list chunk in the merged index: KCNA with 2
  // jobs took 11 segments with half a share (postlist table 33.3 MB) and 7
  // with a whole one (31.7 MB; one writer: 27.7 MB), in the same time.
  std::uint64_t segment_bytes() const {
    return std::clamp<std::uint64_t>(submitted_bytes / jobs, kMinSegmentBytes, kSegmentBytes);
  }
  std::uint64_t submitted_bytes = 0;

  // ---------------------------------------------------------------------------
  // The calling thread's own work (add(), one job).

  Result<AddResult> run_local(Item item) {
    if (bulk) {
      if (!item.invalid.ok()) {
        sequenced(item);
        return item.invalid;
      }
      if (!local_segment) {
        local_segment = new_segment();
        if (!local_segment) return Status::io_error("cannot create " + build.build);
        local_db = std::make_unique<Xapian::WritableDatabase>(
            local_segment->path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
      }
      // Sequenced before it is written: the group of a copy goes in directly.
      std::unique_ptr<Xapian::Document> doc;
      if (!item.precheck_unchanged) {
        doc = analyse(*local, item, dictionary.get());
        item.article = Article();
      }
      local_bytes += item.raw_bytes;
      sequenced(item);
      Result<AddResult> r = sequence_bulk(item);
      if (doc) {
        set_cluster(doc.get(),
                    fixups.empty() ? schema::cluster_key(item.id_term) : fixups.back().second,
                    /*append=*/true);
        fixups.clear();
        local_db->add_document(*doc);
        local_commit_bytes += item.bytes;
        if (++local_since_commit >= options.batch_size || local_commit_bytes >= kCommitBytes) {
          local_db->commit();
          local_since_commit = 0;
          local_commit_bytes = 0;
        }
      }
      ++local_items;
      submitted_bytes += item.raw_bytes;
      if (local_items >= kSegmentBatches * options.batch_size || local_bytes >= segment_bytes()) {
        if (Status s = close_local_segment(); !s.ok()) return s;
        schedule_merges();
        if (failed.ok() && install_due()) {
          if (Status s = install(); !s.ok()) failed = s;
        }
        if (!failed.ok()) return failed;
      }
      return r;
    }
    if (!item.invalid.ok()) {
      sequenced(item);
      return item.invalid;
    }
    if (jobs <= 1 || !item.precheck_unchanged) {
      // Exactly as written: unchanged is checked before any analysis.
      try {
        Xapian::PostingIterator p = db.postlist_begin(item.id_term);
        if (p != db.postlist_end(item.id_term) &&
            schema::decode_u64(db.get_document(*p).get_value(schema::kContentHashValue)) ==
                item.content) {
          sequenced(item);
          ++stats.unchanged;
          AddResult same;
          same.outcome = AddOutcome::kUnchanged;
          return same;
        }
      } catch (const Xapian::Error& e) {
        sequenced(item);
        return from_xapian(e, "reading article " + item.article.id + " from " + path);
      }
      item.doc = analyse(*local, item, dictionary.get());
      item.article = Article();
    }
    sequenced(item);
    return run_item(item, false);
  }
  // Items and bytes of the calling thread's segment: it ends where a
  // worker's batch would (unit_full), so every job count cuts alike.
  std::size_t local_items = 0;
  std::size_t local_since_commit = 0;
  std::uint64_t local_commit_bytes = 0;
  std::uint64_t local_bytes = 0;

  // Closes the calling thread's segment, which then takes its place among the
  // segments (it is sequenced already).
  Status close_local_segment() {
    if (!local_segment) return Status();
    try {
      local_segment->docs = local_db->get_lastdocid();
      local_db->commit();
      local_db->close();
    } catch (const Xapian::Error& e) {
      return from_xapian(e, "writing a segment of the bulk build of " + path);
    }
    local_db.reset();
    if (local_segment->docs > 0) {
      segments.push_back(local_segment);
    } else {
      std::error_code ec;
      fs::remove_all(local_segment->path, ec);
    }
    local_segment.reset();
    local_items = 0;
    local_since_commit = 0;
    local_commit_bytes = 0;
    local_bytes = 0;
    return Status();
  }

  std::shared_ptr<Segment> new_segment() {
    std::error_code ec;
    fs::create_directories(build.build, ec);
    if (ec) return nullptr;
    char name[32];
    std::snprintf(name, sizeof name, "seg-%06llu", static_cast<unsigned long long>(++segment_counter));
    auto s = std::make_shared<Segment>();
    s->path = (fs::path(build.build) / name).string();
    fs::remove_all(s->path, ec);
    return s;
  }

  // ---------------------------------------------------------------------------
  // Merging and installing (calling thread; merges run on workers).

  // Merges the last kMergeFanIn segments when they are all of one size, so
  // the number of open segments stays logarithmic.
  void schedule_merges() {
    for (;;) {
      std::lock_guard<std::mutex> lock(mutex);
      if (segments.size() < kMergeFanIn) return;
      const std::size_t first = segments.size() - kMergeFanIn;
      const unsigned level = segments.back()->level;
      for (std::size_t i = first; i < segments.size(); ++i) {
        if (segments[i]->merging || segments[i]->level != level) return;
      }
      std::vector<std::shared_ptr<Segment>> parts(segments.begin() + first, segments.end());
      char name[32];
      std::snprintf(name, sizeof name, "merge-%06llu",
                    static_cast<unsigned long long>(++segment_counter));
      auto merged = std::make_shared<Segment>();
      merged->path = (fs::path(build.build) / name).string();
      merged->level = level + 1;
      merged->merging = true;
      for (const auto& p : parts) merged->docs += p->docs;
      segments.erase(segments.begin() + first, segments.end());
      segments.push_back(merged);
      ++merges_running;
      auto task = [this, merged, parts](Worker&) {
        std::vector<std::string> sources;
        for (const auto& p : parts) sources.push_back(p->path);
        Status s = index::merge_databases(sources, merged->path);
        for (const auto& p : parts) {
          std::error_code ec;
          fs::remove_all(p->path, ec);
        }
        {
          std::lock_guard<std::mutex> l(mutex);
          if (!s.ok() && merge_status.ok()) merge_status = s;
          merged->merging = false;
          --merges_running;
        }
        work_done.notify_all();
      };
      if (threads.empty()) {
        mutex.unlock();
        Worker unused;
        task(unused);
        mutex.lock();
      } else {
        tasks.push_back(task);
        work_ready.notify_one();
      }
      if (!merge_status.ok()) return;
    }
  }

  bool install_due() const {
    const std::uint64_t waiting = next_doc - installed;
    return waiting >= std::max<std::uint64_t>(kInstallBatches * options.batch_size, installed);
  }

  // Merges the index and the segments into a new database, applies what
  // sequencing found (copies, superseded documents), and puts it in place of
  // the index. `force`: even with nothing new (compact()).
  Status install(bool force = false) {
    if (Status s = close_local_segment(); !s.ok()) return s;
    {
      std::unique_lock<std::mutex> lock(mutex);
      work_done.wait(lock, [this] { return merges_running == 0; });
      if (!merge_status.ok()) return merge_status;
    }
    if (!force && segments.empty() && deletions.empty() && pending_names.empty()) {
      if (bulk) installed = next_doc;
      try {
        save_languages(db);
        db.commit();
      } catch (const Xapian::Error& e) {
        return from_xapian(e, "committing to " + path);
      }
      return Status();
    }
    try {
      // The index's metadata (format, analysis, gazetteer) comes first: the
      // merge keeps the first value of a key.
      db.set_metadata(std::string(schema::kGazetteerKey), gazetteer);
      save_languages(db);
      db.commit();
      std::vector<std::string> sources{path};
      for (const auto& s : segments) sources.push_back(s->path);
      if (Status s = index::merge_databases(sources, build.install); !s.ok()) return s;
      const Xapian::rev old_revision = db.get_revision();
      {
        Xapian::WritableDatabase merged(build.install, Xapian::DB_OPEN);
        for (const std::uint64_t doc : deletions) {
          merged.delete_document(static_cast<Xapian::docid>(base + doc + 1));
        }
        for (const auto& [key, name] : pending_names) {
          merged.set_metadata(schema::facet_name_key(key), name);
        }
        // Readers notice a new index by its revision number: it must differ.
        merged.set_metadata(std::string(schema::kGazetteerKey), gazetteer);
        merged.commit();
        if (merged.get_revision() == old_revision) {
          merged.set_metadata(std::string(schema::kCreatedByKey),
                              merged.get_metadata(std::string(schema::kCreatedByKey)) + " ");
          merged.commit();
          merged.set_metadata(std::string(schema::kCreatedByKey),
                              db.get_metadata(std::string(schema::kCreatedByKey)));
          merged.commit();
        }
        merged.close();
      }
      if (Status s = index::replace_directory(build.install, path); !s.ok()) return s;
      // The old index is now at build.install.
      db.close();
      std::error_code ec;
      fs::remove_all(build.install, ec);
      db = Xapian::WritableDatabase(path, Xapian::DB_OPEN);
      reader = Xapian::Database(path);
      precheck = Xapian::Database(path);
    } catch (const Xapian::Error& e) {
      return from_xapian(e, "installing the bulk build into " + path);
    }
    for (const auto& s : segments) {
      std::error_code ec;
      fs::remove_all(s->path, ec);
    }
    segments.clear();
    deletions.clear();
    pending_names.clear();
    installed = next_doc;
    ++stats.installs;
    return Status();
  }

  // Leaves bulk mode: the index holds everything; from now on writes go to it.
  void end_bulk() {
    bulk = false;
    live.clear();
    bands.clear();
    std::error_code ec;
    fs::remove_all(build.build, ec);
  }
};

Result<std::unique_ptr<Indexer>> Indexer::open(const std::string& path,
                                               const IndexerOptions& options) {
  if (path.empty()) return Status::invalid_argument("database path is empty");
  if (options.batch_size == 0) return Status::invalid_argument("batch_size must be at least 1");
  index::recover_install(path);
  if (options.create_if_missing) {
    if (Status s = check_target_directory(path); !s.ok()) return s;
    if (Status s = create_stamped(path, options.analysis); !s.ok()) return s;
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  impl->jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  impl->build = index::build_paths(path);
  try {
    impl->db = Xapian::WritableDatabase(
        path, options.create_if_missing ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    Result<AnalyzerOptions> analysis = check_or_stamp(impl->db, path, options.analysis);
    if (!analysis.ok()) return analysis.status();
    impl->analysis = *analysis;
    impl->reader = Xapian::Database(path);
    impl->precheck = Xapian::Database(path);
    // We hold the lock: what a crashed run left beside the index is garbage.
    if (Status s = index::remove_leftovers(path); !s.ok()) return s;
    impl->bulk = options.bulk && impl->db.get_doccount() == 0;
    impl->base = impl->db.get_lastdocid();
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "opening " + path + " for writing");
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory opening " + path);
  }
  impl->model = analysis::EntityModel::builtin();
  impl->gazetteer = impl->model->gazetteer->fingerprint();
  Result<std::unique_ptr<Worker>> local = impl->make_worker();
  if (!local.ok()) return local.status();
  impl->local = std::move(local.value());
  try {
    // Quoted names are searched by XW terms only while every article's were
    // written with one gazetteer (schema.h): another gazetteer writing into
    // an index that holds articles ends that.
    const std::string names(schema::kNamesGazetteerKey);
    if (impl->db.get_doccount() == 0) {
      impl->db.set_metadata(names, impl->gazetteer);
    } else if (impl->db.get_metadata(names) != impl->gazetteer) {
      impl->db.set_metadata(names, "");
    }
    impl->db.set_metadata(std::string(schema::kGazetteerKey), impl->gazetteer);
    std::istringstream langs(impl->db.get_metadata(std::string(schema::kLanguagesKey)));
    for (std::string l; langs >> l;) impl->languages.insert(l);
    // The index's dictionary, if it has one (merged shards may hold several:
    // any of them will do).
    const std::string prefix(schema::kDataDictionaryPrefix);
    for (Xapian::TermIterator k = impl->db.metadata_keys_begin(prefix);
         k != impl->db.metadata_keys_end(prefix) && !impl->dictionary; ++k) {
      impl->dictionary = analysis::DataDictionary::load(impl->db.get_metadata(*k));
    }
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "writing metadata to " + path);
  }
  return std::unique_ptr<Indexer>(new Indexer(std::move(impl)));
}

Indexer::Indexer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Indexer::~Indexer() {
  if (impl_ && !impl_->closed) {
    (void)close();
  }
}

Result<AddResult> Indexer::add(const Article& article) {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  if (Status s = d.flush_all(); !s.ok()) return s;
  Item item;
  item.article = article;
  d.admit(item);
  try {
    return d.run_local(std::move(item));
  } catch (const Xapian::Error& e) {
    d.failed = from_xapian(e, "indexing article " + article.id + " into " + d.path);
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory indexing article " + article.id);
  }
  return d.failed;
}

Status Indexer::submit(Article article, AddCallback done) {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  if (!d.failed.ok()) {
    if (done) done(d.failed);
    return d.failed;
  }
  Item item;
  item.article = std::move(article);
  item.done = std::move(done);
  d.admit(item);
  if (d.jobs <= 1) {
    AddCallback callback = std::move(item.done);
    const std::string id = item.article.id;
    Result<AddResult> r = Status::internal("not indexed");
    try {
      r = d.run_local(std::move(item));
    } catch (const Xapian::Error& e) {
      d.failed = from_xapian(e, "indexing article " + id + " into " + d.path);
      r = d.failed;
    } catch (const std::bad_alloc&) {
      d.failed = Status::internal("out of memory indexing article " + id);
      r = d.failed;
    }
    if (callback) callback(r);
    return d.failed;
  }
  if (d.threads.empty()) {
    if (Status s = d.start_threads(); !s.ok()) {
      d.failed = s;
      if (item.done) item.done(s);
      return s;
    }
  }
  if (d.bulk && d.local_segment) {
    // The calling thread's segment comes before this one.
    if (Status s = d.close_local_segment(); !s.ok()) d.failed = s;
  }
  if (!d.filling) d.filling = std::make_unique<Unit>();
  d.filling->bytes += item.raw_bytes;
  d.submitted_bytes += item.raw_bytes;
  d.filling->items.push_back(std::move(item));
  if (d.unit_full(*d.filling)) return d.send_filling();
  return d.drain(d.max_in_flight());
}

Status Indexer::flush() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  return d.flush_all();
}

Result<bool> Indexer::remove(const std::string& id) {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  if (Status s = d.flush_all(); !s.ok()) return s;
  try {
    if (d.bulk) {
      const index::IdKey key = index::id_key(id);
      const index::LiveTable::Entry* e = d.live.find(key);
      if (e == nullptr) return false;
      d.deletions.push_back(e->doc);
      d.live.erase(key);
      ++d.stats.removed;
      return true;
    }
    const std::string term = schema::id_term(id);
    if (!d.db.term_exists(term)) return false;
    d.db.delete_document(term);
    ++d.stats.removed;
    if (++d.pending >= d.options.batch_size) d.commit_incremental();
    return true;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "deleting article " + id + " from " + d.path);
  }
}

Status Indexer::commit() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  if (Status s = d.flush_all(); !s.ok()) return s;
  if (d.bulk) {
    if (Status s = d.install(); !s.ok()) {
      d.failed = s;
      return s;
    }
    d.end_bulk();
    return Status();
  }
  try {
    d.commit_incremental();
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "committing to " + d.path);
  }
  return Status();
}

Status Indexer::compact() {
  Impl& d = *impl_;
  const bool bulk = d.bulk;
  // A bulk build's install is a compaction already.
  if (Status s = commit(); !s.ok() || bulk) return s;
  if (Status s = d.install(/*force=*/true); !s.ok()) return s;
  --d.stats.installs;  // a compaction, not a build's install
  return Status();
}

Status Indexer::close() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  Status status = commit();
  d.stop_threads();
  try {
    d.db.close();
  } catch (const Xapian::Error& e) {
    if (status.ok()) status = from_xapian(e, "closing " + d.path);
  }
  if (d.bulk) {
    // The build failed: nothing of it was installed.
    std::error_code ec;
    fs::remove_all(d.build.build, ec);
    fs::remove_all(d.build.install, ec);
  }
  d.closed = true;
  return status;
}

std::uint64_t Indexer::document_count() const {
  Impl& d = *impl_;
  if (d.closed) return 0;
  (void)d.flush_all();
  if (d.bulk) return d.live.size();
  try {
    return d.db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

const IndexStats& Indexer::stats() const { return impl_->stats; }

const AnalyzerOptions& Indexer::analysis() const { return impl_->analysis; }

unsigned Indexer::jobs() const { return impl_->jobs; }

bool Indexer::bulk() const { return impl_->bulk; }

}  // namespace dossier
