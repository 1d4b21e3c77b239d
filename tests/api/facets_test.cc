// Drill-down filters and related entities through the public API.
//
// Every count is checked against an independent one: the same restriction
// written as query fields ("Korea + country:RU + year:2012"), which the query
// compiler turns into terms without the filter code, counted as articles
// (all_copies) as facets count them.
#include <gtest/gtest.h>

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

FacetFilter filter(const std::string& text) {
  Result<FacetFilter> f = parse_facet_filter(text);
  EXPECT_TRUE(f.ok()) << f.status().to_string();
  return f.ok() ? *f : FacetFilter{};
}

// The query field that selects entity `id` ("person:\"kim-jong-un\""), the
// query language's own way to the same articles.
std::string field(const std::string& id) {
  const std::size_t colon = id.find(':');
  return id.substr(0, colon) + ":\"" + id.substr(colon + 1) + "\"";
}

// Every facet of `a` lists the same values, in the same order, with the same
// counts in `b`.
void expect_same_facets(const SearchResponse& a, const SearchResponse& b) {
  for (const auto& [facet, values] : a.facets) {
    const auto& other = b.facets.at(facet);
    ASSERT_EQ(values.size(), other.size()) << facet;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(values[i].id, other[i].id) << facet;
      EXPECT_EQ(values[i].count, other[i].count) << facet << " " << values[i].id;
    }
  }
}

// Options for a searcher on `threads` threads that splits every search
// (parallel_above 0), or on one thread with `threads` 1.
SearcherOptions on_threads(unsigned threads, bool keys_in_memory = true) {
  SearcherOptions options;
  options.search_threads = threads;
  if (threads > 1) options.parallel_above = 0;
  options.facet_keys_in_memory = keys_in_memory;
  return options;
}

// The same total and hits in the same order, with the same dates, scores,
// copies and snippets; true when some hit has copies.
bool expect_same_hits(const SearchResponse& x, const SearchResponse& y) {
  EXPECT_EQ(x.total, y.total);
  EXPECT_EQ(x.hits.size(), y.hits.size());
  bool copies = false;
  for (std::size_t i = 0; i < std::min(x.hits.size(), y.hits.size()); ++i) {
    EXPECT_EQ(x.hits[i].id, y.hits[i].id) << i;
    EXPECT_EQ(x.hits[i].published, y.hits[i].published) << i;
    EXPECT_DOUBLE_EQ(x.hits[i].score, y.hits[i].score) << i;
    EXPECT_EQ(x.hits[i].similar, y.hits[i].similar) << i;
    EXPECT_EQ(x.hits[i].snippet.text, y.hits[i].snippet.text) << i;
    copies = copies || x.hits[i].similar > 0;
  }
  return copies;
}

class FacetFilters : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Under CTest a fixture has indexed the bundled corpus once; run directly,
    // the suite indexes it itself.
    if (const char* shared = std::getenv("DOSSIER_TEST_BUNDLED_DB")) {
      db_ = shared;
      return;
    }
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    auto indexer = Indexer::open(db_);
    ASSERT_TRUE(indexer.ok());
    read_articles({test::source_path("corpus/seeds"), test::source_path("corpus/kcna")}, {},
                  [&](Article&& a, const InputLocation&) {
                    EXPECT_TRUE((*indexer)->add(a).ok());
                    return true;
                  },
                  [](const InputProblem& p) { ADD_FAILURE() << p.status.to_string(); });
    ASSERT_TRUE((*indexer)->close().ok());
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

  SearchResponse search(SearchRequest r) {
    auto got = searcher_->search(r);
    EXPECT_TRUE(got.ok()) << r.query << ": " << got.status().to_string();
    return got.ok() ? *got : SearchResponse{};
  }

  SearchRequest request(const std::string& query, const std::vector<std::string>& filters,
                        std::vector<std::string> facets = {}) {
    SearchRequest r;
    r.query = query;
    r.limit = 10000;
    r.facet_limit = 1000;
    r.all_copies = true;
    r.facets = std::move(facets);
    for (const std::string& f : filters) r.filters.push_back(filter(f));
    return r;
  }

  // Matching articles of `query`, counted without any filter.
  std::uint64_t articles(const std::string& query) {
    return search(request(query, {})).total;
  }

  static std::set<std::string> ids(const SearchResponse& r) {
    std::set<std::string> out;
    for (const Hit& h : r.hits) out.insert(h.id);
    return out;
  }

  static const FacetValue* find(const SearchResponse& r, const std::string& facet,
                                const std::string& id) {
    const auto it = r.facets.find(facet);
    if (it == r.facets.end()) return nullptr;
    for (const FacetValue& v : it->second) {
      if (v.id == id) return &v;
    }
    return nullptr;
  }

  static TempDir* dir_;
  static std::string db_;
  std::unique_ptr<Searcher> searcher_;
};
TempDir* FacetFilters::dir_ = nullptr;
std::string FacetFilters::db_;

TEST_F(FacetFilters, ParseFacetFilter) {
  Result<FacetFilter> f = parse_facet_filter("country:country:RU");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->facet, "country");
  EXPECT_EQ(f->value, "country:RU");
  f = parse_facet_filter("person:Ким Чен Ын");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->value, "Ким Чен Ын");
  for (const char* bad : {"countryRussia", ":Russia", "country:", ""}) {
    Result<FacetFilter> b = parse_facet_filter(bad);
    EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(b.status().message().find("FACET:VALUE"), std::string::npos);
  }
}

// A filter selects what the same query field selects, for hits and total
// alike, with copies folded or not.
TEST_F(FacetFilters, FilterSelectsWhatTheQueryFieldSelects) {
  const std::pair<const char*, const char*> cases[] = {
      {"country:Russia", "country:RU"},          {"person:Kim Jong-un", "person:\"Kim Jong-un\""},
      {"org:NATO", "org:NATO"},                  {"place:Pyongyang", "place:Pyongyang"},
      {"year:2011", "year:2011"},                {"mentioned_year:1950", "mentions:1950"},
      {"lang:es", "lang:es"},
  };
  for (const auto& [f, q] : cases) {
    for (bool all_copies : {true, false}) {
      SCOPED_TRACE(std::string(f) + (all_copies ? " all copies" : " stories"));
      SearchRequest filtered = request("Korea", {f}, {"country"});
      filtered.all_copies = all_copies;
      SearchRequest fielded = request(std::string("Korea + ") + q, {}, {});
      fielded.all_copies = all_copies;
      const SearchResponse a = search(filtered);
      const SearchResponse b = search(fielded);
      EXPECT_GT(a.total, 0u);
      EXPECT_EQ(a.total, b.total);
      EXPECT_EQ(ids(a), ids(b));
      ASSERT_EQ(a.filters.size(), 1u);
    }
  }
}

TEST_F(FacetFilters, OrInsideOneFacetAndAcrossFacets) {
  const SearchResponse r = search(request(
      "Korea", {"country:Russia", "country:China", "year:2012"}, {"country", "year", "person"}));
  const std::uint64_t want = articles("Korea + (country:RU OR country:CN) + year:2012");
  EXPECT_GT(want, articles("Korea + country:RU + year:2012"));
  EXPECT_EQ(r.total, want);
  EXPECT_EQ(r.hits.size(), want);
  EXPECT_EQ(ids(r), ids(search(request("Korea + (country:RU OR country:CN) + year:2012", {}))));
  ASSERT_EQ(r.filters.size(), 3u);
  EXPECT_EQ(r.filters[0].id, "country:RU");
  EXPECT_EQ(r.filters[0].name, "Russia");
  EXPECT_EQ(r.filters[0].value, "Russia");
  EXPECT_EQ(r.filters[1].id, "country:CN");
  EXPECT_EQ(r.filters[2].facet, "year");
  EXPECT_EQ(r.filters[2].id, "2012");
}

// Each facet is counted without its own filters, with the others'.
TEST_F(FacetFilters, CountsAreDisjunctive) {
  const SearchResponse r = search(request(
      "Korea", {"country:Russia", "country:China", "year:2012"}, {"country", "year", "person"}));
  // Countries: year:2012 applies, the country filters do not; the siblings
  // of Russia and China keep their counts.
  const auto& countries = r.facets.at("country");
  ASSERT_GE(countries.size(), 5u);
  for (std::size_t i = 0; i < 8 && i < countries.size(); ++i) {
    const FacetValue& v = countries[i];
    EXPECT_EQ(v.count, articles("Korea + " + field(v.id) + " + year:2012")) << v.id;
    EXPECT_EQ(v.selected, v.id == "country:RU" || v.id == "country:CN") << v.id;
  }
  const FacetValue* japan = find(r, "country", "country:JP");
  ASSERT_NE(japan, nullptr);
  EXPECT_GT(japan->count, 0u);
  EXPECT_FALSE(japan->selected);
  const FacetValue* russia = find(r, "country", "country:RU");
  ASSERT_NE(russia, nullptr);
  EXPECT_TRUE(russia->selected);
  // Years: the country filters apply, the year filter does not.
  const auto& years = r.facets.at("year");
  ASSERT_GE(years.size(), 2u);
  for (const FacetValue& v : years) {
    EXPECT_EQ(v.count, articles("Korea + (country:RU OR country:CN) + year:" + v.name)) << v.name;
    EXPECT_EQ(v.selected, v.name == "2012");
  }
  ASSERT_NE(find(r, "year", "2011"), nullptr);
  EXPECT_GT(find(r, "year", "2011")->count, 0u);
  // People: no filter of their own, so every filter applies.
  const auto& people = r.facets.at("person");
  ASSERT_FALSE(people.empty());
  std::size_t checked = 0;
  for (const FacetValue& v : people) {
    if (v.id.rfind("person:x-", 0) == 0) continue;  // no query field form for these
    EXPECT_EQ(v.count,
              articles("Korea + (country:RU OR country:CN) + year:2012 + " + field(v.id)))
        << v.id;
    EXPECT_FALSE(v.selected);
    if (++checked == 5) break;
  }
  EXPECT_GT(checked, 0u);
}

// Two filtered facets and one filtered facet not counted: the relaxed pass
// must still apply the uncounted facet's filter.
TEST_F(FacetFilters, FilterOfAnUncountedFacetAppliesToEveryCount) {
  const SearchResponse r =
      search(request("Korea", {"country:Japan", "lang:en", "year:2011"}, {"country", "year"}));
  EXPECT_EQ(r.total, articles("Korea + country:JP + lang:en + year:2011"));
  for (const FacetValue& v : r.facets.at("country")) {
    EXPECT_EQ(v.count, articles("Korea + " + field(v.id) + " + lang:en + year:2011")) << v.id;
  }
  for (const FacetValue& v : r.facets.at("year")) {
    EXPECT_EQ(v.count, articles("Korea + country:JP + lang:en + year:" + v.name)) << v.name;
  }
}

// Without a counted facet of its own, a filtered search counts in one pass.
TEST_F(FacetFilters, FiltersOnUncountedFacetsOnly) {
  for (const auto& facets : {std::vector<std::string>{"person"}, std::vector<std::string>{}}) {
    SearchRequest q = request("Korea", {"country:Russia"}, facets);
    const SearchResponse r = search(q);
    EXPECT_EQ(r.total, articles("Korea + country:RU"));
    q.all_copies = false;
    EXPECT_EQ(search(q).total, search(request("Korea + country:RU", {})).total);
    if (facets.empty()) continue;
    for (const FacetValue& v : r.facets.at("person")) {
      if (v.id.rfind("person:x-", 0) == 0) continue;
      EXPECT_EQ(v.count, articles("Korea + country:RU + " + field(v.id))) << v.id;
    }
  }
}

TEST_F(FacetFilters, SelectedValueBeyondTheLimitIsListed) {
  SearchRequest q = request("Korea", {"country:Peru"}, {"country"});
  q.facet_limit = 2;
  const SearchResponse r = search(q);
  const auto& countries = r.facets.at("country");
  ASSERT_EQ(countries.size(), 3u);
  EXPECT_FALSE(countries[0].selected);
  EXPECT_EQ(countries[2].id, "country:PE");
  EXPECT_TRUE(countries[2].selected);
  EXPECT_EQ(countries[2].count, articles("Korea + country:PE"));
  EXPECT_EQ(r.total, countries[2].count);
  // A selected value nothing matches is listed too, with 0.
  q = request("Korea", {"country:Iceland"}, {"country"});
  q.facet_limit = 1;
  const SearchResponse none = search(q);
  EXPECT_EQ(none.total, 0u);
  ASSERT_EQ(none.facets.at("country").size(), 2u);
  EXPECT_EQ(none.facets.at("country")[1].id, "country:IS");
  EXPECT_EQ(none.facets.at("country")[1].count, 0u);
}

TEST_F(FacetFilters, NamesAliasesAndIdsSelectOneValue) {
  const SearchResponse r = search(request(
      "Korea", {"country:Россия", "country:RU", "country:country:RU", "country:russia"},
      {"country"}));
  ASSERT_EQ(r.filters.size(), 1u);  // one value, selected four ways
  EXPECT_EQ(r.filters[0].value, "Россия");
  EXPECT_EQ(r.filters[0].id, "country:RU");
  EXPECT_EQ(r.total, articles("Korea + country:RU"));
  const SearchResponse kim = search(request("Korea", {"person:Kim Jong Un"}, {}));
  ASSERT_EQ(kim.filters.size(), 1u);
  EXPECT_EQ(kim.filters[0].id, "person:kim-jong-un");
  EXPECT_EQ(kim.total, articles("Korea + person:kim-jong-un"));
}

TEST_F(FacetFilters, FiltersWorkWithDateSortAndBounds) {
  SearchRequest q = request("Korea", {"country:China"}, {"year"});
  q.sort = SortOrder::kNewest;
  q.since = "2012-03";
  const SearchResponse r = search(q);
  EXPECT_EQ(r.total, articles("Korea + country:CN + published:2012-03.."));
  for (std::size_t i = 1; i < r.hits.size(); ++i) {
    EXPECT_GE(r.hits[i - 1].published, r.hits[i].published);
  }
}

// The hits come from a pass that stops once the best are certain, the counts
// from a separate counting pass over every match: a page of a few hits has
// the total, the facet counts and the copies ("similar") of a page that
// holds every match, and the copies add up to the articles.
TEST_F(FacetFilters, PagesCountLikeTheWholeMatchSet) {
  bool saw_copies = false;
  for (const char* q : {"Korea", "Kim Jong Il", "nuclear OR missile", "Commonwealth + agreement"}) {
    for (const std::vector<std::string>& filters :
         {std::vector<std::string>{}, std::vector<std::string>{"year:2011"}}) {
      SCOPED_TRACE(std::string(q) + (filters.empty() ? "" : " with a filter"));
      SearchRequest whole = request(q, filters, {"country", "person", "year"});
      whole.all_copies = false;
      const SearchResponse all = search(whole);
      ASSERT_GT(all.total, 0u);
      EXPECT_EQ(all.hits.size(), all.total);  // one hit per story
      SearchRequest some = whole;
      some.limit = 4;
      some.offset = 2;
      const SearchResponse page = search(some);
      EXPECT_EQ(page.total, all.total);
      expect_same_facets(all, page);
      for (const Hit& h : page.hits) {
        const auto it = std::find_if(all.hits.begin(), all.hits.end(),
                                     [&](const Hit& a) { return a.id == h.id; });
        ASSERT_NE(it, all.hits.end()) << h.id;
        EXPECT_EQ(h.rank, it->rank) << h.id;
        EXPECT_EQ(h.similar, it->similar) << h.id;
        EXPECT_DOUBLE_EQ(h.score, it->score) << h.id;
      }
      std::uint64_t articles_found = 0;
      for (const Hit& h : all.hits) {
        articles_found += 1 + h.similar;
        saw_copies = saw_copies || h.similar > 0;
      }
      SearchRequest copies = whole;
      copies.all_copies = true;
      EXPECT_EQ(articles_found, search(copies).total);
    }
  }
  EXPECT_TRUE(saw_copies);  // the sample holds one story twice
}

// Above count_limit matches, the total and the facets are estimated from a
// sample (searcher/src/sample.h); the hits stay the best of every match.
TEST_F(FacetFilters, CountsAboveTheLimitAreEstimatedFromASample) {
  for (const char* q : {"Korea", "Kim OR DPRK"}) {
    SCOPED_TRACE(q);
    for (const std::vector<std::string>& filters :
         {std::vector<std::string>{}, std::vector<std::string>{"year:2011"}}) {
      SCOPED_TRACE(filters.empty() ? "no filter" : "with a filter");
      SearchRequest exact_request = request(q, filters, {"country", "person", "year"});
      exact_request.limit = 10;
      exact_request.count_limit = 0;
      const SearchResponse exact = search(exact_request);
      ASSERT_TRUE(exact.exact);
      EXPECT_EQ(exact.counted, exact.total);  // all_copies: the articles counted
      ASSERT_GT(exact.total, 300u) << "the query must match well above the limit below";

      SearchRequest sampled_request = exact_request;
      sampled_request.count_limit = 100;
      const SearchResponse sampled = search(sampled_request);
      EXPECT_FALSE(sampled.exact);
      EXPECT_LT(sampled.counted, exact.total / 2);
      EXPECT_GT(sampled.counted, 20u);
      // An estimate, not a guess: within a third of the truth on a sample
      // of a hundred or so.
      EXPECT_NEAR(static_cast<double>(sampled.total), static_cast<double>(exact.total),
                  exact.total / 3.0);
      const FacetValue& top = exact.facets.at("country").front();
      const auto& got = sampled.facets.at("country");
      const auto it = std::find_if(got.begin(), got.end(),
                                   [&](const FacetValue& v) { return v.id == top.id; });
      ASSERT_NE(it, got.end()) << top.id;
      EXPECT_NEAR(static_cast<double>(it->count), static_cast<double>(top.count),
                  top.count / 3.0)
          << top.id;
      // The hits are the same: ranking sees every match either way.
      ASSERT_EQ(sampled.hits.size(), exact.hits.size());
      for (std::size_t i = 0; i < exact.hits.size(); ++i) {
        EXPECT_EQ(sampled.hits[i].id, exact.hits[i].id) << i;
        EXPECT_DOUBLE_EQ(sampled.hits[i].score, exact.hits[i].score) << i;
      }
      // The same estimate every time.
      const SearchResponse again = search(sampled_request);
      EXPECT_EQ(again.total, sampled.total);
      EXPECT_EQ(again.facets.at("country").front().count, got.front().count);

      // At or above the match count, counts are exact and the same as
      // with no limit.
      SearchRequest roomy = exact_request;
      roomy.count_limit = exact.total;
      const SearchResponse enough = search(roomy);
      EXPECT_TRUE(enough.exact);
      EXPECT_EQ(enough.total, exact.total);
      EXPECT_EQ(enough.facets.at("country").front().count, top.count);
    }
  }
  // The default limit counts this small archive exactly.
  EXPECT_TRUE(search(request("Korea", {}, {"country"})).exact);
}

// Ranking a large match set on several threads (SearcherOptions::
// search_threads) gives the hits one pass gives, in the same order, with the
// same counts. Forced here on the small archive (parallel_above 0), with
// three ranges so that groups of copies and ties can straddle them.
TEST_F(FacetFilters, RankingOnSeveralThreadsGivesTheSameHits) {
  auto a = Searcher::open(db_, on_threads(1));
  auto b = Searcher::open(db_, on_threads(3));
  ASSERT_TRUE(a.ok() && b.ok());
  bool saw_copies = false;
  // Dossier's ranking, plain BM25 and both date orders (no weight prunes
  // those: each range returns offset + limit hits and the merge pages).
  struct Order {
    Ranking ranking;
    SortOrder sort;
    double recent = 0;
  };
  for (const Order order : {Order{Ranking::kDefault, SortOrder::kRelevance},
                            Order{Ranking::kPlainBm25, SortOrder::kRelevance},
                            Order{Ranking::kDefault, SortOrder::kNewest},
                            Order{Ranking::kDefault, SortOrder::kOldest},
                            Order{Ranking::kDefault, SortOrder::kRelevance, 30}})
  for (const char* q : {"Korea", "Kim Jong Il", "nuclear OR missile", "Kim + Russia + 2012",
                        "\"Supreme People's Assembly\"", "Commonwealth + agreement", "year:2012"}) {
    for (std::size_t offset : {0, 3, 7}) {
      SCOPED_TRACE(std::string(q) + " from " + std::to_string(offset) + ", order " +
                   std::to_string(static_cast<int>(order.ranking)) + "/" +
                   std::to_string(static_cast<int>(order.sort)) + "/" +
                   std::to_string(order.recent));
      SearchRequest r;
      r.query = q;
      r.limit = 25;
      r.offset = offset;
      r.ranking = order.ranking;
      r.sort = order.sort;
      r.recent_half_life_days = order.recent;
      // The counting pass too: exact, sampled (two sample sizes: the sample
      // may not depend on how the ranking pass was cut), filtered
      // (disjunctive), copies.
      if (offset == 7) r.filters = {filter("year:2011"), filter("country:China")};
      r.count_limit = offset == 7 ? 0 : offset == 3 ? 40 : 150;
      r.all_copies = offset == 7;
      auto x = (*a)->search(r);
      auto y = (*b)->search(r);
      ASSERT_TRUE(x.ok() && y.ok());
      saw_copies = expect_same_hits(*x, *y) || saw_copies;
      EXPECT_EQ(x->exact, y->exact);
      EXPECT_EQ(x->counted, y->counted);
      expect_same_facets(*x, *y);
    }
  }
  EXPECT_TRUE(saw_copies);
}

// Sorted by date, a large match set is searched month by month from the
// newest (or oldest): the same hits as sorting every match in one pass,
// copies folded or not, on any page; a query too rare for the walk, or with
// undated articles next, falls back to the one pass.
TEST_F(FacetFilters, DateOrdersFoundMonthByMonthAreThoseOfOneSortedPass) {
  SearcherOptions walk;
  walk.search_threads = 1;
  walk.parallel_above = 0;  // every search is "large"
  auto a = Searcher::open(db_, walk);
  auto b = Searcher::open(db_);  // the bundled archive is below parallel_above: one pass
  ASSERT_TRUE(a.ok() && b.ok());
  for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
    for (const char* q : {"Korea", "Kim Jong Il", "nuclear OR missile", "Kim + Russia",
                          "Putin", "year:2012", "delegation"}) {
      for (std::size_t offset : {0, 3, 7, 40}) {
        for (bool all_copies : {false, true}) {
          SCOPED_TRACE(std::string(q) + " from " + std::to_string(offset) +
                       (sort == SortOrder::kNewest ? " newest" : " oldest") +
                       (all_copies ? " all copies" : ""));
          SearchRequest r;
          r.query = q;
          r.sort = sort;
          r.limit = 20;
          r.offset = offset;
          r.all_copies = all_copies;
          auto x = (*a)->search(r);
          auto y = (*b)->search(r);
          ASSERT_TRUE(x.ok() && y.ok());
          expect_same_hits(*x, *y);
        }
      }
    }
  }
}

// Timelines and related entities count the same with dates and keys read per
// match from the index on one thread, from memory on one thread, and from
// memory over three ranges of docids at once.
TEST_F(FacetFilters, TimelinesAndRelatedCountAlikeFromMemoryAndOnSeveralThreads) {
  auto plain = Searcher::open(db_, on_threads(1, /*keys_in_memory=*/false));
  auto memory = Searcher::open(db_, on_threads(1));
  auto split = Searcher::open(db_, on_threads(3));
  ASSERT_TRUE(plain.ok() && memory.ok() && split.ok());
  ASSERT_GT(*(*memory)->warm(), 0u);
  ASSERT_GT(*(*split)->warm(), 0u);
  bool saw_months = false;
  for (const char* q : {"Korea", "Kim Jong Il", "nuclear OR missile", "Kim + Russia + 2012",
                        "\"Supreme People's Assembly\""}) {
    for (TimelineRequest::Period by : {TimelineRequest::Period::kYear,
                                       TimelineRequest::Period::kMonth}) {
      SCOPED_TRACE(std::string(q) + (by == TimelineRequest::Period::kYear ? " by year" : " by month"));
      TimelineRequest t;
      t.query = q;
      t.by = by;
      auto x = (*plain)->timeline(t);
      ASSERT_TRUE(x.ok()) << x.status().to_string();
      ASSERT_FALSE(x->buckets.empty());
      saw_months = saw_months || x->buckets.front().period.size() == 7;
      for (Searcher* other : {memory->get(), split->get()}) {
        auto y = other->timeline(t);
        ASSERT_TRUE(y.ok());
        EXPECT_EQ(x->total, y->total);
        EXPECT_EQ(x->undated, y->undated);
        ASSERT_EQ(x->buckets.size(), y->buckets.size());
        for (std::size_t i = 0; i < x->buckets.size(); ++i) {
          EXPECT_EQ(x->buckets[i].period, y->buckets[i].period);
          EXPECT_EQ(x->buckets[i].count, y->buckets[i].count) << x->buckets[i].period;
        }
      }
    }
    SCOPED_TRACE(std::string(q) + " related");
    RelatedRequest r;
    r.query = q;
    r.limit = 20;
    r.min_count = 1;
    auto x = (*plain)->related(r);
    ASSERT_TRUE(x.ok()) << x.status().to_string();
    for (Searcher* other : {memory->get(), split->get()}) {
      auto y = other->related(r);
      ASSERT_TRUE(y.ok());
      EXPECT_EQ(x->total, y->total);
      ASSERT_EQ(x->entities.size(), y->entities.size());
      for (std::size_t i = 0; i < x->entities.size(); ++i) {
        EXPECT_EQ(x->entities[i].id, y->entities[i].id) << i;
        EXPECT_EQ(x->entities[i].count, y->entities[i].count) << i;
        EXPECT_DOUBLE_EQ(x->entities[i].score, y->entities[i].score) << i;
      }
    }
  }
  EXPECT_TRUE(saw_months);
}

// Above count_limit matches, related entities are estimated from the same
// stratified sample search() counts: the same leaders as counted exactly,
// the same answer every time and on several threads; at or under the limit
// the answer is the exact one.
TEST_F(FacetFilters, RelatedAboveTheLimitIsEstimatedFromASample) {
  auto split = Searcher::open(db_, on_threads(3));
  ASSERT_TRUE(split.ok());
  RelatedRequest r;
  r.query = "Korea";
  r.count_limit = 0;
  auto exact = searcher_->related(r);
  ASSERT_TRUE(exact.ok()) << exact.status().to_string();
  ASSERT_TRUE(exact->exact);
  ASSERT_GT(exact->total, 600u);  // 774 on the bundled archive
  ASSERT_GE(exact->entities.size(), 3u);

  r.count_limit = 200;
  auto sampled = searcher_->related(r);
  auto again = searcher_->related(r);
  auto on_three = (*split)->related(r);
  ASSERT_TRUE(sampled.ok() && again.ok() && on_three.ok());
  EXPECT_FALSE(sampled->exact);
  EXPECT_LT(sampled->counted, exact->total / 2);
  EXPECT_NEAR(static_cast<double>(sampled->total), static_cast<double>(exact->total),
              exact->total / 3.0);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(sampled->entities.at(i).id, exact->entities[i].id) << i;
  }
  for (const RelatedResponse* other : {&*again, &*on_three}) {
    EXPECT_EQ(other->total, sampled->total);
    EXPECT_EQ(other->counted, sampled->counted);
    ASSERT_EQ(other->entities.size(), sampled->entities.size());
    for (std::size_t i = 0; i < other->entities.size(); ++i) {
      EXPECT_EQ(other->entities[i].id, sampled->entities[i].id) << i;
      EXPECT_EQ(other->entities[i].count, sampled->entities[i].count) << i;
    }
  }
  for (const RelatedEntity& e : sampled->entities) EXPECT_LE(e.count, e.background) << e.id;

  r.count_limit = exact->total;
  auto at_limit = searcher_->related(r);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_TRUE(at_limit->exact);
  EXPECT_EQ(at_limit->total, exact->total);
  ASSERT_EQ(at_limit->entities.size(), exact->entities.size());
  for (std::size_t i = 0; i < exact->entities.size(); ++i) {
    EXPECT_EQ(at_limit->entities[i].id, exact->entities[i].id);
    EXPECT_EQ(at_limit->entities[i].count, exact->entities[i].count);
  }
}

// Facet keys read per match from the index count what the in-memory keys
// count (SearcherOptions::facet_keys_in_memory), filters and copies included.
TEST_F(FacetFilters, KeysInMemoryCountAsKeysReadFromTheIndex) {
  SearcherOptions from_index;
  from_index.facet_keys_in_memory = false;
  auto a = Searcher::open(db_);
  auto b = Searcher::open(db_, from_index);
  ASSERT_TRUE(a.ok() && b.ok());
  // warm() puts a's keys in memory before its first search (and b has none
  // to put there), so every search below counts from memory.
  Result<std::uint64_t> held = (*a)->warm();
  ASSERT_TRUE(held.ok()) << held.status().to_string();
  EXPECT_GT(*held, 8u * 100);  // at least a key an article, 8 bytes each
  Result<std::uint64_t> none = (*b)->warm();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  for (const char* q : {"Korea", "Kim Jong Il", "Commonwealth + agreement"}) {
    for (const std::vector<std::string>& filters :
         {std::vector<std::string>{}, std::vector<std::string>{"year:2011", "country:China"}}) {
      SCOPED_TRACE(std::string(q) + (filters.empty() ? "" : " with filters"));
      SearchRequest r = request(q, filters, {"person", "country", "place", "org", "year",
                                             "mentioned_year", "lang"});
      r.all_copies = false;
      r.limit = 20;
      auto x = (*a)->search(r);
      auto y = (*b)->search(r);
      ASSERT_TRUE(x.ok() && y.ok());
      EXPECT_EQ(x->total, y->total);
      ASSERT_EQ(x->hits.size(), y->hits.size());
      for (std::size_t i = 0; i < x->hits.size(); ++i) {
        EXPECT_EQ(x->hits[i].similar, y->hits[i].similar) << x->hits[i].id;
      }
      expect_same_facets(*x, *y);
    }
  }
}

// With the document lengths in memory, BM25 reads them there instead of from
// the index (ranking.h, LengthsBm25Weight): every search ranks as before, the
// same hits with the same stage-1 scores to the bit, on one thread and split
// over two (by date: month by month), for Dossier's ranking, plain BM25 and
// both date orders.
TEST_F(FacetFilters, LengthsInMemoryRankAsLengthsInTheIndex) {
  std::vector<std::string> queries = {
      "Korea",       "Kim Jong Il",        "Commonwealth + agreement",
      "\"Supreme People's Assembly\"", "nuclear OR missile", "title:Korea",
      "denuclear*",  "Korea -China",       "Kim + Russia + 2011",
      "org:UN",      "power station",      "satellite launch + 2012"};
  // And queries made at random (a fixed seed) from words, names, phrases,
  // wildcards and filters, joined by "+", OR or nothing.
  const std::vector<std::string> atoms = {
      "Korea",  "Kim",      "Russia", "China",         "nuclear",       "agreement",
      "people", "army",     "visit",  "delegation",    "anniversary",   "leader",
      "power",  "station",  "\"Korean War\"",       "\"power station\"", "Kim Jong Un",
      "Japan",  "United States", "anniv*", "year:2011", "country:China", "title:Korea"};
  std::uint32_t seed = 12345;
  auto next = [&seed](std::size_t n) {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::size_t>(seed >> 8) % n;
  };
  const char* joins[] = {" + ", " OR ", " "};
  for (int i = 0; i < 60; ++i) {
    std::string q = atoms[next(atoms.size())];
    for (std::size_t more = next(3); more > 0; --more) {
      q += joins[next(3)] + atoms[next(atoms.size())];
    }
    queries.push_back(q);
  }
  for (unsigned threads : {1u, 2u}) {
    auto a = Searcher::open(db_, on_threads(threads));
    auto b = Searcher::open(db_, on_threads(threads, /*keys_in_memory=*/false));
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE((*a)->warm().ok());
    for (const std::string& q : queries) {
      for (const auto& [ranking, sort] : {std::pair{Ranking::kDefault, SortOrder::kRelevance},
                                          std::pair{Ranking::kPlainBm25, SortOrder::kRelevance},
                                          std::pair{Ranking::kDefault, SortOrder::kNewest},
                                          std::pair{Ranking::kDefault, SortOrder::kOldest}}) {
        SCOPED_TRACE(q + " on " + std::to_string(threads) + " thread(s)" +
                     (ranking == Ranking::kDefault ? "" : ", plain BM25") +
                     (sort == SortOrder::kNewest   ? ", newest"
                      : sort == SortOrder::kOldest ? ", oldest"
                                                   : ""));
        SearchRequest r = request(q, {}, {"country"});
        r.limit = 40;
        r.ranking = ranking;
        r.sort = sort;
        r.explain = true;
        r.all_copies = false;
        auto x = (*a)->search(r);
        auto y = (*b)->search(r);
        ASSERT_TRUE(x.ok() && y.ok());
        expect_same_hits(*x, *y);
        for (std::size_t i = 0; i < std::min(x->hits.size(), y->hits.size()); ++i) {
          EXPECT_EQ(x->hits[i].explain.bm25, y->hits[i].explain.bm25) << i;
        }
        expect_same_facets(*x, *y);
      }
    }
  }
}

TEST_F(FacetFilters, BadFiltersAreClearErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"colour:red", "unknown facet \"colour\""},
      {"country:Atlantis", "no country named \"Atlantis\""},
      {"person:Kim", "person:kim-jong-un"},  // ambiguous: the candidates are listed
      {"year:twenty", "not a year"},
      {"mentioned_year:1500", "mentioned years are indexed from 1800"},
      {"lang:e n", "not a language code"},
      {"person:Vladivostok", "no person named"},  // a place, not a person
  };
  for (const auto& [f, message] : cases) {
    SearchRequest q = request("Korea", {f});
    Result<SearchResponse> r = searcher_->search(q);
    ASSERT_FALSE(r.ok()) << f;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << f;
    EXPECT_NE(r.status().message().find(message), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(f), std::string::npos) << r.status().message();
  }
}

// Related entities on the bundled corpus: exact counts, the query's own
// entities left out.
TEST_F(FacetFilters, RelatedCountsAreExact) {
  RelatedRequest q;
  q.query = "Kim Jong-il";
  q.filters = {filter("year:2011")};
  q.limit = 8;
  Result<RelatedResponse> r = searcher_->related(q);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->total, articles("Kim Jong-il + year:2011"));
  EXPECT_EQ(r->documents, articles("-zzzznothing"));
  ASSERT_EQ(r->entities.size(), 8u);
  for (std::size_t i = 0; i < r->entities.size(); ++i) {
    const RelatedEntity& e = r->entities[i];
    EXPECT_NE(e.id, "person:kim-jong-il");
    EXPECT_GE(e.count, q.min_count);
    if (i > 0) {
      EXPECT_LE(e.score, r->entities[i - 1].score);
    }
    const double fg = double(e.count) / double(r->total);
    const double bg = double(e.background) / double(r->documents);
    EXPECT_NEAR(e.score, (fg - bg) * fg / bg, 1e-9);
    if (e.id.rfind("person:x-", 0) == 0) continue;
    EXPECT_EQ(e.count, articles("Kim Jong-il + year:2011 + " + field(e.id))) << e.id;
    EXPECT_EQ(e.background, articles(field(e.id))) << e.id;
  }
}

TEST_F(FacetFilters, RelatedRejectsBadRequests) {
  RelatedRequest q;
  q.query = "Korea";
  q.types = {"city"};
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kInvalidArgument);
  q.types = {};
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kInvalidArgument);
  q.types = {"person"};
  q.limit = 0;
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kInvalidArgument);
  q.limit = 10;
  q.min_count = 0;
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kInvalidArgument);
  q.min_count = 1;
  q.filters = {filter("country:Atlantis")};
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kInvalidArgument);
  q.filters = {};
  q.query = "Kim + + Russia";
  EXPECT_EQ(searcher_->related(q).status().code(), StatusCode::kBadQuery);
}

// A small archive where the expected order is plain: 40 articles, 10 of
// them about a summit.
//   Vladimir Putin: 8 summit articles, nowhere else         -> first
//   Angela Merkel:  2 summit articles, nowhere else         -> below min_count 3
//   Japan:          3 summit articles and 3 others          -> second
//   China:          5 summit articles and 25 others         -> not related (rarer at the summit)
class RelatedOrder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto indexer = Indexer::open(*dir_ / "db");
    ASSERT_TRUE(indexer.ok()) << indexer.status().to_string();
    for (int i = 0; i < 40; ++i) {
      Article a;
      a.id = "a" + std::to_string(i);
      a.published = "2019-05-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
      const bool summit = i < 10;
      a.title = summit ? "Summit talks, day " + std::to_string(i) : "Harvest report " + std::to_string(i);
      std::string body = summit ? "Delegates gathered for the summit on day " + std::to_string(i) + "."
                                : "Farmers reported on the harvest in region " + std::to_string(i) + ".";
      if (summit && i < 8) body += " Vladimir Putin attended.";
      if (summit && i >= 8) body += " Angela Merkel spoke.";
      if ((summit && i < 3) || (i >= 10 && i < 13)) body += " Officials from Japan were present.";
      if ((summit && i >= 5) || (i >= 15)) body += " China sent a delegation.";
      a.body = body;
      ASSERT_TRUE((*indexer)->add(a).ok());
    }
    ASSERT_TRUE((*indexer)->close().ok());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::vector<std::string> order(const RelatedResponse& r) {
    std::vector<std::string> out;
    for (const RelatedEntity& e : r.entities) out.push_back(e.id);
    return out;
  }
  Result<RelatedResponse> related(RelatedRequest q) {
    auto s = Searcher::open(*dir_ / "db");
    EXPECT_TRUE(s.ok());
    return (*s)->related(q);
  }
  static TempDir* dir_;
};
TempDir* RelatedOrder::dir_ = nullptr;

TEST_F(RelatedOrder, RanksByHowUnusualThePairingIs) {
  RelatedRequest q;
  q.query = "summit";
  Result<RelatedResponse> r = related(q);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->total, 10u);
  EXPECT_EQ(r->documents, 40u);
  EXPECT_EQ(order(*r), (std::vector<std::string>{"person:vladimir-putin", "country:JP"}));
  const RelatedEntity& putin = r->entities[0];
  EXPECT_EQ(putin.name, "Vladimir Putin");
  EXPECT_EQ(putin.type, "person");
  EXPECT_EQ(putin.count, 8u);
  EXPECT_EQ(putin.background, 8u);
  EXPECT_DOUBLE_EQ(putin.score, (0.8 - 0.2) * 0.8 / 0.2);
  EXPECT_EQ(r->entities[1].count, 3u);
  EXPECT_EQ(r->entities[1].background, 6u);
  EXPECT_DOUBLE_EQ(r->entities[1].score, (0.3 - 0.15) * 0.3 / 0.15);

  // With pairings seen twice allowed, Merkel (2 of 10 here, 2 of 40 in all)
  // ranks between them.
  q.min_count = 1;
  r = related(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(order(*r), (std::vector<std::string>{"person:vladimir-putin", "person:angela-merkel",
                                                 "country:JP"}));
  q.types = {"person"};
  q.limit = 1;
  r = related(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(order(*r), (std::vector<std::string>{"person:vladimir-putin"}));
}

TEST_F(RelatedOrder, LeavesOutWhatTheQueryAndFiltersName) {
  RelatedRequest q;
  q.query = "Putin";
  q.min_count = 1;
  Result<RelatedResponse> r = related(q);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->total, 8u);
  EXPECT_EQ(order(*r), (std::vector<std::string>{"country:JP"}));
  q.query = "summit";
  q.filters = {filter("country:Japan")};
  r = related(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 3u);
  ASSERT_EQ(r->filters.size(), 1u);
  EXPECT_EQ(order(*r), (std::vector<std::string>{"person:vladimir-putin"}));
}

}  // namespace
}  // namespace dossier
