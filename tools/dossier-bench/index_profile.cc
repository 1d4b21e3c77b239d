// dossier-bench index-profile INPUT [--keep DIR] [--commit-mb N]: where one thread's indexing
// time goes, stage by stage, over a whole archive (a benchmark, never a test).
//
// The articles are read once (timed: reading, decompression and JSON), then
// each goes through the indexer's own stages, timed separately: cleaning,
// language detection, tokenizing, dates, entities (Pipeline::run with stage
// times), SimHash, building the Xapian document, and writing it two ways:
//   segments  what a bulk build does: fresh segment databases of 8 MB of text,
//             committed every MB (--commit-mb), then merged by Xapian's compactor
//   one db    what an incremental run does: one database, committed every
//             2000 articles (as dossier 0.1's every new index)
// Prints a table (seconds, share of the bulk total, articles/s) and one JSON
// line with the same figures.
#include "index_profile.h"

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/simhash.h"
#include "dossier/reader.h"
#include "index/document_builder.h"
#include "index/pipeline.h"

namespace dossier::bench {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int index_profile(const std::string& input, const std::string& keep, double commit_mb) {
  const fs::path dir = keep.empty() ? fs::temp_directory_path() / ("dossier-profile-" +
                                                                    std::to_string(::getpid()))
                                    : fs::path(keep);
  fs::remove_all(dir);
  fs::create_directories(dir);

  // Reading alone.
  std::vector<Article> articles;
  std::uint64_t text = 0;
  const auto t_read = Clock::now();
  const std::uint64_t input_bytes = read_articles(
      {input}, {},
      [&](Article&& a, const InputLocation&) {
        text += a.title.size() + a.body.size();
        articles.push_back(std::move(a));
        return true;
      },
      [](const InputProblem&) {});
  const double read = since(t_read);

  auto analyzer = analysis::Analyzer::create(AnalyzerOptions{});
  if (!analyzer.ok()) {
    std::cerr << analyzer.status().to_string() << "\n";
    return 1;
  }
  const auto t_model = Clock::now();
  auto model = analysis::EntityModel::builtin();
  const double gazetteer = since(t_model);
  index::Pipeline pipeline(analyzer->get(), model);
  index::DocumentBuilder builder(analyzer->get());
  index::StageTimes stages;
  index::AnalyzedArticle analyzed;
  double simhash = 0, build = 0, seg_add = 0, seg_commit = 0, one_add = 0, one_commit = 0;

  const std::string one_path = (dir / "one").string();
  Xapian::WritableDatabase one(one_path, Xapian::DB_CREATE_OR_OPEN);
  std::vector<std::string> segments;
  std::unique_ptr<Xapian::WritableDatabase> seg;
  std::uint64_t seg_bytes = 0, commit_bytes = 0;
  std::size_t one_pending = 0;
  for (const Article& a : articles) {
    pipeline.run(a, &analyzed, &stages);
    if (analyzed.empty()) continue;
    auto t = Clock::now();
    const std::uint64_t fp = analysis::simhash(analyzed.body_tokens);
    simhash += since(t);
    t = Clock::now();
    Xapian::Document doc = builder.build(analyzed);
    build += since(t);
    (void)fp;
    const std::uint64_t bytes = analyzed.article.title.size() + analyzed.article.body.size();

    if (!seg) {
      segments.push_back((dir / ("seg-" + std::to_string(segments.size()))).string());
      seg = std::make_unique<Xapian::WritableDatabase>(
          segments.back(), Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
    }
    t = Clock::now();
    seg->add_document(doc);
    seg_add += since(t);
    seg_bytes += bytes;
    commit_bytes += bytes;
    if (commit_bytes >= commit_mb * (1u << 20) || seg_bytes >= (8u << 20)) {
      t = Clock::now();
      seg->commit();
      if (seg_bytes >= (8u << 20)) {
        seg->close();
        seg.reset();
        seg_bytes = 0;
      }
      seg_commit += since(t);
      commit_bytes = 0;
    }

    t = Clock::now();
    one.add_document(doc);
    one_add += since(t);
    if (++one_pending >= 2000) {
      t = Clock::now();
      one.commit();
      one_commit += since(t);
      one_pending = 0;
    }
  }
  auto t = Clock::now();
  if (seg) {
    seg->commit();
    seg->close();
  }
  seg_commit += since(t);
  t = Clock::now();
  one.commit();
  one.close();
  one_commit += since(t);

  t = Clock::now();
  {
    Xapian::Database all;
    for (const std::string& s : segments) all.add_database(Xapian::Database(s));
    all.compact((dir / "merged").string(),
                segments.size() > 3 ? Xapian::DBCOMPACT_MULTIPASS : 0u);
  }
  const double merge = since(t);

  const double analysis_total =
      stages.clean + stages.language + stages.tokenize + stages.dates + stages.entities;
  const double bulk_total = read + analysis_total + simhash + build + seg_add + seg_commit + merge;
  const double one_total = read + analysis_total + simhash + build + one_add + one_commit;
  const double n = static_cast<double>(articles.size());
  struct Row {
    const char* name;
    double seconds;
  };
  const Row rows[] = {{"read + JSON", read},
                      {"clean", stages.clean},
                      {"language", stages.language},
                      {"tokenize", stages.tokenize},
                      {"dates", stages.dates},
                      {"entities", stages.entities},
                      {"simhash", simhash},
                      {"build document", build},
                      {"segments: add", seg_add},
                      {"segments: commit", seg_commit},
                      {"segments: merge", merge}};
  std::printf("Indexing profile, one thread: %zu articles, %.1f MB read, %.1f MB of text\n",
              articles.size(), input_bytes / 1e6, text / 1e6);
  std::printf("  %-22s %9s %8s\n", "stage", "seconds", "share");
  for (const Row& r : rows) {
    std::printf("  %-22s %9.2f %7.1f%%\n", r.name, r.seconds, 100 * r.seconds / bulk_total);
  }
  std::printf("  %-22s %9.2f %7.1f%%  (%.0f articles/s)\n", "bulk total", bulk_total, 100.0,
              n / bulk_total);
  std::printf("  %-22s %9.2f           (one db: add %.2f s + commit %.2f s; %.0f articles/s)\n",
              "one-db total", one_total, one_add, one_commit, n / one_total);
  std::printf("  gazetteer load (once per process): %.2f s\n", gazetteer);
  nlohmann::ordered_json j{{"articles", articles.size()},     {"input_bytes", input_bytes},
                           {"read", read},                    {"clean", stages.clean},
                           {"language", stages.language},     {"tokenize", stages.tokenize},
                           {"dates", stages.dates},           {"entities", stages.entities},
                           {"simhash", simhash},              {"build", build},
                           {"segments_add", seg_add},         {"segments_commit", seg_commit},
                           {"segments_merge", merge},         {"bulk_total", bulk_total},
                           {"one_db_add", one_add},           {"one_db_commit", one_commit},
                           {"one_db_total", one_total},       {"gazetteer_load", gazetteer}};
  std::printf("%s\n", j.dump().c_str());
  if (keep.empty()) fs::remove_all(dir);
  return 0;
}

}  // namespace dossier::bench
