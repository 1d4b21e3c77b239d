// The stratified sample of the counting pass (searcher/src/sample.h), the
// in-memory facet keys (facet_column.h) and BM25 over the lengths in memory
// (ranking.h), on small databases.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "analysis/schema.h"
#include "facet_column.h"
#include "facets.h"
#include "ranking.h"
#include "sample.h"
#include "test_support.h"

namespace dossier::search {
namespace {

Xapian::WritableDatabase database(Xapian::doccount n) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::doccount i = 0; i < n; ++i) {
    Xapian::Document doc;
    doc.add_boolean_term("Xall");
    db.add_document(doc);
  }
  return db;
}

std::vector<Xapian::docid> walk(const Xapian::Database& db, Xapian::docid stride) {
  StratifiedSample sample(stride);
  sample.init(db);
  std::vector<Xapian::docid> out;
  for (sample.next(0); !sample.at_end(); sample.next(0)) out.push_back(sample.get_docid());
  return out;
}

// Runs grow with the archive while the sample keeps kMinRuns of them.
TEST(StratifiedSample, RunsGrowWhileTheSampleKeepsAThousandOfThem) {
  EXPECT_EQ(StratifiedSample::run_length(5000, 1), 8u);
  EXPECT_EQ(StratifiedSample::run_length(100000, 13), 8u);
  EXPECT_EQ(StratifiedSample::run_length(1000000, 13), 64u);
  EXPECT_EQ(StratifiedSample::run_length(1000000, 61), 16u);
  EXPECT_EQ(StratifiedSample::run_length(4000000000u, 1), StratifiedSample::kMaxRun);
  EXPECT_EQ(StratifiedSample::run_length(0, 0), StratifiedSample::kMinRun);
  for (Xapian::docid last : {5000u, 1000000u, 77777777u}) {
    for (Xapian::docid stride : {2u, 13u, 400u}) {
      const Xapian::docid run = StratifiedSample::run_length(last, stride);
      if (run > StratifiedSample::kMinRun) {
        EXPECT_GE(last / (static_cast<std::uint64_t>(stride) * run), StratifiedSample::kMinRuns)
            << last << " / " << stride;
      }
    }
  }
}

TEST(StratifiedSample, OneRunOfEveryBlock) {
  // 5,000 articles: runs of 8; 40,000 sampled one in 2: runs of 16.
  for (Xapian::doccount size : {5000u, 40000u}) {
    const Xapian::WritableDatabase db = database(size);
    for (Xapian::docid stride : {1u, 2u, 3u, 7u, 40u}) {
      SCOPED_TRACE("size " + std::to_string(size) + ", stride " + std::to_string(stride));
      const Xapian::docid kRun = StratifiedSample::run_length(size, stride);
      if (size == 40000 && stride == 2) {
        EXPECT_EQ(kRun, 16u);
      }
      const std::vector<Xapian::docid> got = walk(db, stride);
      ASSERT_FALSE(got.empty());
      std::map<Xapian::docid, std::vector<Xapian::docid>> by_block;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_GE(got[i], 1u);
        EXPECT_LE(got[i], size);
        if (i > 0) {
          EXPECT_LT(got[i - 1], got[i]);
        }
        by_block[(got[i] - 1) / (stride * kRun)].push_back(got[i]);
      }
      for (const auto& [block, dids] : by_block) {
        // One aligned run of consecutive docids (the last block may cut it).
        EXPECT_EQ((dids.front() - 1) % kRun, 0u) << "block " << block;
        EXPECT_EQ(dids.back() - dids.front() + 1, dids.size()) << "block " << block;
        if ((block + 1) * stride * kRun <= size) {
          EXPECT_EQ(dids.size(), kRun) << "block " << block;
        }
      }
      // Every block but a short last one holds a run: about 1 in stride.
      EXPECT_EQ(by_block.size(), (size + stride * kRun - 1) / (stride * kRun) -
                                     (by_block.count((size - 1) / (stride * kRun)) ? 0 : 1));
      if (stride == 1) {
        EXPECT_EQ(got.size(), size);
      }
      // The same picks every time.
      EXPECT_EQ(walk(db, stride), got);
    }
  }
}

TEST(StratifiedSample, EveryDocumentIsEquallyLikely) {
  // Over many strides each region of the archive is sampled about equally:
  // the picks are spread, not stuck at the start of their blocks.
  const Xapian::WritableDatabase db = database(64 * 32);
  std::vector<int> hits(64 * 32 + 1, 0);
  int samples = 0;
  for (Xapian::docid stride = 2; stride < 200; ++stride) {
    for (Xapian::docid did : walk(db, stride)) ++hits[did];
    ++samples;
  }
  // Runs of 32 within the first 64 runs: count the picks of each run.
  std::vector<double> per_run(64, 0);
  for (Xapian::docid did = 1; did <= 64 * 32; ++did) per_run[(did - 1) / 32] += hits[did];
  double lo = 1e9, hi = 0;
  for (double v : per_run) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GT(lo, 0) << "a run never picked";
  EXPECT_LT(hi / lo, 8) << "picks pile up in some runs";
  (void)samples;
}

TEST(StratifiedSample, SkipToLandsOnTheNextPick) {
  const Xapian::WritableDatabase db = database(3000);
  const std::vector<Xapian::docid> all = walk(db, 5);
  for (Xapian::docid target : {1u, 2u, 31u, 32u, 33u, 500u, 1234u, 2999u, 3000u}) {
    StratifiedSample sample(5);
    sample.init(db);
    sample.skip_to(target, 0);
    const auto next = std::lower_bound(all.begin(), all.end(), target);
    if (next == all.end()) {
      EXPECT_TRUE(sample.at_end()) << target;
    } else {
      ASSERT_FALSE(sample.at_end()) << target;
      EXPECT_EQ(sample.get_docid(), *next) << target;
    }
  }
}

TEST(StratifiedSample, FiltersAQueryAsAPostingSource) {
  Xapian::WritableDatabase db = database(2000);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Xall"),
                                  Xapian::Query((new StratifiedSample(4))->release())));
  const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  EXPECT_EQ(mset.get_matches_estimated(), walk(db, 4).size());
  EXPECT_NEAR(static_cast<double>(mset.get_matches_estimated()) * 4, 2000.0, 4 * 32.0);
}

std::string keys_value(const std::vector<std::uint64_t>& keys) {
  std::string v;
  for (std::uint64_t key : keys) {
    for (int b = 0; b < 8; ++b) v += static_cast<char>((key >> (8 * b)) & 0xFF);
  }
  return v;
}

TEST(FacetColumn, HoldsEachDocumentsKeysAndMarksLoneStories) {
  const test::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  const std::uint64_t kp = schema::facet_key(1, "country:KP");
  const std::uint64_t ru = schema::facet_key(1, "country:RU");
  const std::uint64_t shared = schema::cluster_key("a");
  const std::uint64_t alone = schema::cluster_key("c");
  const std::vector<std::vector<std::uint64_t>> docs = {
      {kp, shared}, {kp, ru, shared}, {}, {ru, alone}};
  for (const auto& keys : docs) {
    Xapian::Document doc;
    if (!keys.empty()) doc.add_value(schema::kFacetKeysValue, keys_value(keys));
    doc.add_boolean_term("Xall");
    db.add_document(doc);
  }
  db.delete_document(3);
  db.commit();
  const auto column = FacetColumn::load(db);
  auto keys = [&](Xapian::docid did) {
    const auto [b, e] = column->keys(did);
    return std::vector<std::uint64_t>(b, e);
  };
  EXPECT_EQ(keys(1), (std::vector<std::uint64_t>{kp, shared}));
  EXPECT_EQ(keys(2), (std::vector<std::uint64_t>{kp, ru, shared}));
  EXPECT_TRUE(keys(3).empty());
  EXPECT_EQ(keys(4), (std::vector<std::uint64_t>{ru, kSingletonStoryKey}));
  EXPECT_TRUE(keys(0).empty());
  EXPECT_TRUE(keys(5).empty());

  // Counting from the column gives what counting the stored values gives.
  FacetSpy from_values({"country"}, true), from_column({"country"}, true);
  from_column.set_column(column.get());
  for (FacetSpy* spy : {&from_values, &from_column}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("Xall"));
    enquire.add_matchspy(spy);
    enquire.get_mset(0, 0, db.get_doccount());
  }
  EXPECT_EQ(from_column.matches(), from_values.matches());
  EXPECT_EQ(from_column.stories(), from_values.stories());
  EXPECT_EQ(from_column.stories(), 2u);  // {1, 2} and {4}
  EXPECT_EQ(from_column.count(kp), 2u);
  EXPECT_EQ(from_column.count(ru), 2u);
  EXPECT_EQ(from_column.count(shared), 2u);
}


TEST(FacetColumn, SharedIsReadOncePerDatabaseAndRevisionAndFreedWithItsLastHolder) {
  const test::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  auto add = [&](const std::string& country) {
    Xapian::Document doc;
    doc.add_value(schema::kFacetKeysValue, keys_value({schema::facet_key(1, country)}));
    doc.add_boolean_term("Xall");
    db.add_document(doc);
    db.commit();
  };
  add("country:KP");
  add("country:RU");

  // Handles of their own (Xapian handles are single-threaded), asking at
  // once: one read, one copy.
  constexpr int kThreads = 8;
  std::vector<std::shared_ptr<const FacetColumn>> got(kThreads);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] { got[i] = FacetColumn::shared(Xapian::Database(dir / "db")); });
    }
    for (std::thread& t : threads) t.join();
  }
  for (int i = 1; i < kThreads; ++i) EXPECT_EQ(got[i].get(), got[0].get());
  const Xapian::Database reader(dir / "db");
  EXPECT_NE(FacetColumn::load(reader).get(), got[0].get());  // load() reads anew
  std::weak_ptr<const FacetColumn> first = got[0];

  // Another revision is another column, with the new article's keys.
  add("country:CN");
  Xapian::Database later(dir / "db");
  const auto newer = FacetColumn::shared(later);
  EXPECT_NE(newer.get(), got[0].get());
  EXPECT_GT(newer->revision(), got[0]->revision());
  const auto [b, e] = newer->keys(3);
  ASSERT_EQ(e - b, 1);
  EXPECT_EQ(*b, schema::facet_key(1, "country:CN"));

  // The process keeps no column alive: the last holder frees it.
  got.clear();
  EXPECT_TRUE(first.expired());
  EXPECT_EQ(FacetColumn::shared(later).get(), newer.get());
}

// Queries with a phrase or NEAR anywhere are ranked with Xapian's own BM25
// (ranking.h: Xapian weighs a phrase's words where the range does not stand).
TEST(LengthsBm25Weight, QueriesWithPhrasesAreLeftToXapiansBm25) {
  using Q = Xapian::Query;
  EXPECT_TRUE(lengths_rank_exactly(Q("korea")));
  EXPECT_TRUE(lengths_rank_exactly(Q(Q::OP_AND_MAYBE, Q("a"), Q(Q::OP_SYNONYM, Q("b"), Q("c")))));
  EXPECT_TRUE(lengths_rank_exactly(Q(Q::OP_FILTER, Q(Q::OP_OR, Q("a"), Q("b")),
                                     Q(Q::OP_VALUE_RANGE, 4, "2011", "2012"))));
  EXPECT_TRUE(lengths_rank_exactly(Q()));
  const Q phrase(Q::OP_PHRASE, Q("power"), Q("station"));
  EXPECT_FALSE(lengths_rank_exactly(phrase));
  EXPECT_FALSE(lengths_rank_exactly(Q(Q::OP_NEAR, Q("a"), Q("b"))));
  EXPECT_FALSE(lengths_rank_exactly(
      Q(Q::OP_AND_MAYBE, Q(Q::OP_AND, Q("power"), Q("station")), phrase)));
  EXPECT_FALSE(lengths_rank_exactly(Q(Q::OP_OR, Q("a"), Q(Q::OP_SCALE_WEIGHT, phrase, 0.5))));
}

// The lengths in memory score every document as Xapian's BM25 does, to the
// bit, whatever the query's shape (without a phrase), on one pass or on
// ranges of docids; the lengths are what makes it so (without them every
// document would be as long as the shortest).
TEST(LengthsBm25Weight, ScoresAsXapiansBm25BitForBit) {
  const test::TempDir dir;
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  // Documents of lengths 1 to about 200, the words in varying numbers.
  const char* words[] = {"korea", "kim", "russia", "talks", "rice", "flood"};
  for (unsigned d = 1; d <= 60; ++d) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (unsigned w = 0; w < 6; ++w) {
      const std::uint64_t times = ((std::uint64_t{d} * 2654435761u) >> (w * 4 + 3)) % 5;
      for (unsigned n = 0; n < times; ++n)
        doc.add_posting(words[w], ++pos);
    }
    for (unsigned n = 0; n < (d * 37) % 190; ++n)
      doc.add_posting("filler", ++pos);
    if (pos == 0) doc.add_posting("filler", ++pos);
    db.add_document(doc);
  }
  db.delete_document(17);  // a docid with no document
  db.commit();
  const auto column = FacetColumn::load(db);
  ASSERT_EQ(column->lengths().size(), db.get_lastdocid() + 1);
  EXPECT_EQ(column->lengths()[17], 0u);
  EXPECT_EQ(column->lengths()[18], db.get_doclength(18));

  using Q = Xapian::Query;
  const std::vector<Q> queries = {
      Q("korea"),
      Q(Q::OP_OR, Q("korea"), Q("russia")),
      Q(Q::OP_AND, Q("kim"), Q("talks")),
      Q(Q::OP_SYNONYM, Q("rice"), Q("flood")),
      Q(Q::OP_OR, Q(Q::OP_AND, Q("kim"), Q("korea")), Q(Q::OP_SCALE_WEIGHT, Q("russia"), 0.4)),
      Q(Q::OP_AND_NOT, Q("korea"), Q("flood")),
      Q(Q::OP_AND_MAYBE, Q("talks"), Q("rice")),
      Q(Q::OP_OR, Q("korea", 2), Q("kim")),  // a word written twice in the query
  };
  // Stage 1's parameters, and Xapian's defaults (plain BM25).
  for (const auto& [k1, b] : {std::pair{1.0, 0.3}, std::pair{1.0, 0.5}, std::pair{1.2, 0.75}}) {
    for (const Q& query : queries) {
      SCOPED_TRACE(query.get_description() + " k1 " + std::to_string(k1) + " b " +
                   std::to_string(b));
      Xapian::Enquire xapian(db);
      xapian.set_query(query);
      xapian.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
      const Xapian::MSet want = xapian.get_mset(0, 100);
      ASSERT_GT(want.size(), 0u);
      std::map<Xapian::docid, double> expected;
      for (auto it = want.begin(); it != want.end(); ++it) expected[*it] = it.get_weight();

      // One pass over every docid, and two ranges of them.
      const Xapian::docid last = db.get_lastdocid();
      for (const auto& ranges :
           {std::vector<std::pair<Xapian::docid, Xapian::docid>>{{1, last}},
            std::vector<std::pair<Xapian::docid, Xapian::docid>>{{1, 30}, {31, last}}}) {
        std::map<Xapian::docid, double> got;
        for (const auto& [first, end] : ranges) {
          Xapian::Enquire ours(db);
          ours.set_query(in_range(query, first, end, &column->lengths()));
          ours.set_weighting_scheme(LengthsBm25Weight(k1, b));
          const Xapian::MSet mset = ours.get_mset(0, 100);
          for (auto it = mset.begin(); it != mset.end(); ++it) got[*it] = it.get_weight();
        }
        ASSERT_EQ(got.size(), expected.size());
        for (const auto& [did, weight] : expected) {
          EXPECT_EQ(got[did], weight) << "docid " << did;  // equal bits, not nearly
        }
      }
      // Without the lengths, the documents are not told apart by length.
      Xapian::Enquire blind(db);
      blind.set_query(in_range(query, 1, db.get_lastdocid()));
      blind.set_weighting_scheme(LengthsBm25Weight(k1, b));
      current_document_length = 0;
      const Xapian::MSet wrong = blind.get_mset(0, 100);
      bool differs = false;
      for (auto it = wrong.begin(); it != wrong.end(); ++it) {
        differs = differs || it.get_weight() != expected[*it];
      }
      EXPECT_TRUE(differs);
    }
  }
}

}  // namespace
}  // namespace dossier::search
