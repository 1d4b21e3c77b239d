// Index -> search round trips through the public API only (plus Xapian, used
// to tamper with an index the way an old or foreign writer would).
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "dossier/indexer.h"
#include "dossier/reader.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;

// Indexes `inputs` into `db`; returns the indexer's stats.
IndexStats index_inputs(const std::string& db, const std::vector<std::string>& inputs) {
  auto indexer = Indexer::open(db);
  EXPECT_TRUE(indexer.ok()) << indexer.status().to_string();
  read_articles(
      inputs, {},
      [&](Article&& a, const InputLocation&) {
        auto r = (*indexer)->add(a);
        EXPECT_TRUE(r.ok()) << r.status().to_string();
        return true;
      },
      [](const InputProblem& p) { ADD_FAILURE() << p.status.to_string(); });
  EXPECT_TRUE((*indexer)->close().ok());
  return (*indexer)->stats();
}

Article article(const std::string& id, const std::string& title, const std::string& body,
                const std::string& published = "") {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.published = published;
  return a;
}

std::vector<std::string> ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

// The bundled corpus (three seeds and the KCNA sample), indexed once.
class BundledCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Under CTest a fixture has indexed the corpus once (with the dossier
    // binary); run directly, the suite indexes it itself.
    if (const char* shared = std::getenv("DOSSIER_TEST_BUNDLED_DB")) {
      db_ = shared;
      return;
    }
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    index_inputs(db_, {test::source_path("corpus/seeds"), test::source_path("corpus/kcna")});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    auto s = Searcher::open(db_);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    searcher_ = std::move(s.value());
  }
  SearchResponse search(const std::string& q, std::size_t limit = 10, std::size_t offset = 0,
                        bool all_copies = false) {
    SearchRequest req;
    req.all_copies = all_copies;
    req.query = q;
    req.limit = limit;
    req.offset = offset;
    auto r = searcher_->search(req);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().to_string();
    return r.ok() ? *r : SearchResponse{};
  }

  static TempDir* dir_;
  static std::string db_;
  std::unique_ptr<Searcher> searcher_;
};
TempDir* BundledCorpus::dir_ = nullptr;
std::string BundledCorpus::db_;

TEST_F(BundledCorpus, EveryArticleIsIndexed) {
  auto info = searcher_->info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->documents, 2003u);
  EXPECT_EQ(info->format_version, 7);
  EXPECT_EQ(info->analysis.stemmer, "auto");
}

TEST_F(BundledCorpus, PutinAndCosmodromeFindTheCosmodromeStory) {
  SearchResponse r = search("Putin + cosmodrome");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "001_4d3a4471832e5cd3");
  EXPECT_EQ(r.hits[0].rank, 1u);
}

TEST_F(BundledCorpus, SoldiersAndRussiaFindTheTroopsStory) {
  SearchResponse r = search("soldiers + Russia");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "002_ac8235621096dcab");
}

TEST_F(BundledCorpus, KimRussia2019ReturnsExactlyTheSeeds) {
  SearchResponse r = search("Kim + Russia + 2019");
  EXPECT_EQ(r.total, 3u);
  std::vector<std::string> got = ids(r);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"000_4a8b286dea9e7962", "001_4d3a4471832e5cd3",
                                           "002_ac8235621096dcab"}));
  for (const Hit& h : r.hits) {
    EXPECT_FALSE(h.snippet.text.empty()) << h.id;
    EXPECT_FALSE(h.snippet.highlights.empty()) << h.id;
  }
}

TEST_F(BundledCorpus, YearsMatchPublicationDatesToo) {
  // KCNA stories carry publication dates; "2011" matches stories published
  // that year even when the text never writes it.
  SearchResponse r = search("Kim Jong Il + 2011", 50);
  ASSERT_GT(r.total, 0u);
  bool published_only = false;
  for (const Hit& h : r.hits) {
    if (h.published.rfind("2011", 0) == 0) published_only = true;
  }
  EXPECT_TRUE(published_only);
  SearchResponse none = search("Kim Jong Il + 1830");
  EXPECT_EQ(none.total, 0u);
}

TEST_F(BundledCorpus, TotalIsExactAndPagingIsConsistent) {
  SearchResponse all = search("Korea", 100);
  ASSERT_GT(all.total, 20u);
  SearchResponse page2 = search("Korea", 10, 10);
  ASSERT_EQ(page2.hits.size(), 10u);
  EXPECT_EQ(page2.total, all.total);
  EXPECT_EQ(page2.hits[0].rank, 11u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(page2.hits[i].id, all.hits[10 + i].id);
}

TEST_F(BundledCorpus, StoredFieldsComeBack) {
  // The first story of the sample, read back by id: every field as written.
  Article expected;
  int seen = 0;
  read_articles({test::source_path("corpus/kcna/kcna-sample.jsonl")}, {},
                [&](Article&& a, const InputLocation&) {
                  expected = std::move(a);
                  return ++seen < 1;
                },
                [](const InputProblem&) {});
  ASSERT_EQ(seen, 1);
  SearchResponse r = search("id:" + expected.id, 1);
  ASSERT_EQ(r.total, 1u);
  const Hit& hit = r.hits[0];
  EXPECT_EQ(hit.id, expected.id);
  EXPECT_EQ(hit.title, expected.title);
  EXPECT_EQ(hit.published, expected.published);
  EXPECT_EQ(hit.source, "KCNA");
  EXPECT_EQ(hit.url, expected.url);
  EXPECT_EQ(hit.lang, expected.lang);
  auto stored = searcher_->get_article(expected.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->title, expected.title);
  // The body is stored cleaned: KCNA's ", ," paragraph runs are gone.
  EXPECT_EQ(stored->body.find(", ,"), std::string::npos);
}

TEST_F(BundledCorpus, FieldFilters) {
  // Counting articles, not stories: the sample holds one story run twice.
  SearchResponse kcna = search("source:KCNA", 1, 0, /*all_copies=*/true);
  EXPECT_EQ(kcna.total, 2000u);
  EXPECT_EQ(search("source:KCNA", 1).total, 1999u);
  SearchResponse es = search("lang:es", 1, 0, true);
  SearchResponse en = search("lang:en", 1, 0, true);
  EXPECT_GT(es.total, 0u);
  EXPECT_EQ(es.total + en.total, 2003u);  // the seeds have no lang: detected as English
}

TEST_F(BundledCorpus, BadQueriesAreReportedNotThrown) {
  SearchRequest req;
  req.query = "Kim + + Russia";
  auto r = searcher_->search(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kBadQuery);
  EXPECT_NE(r.status().message().find("column 5"), std::string::npos);
  req.query = "Kim";
  req.limit = 20000;
  EXPECT_EQ(searcher_->search(req).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(BundledCorpus, EntityFieldsAcceptAnyAliasOrId) {
  const std::uint64_t by_name = search("country:Russia", 1).total;
  EXPECT_GT(by_name, 100u);
  EXPECT_EQ(search("country:RU", 1).total, by_name);
  EXPECT_EQ(search("country:Россия", 1).total, by_name);
  EXPECT_EQ(search("person:\"Kim Jong Un\"", 1).total, search("person:김정은", 1).total);
  EXPECT_EQ(search("person:\"Jo Tae-yong\"", 1).total, 1u);  // found by shape, not gazetteer
  SearchRequest req;
  req.query = "country:Atlantis";
  auto r = searcher_->search(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kBadQuery);
  EXPECT_NE(r.status().message().find("no country named \"Atlantis\""), std::string::npos);
}

TEST_F(BundledCorpus, FacetCountsAreExact) {
  // Every facet value's count equals the total of the query narrowed to it.
  SearchResponse r = search("Korea", 1);
  ASSERT_EQ(r.facets.size(), 7u);
  r.facets.erase("year");  // checked in YearFacetsAreExact
  r.facets.erase("mentioned_year");
  r.facets.erase("lang");
  int checked = 0;
  for (const auto& [facet, values] : r.facets) {
    ASSERT_FALSE(values.empty()) << facet;
    for (std::size_t i = 0; i < values.size() && i < 3; ++i) {
      const std::string id = values[i].id.substr(values[i].id.find(':') + 1);
      EXPECT_EQ(search("Korea + " + facet + ":" + id, 1).total, values[i].count)
          << values[i].id;
      ++checked;
    }
    for (std::size_t i = 1; i < values.size(); ++i) {
      EXPECT_GE(values[i - 1].count, values[i].count);
    }
  }
  EXPECT_EQ(checked, 12);
}

TEST_F(BundledCorpus, FacetSelectionAndLimit) {
  SearchRequest req;
  req.query = "Kim + Russia + 2019";
  req.facets = {"person"};
  req.facet_limit = 3;
  auto r = searcher_->search(req);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->facets.size(), 1u);
  ASSERT_EQ(r->facets["person"].size(), 3u);
  for (const FacetValue& v : r->facets["person"]) EXPECT_EQ(v.count, 3u) << v.id;
  req.facets = {"planet"};
  EXPECT_EQ(searcher_->search(req).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(BundledCorpus, HitsListTheirEntities) {
  SearchResponse r = search("soldiers + Russia", 1);
  ASSERT_FALSE(r.hits.empty());
  bool jo = false, nato = false;
  for (const EntityRef& e : r.hits[0].entities) {
    if (e.id == "person:x-jo-tae-yong") jo = e.name == "Jo Tae-yong" && e.type == "person";
    if (e.id == "org:Q7184") nato = e.name == "NATO" && e.type == "org";
  }
  EXPECT_TRUE(jo);
  EXPECT_TRUE(nato);
}

TEST(IndexSearch, PartsThatNameEntitiesMatchEveryNameOfThem) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("demonym", "Troops", "Russian troops crossed.")).ok());
    ASSERT_TRUE((*indexer)->add(article("capital", "Talks", "Moscow rejected the offer.")).ok());
    ASSERT_TRUE((*indexer)->add(article("city", "Visit", "He arrived in Vladivostok.")).ok());
    ASSERT_TRUE((*indexer)->add(article("other", "Prussia", "Old Prussia and rushes.")).ok());
    ASSERT_TRUE((*indexer)->add(article("dprk", "Launch", "The DPRK launched a rocket.")).ok());
  }
  auto s = Searcher::open(dir / "db");
  SearchRequest req;
  req.query = "Russia";
  std::vector<std::string> got = ids(*(*s)->search(req));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"capital", "city", "demonym"}));
  req.query = "North Korea";
  EXPECT_EQ(ids(*(*s)->search(req)), std::vector<std::string>{"dprk"});
  // The highlighted snippet shows the entity as the article wrote it.
  req.query = "Russia";
  auto russia = (*s)->search(req);  // kept alive: the loop reads its hits
  ASSERT_TRUE(russia.ok());
  for (const Hit& h : russia->hits) {
    ASSERT_EQ(h.snippet.highlights.size(), 1u) << h.id;
  }
}

// A quoted full name matches its entity or its words written as a phrase.
// From format 6 the index marks where the name is written without the
// entity (XW), so the phrase's positions need no check: the same articles
// come back either way.
TEST(IndexSearch, QuotedNamesMatchWhatTheirPhraseWouldWithoutPositions) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("nested", "Vote", "The United Nations Security Council "
                                                          "voted in New York.")).ok());
    ASSERT_TRUE((*indexer)->add(article("name", "Aid", "The United Nations sent aid.")).ok());
    ASSERT_TRUE((*indexer)->add(article("short", "Observers", "The UN sent observers.")).ok());
    ASSERT_TRUE((*indexer)->add(article("apart", "Trade", "United states and nations traded.")).ok());
    ASSERT_TRUE(
        (*indexer)->add(article("paragraphs", "Talk", "He praised the United\n\nNations.")).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  const std::vector<std::string> want{"name", "nested", "short"};
  auto quoted = [&] {
    auto s = Searcher::open(dir / "db");
    SearchRequest req;
    req.query = "\"United Nations\"";
    auto r = (*s)->search(req);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    std::vector<std::string> got = ids(*r);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(r->total, got.size());
    return got;
  };
  {
    Xapian::Database db(dir / "db");
    EXPECT_TRUE(db.term_exists("XWunited nations"));  // inside the council's name
    EXPECT_NE(db.get_metadata("dossier.names_gazetteer"), "");
  }
  EXPECT_EQ(quoted(), want);
  EXPECT_TRUE((*Searcher::open(dir / "db"))->info()->quoted_names_by_term);
  // Without the marks to trust, the phrase is checked: the same articles.
  {
    Xapian::WritableDatabase db(dir / "db");
    db.set_metadata("dossier.names_gazetteer", "");
    db.commit();
  }
  EXPECT_EQ(quoted(), want);
  // A writer whose gazetteer differs from the one that marked the articles
  // stops the index from being trusted.
  {
    Xapian::WritableDatabase db(dir / "db");
    db.set_metadata("dossier.names_gazetteer", "another gazetteer");
    db.commit();
  }
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("later", "Aid", "The United Nations sent more aid.")).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  EXPECT_EQ(Xapian::Database(dir / "db").get_metadata("dossier.names_gazetteer"), "");
  EXPECT_EQ(quoted(), (std::vector<std::string>{"later", "name", "nested", "short"}));
  EXPECT_FALSE((*Searcher::open(dir / "db"))->info()->quoted_names_by_term);
}

TEST_F(BundledCorpus, KimRussia2019RanksTheVladivostokStoryFirst) {
  SearchResponse r = search("Kim + Russia + 2019");
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].id, "000_4a8b286dea9e7962");
  // Its snippet is the paragraph where the three meet.
  EXPECT_NE(r.hits[0].snippet.text.find("Vladivostok"), std::string::npos) << r.hits[0].snippet.text;
  EXPECT_EQ(r.hits[0].published, "2023-09-12");  // from "This Tuesday, September 12"
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
}

TEST_F(BundledCorpus, KimSingapore2018RanksSeed000First) {
  SearchResponse r = search("Kim + Singapore + 2018");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "000_4a8b286dea9e7962");
  EXPECT_NE(r.hits[0].snippet.text.find("Singapore"), std::string::npos);
}

TEST_F(BundledCorpus, DateFieldsAndRanges) {
  const std::uint64_t y2011 = search("year:2011", 1).total;
  const std::uint64_t y2012 = search("year:2012", 1).total;
  EXPECT_GT(y2011, 0u);
  EXPECT_GT(y2012, 0u);
  EXPECT_EQ(search("year:2011..2012", 1).total, y2011 + y2012);
  EXPECT_EQ(search("published:2011..2012", 1).total, y2011 + y2012);
  const std::uint64_t dec = search("published:2011-12", 1).total;
  EXPECT_GT(dec, 0u);
  EXPECT_LT(dec, y2011);
  EXPECT_EQ(search("published:2011-12-01..2011-12-31", 1).total, dec);
  EXPECT_EQ(search("published:2023-09-12", 1).total, 1u);  // seed 000
  // mentions: the Korean War years written in seeds 000.
  SearchResponse war = search("mentions:1951", 10);
  ASSERT_GE(war.total, 1u);
  bool seed = false;
  for (const Hit& h : war.hits) seed = seed || h.id == "000_4a8b286dea9e7962";
  EXPECT_TRUE(seed);
  // date: published or mentioned in the range.
  EXPECT_GE(search("date:2019-04-01..2019-04-30", 1).total, 0u);
  EXPECT_GE(search("date:2019", 1).total, search("year:2019", 1).total);
  SearchRequest bad;
  bad.query = "published:2019-13";
  auto r = searcher_->search(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kBadQuery);
  EXPECT_NE(r.status().message().find("\"2019-13\" is not a date or range"), std::string::npos);
  bad.query = "year:2019-05";
  EXPECT_EQ(searcher_->search(bad).status().code(), StatusCode::kBadQuery);
}

TEST_F(BundledCorpus, SortAndPublicationBounds) {
  SearchRequest req;
  req.query = "Korea";
  req.limit = 50;
  req.sort = SortOrder::kNewest;
  // Dated hits in order, undated ones (the seeds without a date) after them
  // in both orders. Regression: oldest first listed the undated first.
  auto in_order = [](const SearchResponse& r, bool newest) {
    ASSERT_FALSE(r.hits.empty());
    EXPECT_FALSE(r.hits.front().published.empty());
    for (std::size_t i = 1; i < r.hits.size(); ++i) {
      const std::string& a = r.hits[i - 1].published;
      const std::string& b = r.hits[i].published;
      if (a.empty()) {
        EXPECT_TRUE(b.empty()) << r.hits[i].id << " dated after an undated hit";
      } else if (!b.empty()) {
        EXPECT_TRUE(newest ? a >= b : a <= b) << r.hits[i].id;
      }
    }
  };
  auto newest = searcher_->search(req);
  ASSERT_TRUE(newest.ok());
  in_order(*newest, true);
  req.sort = SortOrder::kOldest;
  auto oldest = searcher_->search(req);
  ASSERT_TRUE(oldest.ok());
  in_order(*oldest, false);
  // The undated ones come last: on the last page of either order.
  req.query = "Kim + Russia + 2019";
  req.limit = 1000;
  for (SortOrder order : {SortOrder::kNewest, SortOrder::kOldest}) {
    req.sort = order;
    auto all = searcher_->search(req);
    ASSERT_TRUE(all.ok());
    in_order(*all, order == SortOrder::kNewest);
    EXPECT_TRUE(all->hits.back().published.empty()) << all->hits.back().id;
  }
  req.query = "Korea";
  req.limit = 50;
  req.sort = SortOrder::kRelevance;
  req.since = "2012-06";
  req.until = "2012-06-30";
  auto june = searcher_->search(req);
  ASSERT_TRUE(june.ok());
  ASSERT_GT(june->total, 0u);
  for (const Hit& h : june->hits) EXPECT_EQ(h.published.substr(0, 7), "2012-06") << h.id;
  req.since = "yesterday";
  EXPECT_EQ(searcher_->search(req).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(BundledCorpus, YearFacetsAreExact) {
  SearchRequest req;
  req.query = "Kim Jong Il";
  req.facets = {"year", "mentioned_year"};
  auto r = searcher_->search(req);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->facets["year"].empty());
  for (const FacetValue& v : r->facets["year"]) {
    EXPECT_EQ(search("Kim Jong Il + year:" + v.name, 1).total, v.count) << v.name;
  }
  ASSERT_FALSE(r->facets["mentioned_year"].empty());
  const FacetValue& top = r->facets["mentioned_year"].front();
  EXPECT_EQ(search("Kim Jong Il + mentions:" + top.name, 1).total, top.count);
}

TEST_F(BundledCorpus, TimelineCountsEveryPeriod) {
  TimelineRequest req;
  req.query = "Russia";
  auto t = searcher_->timeline(req);
  ASSERT_TRUE(t.ok());
  std::uint64_t sum = 0;
  for (const TimelineBucket& b : t->buckets) sum += b.count;
  EXPECT_EQ(sum + t->undated, t->total);
  EXPECT_EQ(t->buckets.front().period, "2011");
  req.by = TimelineRequest::Period::kMonth;
  auto m = searcher_->timeline(req);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->buckets.front().period.size(), 7u);
  for (std::size_t i = 1; i < m->buckets.size(); ++i) {
    EXPECT_LT(m->buckets[i - 1].period, m->buckets[i].period);  // consecutive, zeros included
  }
}

TEST(IndexSearch, LanguagesAreDetectedStemmedAndCounted) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("ko", "북한 소식", "북한의 김정은 국무위원장은 러시아를 방문했다. 정상회담이 열렸다.")).ok());
    ASSERT_TRUE((*indexer)->add(article("ru", "Визит", "Лидер КНДР прибыл в Россию. Переговоры с президентом России прошли во Владивостоке.")).ok());
    ASSERT_TRUE((*indexer)->add(article("es", "Visita", "El presidente visitó las ciudades y habló de las negociaciones con los países vecinos.")).ok());
    ASSERT_TRUE((*indexer)->add(article("en", "Visit", "The president visited the cities and spoke about negotiations with neighbouring countries.")).ok());
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  auto find = [&](const std::string& q) {
    SearchRequest req;
    req.query = q;
    auto r = (*s)->search(req);
    EXPECT_TRUE(r.ok()) << q << r.status().to_string();
    std::vector<std::string> got = r.ok() ? ids(*r) : std::vector<std::string>{};
    std::sort(got.begin(), got.end());
    return got;
  };
  // Korean: a bare noun finds it with its particle ("김정은은"), the Korean way.
  EXPECT_EQ(find("김정은"), std::vector<std::string>{"ko"});
  EXPECT_EQ(find("정상회담"), std::vector<std::string>{"ko"});
  // Russian stems: "переговор" forms meet; Spanish and English each stemmed in their language.
  EXPECT_EQ(find("переговоры"), std::vector<std::string>{"ru"});
  EXPECT_EQ(find("президента"), std::vector<std::string>{"ru"});
  EXPECT_EQ(find("ciudad"), std::vector<std::string>{"es"});
  EXPECT_EQ(find("city"), std::vector<std::string>{"en"});
  // lang: and the lang facet, from detection.
  EXPECT_EQ(find("lang:ko"), std::vector<std::string>{"ko"});
  SearchRequest req;
  req.query = "-nothingmatchesthis";
  req.facets = {"lang"};
  auto r = (*s)->search(req);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->facets["lang"].size(), 4u);
  for (const FacetValue& v : r->facets["lang"]) EXPECT_EQ(v.count, 1u) << v.name;
  EXPECT_EQ((*s)->get_article("es")->lang, "es");
}

TEST(IndexSearch, AccentsAndCaseFold) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("a", "Op-ed", "By Sébastien Boussois in PARIS")).ok());
    ASSERT_TRUE((*indexer)->add(article("b", "Other", "Nothing here")).ok());
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  for (const char* q : {"Sebastien", "sébastien", "SEBASTIEN", "paris", "\"sebastien boussois\""}) {
    SearchRequest req;
    req.query = q;
    auto r = (*s)->search(req);
    ASSERT_TRUE(r.ok()) << q;
    EXPECT_EQ(ids(*r), std::vector<std::string>{"a"}) << q;
  }
}

TEST(IndexSearch, UpsertIsIdempotent) {
  TempDir dir;
  const std::vector<std::string> seeds{test::source_path("corpus/seeds")};
  IndexStats first = index_inputs(dir / "db", seeds);
  IndexStats second = index_inputs(dir / "db", seeds);
  EXPECT_EQ(first.added, 3u);
  EXPECT_EQ(second.added, 0u);
  EXPECT_EQ(second.replaced, 0u);
  EXPECT_EQ(second.unchanged, 3u);
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->info()->documents, 3u);
}

TEST(IndexSearch, ReplacingAnArticleReplacesItsTerms) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  auto r1 = (*indexer)->add(article("x", "Old title", "zeppelin"));
  auto r2 = (*indexer)->add(article("x", "New title", "submarine"));
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(r1->outcome, AddOutcome::kAdded);
  EXPECT_EQ(r2->outcome, AddOutcome::kReplaced);
  ASSERT_TRUE((*indexer)->commit().ok());
  auto s = Searcher::open(dir / "db");
  SearchRequest req;
  req.query = "zeppelin";
  EXPECT_EQ((*s)->search(req)->total, 0u);
  req.query = "submarine";
  EXPECT_EQ((*s)->search(req)->total, 1u);
  EXPECT_EQ((*s)->get_article("x")->title, "New title");
  EXPECT_EQ((*s)->get_article("nope").status().code(), StatusCode::kNotFound);
}

TEST(IndexSearch, ASearcherSeesCommitsOnItsNextQuery) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  ASSERT_TRUE((*indexer)->add(article("1", "First", "alpha")).ok());
  ASSERT_TRUE((*indexer)->commit().ok());
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  SearchRequest req;
  req.query = "beta";
  EXPECT_EQ((*s)->search(req)->total, 0u);
  ASSERT_TRUE((*indexer)->add(article("2", "Second", "beta")).ok());
  EXPECT_EQ((*s)->search(req)->total, 0u);  // not committed yet
  ASSERT_TRUE((*indexer)->commit().ok());
  EXPECT_EQ((*s)->search(req)->total, 1u);
}

TEST(IndexSearch, TitleMatchesRankAboveBodyMatches) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("body", "Weather", "A word about the cosmodrome today.")).ok());
    ASSERT_TRUE((*indexer)->add(article("title", "Cosmodrome visit", "A word about today.")).ok());
  }
  auto s = Searcher::open(dir / "db");
  SearchRequest req;
  req.query = "cosmodrome";
  EXPECT_EQ(ids(*(*s)->search(req)), (std::vector<std::string>{"title", "body"}));
}

TEST(IndexSearch, BareYearMeansPublishedOrMentioned) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("pub", "Summit", "Leaders met.", "2019-04-25")).ok());
    ASSERT_TRUE((*indexer)->add(article("ment", "Summit", "Leaders met in 2019.", "2023-09")).ok());
    ASSERT_TRUE((*indexer)->add(article("none", "Summit", "Leaders met.", "2018")).ok());
    ASSERT_TRUE((*indexer)->add(article("num", "Summit", "Leaders met 2,019 people.")).ok());
  }
  auto s = Searcher::open(dir / "db");
  SearchRequest req;
  req.query = "summit + 2019";
  std::vector<std::string> got = ids(*(*s)->search(req));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"ment", "pub"}));
  EXPECT_EQ((*s)->get_article("ment")->published, "2023-09");
  req.query = "summit + year:2019";  // published that year only
  EXPECT_EQ(ids(*(*s)->search(req)), std::vector<std::string>{"pub"});
  req.query = "summit + mentions:2019";  // talks about it only
  EXPECT_EQ(ids(*(*s)->search(req)), std::vector<std::string>{"ment"});
}

TEST(IndexSearch, EmptyArticlesAreSkippedAndBadDatesNoted) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  auto empty = (*indexer)->add(article("e", "  ", "\n\n"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->outcome, AddOutcome::kSkipped);
  EXPECT_NE(empty->note.find("empty article"), std::string::npos);
  auto dated = (*indexer)->add(article("d", "T", "b", "last Tuesday"));
  ASSERT_TRUE(dated.ok());
  EXPECT_EQ(dated->outcome, AddOutcome::kAdded);
  EXPECT_NE(dated->note.find("unrecognised publication date \"last Tuesday\""), std::string::npos);
  // Other metadata formats are understood.
  auto rfc = (*indexer)->add(article("r", "T", "b", "Tue, 12 Sep 2023 10:00:00 +0000"));
  ASSERT_TRUE(rfc.ok());
  EXPECT_TRUE(rfc->note.empty()) << rfc->note;
  EXPECT_EQ((*indexer)->add(article("", "T", "b")).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*indexer)->stats().skipped, 1u);
}

TEST(IndexSearch, SecondWriterIsLockedOut) {
  TempDir dir;
  auto first = Indexer::open(dir / "db");
  ASSERT_TRUE(first.ok());
  auto second = Indexer::open(dir / "db");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kLocked);
  EXPECT_NE(second.status().message().find("locked by another indexer"), std::string::npos);
}

TEST(IndexSearch, MissingDatabasesAreNotFound) {
  TempDir dir;
  auto s = Searcher::open(dir / "nothing-here");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  IndexerOptions options;
  options.create_if_missing = false;
  auto i = Indexer::open(dir / "nothing-here", options);
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().code(), StatusCode::kNotFound);
}

TEST(IndexSearch, RefusesToWriteIntoAForeignDirectory) {
  TempDir dir;
  test::write_file(dir / "notes/todo.txt", "hello");
  auto i = Indexer::open(dir / "notes");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().code(), StatusCode::kInvalidArgument);
}

TEST(IndexSearch, OtherFormatVersionsAreRefused) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE((*indexer)->add(article("a", "T", "b")).ok());
  }
  {
    Xapian::WritableDatabase db(dir / "db");
    db.set_metadata("dossier.format_version", "99");
    db.commit();
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(s.status().message().find("format version 99"), std::string::npos);
  auto i = Indexer::open(dir / "db");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().code(), StatusCode::kVersionMismatch);
}

TEST(IndexSearch, ForeignXapianDatabasesAreRefused) {
  TempDir dir;
  {
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("hello");
    db.add_document(doc);
    db.commit();
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kVersionMismatch);
}

TEST(IndexSearch, AnalysisIsStoredInTheIndex) {
  TempDir dir;
  IndexerOptions options;
  options.analysis.stemmer = "none";
  {
    auto indexer = Indexer::open(dir / "db", options);
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("a", "T", "visited")).ok());
  }
  // A later writer asking for English stemming still gets the stored analysis.
  auto again = Indexer::open(dir / "db");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->analysis().stemmer, "none");
  (void)(*again)->close();
  auto s = Searcher::open(dir / "db");
  SearchRequest req;
  req.query = "visits";  // would match "visited" only with stemming
  EXPECT_EQ((*s)->search(req)->total, 0u);
  req.query = "visited";
  EXPECT_EQ((*s)->search(req)->total, 1u);
}

TEST(IndexSearch, UnknownStemmerIsAnInvalidArgument) {
  TempDir dir;
  IndexerOptions options;
  options.analysis.stemmer = "klingon";
  auto i = Indexer::open(dir / "db", options);
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(i.status().message().find("klingon"), std::string::npos);
}

}  // namespace
}  // namespace dossier
