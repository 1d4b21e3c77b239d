// dossier-bench: the measuring half of tools/bench (never a test).
//
//   dossier-bench scriptindex-input INPUT OUT   JSON Lines -> scriptindex records
//   dossier-bench fts5-index INPUT OUT.sqlite   builds a SQLite FTS5 index (bm25)
//   dossier-bench queries --dossier DB --fts5 DB --xapian DB --queries TSV
//                         [--runs N] [--index-figures TSV] [--report JSON]
//       runs the query mix in this process on Dossier (facets on and off),
//       SQLite FTS5 (top 10 alone, and fts5_facets: top 10 + total + the same
//       facets) and bare Xapian, prints p50/p95/p99 latency and the ratios,
//       and writes a JSON report.
//   dossier-bench scale-queries --dossier DB --queries TSV [--runs N] [--count-limit N]
//                         [--threads N] [--sort newest|oldest] [--recent DAYS]
//       latency of the mix on Dossier alone (facets on and off), one JSON line;
//       --count-limit and --threads set SearchRequest::count_limit and
//       SearcherOptions::search_threads; --sort and --recent the order (as
//       `dossier search --sort`, `--recent=DAYS`)
//   dossier-bench scale-aggregations --dossier DB --queries TSV [--runs N]
//       timelines (by year, by month) and related entities for the mix on a warm
//       searcher, one JSON line
//   dossier-bench spelling-cost INPUT DIR
//       what Xapian's spelling table (add_spelling) would add to indexing INPUT
//   dossier-bench assist --dossier DB --queries TSV [--runs N]
//       query help: the mix with did-you-mean on and off, misspelled queries,
//       completion (suggest) and more-like-this (similar), one JSON line
//   dossier-bench scale-report POINTS.jsonl REPORT.json
//       the growth curve of tools/bench --scale: table, exponents, report
//   dossier-bench index-profile INPUT [--keep DIR] [--commit-mb N]
//       where one thread's indexing time goes, stage by stage (index_profile.cc)
#include <sqlite3.h>
#include <time.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/schema.h"
#include "analysis/temporal.h"
#include "dossier/analysis.h"
#include "dossier/reader.h"
#include "dossier/searcher.h"
#include "index_profile.h"
#include "stored.h"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

int usage() {
  std::cerr << "usage: dossier-bench scriptindex-input INPUT OUT | fts5-index INPUT OUT |\n"
               "       queries --dossier DB --fts5 DB --xapian DB --queries TSV [--runs N]\n"
               "               [--index-figures TSV] [--report JSON] [--gazetteer-ms MS]\n"
               "       gazetteer-load | scale-queries --dossier DB --queries TSV [--runs N]\n"
               "               [--count-limit N] [--threads N] [--sort newest|oldest] [--recent DAYS] |\n"
               "       scale-aggregations --dossier DB --queries TSV [--runs N] |\n"
               "       scale-report POINTS.jsonl REPORT.json |\n"
               "       assist --dossier DB --queries TSV [--runs N] | spelling-cost INPUT DIR |\n"
               "       index-profile INPUT [--keep DIR] [--commit-mb N] |\n"
               "       analysis-cost INPUT | read-speed INPUT | html-speed INPUT\n";
  return 2;
}

// Reads INPUT with Dossier's reader so every engine gets the same articles.
template <typename F>
std::size_t each_article(const std::string& input, F&& f) {
  std::size_t n = 0;
  dossier::read_articles({input}, {},
                         [&](dossier::Article&& a, const dossier::InputLocation&) {
                           f(a);
                           ++n;
                           return true;
                         },
                         [](const dossier::InputProblem& p) {
                           std::cerr << p.location.to_string() << ": " << p.status.message() << "\n";
                         });
  return n;
}

// scriptindex record: "field=value" lines, continuation lines start with '=',
// a blank line ends the record.
void put_field(std::ostream& out, const char* name, const std::string& value) {
  out << name << '=';
  for (char c : value) {
    if (c == '\n') {
      out << "\n=";
    } else {
      out << c;
    }
  }
  out << '\n';
}

int scriptindex_input(const std::string& input, const std::string& output) {
  std::ofstream out(output, std::ios::binary);
  const std::size_t n = each_article(input, [&](const dossier::Article& a) {
    put_field(out, "id", a.id);
    put_field(out, "title", a.title);
    put_field(out, "published", a.published);
    put_field(out, "body", a.body);
    out << '\n';
  });
  std::cerr << "wrote " << n << " records to " << output << "\n";
  return 0;
}

void check_sqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

int fts5_index(const std::string& input, const std::string& output) {
  std::remove(output.c_str());
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(output.c_str(), &db), db, "open");
  check_sqlite(sqlite3_exec(db,
                            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                            "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body,"
                            " tokenize='porter unicode61 remove_diacritics 2');"
                            "BEGIN;",
                            nullptr, nullptr, nullptr),
               db, "create");
  sqlite3_stmt* insert = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO articles(id, title, body) VALUES (?1, ?2, ?3)",
                                  -1, &insert, nullptr),
               db, "prepare");
  each_article(input, [&](const dossier::Article& a) {
    sqlite3_bind_text(insert, 1, a.id.data(), static_cast<int>(a.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, a.body.data(), static_cast<int>(a.body.size()), SQLITE_STATIC);
    check_sqlite(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
  });
  sqlite3_finalize(insert);
  check_sqlite(sqlite3_exec(db, "COMMIT; INSERT INTO articles(articles) VALUES('optimize');",
                            nullptr, nullptr, nullptr),
               db, "commit");
  sqlite3_close(db);
  return 0;
}

struct Query {
  std::string dossier, fts5, xapian;
};

std::vector<Query> load_queries(const std::string& path) {
  std::ifstream in(path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() == 3) out.push_back({cols[0], cols[1], cols[2]});
  }
  return out;
}

struct Latency {
  std::vector<double> micros;
  double pct(double p) {
    std::sort(micros.begin(), micros.end());
    if (micros.empty()) return 0;
    const std::size_t i = std::min(micros.size() - 1, static_cast<std::size_t>(p * micros.size()));
    return micros[i];
  }
};

template <typename F>
double time_us(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// CPU time of the calling thread (searches run on it), in microseconds: on a
// shared, loaded machine wall time mostly measures waiting for a core.
template <typename F>
double cpu_us(F&& f) {
  timespec t0{}, t1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
  f();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
  return (t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3;
}

// --- fts5_facets: SQLite FTS5 answering the request Dossier answers --------
//
// Top 10 by bm25 with snippet(), the exact number of matches and the exact
// counts of the top values of Dossier's default facets, the way an FTS5 user
// adds facets: a plain table facets(doc, key) with an index on (doc, key),
// joined against the match set and grouped. The facet keys are Dossier's own
// (value slot kFacetKeysValue), so both engines count the same values; they
// are loaded into a temporary table held in memory before timing (the FTS5
// file is opened read-only, and an ATTACHed :memory: database would be too),
// which leaves the FTS5 file and its indexing figures as tools/bench measured
// them.

// The facet of each facet-key type, in schema::facet_key's type order.
constexpr const char* kFacetOfType[] = {"person", "country",        "place", "org",
                                        "year",   "mentioned_year", "lang"};
constexpr unsigned kFacetTypes = sizeof(kFacetOfType) / sizeof(kFacetOfType[0]);

struct Fts5Facets {
  sqlite3_stmt* top = nullptr;     // as the fts5 engine's statement
  sqlite3_stmt* total = nullptr;   // count(*) of the match set
  sqlite3_stmt* facets = nullptr;  // top `limit` keys per facet type with their counts
  // The same facet rows as the table, for checking the SQL's counts.
  std::map<sqlite3_int64, std::vector<std::uint64_t>> keys_by_rowid;
  std::size_t articles = 0, rows = 0, not_in_fts5 = 0, not_in_dossier = 0;
  double load_seconds = 0;
};

// Facet types counted for `facets` (SearchRequest::facets names).
std::vector<bool> wanted_types(const std::vector<std::string>& facets) {
  std::vector<bool> wanted(kFacetTypes, false);
  for (unsigned t = 0; t < kFacetTypes; ++t) {
    wanted[t] = std::find(facets.begin(), facets.end(), kFacetOfType[t]) != facets.end();
  }
  return wanted;
}

// Loads every article's facet keys of the wanted types from the Dossier index
// into temp.facets (temp_store = MEMORY), rowids from the FTS5
// table's id column, and prepares the three statements.
Fts5Facets load_fts5_facets(sqlite3* fts, const std::string& dossier_db,
                            const std::vector<bool>& wanted, std::size_t limit) {
  const auto t0 = Clock::now();
  Fts5Facets f;
  check_sqlite(sqlite3_exec(fts,
                            "PRAGMA temp_store = MEMORY;"
                            "CREATE TEMP TABLE facets(doc INTEGER, key INTEGER);"
                            "BEGIN;",
                            nullptr, nullptr, nullptr),
               fts, "fts5_facets: create table");
  std::map<std::string, sqlite3_int64> rowid_of;
  sqlite3_stmt* ids = nullptr;
  check_sqlite(sqlite3_prepare_v2(fts, "SELECT rowid, id FROM articles", -1, &ids, nullptr), fts,
               "fts5_facets: prepare ids");
  while (sqlite3_step(ids) == SQLITE_ROW) {
    const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(ids, 1));
    rowid_of.emplace(id ? id : "", sqlite3_column_int64(ids, 0));
  }
  sqlite3_finalize(ids);
  sqlite3_stmt* insert = nullptr;
  check_sqlite(sqlite3_prepare_v2(fts, "INSERT INTO temp.facets(doc, key) VALUES (?1, ?2)", -1,
                                  &insert, nullptr),
               fts, "fts5_facets: prepare insert");
  std::size_t found = 0;
  try {
    const std::vector<Xapian::Database> shards{Xapian::Database(dossier_db)};
    const Xapian::Database& db = shards.front();
    dossier::search::StoredReader articles(&shards);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      const std::string id = articles.article(*it, doc.get_data()).id;
      ++f.articles;
      const auto row = rowid_of.find(id);
      if (row == rowid_of.end()) {
        ++f.not_in_fts5;
        continue;
      }
      ++found;
      const std::string value = doc.get_value(dossier::schema::kFacetKeysValue);
      std::vector<std::uint64_t>& keys = f.keys_by_rowid[row->second];
      for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
        const std::uint64_t key = dossier::schema::decode_u64(std::string_view(value).substr(i, 8));
        const unsigned type = dossier::schema::facet_key_type(key);
        if (type >= kFacetTypes || !wanted[type]) continue;  // groups of copies: not a facet
        keys.push_back(key);
        sqlite3_bind_int64(insert, 1, row->second);
        sqlite3_bind_int64(insert, 2, static_cast<sqlite3_int64>(key));
        check_sqlite(sqlite3_step(insert), fts, "fts5_facets: insert");
        sqlite3_reset(insert);
        ++f.rows;
      }
    }
  } catch (const Xapian::Error& e) {
    std::cerr << dossier_db << ": " << e.get_description() << "\n";
    std::exit(1);
  }
  sqlite3_finalize(insert);
  f.not_in_dossier = rowid_of.size() - found;
  // The index an FTS5 user would add: by article, covering the key, so the
  // join reads the index alone.
  check_sqlite(sqlite3_exec(fts, "COMMIT; CREATE INDEX temp.facets_doc ON facets(doc, key);",
                            nullptr, nullptr, nullptr),
               fts, "fts5_facets: index");
  check_sqlite(sqlite3_prepare_v2(fts,
                                  "SELECT id, title, snippet(articles, 2, '[', ']', '…', 30), "
                                  "bm25(articles, 0.0, 3.0, 1.0) AS score FROM articles "
                                  "WHERE articles MATCH ?1 ORDER BY score LIMIT 10",
                                  -1, &f.top, nullptr),
               fts, "fts5_facets: prepare top");
  check_sqlite(sqlite3_prepare_v2(fts, "SELECT count(*) FROM articles WHERE articles MATCH ?1",
                                  -1, &f.total, nullptr),
               fts, "fts5_facets: prepare total");
  // Counts per key over the match set, then the `limit` largest of each
  // facet type (the key's top three bits); ties to the larger key, which for
  // years is the later year, as Dossier does.
  const std::string facets_sql =
      "SELECT key, n FROM (SELECT key, n, row_number() OVER (PARTITION BY (key >> 61) & 7 "
      "ORDER BY n DESC, key DESC) AS r FROM (SELECT f.key AS key, count(*) AS n FROM articles "
      "JOIN temp.facets AS f ON f.doc = articles.rowid WHERE articles MATCH ?1 GROUP BY f.key)) "
      "WHERE r <= " +
      std::to_string(limit);
  check_sqlite(sqlite3_prepare_v2(fts, facets_sql.c_str(), -1, &f.facets, nullptr), fts,
               "fts5_facets: prepare facets");
  f.load_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return f;
}

void finalize(Fts5Facets& f) {
  sqlite3_finalize(f.top);
  sqlite3_finalize(f.total);
  sqlite3_finalize(f.facets);
}

// What one fts5_facets request returns.
struct Fts5FacetsAnswer {
  int hits = 0;
  std::uint64_t total = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> facets;  // key, count
  double top_us = 0, total_us = 0, facets_us = 0;  // each statement's wall time
};

// Steps `stmt` bound to `match` through its rows; a SQLite error names the
// query and ends the run.
template <typename F>
void each_row(sqlite3* fts, sqlite3_stmt* stmt, const std::string& match, F&& row) {
  sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_STATIC);
  int rc = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
  if (rc != SQLITE_DONE) {
    std::cerr << "fts5_facets: query '" << match << "': " << sqlite3_errmsg(fts) << "\n";
    std::exit(1);
  }
  sqlite3_reset(stmt);
}

Fts5FacetsAnswer run_fts5_facets(sqlite3* fts, Fts5Facets& f, const std::string& match) {
  Fts5FacetsAnswer a;
  a.top_us = time_us([&] { each_row(fts, f.top, match, [&](sqlite3_stmt*) { ++a.hits; }); });
  a.total_us = time_us([&] {
    each_row(fts, f.total, match, [&](sqlite3_stmt* s) {
      a.total = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
    });
  });
  a.facets_us = time_us([&] {
    each_row(fts, f.facets, match, [&](sqlite3_stmt* s) {
      a.facets.emplace_back(static_cast<std::uint64_t>(sqlite3_column_int64(s, 0)),
                            static_cast<std::uint64_t>(sqlite3_column_int64(s, 1)));
    });
  });
  return a;
}

// Checks an answer against FTS5's own match set, read row by row, and a count
// of the same facet rows in C++: the total is the number of matches, every
// reported count is the key's count, each facet lists min(limit, distinct
// values) keys and no key left out counts more than the smallest one shown.
// Returns "" or what is wrong.
std::string check_fts5_facets(sqlite3* fts, const Fts5Facets& f, const std::string& match,
                              const Fts5FacetsAnswer& a, std::size_t limit,
                              std::uint64_t* matches, std::uint64_t* without_facets) {
  sqlite3_stmt* rows = nullptr;
  check_sqlite(sqlite3_prepare_v2(fts, "SELECT rowid FROM articles WHERE articles MATCH ?1", -1,
                                  &rows, nullptr),
               fts, "fts5_facets: prepare check");
  std::map<std::uint64_t, std::uint64_t> counts;
  *matches = 0;
  *without_facets = 0;
  each_row(fts, rows, match, [&](sqlite3_stmt* s) {
    ++*matches;
    const auto it = f.keys_by_rowid.find(sqlite3_column_int64(s, 0));
    if (it == f.keys_by_rowid.end() || it->second.empty()) {
      ++*without_facets;
      return;
    }
    for (std::uint64_t key : it->second) ++counts[key];
  });
  sqlite3_finalize(rows);
  std::ostringstream why;
  if (a.total != *matches) {
    why << "total " << a.total << " but FTS5 matches " << *matches << " articles; ";
  }
  std::vector<std::size_t> shown(kFacetTypes, 0), distinct(kFacetTypes, 0);
  std::vector<std::uint64_t> smallest(kFacetTypes, UINT64_MAX);
  std::map<std::uint64_t, bool> listed;
  for (const auto& [key, n] : a.facets) {
    const unsigned type = dossier::schema::facet_key_type(key);
    const auto it = counts.find(key);
    if (type >= kFacetTypes || it == counts.end() || it->second != n) {
      why << "key " << key << " counted " << n << " by SQL, "
          << (it == counts.end() ? 0 : it->second) << " by the check; ";
      continue;
    }
    ++shown[type];
    smallest[type] = std::min(smallest[type], n);
    listed[key] = true;
  }
  for (const auto& [key, n] : counts) {
    const unsigned type = dossier::schema::facet_key_type(key);
    ++distinct[type];
    if (!listed.count(key) && n > smallest[type] && shown[type] == limit) {
      why << kFacetOfType[type] << " key " << key << " (" << n
          << " articles) left out of the top " << limit << "; ";
    }
  }
  for (unsigned t = 0; t < kFacetTypes; ++t) {
    if (shown[t] != std::min(limit, distinct[t])) {
      why << kFacetOfType[t] << ": " << shown[t] << " values listed of " << distinct[t] << "; ";
    }
  }
  return why.str();
}

// Opens the index and brings it to the steady state a server reaches: the
// facet keys in memory before the first timed search (Searcher::warm).
// Otherwise the first searches read keys from the index while a background
// read competes with them for the cores. Null (said on stderr) on error.
std::unique_ptr<dossier::Searcher> open_warm(const std::string& path,
                                             const dossier::SearcherOptions& options = {}) {
  auto searcher = dossier::Searcher::open(path, options);
  if (!searcher.ok()) {
    std::cerr << searcher.status().to_string() << "\n";
    return nullptr;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto bytes = (*searcher)->warm();
  if (!bytes.ok()) {
    std::cerr << bytes.status().to_string() << "\n";
    return nullptr;
  }
  std::cerr << "facet keys in memory: " << *bytes / 1e6 << " MB, read in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
  return std::move(searcher.value());
}

// Exits with the error when `result` failed.
template <typename R>
void must(const R& result, const std::string& what) {
  if (!result.ok()) {
    std::cerr << what << ": " << result.status().to_string() << "\n";
    std::exit(1);
  }
}

int queries(std::map<std::string, std::string> args) {
  const std::vector<Query> mix = load_queries(args["--queries"]);
  const int runs = args.count("--runs") ? std::stoi(args["--runs"]) : 20;
  if (mix.empty()) return usage();

  const std::unique_ptr<dossier::Searcher> searcher = open_warm(args["--dossier"]);
  if (searcher == nullptr) return 1;
  sqlite3* fts = nullptr;
  check_sqlite(sqlite3_open_v2(args["--fts5"].c_str(), &fts, SQLITE_OPEN_READONLY, nullptr), fts,
               "open fts5");
  sqlite3_stmt* stmt = nullptr;
  check_sqlite(sqlite3_prepare_v2(fts,
                                  "SELECT id, title, snippet(articles, 2, '[', ']', '…', 30), "
                                  "bm25(articles, 0.0, 3.0, 1.0) AS score FROM articles "
                                  "WHERE articles MATCH ?1 ORDER BY score LIMIT 10",
                                  -1, &stmt, nullptr),
               fts, "prepare");
  Xapian::Database xdb(args["--xapian"]);
  Xapian::QueryParser qp;
  qp.set_database(xdb);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;

  const dossier::SearchRequest defaults;
  Fts5Facets fts_facets = load_fts5_facets(fts, args["--dossier"], wanted_types(defaults.facets),
                                           defaults.facet_limit);
  std::printf("fts5_facets: %zu facet rows of %zu articles loaded in %.1f s (%zu not in the FTS5 "
              "table, %zu FTS5 rows not in the Dossier index)\n",
              fts_facets.rows, fts_facets.articles, fts_facets.load_seconds,
              fts_facets.not_in_fts5, fts_facets.not_in_dossier);

  Latency ours, ours_nofacets, sqlite, sqlite_facets, xapian;
  ordered_json per_query = ordered_json::array();
  for (const Query& q : mix) {
    dossier::SearchRequest req;
    req.query = q.dossier;
    std::uint64_t total = 0;
    int fts_hits = 0;
    Fts5FacetsAnswer facets_answer;
    Xapian::doccount xapian_total = 0;
    Latency q_ours, q_nofacets, q_fts, q_fts_facets, q_xap, q_top, q_total, q_facets;
    dossier::SearchRequest bare = req;
    bare.facets.clear();
    for (int r = -2; r < runs; ++r) {  // two warm-up runs
      const double a = time_us([&] {
        auto res = searcher->search(req);
        if (!res.ok()) {
          std::cerr << q.dossier << ": " << res.status().to_string() << "\n";
          std::exit(1);
        }
        total = res->total;
      });
      const double a2 = time_us([&] { (void)searcher->search(bare); });
      const double b = time_us([&] {
        sqlite3_bind_text(stmt, 1, q.fts5.c_str(), -1, SQLITE_STATIC);
        int n = 0;
        while (sqlite3_step(stmt) == SQLITE_ROW) ++n;
        sqlite3_reset(stmt);
        fts_hits = n;
      });
      const double b2 =
          time_us([&] { facets_answer = run_fts5_facets(fts, fts_facets, q.fts5); });
      const double c = time_us([&] {
        Xapian::Enquire enquire(xdb);
        enquire.set_query(qp.parse_query(q.xapian, flags));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
        xapian_total = mset.get_matches_estimated();
      });
      if (r < 0) continue;
      ours.micros.push_back(a);
      ours_nofacets.micros.push_back(a2);
      q_nofacets.micros.push_back(a2);
      sqlite.micros.push_back(b);
      sqlite_facets.micros.push_back(b2);
      xapian.micros.push_back(c);
      q_ours.micros.push_back(a);
      q_fts.micros.push_back(b);
      q_fts_facets.micros.push_back(b2);
      q_top.micros.push_back(facets_answer.top_us);
      q_total.micros.push_back(facets_answer.total_us);
      q_facets.micros.push_back(facets_answer.facets_us);
      q_xap.micros.push_back(c);
    }
    per_query.push_back({{"query", q.dossier},
                         {"dossier_total", total},
                         {"dossier_p50_us", q_ours.pct(0.5)},
                         {"dossier_nofacets_p50_us", q_nofacets.pct(0.5)},
                         {"fts5_hits", fts_hits},
                         {"fts5_p50_us", q_fts.pct(0.5)},
                         {"fts5_total", facets_answer.total},
                         {"fts5_facets_p50_us", q_fts_facets.pct(0.5)},
                         {"fts5_facets_parts_p50_us",
                          {{"top10", q_top.pct(0.5)},
                           {"total", q_total.pct(0.5)},
                           {"facets", q_facets.pct(0.5)}}},
                         {"xapian_estimated", xapian_total},
                         {"xapian_p50_us", q_xap.pct(0.5)}});
  }
  // Untimed: every fts5_facets answer checked against FTS5's own match set.
  std::printf("\nMatches per query (tokenisation and query semantics differ, so the totals "
              "may; dossier counts stories, fts5 articles; p50 in microseconds):\n"
              "  %-34s %8s %8s %8s %8s %8s\n",
              "query", "dossier", "fts5", "dossier", "fts5", "fts5_f");
  std::size_t q_index = 0;
  for (const Query& q : mix) {
    ordered_json& entry = per_query[q_index++];
    const Fts5FacetsAnswer answer = run_fts5_facets(fts, fts_facets, q.fts5);
    std::uint64_t matches = 0, without = 0;
    const std::string wrong = check_fts5_facets(fts, fts_facets, q.fts5, answer,
                                                defaults.facet_limit, &matches, &without);
    if (!wrong.empty()) {
      std::cerr << "fts5_facets: query '" << q.fts5 << "': " << wrong << "\n";
      return 1;
    }
    entry["fts5_matches_without_facets"] = without;
    entry["fts5_facet_values"] = answer.facets.size();
    std::printf("  %-34s %8llu %8llu %8.0f %8.0f %8.0f\n", q.dossier.c_str(),
                static_cast<unsigned long long>(entry["dossier_total"].get<std::uint64_t>()),
                static_cast<unsigned long long>(answer.total),
                entry["dossier_p50_us"].get<double>(), entry["fts5_p50_us"].get<double>(),
                entry["fts5_facets_p50_us"].get<double>());
  }
  finalize(fts_facets);
  sqlite3_finalize(stmt);
  sqlite3_close(fts);

  // What a date filter adds: the same queries with and without year:/range.
  // Pooled percentiles mix queries of very different cost, and a filter that
  // narrows the matches also saves facet counting, so the filter's own cost is
  // also measured per query, paired and without facets: the median thread CPU
  // time with the filter minus the median without, then the 95th percentile
  // of that over the queries.
  Latency base_l, year_l, range_l, year_added, range_added;
  ordered_json added_per_query = ordered_json::array();
  for (const Query& q : mix) {
    if (q.dossier.find("20") != std::string::npos) continue;  // already dated
    Latency q_base, q_year, q_range;
    for (int r = -2; r < runs; ++r) {
      dossier::SearchRequest a, b, c;
      a.query = q.dossier;
      b.query = "(" + q.dossier + ") + year:2012";
      c.query = "(" + q.dossier + ") + published:2011-06..2012-06";
      const double ta = time_us([&] { (void)searcher->search(a); });
      const double tb = time_us([&] { (void)searcher->search(b); });
      const double tc = time_us([&] { (void)searcher->search(c); });
      a.facets.clear();
      b.facets.clear();
      c.facets.clear();
      const double na = cpu_us([&] { (void)searcher->search(a); });
      const double nb = cpu_us([&] { (void)searcher->search(b); });
      const double nc = cpu_us([&] { (void)searcher->search(c); });
      if (r < 0) continue;
      base_l.micros.push_back(ta);
      year_l.micros.push_back(tb);
      range_l.micros.push_back(tc);
      q_base.micros.push_back(na);
      q_year.micros.push_back(nb);
      q_range.micros.push_back(nc);
    }
    const double median_base = q_base.pct(0.5);
    year_added.micros.push_back(q_year.pct(0.5) - median_base);
    range_added.micros.push_back(q_range.pct(0.5) - median_base);
    added_per_query.push_back({{"query", q.dossier},
                               {"base_p50_us", median_base},
                               {"year_added_us", year_added.micros.back()},
                               {"range_added_us", range_added.micros.back()}});
  }

  ordered_json report;
  // 2: fts5_facets (latency.fts5_facets, the per-query fts5_total and
  // fts5_facets_* fields, fts5_facets_table); README, "Benchmark".
  report["format_version"] = 2;
  report["queries"] = per_query;
  report["date_filters"] = {{"base_p95_us", base_l.pct(0.95)},
                            {"year_p95_us", year_l.pct(0.95)},
                            {"range_p95_us", range_l.pct(0.95)},
                            {"base_p50_us", base_l.pct(0.5)},
                            {"year_p50_us", year_l.pct(0.5)},
                            {"range_p50_us", range_l.pct(0.5)},
                            {"queries", year_added.micros.size()},
                            {"year_added_p95_us", year_added.pct(0.95)},
                            {"range_added_p95_us", range_added.pct(0.95)},
                            {"year_added_p50_us", year_added.pct(0.5)},
                            {"range_added_p50_us", range_added.pct(0.5)},
                            {"per_query", added_per_query}};
  auto summary = [](Latency& l) {
    return ordered_json{{"p50_us", l.pct(0.50)}, {"p95_us", l.pct(0.95)}, {"p99_us", l.pct(0.99)}};
  };
  report["latency"] = {{"dossier", summary(ours)},
                       {"dossier_nofacets", summary(ours_nofacets)},
                       {"fts5", summary(sqlite)},
                       {"fts5_facets", summary(sqlite_facets)},
                       {"xapian_bare", summary(xapian)}};
  report["latency_note"] =
      "dossier: exact total + stored fields + snippets for 10 hits + exact counts of the top 10 "
      "values of its seven default facets (person, country, place, org, year, mentioned_year, "
      "lang); dossier_nofacets: the same without facets; fts5: top 10 by bm25 with snippet() "
      "only (no total, no facets); fts5_facets: the same top 10 + count(*) of the matches + the "
      "top 10 values of the same seven facets with exact counts, from a table facets(doc, key) "
      "indexed on (doc, key) holding Dossier's own facet keys, joined to the match set and "
      "grouped; that table is loaded from the Dossier index into a temporary table held in "
      "memory before timing, so the FTS5 indexing figures do not include it; xapian_bare: "
      "QueryParser + top 10 with document data, estimated total";
  report["fts5_facets_table"] = {{"articles", fts_facets.articles},
                                 {"rows", fts_facets.rows},
                                 {"not_in_fts5", fts_facets.not_in_fts5},
                                 {"fts5_rows_not_in_dossier", fts_facets.not_in_dossier},
                                 {"load_seconds", fts_facets.load_seconds}};
  if (args.count("--index-figures")) {
    std::ifstream in(args["--index-figures"]);
    std::string line;
    ordered_json indexing;
    while (std::getline(in, line)) {
      std::stringstream ss(line);
      std::string engine;
      double seconds = 0, rss_kb = 0, bytes = 0, articles = 0, input_bytes = 0;
      ss >> engine >> seconds >> rss_kb >> bytes >> articles >> input_bytes;
      if (engine.empty()) continue;
      indexing[engine] = {{"seconds", seconds},
                          {"articles_per_s", articles / seconds},
                          {"mb_per_s", input_bytes / seconds / 1e6},
                          {"peak_rss_mb", rss_kb / 1024.0},
                          {"index_mb", bytes / 1e6},
                          {"index_bytes_per_input_byte", bytes / input_bytes}};
    }
    report["indexing"] = indexing;
  }

  // Human summary.
  std::printf("\nQuery latency over %zu queries x %d runs (microseconds):\n", mix.size(), runs);
  std::printf("  %-16s %10s %10s %10s\n", "engine", "p50", "p95", "p99");
  for (const char* e : {"dossier", "dossier_nofacets", "fts5", "fts5_facets", "xapian_bare"}) {
    const auto& l = report["latency"][e];
    std::printf("  %-16s %10.0f %10.0f %10.0f\n", e, l["p50_us"].get<double>(),
                l["p95_us"].get<double>(), l["p99_us"].get<double>());
  }
  const double d50 = report["latency"]["dossier"]["p50_us"];
  std::printf("  p50 ratio: fts5/dossier = %.2fx, fts5_facets/dossier = %.2fx, "
              "xapian_bare/dossier = %.2fx\n",
              report["latency"]["fts5"]["p50_us"].get<double>() / d50,
              report["latency"]["fts5_facets"]["p50_us"].get<double>() / d50,
              report["latency"]["xapian_bare"]["p50_us"].get<double>() / d50);
  std::printf("  (fts5: top 10 + snippets only; fts5_facets: the request dossier answers, top 10 "
              "+ total + seven facets)\n");
  {
    const auto& d = report["date_filters"];
    std::printf("\nDate filters (same queries; microseconds): p50 %.0f -> year: %.0f, range %.0f; "
                "p95 %.0f -> year: %.0f (+%.0f), range %.0f (+%.0f)\n",
                d["base_p50_us"].get<double>(), d["year_p50_us"].get<double>(),
                d["range_p50_us"].get<double>(), d["base_p95_us"].get<double>(),
                d["year_p95_us"].get<double>(),
                d["year_p95_us"].get<double>() - d["base_p95_us"].get<double>(),
                d["range_p95_us"].get<double>(),
                d["range_p95_us"].get<double>() - d["base_p95_us"].get<double>());
    std::printf("Added by the filter per query (paired medians of thread CPU time, no facets, %d "
                "queries; microseconds): year: p50 %+.0f p95 %+.0f; range p50 %+.0f p95 %+.0f\n",
                d["queries"].get<int>(), d["year_added_p50_us"].get<double>(),
                d["year_added_p95_us"].get<double>(), d["range_added_p50_us"].get<double>(),
                d["range_added_p95_us"].get<double>());
  }
  if (args.count("--analysis-cost")) {
    std::stringstream ss(args["--analysis-cost"]);
    double n = 0, tok = 0, ent = 0, dat = 0;
    ss >> n >> tok >> ent >> dat;
    report["analysis_seconds"] = {{"articles", n}, {"tokenize", tok}, {"entities", ent}, {"dates", dat}};
    if (report.contains("indexing") && report["indexing"].contains("dossier")) {
      // One thread's analysis against one thread's indexing, when measured.
      const char* base = report["indexing"].contains("dossier_j1") ? "dossier_j1" : "dossier";
      const double total = report["indexing"][base]["seconds"].get<double>();
      std::printf("\nAnalysis per stage over %.0f articles (one thread): tokenize %.2f s, entities "
                  "%.2f s, dates %.2f s = %.1f%% of indexing time (%s)\n",
                  n, tok, ent, dat, 100.0 * dat / total, base);
      report["analysis_seconds"]["dates_share_of_indexing"] = dat / total;
    }
  }
  if (args.count("--gazetteer-ms")) {
    report["gazetteer_load_ms"] = std::stod(args["--gazetteer-ms"]);
    std::printf("\nGazetteer load + matcher build (median of 5 fresh processes): %.1f ms\n",
                report["gazetteer_load_ms"].get<double>());
  }
  if (report.contains("indexing")) {
    std::printf("\nIndexing:\n  %-12s %9s %11s %8s %10s %10s %12s\n", "engine", "seconds",
                "articles/s", "MB/s", "peak RSS", "index MB", "index/input");
    for (auto& [engine, f] : report["indexing"].items()) {
      std::printf("  %-12s %9.2f %11.0f %8.2f %7.0f MB %10.1f %12.2f\n", engine.c_str(),
                  f["seconds"].get<double>(), f["articles_per_s"].get<double>(),
                  f["mb_per_s"].get<double>(), f["peak_rss_mb"].get<double>(),
                  f["index_mb"].get<double>(), f["index_bytes_per_input_byte"].get<double>());
    }
    if (report["indexing"].contains("dossier") && report["indexing"].contains("dossier_text")) {
      std::printf("  articles/s ratio: dossier with entities / dossier text only = %.2f\n",
                  report["indexing"]["dossier"]["articles_per_s"].get<double>() /
                      report["indexing"]["dossier_text"]["articles_per_s"].get<double>());
    }
    if (report["indexing"].contains("dossier") && report["indexing"].contains("dossier_j1")) {
      std::printf("  parallel build: %u cores, %.2fx the articles/s of --jobs 1\n",
                  std::thread::hardware_concurrency(),
                  report["indexing"]["dossier"]["articles_per_s"].get<double>() /
                      report["indexing"]["dossier_j1"]["articles_per_s"].get<double>());
    }
    if (report["indexing"].contains("dossier") &&
        report["indexing"].contains("dossier_incremental")) {
      std::printf("  bulk build: %.2fx the articles/s of --no-bulk, index %.0f%% of its size\n",
                  report["indexing"]["dossier"]["articles_per_s"].get<double>() /
                      report["indexing"]["dossier_incremental"]["articles_per_s"].get<double>(),
                  100.0 * report["indexing"]["dossier"]["index_mb"].get<double>() /
                      report["indexing"]["dossier_incremental"]["index_mb"].get<double>());
    }
    if (report["indexing"].contains("dossier") && report["indexing"].contains("dossier_nogroup")) {
      std::printf("  grouping near-copies costs %.1f%% of indexing time (dossier / --no-grouping)\n",
                  100.0 * (report["indexing"]["dossier"]["seconds"].get<double>() /
                               report["indexing"]["dossier_nogroup"]["seconds"].get<double>() -
                           1.0));
    }
    if (report["indexing"].contains("dossier") && report["indexing"].contains("dossier_unchanged")) {
      std::printf("  re-indexing the unchanged archive: %.2f s (%.1fx faster than the first time)\n",
                  report["indexing"]["dossier_unchanged"]["seconds"].get<double>(),
                  report["indexing"]["dossier"]["seconds"].get<double>() /
                      report["indexing"]["dossier_unchanged"]["seconds"].get<double>());
    }
    if (report["indexing"].contains("dossier") && report["indexing"].contains("scriptindex")) {
      std::printf("  articles/s ratio: dossier/scriptindex = %.2fx\n",
                  report["indexing"]["dossier"]["articles_per_s"].get<double>() /
                      report["indexing"]["scriptindex"]["articles_per_s"].get<double>());
    }
  }
  if (args.count("--report")) {
    std::ofstream(args["--report"]) << report.dump(2) << "\n";
    std::printf("\nReport: %s\n", args["--report"].c_str());
  }
  return 0;
}


// --- Scale mode (tools/bench --scale) -------------------------------------

// One point of the growth curve: query latency of the fixed mix on DB, with
// facets (every facet, exact counts) and without, as one JSON object on
// stdout. The index figures come from the script.
int scale_queries(std::map<std::string, std::string> args) {
  const std::vector<Query> mix = load_queries(args["--queries"]);
  const int runs = args.count("--runs") ? std::stoi(args["--runs"]) : 20;
  if (mix.empty()) return usage();
  if (args.count("--sort") && args["--sort"] != "newest" && args["--sort"] != "oldest") {
    return usage();
  }
  dossier::SearcherOptions options;
  if (args.count("--threads")) {
    options.search_threads = static_cast<unsigned>(std::stoul(args["--threads"]));
  }
  const std::unique_ptr<dossier::Searcher> searcher = open_warm(args["--dossier"], options);
  if (searcher == nullptr) return 1;
  Latency facets, bare;
  ordered_json per_query = ordered_json::array();
  for (const Query& q : mix) {
    dossier::SearchRequest req;
    req.query = q.dossier;
    if (args.count("--count-limit")) req.count_limit = std::stoull(args["--count-limit"]);
    if (args["--sort"] == "newest") req.sort = dossier::SortOrder::kNewest;
    if (args["--sort"] == "oldest") req.sort = dossier::SortOrder::kOldest;
    if (args.count("--recent")) req.recent_half_life_days = std::stod(args["--recent"]);
    dossier::SearchRequest plain = req;
    plain.facets.clear();
    std::uint64_t total = 0;
    bool exact = true;
    Latency one;
    for (int r = -2; r < runs; ++r) {  // two warm-up runs
      const double a = time_us([&] {
        auto res = searcher->search(req);
        if (!res.ok()) {
          std::cerr << q.dossier << ": " << res.status().to_string() << "\n";
          std::exit(1);
        }
        total = res->total;
        exact = res->exact;
      });
      const double b = time_us([&] { (void)searcher->search(plain); });
      if (r < 0) continue;
      facets.micros.push_back(a);
      bare.micros.push_back(b);
      one.micros.push_back(a);
    }
    per_query.push_back(
        {{"query", q.dossier}, {"total", total}, {"exact", exact}, {"p50_us", one.pct(0.5)}});
  }
  ordered_json out;
  out["p50_us"] = facets.pct(0.50);
  out["p95_us"] = facets.pct(0.95);
  out["p99_us"] = facets.pct(0.99);
  out["nofacets_p50_us"] = bare.pct(0.50);
  out["nofacets_p95_us"] = bare.pct(0.95);
  out["nofacets_p99_us"] = bare.pct(0.99);
  out["queries"] = per_query;
  std::cout << out.dump() << "\n";
  return 0;
}

// Timelines (by year and by month) and related entities for each query of the
// mix, on a warm searcher: what `dossier timeline`, `dossier related` and the
// server's /timeline and /related cost at this archive size. One JSON line:
// p50/p95 of each over the mix, and each query's medians.
int scale_aggregations(std::map<std::string, std::string> args) {
  const std::vector<Query> mix = load_queries(args["--queries"]);
  const int runs = args.count("--runs") ? std::stoi(args["--runs"]) : 10;
  if (mix.empty()) return usage();
  const std::unique_ptr<dossier::Searcher> searcher = open_warm(args["--dossier"]);
  if (searcher == nullptr) return 1;
  Latency years, months, related;
  ordered_json per_query = ordered_json::array();
  for (const Query& q : mix) {
    Latency y1, m1, r1;
    std::uint64_t total = 0;
    for (int r = -1; r < runs; ++r) {  // one warm-up run
      dossier::TimelineRequest t;
      t.query = q.dossier;
      const double a = time_us([&] {
        auto res = searcher->timeline(t);
        must(res, q.dossier);
        total = res->total;
      });
      t.by = dossier::TimelineRequest::Period::kMonth;
      const double b = time_us([&] { must(searcher->timeline(t), q.dossier); });
      dossier::RelatedRequest rel;
      rel.query = q.dossier;
      const double c = time_us([&] { must(searcher->related(rel), q.dossier); });
      if (r < 0) continue;
      for (auto [all, one, v] : {std::tuple{&years, &y1, a}, {&months, &m1, b}, {&related, &r1, c}}) {
        all->micros.push_back(v);
        one->micros.push_back(v);
      }
    }
    per_query.push_back({{"query", q.dossier},
                         {"total", total},
                         {"timeline_years_p50_us", y1.pct(0.5)},
                         {"timeline_months_p50_us", m1.pct(0.5)},
                         {"related_p50_us", r1.pct(0.5)}});
  }
  ordered_json out;
  for (auto [name, l] : {std::pair{"timeline_years", &years}, {"timeline_months", &months},
                         {"related", &related}}) {
    out[std::string(name) + "_p50_us"] = l->pct(0.50);
    out[std::string(name) + "_p95_us"] = l->pct(0.95);
  }
  out["queries"] = per_query;
  std::cout << out.dump() << "\n";
  return 0;
}

// Query help on Dossier alone: the mix with "did you mean" on (the default)
// and off, interleaved run by run, so that its cost on queries that match
// well shows; misspelled queries (the suggestion path); entity completion
// (the first call, which reads the archive's names, apart); "more like this"
// for articles spread over the archive. One JSON line, and a table.
int assist(std::map<std::string, std::string> args) {
  const std::vector<Query> mix = load_queries(args["--queries"]);
  const int runs = args.count("--runs") ? std::stoi(args["--runs"]) : 20;
  if (mix.empty()) return usage();
  auto opened = dossier::Searcher::open(args["--dossier"]);
  if (!opened.ok()) {
    std::cerr << opened.status().to_string() << "\n";
    return 1;
  }
  dossier::Searcher& searcher = **opened;
  ordered_json out;
  auto summary = [](Latency& l) {
    return ordered_json{{"p50_us", l.pct(0.50)}, {"p95_us", l.pct(0.95)}, {"p99_us", l.pct(0.99)}};
  };
  // Completion first: its first call builds the names of a fresh Searcher.
  const std::vector<std::string> prefixes = {"k",   "kim", "kim jong", "rus",  "pyong", "Пут",
                                             "김정", "chi", "nuc",      "sanc", "un",    "lao"};
  const double first = time_us([&] { must(searcher.suggest("kim", 10), "suggest kim"); });
  Latency suggest;
  for (int r = -2; r < runs; ++r) {
    for (const std::string& p : prefixes) {
      const double t = time_us([&] { must(searcher.suggest(p, 10), "suggest " + p); });
      if (r >= 0) suggest.micros.push_back(t);
    }
  }
  out["suggest"] = summary(suggest);
  out["suggest_first_call_us"] = first;

  Latency on, off;
  ordered_json per_query = ordered_json::array();
  for (const Query& q : mix) {
    dossier::SearchRequest req;
    req.query = q.dossier;
    dossier::SearchRequest without = req;
    without.did_you_mean_below = 0;
    Latency q_on, q_off;
    for (int r = -2; r < runs; ++r) {
      // Alternate which goes first, so neither always finds the caches warm.
      double a = 0, b = 0;
      if (r % 2 == 0) {
        a = time_us([&] { must(searcher.search(req), q.dossier); });
        b = time_us([&] { must(searcher.search(without), q.dossier); });
      } else {
        b = time_us([&] { must(searcher.search(without), q.dossier); });
        a = time_us([&] { must(searcher.search(req), q.dossier); });
      }
      if (r < 0) continue;
      on.micros.push_back(a);
      off.micros.push_back(b);
      q_on.micros.push_back(a);
      q_off.micros.push_back(b);
    }
    per_query.push_back(
        {{"query", q.dossier}, {"on_p50_us", q_on.pct(0.5)}, {"off_p50_us", q_off.pct(0.5)}});
  }
  out["mix_did_you_mean_on"] = summary(on);
  out["mix_did_you_mean_off"] = summary(off);
  out["mix"] = per_query;

  const std::vector<std::string> misses = {
      "Kim Jong Um + Rusia", "Pyongyan",         "nucleer test",     "sanctoins + United Nations",
      "Vladivostock",        "anniversery + 2012", "\"armistice agreemnt\"", "Lee Myung Bakk",
      "Chinna + Japn",       "satelite launch"};
  Latency miss;
  ordered_json suggestions = ordered_json::array();
  for (int r = -2; r < runs; ++r) {
    for (const std::string& q : misses) {
      dossier::SearchRequest req;
      req.query = q;
      std::string said;
      const double t = time_us([&] {
        auto res = searcher.search(req);
        must(res, q);
        said = res->did_you_mean;
      });
      if (r == 0) suggestions.push_back({{"query", q}, {"did_you_mean", said}});
      if (r >= 0) miss.micros.push_back(t);
    }
  }
  out["did_you_mean_misses"] = summary(miss);
  out["suggestions"] = suggestions;

  // Articles at even intervals of the docid space.
  const std::vector<Xapian::Database> shards{Xapian::Database(args["--dossier"])};
  const Xapian::Database& db = shards.front();
  dossier::search::StoredReader articles(&shards);
  std::vector<std::string> ids;
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::docid d = 1; d <= last && ids.size() < 50; d += std::max<Xapian::docid>(1, last / 50)) {
    try {
      ids.push_back(articles.article(d, db.get_document(d).get_data()).id);
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  Latency similar;
  for (int r = -1; r < std::max(1, runs / 5); ++r) {
    for (const std::string& id : ids) {
      const double t = time_us([&] { must(searcher.similar(id, 10), "similar " + id); });
      if (r >= 0) similar.micros.push_back(t);
    }
  }
  out["similar"] = summary(similar);
  out["similar_articles"] = ids.size();
  std::cout << out.dump() << "\n";
  std::fprintf(stderr, "%-34s %10s %10s\n", "", "p50 ms", "p95 ms");
  for (const char* key : {"mix_did_you_mean_off", "mix_did_you_mean_on", "did_you_mean_misses",
                          "suggest", "similar"}) {
    std::fprintf(stderr, "%-34s %10.2f %10.2f\n", key, out[key]["p50_us"].get<double>() / 1000,
                 out[key]["p95_us"].get<double>() / 1000);
  }
  std::fprintf(stderr, "%-34s %10.2f\n", "suggest, first call", first / 1000);
  return 0;
}

// Growth between consecutive points: cost(N2)/cost(N1) = (N2/N1)^e, so e = 1
// is linear; e is printed for every cost that should grow with the archive.
double exponent(double n1, double n2, double c1, double c2) {
  return c1 > 0 && c2 > 0 && n1 > 0 && n2 > n1 ? std::log(c2 / c1) / std::log(n2 / n1) : 0;
}

// Reads the points (one JSON object per line, written by tools/bench), prints
// the curve and the growth exponents, writes the report.
int scale_report(const std::string& points_path, const std::string& report_path) {
  std::ifstream in(points_path);
  std::vector<ordered_json> points;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) points.push_back(ordered_json::parse(line));
  }
  if (points.empty()) {
    std::cerr << "no points in " << points_path << "\n";
    return 1;
  }
  std::printf("\nGrowth on synthetic archives (tools/synth), dossier with entities:\n");
  std::printf("  %9s %8s %9s %7s %9s %9s %10s %8s %8s %8s %8s\n", "articles", "input MB",
              "index s", "art/s", "MB/s", "peak RSS", "index/in", "compact", "p50 ms",
              "p95 ms", "p99 ms");
  for (const ordered_json& p : points) {
    const auto& d = p["dossier"];
    std::printf("  %9.0f %8.0f %9.1f %7.0f %9.2f %6.0f MB %10.2f %8.2f %8.2f %8.2f %8.2f\n",
                p["articles"].get<double>(), p["input_bytes"].get<double>() / 1e6,
                d["seconds"].get<double>(), d["articles_per_s"].get<double>(),
                d["mb_per_s"].get<double>(), d["peak_rss_mb"].get<double>(),
                d["index_bytes_per_input_byte"].get<double>(),
                d["compact_bytes_per_input_byte"].get<double>(),
                p["latency"]["p50_us"].get<double>() / 1000,
                p["latency"]["p95_us"].get<double>() / 1000,
                p["latency"]["p99_us"].get<double>() / 1000);
  }
  bool fts5 = false;
  for (const ordered_json& p : points) fts5 = fts5 || p.contains("fts5");
  if (fts5) {
    std::printf("\n  SQLite FTS5 on the same archives:\n  %9s %9s %7s %9s %10s\n", "articles",
                "index s", "art/s", "peak RSS", "index/in");
    for (const ordered_json& p : points) {
      if (!p.contains("fts5")) continue;
      const auto& f = p["fts5"];
      std::printf("  %9.0f %9.1f %7.0f %6.0f MB %10.2f\n", p["articles"].get<double>(),
                  f["seconds"].get<double>(), f["articles_per_s"].get<double>(),
                  f["peak_rss_mb"].get<double>(), f["index_bytes_per_input_byte"].get<double>());
    }
  }
  // Exponents: 1 = linear in the number of articles.
  ordered_json growth = ordered_json::array();
  if (points.size() > 1) {
    std::printf("\n  Growth exponent e (cost ratio = (articles ratio)^e; 1 = linear):\n");
    std::printf("  %21s %8s %8s %8s %9s %8s %8s\n", "from -> to", "index s", "peak RSS",
                "index B", "compact B", "p50", "p95");
  }
  for (std::size_t i = 1; i < points.size(); ++i) {
    const ordered_json& a = points[i - 1];
    const ordered_json& b = points[i];
    const double n1 = a["articles"].get<double>(), n2 = b["articles"].get<double>();
    auto e = [&](const ordered_json& x, const ordered_json& y) {
      return exponent(n1, n2, x.get<double>(), y.get<double>());
    };
    ordered_json g{{"from", n1},
                   {"to", n2},
                   {"index_seconds", e(a["dossier"]["seconds"], b["dossier"]["seconds"])},
                   {"peak_rss", e(a["dossier"]["peak_rss_mb"], b["dossier"]["peak_rss_mb"])},
                   {"index_bytes", e(a["dossier"]["index_bytes"], b["dossier"]["index_bytes"])},
                   {"compact_bytes",
                    e(a["dossier"]["compact_bytes"], b["dossier"]["compact_bytes"])},
                   {"latency_p50", e(a["latency"]["p50_us"], b["latency"]["p50_us"])},
                   {"latency_p95", e(a["latency"]["p95_us"], b["latency"]["p95_us"])}};
    std::printf("  %9.0f -> %9.0f %8.2f %8.2f %8.2f %9.2f %8.2f %8.2f\n", n1, n2,
                g["index_seconds"].get<double>(), g["peak_rss"].get<double>(),
                g["index_bytes"].get<double>(), g["compact_bytes"].get<double>(),
                g["latency_p50"].get<double>(), g["latency_p95"].get<double>());
    growth.push_back(g);
  }
  ordered_json report;
  report["mode"] = "scale";
  report["note"] =
      "synthetic archives from tools/synth (seed 1); dossier index with entities; latency over "
      "the fixed mix (tools/dossier-bench/queries.tsv) with every facet counted exactly, on the "
      "index as built (not compacted); growth exponent e: cost ratio = articles ratio^e";
  report["points"] = points;
  report["growth"] = growth;
  std::ofstream(report_path) << report.dump(2) << "\n";
  std::printf("\nReport: %s\n", report_path.c_str());
  return 0;
}

}  // namespace

// Where analysis time goes, per stage, over a whole archive (one thread):
// cleaning + tokenizing, entity extraction, date extraction.
int analysis_cost(const std::string& input) {
  auto analyzer = dossier::analysis::Analyzer::create(dossier::AnalyzerOptions{});
  auto model = dossier::analysis::EntityModel::builtin();
  dossier::analysis::EntityExtractor extractor(model);
  double tokenize = 0, entities = 0, dates = 0;
  std::size_t n = 0;
  std::vector<dossier::analysis::Token> title, body;
  each_article(input, [&](const dossier::Article& a) {
    const auto t0 = Clock::now();
    title.clear();
    body.clear();
    (*analyzer)->tokenize(a.title, &title);
    (*analyzer)->tokenize(a.body, &body);
    const auto t1 = Clock::now();
    (void)extractor.extract({a.title, &title}, {a.body, &body});
    const auto t2 = Clock::now();
    (void)dossier::analysis::analyze_time(a.title, title, a.body, body,
                                          dossier::analysis::parse_metadata_date(a.published));
    const auto t3 = Clock::now();
    tokenize += std::chrono::duration<double>(t1 - t0).count();
    entities += std::chrono::duration<double>(t2 - t1).count();
    dates += std::chrono::duration<double>(t3 - t2).count();
    ++n;
  });
  std::printf("%zu %.3f %.3f %.3f\n", n, tokenize, entities, dates);
  return 0;
}

// What Xapian's spelling table would add to indexing (the alternative to the
// query-time candidates of "did you mean", searcher/src/spelling.h): every
// folded letter word of INPUT's titles and bodies through
// WritableDatabase::add_spelling into a fresh database in DIR, committed every
// 2000 articles as the indexer does. Prints articles, seconds spent in
// add_spelling and commits (tokenizing, which indexing does anyway, apart),
// and the size of the spelling table.
int spelling_cost(const std::string& input, const std::string& dir) {
  auto analyzer = dossier::analysis::Analyzer::create(dossier::AnalyzerOptions{});
  Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  std::vector<dossier::analysis::Token> tokens;
  double spelling = 0, tokenize = 0;
  std::size_t n = 0, words = 0;
  each_article(input, [&](const dossier::Article& a) {
    const auto t0 = Clock::now();
    tokens.clear();
    (*analyzer)->tokenize(a.title, &tokens);
    (*analyzer)->tokenize(a.body, &tokens);
    const auto t1 = Clock::now();
    for (const dossier::analysis::Token& t : tokens) {
      if (t.kind != dossier::analysis::TokenKind::kWord) continue;
      db.add_spelling(t.term);
      ++words;
    }
    if (++n % 2000 == 0) db.commit();
    const auto t2 = Clock::now();
    tokenize += std::chrono::duration<double>(t1 - t0).count();
    spelling += std::chrono::duration<double>(t2 - t1).count();
  });
  const auto t0 = Clock::now();
  db.commit();
  spelling += std::chrono::duration<double>(Clock::now() - t0).count();
  db.close();
  std::ifstream table(dir + "/spelling.glass", std::ios::binary | std::ios::ate);
  std::printf("%zu articles, %zu words: add_spelling + commits %.2f s (tokenizing %.2f s), "
              "spelling table %.1f MB\n",
              n, words, spelling, tokenize, static_cast<double>(table.tellg()) / 1e6);
  return 0;
}

// Time to load the built-in gazetteer and build its matcher (first use in a
// fresh process), in milliseconds.
int gazetteer_load() {
  const auto t0 = Clock::now();
  auto analyzer = dossier::ArticleAnalyzer::create();
  dossier::Article a;
  a.id = "x";
  a.body = "Kim Jong Un met Vladimir Putin in Vladivostok.";
  const std::size_t found = (*analyzer)->analyze(a).entities.size();
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("%.1f\n", ms);
  return found > 0 ? 0 : 1;
}

// Reading speed before analysis: read_articles alone over INPUT, best of 3
// runs, in MB/s of the bytes the reader produced (after decompression) and of
// the file as stored.
int read_speed(const std::string& input) {
  double best = 1e300;
  std::uint64_t bytes = 0;
  std::size_t articles = 0;
  for (int run = 0; run < 3; ++run) {
    articles = 0;
    const auto t0 = Clock::now();
    bytes = dossier::read_articles(
        {input}, {},
        [&](dossier::Article&&, const dossier::InputLocation&) {
          ++articles;
          return true;
        },
        [](const dossier::InputProblem&) {});
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::ifstream file(input, std::ios::binary | std::ios::ate);
  const double stored = static_cast<double>(file.tellg());
  std::printf(
      "%zu articles, %.1f MB read (%.1f MB stored) in %.3f s: %.1f MB/s (%.1f MB/s stored)\n",
      articles, bytes / 1e6, stored / 1e6, best, bytes / best / 1e6, stored / best / 1e6);
  return 0;
}

// HTML parsing and main-text extraction speed: every article of INPUT is put
// into a news-site page (head with meta tags, JSON-LD without the text, a
// stylesheet and scripts, navigation, the article as paragraphs, related
// links, footer), then the pages are read with read_articles_from_buffer as
// HTML; best of 3 runs, in MB/s of HTML.
std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

int html_speed(const std::string& input) {
  std::vector<std::string> pages;
  std::string nav, related;
  for (int i = 0; i < 25; ++i)
    nav += "<li><a href=\"/section/" + std::to_string(i) + "\">Section " + std::to_string(i) +
           "</a></li>";
  for (int i = 0; i < 10; ++i)
    related += "<li><a href=\"/news/" + std::to_string(i) +
               "\">A related story with a headline of some length " + std::to_string(i) +
               "</a></li>";
  const std::string script(3000, 'x');
  each_article(input, [&](const dossier::Article& a) {
    const std::string title = escape_html(a.title);
    std::string page =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
        " | KCNA Watch</title><meta property=\"og:title\" content=\"" + title +
        "\"><meta property=\"og:site_name\" content=\"KCNA Watch\"><meta "
        "property=\"article:published_time\" content=\"" +
        a.published + "\"><link rel=\"canonical\" href=\"https://example.org/" + escape_html(a.id) +
        "\"><script "
        "type=\"application/ld+json\">{\"@context\":\"https://"
        "schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"x\",\"datePublished\":\"" +
        a.published +
        "\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"KCNA "
        "Watch\"}}</script><style>body{margin:0}.nav li{display:inline}</style><script>var s='" +
        script +
        "';</script></head><body><header class=\"site-header\"><a href=\"/\">KCNA Watch</a><nav "
        "class=\"nav\"><ul>" +
        nav + "</ul></nav></header><main><article><h1>" + title +
        "</h1><div class=\"byline\">By Staff</div>";
    std::size_t start = 0;
    while (start < a.body.size()) {
      std::size_t end = a.body.find("\n\n", start);
      if (end == std::string::npos)
        end = a.body.size();
      page += "<p>" + escape_html(a.body.substr(start, end - start)) + "</p>\n";
      start = end + 2;
    }
    page +=
        "<div class=\"share\"><a "
        "href=\"#\">Share</a></div></article></main><aside><h2>Related</h2><ul>" +
        related +
        "</ul></aside><footer><p>Copyright KCNA "
        "Watch</p></footer><script>track();</script></body></html>";
    pages.push_back(std::move(page));
  });
  std::size_t total = 0;
  for (const std::string& p : pages)
    total += p.size();
  dossier::ReaderOptions options;
  options.format = dossier::InputFormat::kHtml;
  double best = 1e300;
  std::size_t text = 0;
  for (int run = 0; run < 3; ++run) {
    text = 0;
    const auto t0 = Clock::now();
    for (const std::string& p : pages) {
      dossier::read_articles_from_buffer(
          "page.html", p, options,
          [&](dossier::Article&& a, const dossier::InputLocation&) {
            text += a.body.size();
            return true;
          },
          [](const dossier::InputProblem&) {});
    }
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::printf(
      "%zu pages, %.1f MB of HTML (%.1f KB a page), %.1f MB of text extracted, in %.3f s: %.1f "
      "MB/s\n",
      pages.size(), total / 1e6, total / 1e3 / std::max<std::size_t>(1, pages.size()), text / 1e6,
      best, total / best / 1e6);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string cmd = argv[1];
  if (cmd == "gazetteer-load") return gazetteer_load();
  if (cmd == "scale-report" && argc == 4) return scale_report(argv[2], argv[3]);
  if (cmd == "scale-queries") {
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    if (!args.count("--dossier") || !args.count("--queries")) return usage();
    return scale_queries(args);
  }
  if (cmd == "scale-aggregations") {
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    if (!args.count("--dossier") || !args.count("--queries")) return usage();
    return scale_aggregations(args);
  }
  if (cmd == "analysis-cost" && argc == 3) return analysis_cost(argv[2]);
  if (cmd == "spelling-cost" && argc == 4) return spelling_cost(argv[2], argv[3]);
  if (cmd == "assist") {
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    if (!args.count("--dossier") || !args.count("--queries")) return usage();
    return assist(args);
  }
  if (cmd == "scriptindex-input" && argc == 4) return scriptindex_input(argv[2], argv[3]);
  if (cmd == "fts5-index" && argc == 4) return fts5_index(argv[2], argv[3]);
  if (cmd == "queries") {
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    for (const char* required : {"--dossier", "--fts5", "--xapian", "--queries"}) {
      if (!args.count(required)) return usage();
    }
    return queries(args);
  }
  if (cmd == "index-profile" && argc >= 3 && argc % 2 == 1) {
    std::string keep;
    double commit_mb = 1;
    for (int i = 3; i + 1 < argc; i += 2) {
      const std::string flag = argv[i];
      if (flag == "--keep") {
        keep = argv[i + 1];
      } else if (flag == "--commit-mb") {
        commit_mb = std::stod(argv[i + 1]);
      } else {
        return usage();
      }
    }
    return dossier::bench::index_profile(argv[2], keep, commit_mb);
  }
  if (cmd == "read-speed" && argc == 3) return read_speed(argv[2]);
  if (cmd == "html-speed" && argc == 3) return html_speed(argv[2]);
  return usage();
}
