// Indexing with several jobs gives the index one job gives: the same
// documents (document ids included), terms, positions, values, data and
// metadata, the same outcomes in the same order, and the same search answers;
// in a bulk build of a new index and incrementally into an existing one.
// Compaction keeps every answer. (Speed and memory are benchmarks:
// tools/bench.)
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dossier/indexer.h"
#include "dossier/reader.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// The first `n` articles of the bundled KCNA sample, then the seeds.
std::vector<Article> corpus(std::size_t n) {
  std::vector<Article> out;
  read_articles({test::source_path("corpus/kcna/kcna-sample.jsonl")}, {},
                [&](Article&& a, const InputLocation&) {
                  out.push_back(std::move(a));
                  return out.size() < n;
                },
                [](const InputProblem&) {});
  read_articles({test::source_path("corpus/seeds")}, {},
                [&](Article&& a, const InputLocation&) {
                  out.push_back(std::move(a));
                  return true;
                },
                [](const InputProblem&) {});
  return out;
}

// Everything a reader can see in a database, in docid order.
std::string dump(const std::string& path) {
  Xapian::Database db(path);
  std::ostringstream out;
  out << "documents " << db.get_doccount() << " last " << db.get_lastdocid() << "\n";
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out << "meta " << *k << "=" << db.get_metadata(*k) << "\n";
  }
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document d = db.get_document(*p);
    out << "doc " << *p << " length " << p.get_doclength() << "\n" << d.get_data() << "\n";
    for (auto v = d.values_begin(); v != d.values_end(); ++v) {
      out << "value " << v.get_valueno() << " ";
      for (unsigned char c : *v) out << std::hex << static_cast<int>(c) << std::dec << ".";
      out << "\n";
    }
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
      out << *t << " " << t.get_wdf();
      for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos) out << " " << *pos;
      out << "\n";
    }
  }
  return out.str();
}

const char* const kQueries[] = {
    "Kim + Russia",       "\"armored train\"", "Putin + Kim + 2019", "source:KCNA",
    "country:CN",         "title:anniversary", "year:2012",          "denuclear*",
    "Kim Jong Il + visit", "kim -russia",
};

// Search answers: ids, scores, totals, snippets and facets of the query mix.
std::string answers(const std::string& path) {
  auto s = Searcher::open(path);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  if (!s.ok()) return "";
  std::ostringstream out;
  for (const char* q : kQueries) {
    for (bool all : {false, true}) {
      SearchRequest req;
      req.query = q;
      req.limit = 20;
      req.all_copies = all;
      req.facets = {"person", "country", "year"};
      auto r = (*s)->search(req);
      EXPECT_TRUE(r.ok()) << q << ": " << r.status().to_string();
      if (!r.ok()) continue;
      out << q << " total " << r->total << "\n";
      for (const Hit& h : r->hits) {
        out << " " << h.rank << " " << h.id << " " << h.score << " " << h.similar << " "
            << h.snippet.text << " " << h.snippet.highlights.size() << "\n";
      }
      for (const auto& [facet, values] : r->facets) {
        out << " facet " << facet;
        for (const auto& v : values) out << " " << v.id << ":" << v.count;
        out << "\n";
      }
    }
  }
  return out.str();
}

std::string outcome_name(const Result<AddResult>& r) {
  if (!r.ok()) return "error:" + r.status().message();
  switch (r->outcome) {
    case AddOutcome::kAdded: return "added";
    case AddOutcome::kReplaced: return "replaced";
    case AddOutcome::kUnchanged: return "unchanged";
    case AddOutcome::kSkipped: return "skipped";
  }
  return "?";
}

// Submits every article with `jobs` workers; returns the outcomes in order.
std::vector<std::string> index_all(const std::string& path, const std::vector<Article>& articles,
                                   unsigned jobs, std::size_t batch, bool bulk = true,
                                   IndexStats* stats = nullptr) {
  IndexerOptions options;
  options.jobs = jobs;
  options.batch_size = batch;
  options.bulk = bulk;
  auto indexer = Indexer::open(path, options);
  EXPECT_TRUE(indexer.ok()) << indexer.status().to_string();
  std::vector<std::string> outcomes;
  if (!indexer.ok()) return outcomes;
  EXPECT_EQ((*indexer)->jobs(), jobs);
  for (const Article& a : articles) {
    Status s = (*indexer)->submit(a, [&](const Result<AddResult>& r) {
      outcomes.push_back(outcome_name(r));
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
  }
  EXPECT_TRUE((*indexer)->close().ok());
  EXPECT_EQ(outcomes.size(), articles.size());
  if (stats != nullptr) *stats = (*indexer)->stats();
  return outcomes;
}

// Edge cases every path must agree on: the same id twice (unchanged and
// changed), an empty article, an article without id, a near copy.
std::vector<Article> with_edge_cases(std::vector<Article> articles) {
  Article again = articles[3];  // unchanged
  Article changed = articles[5];
  changed.title += " (corrected)";
  Article empty;
  empty.id = "empty-one";
  Article no_id = articles[7];
  no_id.id.clear();
  Article copy = articles[10];  // a republished copy under another id
  copy.id = "republished";
  copy.title = "Another headline";
  for (Article* a : {&again, &changed, &empty, &no_id, &copy}) articles.push_back(*a);
  // The same id early again: it was replaced before in this run.
  Article back = articles[5];
  articles.push_back(back);
  return articles;
}

TEST(Parallel, BulkBuildDoesNotDependOnJobs) {
  const std::vector<Article> articles = with_edge_cases(corpus(400));
  TempDir dir;
  // batch 2: segments of 16 articles, 25-odd of them, so 16 are merged into
  // one, and the build is installed when it holds 64, 128 and 256 articles
  // (at least 25 batches and as many as installed before), then at the end.
  IndexStats s1, s4;
  const auto one = index_all(dir / "one", articles, 1, 2, true, &s1);
  const auto four = index_all(dir / "four", articles, 4, 2, true, &s4);
  EXPECT_EQ(one, four);
  EXPECT_EQ(s1.installs, 4u);
  EXPECT_EQ(s4.installs, 4u);
  EXPECT_EQ(s1.copies, s4.copies);
  EXPECT_GE(s1.copies, 1u);
  const std::string d1 = dump(dir / "one");
  EXPECT_EQ(d1, dump(dir / "four"));
  EXPECT_EQ(answers(dir / "one"), answers(dir / "four"));
  // The edge cases did happen.
  EXPECT_EQ(std::count(one.begin(), one.end(), "unchanged"), 1);
  EXPECT_EQ(std::count(one.begin(), one.end(), "replaced"), 2);
  EXPECT_EQ(std::count(one.begin(), one.end(), "skipped"), 1);
  EXPECT_EQ(std::count(one.begin(), one.end(), "error:article has an empty id"), 1);
  // Nothing is left beside the index.
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".dossier-"), std::string::npos)
        << entry.path();
  }
}

TEST(Parallel, IncrementalRunDoesNotDependOnJobs) {
  const std::vector<Article> all = with_edge_cases(corpus(300));
  const std::vector<Article> first(all.begin(), all.begin() + 100);
  TempDir dir;
  for (const char* name : {"one", "three"}) {
    index_all(dir / name, first, 1, 2000);
  }
  const auto one = index_all(dir / "one", all, 1, 37);
  const auto three = index_all(dir / "three", all, 3, 37);
  EXPECT_EQ(one, three);
  EXPECT_EQ(std::count(one.begin(), one.end(), "unchanged"), 101);
  EXPECT_EQ(dump(dir / "one"), dump(dir / "three"));
  EXPECT_EQ(answers(dir / "one"), answers(dir / "three"));
}

TEST(Parallel, BulkAndIncrementalBuildsAnswerAlike) {
  const std::vector<Article> articles = corpus(300);
  TempDir dir;
  index_all(dir / "bulk", articles, 2, 50, /*bulk=*/true);
  index_all(dir / "incremental", articles, 2, 50, /*bulk=*/false);
  EXPECT_EQ(answers(dir / "bulk"), answers(dir / "incremental"));
  // The bulk build came out compacted: smaller than the incremental one.
  auto size = [](const std::string& d) {
    std::uintmax_t n = 0;
    for (const auto& e : fs::directory_iterator(d)) n += e.file_size();
    return n;
  };
  EXPECT_LT(size(dir / "bulk"), size(dir / "incremental"));
}

TEST(Parallel, CompactionKeepsEveryAnswer) {
  const std::vector<Article> articles = corpus(300);
  TempDir dir;
  index_all(dir / "db", articles, 2, 40, /*bulk=*/false);
  const std::string before = dump(dir / "db");
  const std::string answered = answers(dir / "db");
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  EXPECT_FALSE((*indexer)->bulk());
  ASSERT_TRUE((*indexer)->compact().ok());
  // Still writable afterwards, and still the same index.
  auto again = (*indexer)->add(articles[0]);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, AddOutcome::kUnchanged);
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_EQ(dump(dir / "db"), before);
  EXPECT_EQ(answers(dir / "db"), answered);
}

TEST(Parallel, AddAndSubmitMix) {
  // add() runs on the calling thread after everything submitted; the index
  // is the one submit() alone gives.
  const std::vector<Article> articles = corpus(120);
  TempDir dir;
  index_all(dir / "submitted", articles, 3, 10);
  IndexerOptions options;
  options.jobs = 3;
  options.batch_size = 10;
  auto indexer = Indexer::open(dir / "mixed", options);
  ASSERT_TRUE(indexer.ok());
  std::size_t callbacks = 0, submitted = 0;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (i % 7 == 3) {
      auto r = (*indexer)->add(articles[i]);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(callbacks, submitted);  // every earlier submit reported first
    } else {
      ++submitted;
      ASSERT_TRUE((*indexer)->submit(articles[i], [&](const Result<AddResult>&) { ++callbacks; }).ok());
    }
  }
  EXPECT_EQ((*indexer)->document_count(), articles.size());
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_EQ(dump(dir / "mixed"), dump(dir / "submitted"));
}

TEST(Parallel, RemoveDuringABulkBuild) {
  const std::vector<Article> articles = corpus(60);
  TempDir dir;
  IndexerOptions options;
  options.jobs = 2;
  options.batch_size = 8;
  auto indexer = Indexer::open(dir / "db", options);
  ASSERT_TRUE(indexer.ok());
  EXPECT_TRUE((*indexer)->bulk());
  for (const Article& a : articles) ASSERT_TRUE((*indexer)->submit(a, nullptr).ok());
  auto removed = (*indexer)->remove(articles[5].id);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(*(*indexer)->remove("no-such-id"));
  // Added again after its removal: a new article.
  auto back = (*indexer)->add(articles[5]);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->outcome, AddOutcome::kAdded);
  EXPECT_TRUE((*indexer)->remove(articles[6].id).ok());
  ASSERT_TRUE((*indexer)->close().ok());
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->info()->documents, articles.size() - 1);
  EXPECT_TRUE((*s)->get_article(articles[5].id).ok());
  EXPECT_EQ((*s)->get_article(articles[6].id).status().code(), StatusCode::kNotFound);
}

TEST(Parallel, ASearcherOpenDuringTheBuildSeesEachInstall) {
  // An install replaces the index directory under the searcher's feet; its
  // next query reopens on the new index (a new revision), never a mix.
  const std::vector<Article> articles = corpus(200);
  TempDir dir;
  IndexerOptions options;
  options.jobs = 2;
  options.batch_size = 5;  // segments of 40; installed at 160 articles (>= 125), then at the end
  auto indexer = Indexer::open(dir / "db", options);
  ASSERT_TRUE(indexer.ok());
  auto searcher = Searcher::open(dir / "db");
  ASSERT_TRUE(searcher.ok());
  SearchRequest all;
  all.query = "source:KCNA";
  all.facets.clear();
  ASSERT_TRUE((*searcher)->search(all).ok());
  EXPECT_EQ((*searcher)->search(all)->total, 0u);
  for (const Article& a : articles) ASSERT_TRUE((*indexer)->submit(a, nullptr).ok());
  ASSERT_TRUE((*indexer)->flush().ok());
  EXPECT_EQ((*indexer)->stats().installs, 1u);
  auto midway = (*searcher)->search(all);
  ASSERT_TRUE(midway.ok()) << midway.status().to_string();
  EXPECT_EQ(midway->total, 160u);
  ASSERT_TRUE((*indexer)->close().ok());
  auto done = (*searcher)->search(all);
  ASSERT_TRUE(done.ok()) << done.status().to_string();
  EXPECT_EQ(done->total, 200u);
}

TEST(Parallel, LeftoversOfACrashedBuildAreRemoved) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  // What a killed bulk build leaves beside the index.
  fs::create_directories(dir / ".db.dossier-build/seg-000001");
  test::write_file(dir / ".db.dossier-build/seg-000001/postlist.glass", "partial");
  fs::create_directories(dir / ".db.dossier-install");
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  EXPECT_FALSE(fs::exists(dir / ".db.dossier-build"));
  EXPECT_FALSE(fs::exists(dir / ".db.dossier-install"));
  ASSERT_TRUE((*indexer)->add(corpus(1)[0]).ok());
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_EQ(Xapian::Database(dir / "db").get_doccount(), 1u);
}

// A new index is created and stamped beside its path and renamed into place,
// so a crash during creation never leaves an unstamped database that readers
// refuse: what such a crash leaves is removed by the next open, while a
// running process's new index is left alone.
TEST(Parallel, ANewIndexAppearsStampedAndKilledCreationsAreRemoved) {
  TempDir dir;
  fs::create_directories(dir / ".db.dossier-new-999999999/partial");  // no such process
  const std::string live = ".db.dossier-new-" + std::to_string(::getppid());
  fs::create_directories(dir / live);
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok()) << indexer.status().message();
    // Before any article: the index is there, stamped, and readable.
    auto searcher = Searcher::open(dir / "db");
    ASSERT_TRUE(searcher.ok()) << searcher.status().message();
    auto info = (*searcher)->info();
    ASSERT_TRUE(info.ok()) << info.status().message();
    EXPECT_EQ(info->documents, 0u);
    EXPECT_GT(info->format_version, 0);
    ASSERT_TRUE((*indexer)->close().ok());
  }
  EXPECT_FALSE(fs::exists(dir / ".db.dossier-new-999999999"));
  EXPECT_TRUE(fs::exists(dir / live));
  for (const auto& e : fs::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name == "db" || name == live) << name;
  }
  // An empty directory given as the index becomes the index.
  fs::create_directories(dir / "empty");
  auto indexer = Indexer::open(dir / "empty");
  ASSERT_TRUE(indexer.ok()) << indexer.status().message();
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_TRUE(fs::exists(fs::path(dir / "empty") / "iamglass"));
}

}  // namespace
}  // namespace dossier
