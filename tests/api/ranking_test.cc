// Ranking (dossier/ranking.h) on small hand-built archives: each feature of
// Dossier's ranking, turned on alone against the text feature alone, moves
// the article it should move; recency, plain BM25 and the explanation.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <string>
#include <vector>

#include "dossier/indexer.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;

Article article(const std::string& id, const std::string& title, const std::string& body,
                const std::string& published = "") {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.published = published;
  return a;
}

// An archive of `articles` (added in order) in a temporary directory.
class Archive {
 public:
  explicit Archive(const std::vector<Article>& articles) {
    auto indexer = Indexer::open(path());
    EXPECT_TRUE(indexer.ok()) << indexer.status().to_string();
    for (const Article& a : articles) EXPECT_TRUE((*indexer)->add(a).ok()) << a.id;
    EXPECT_TRUE((*indexer)->close().ok());
  }
  std::string path() const { return dir_ / "db"; }

  // The ids of `query`'s hits, ranked with `options` (and `ranking`).
  std::vector<std::string> ids(const std::string& query, const RankingOptions& options = {},
                               Ranking ranking = Ranking::kDefault) const {
    std::vector<std::string> out;
    for (const Hit& h : search(query, options, ranking).hits) out.push_back(h.id);
    return out;
  }

  SearchResponse search(const std::string& query, const RankingOptions& options = {},
                        Ranking ranking = Ranking::kDefault, double recent = 0) const {
    SearcherOptions so;
    so.ranking = options;
    auto s = Searcher::open(path(), so);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    SearchRequest req;
    req.query = query;
    req.facets.clear();
    req.ranking = ranking;
    req.recent_half_life_days = recent;
    req.explain = true;
    auto r = (*s)->search(req);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : SearchResponse();
  }

 private:
  TempDir dir_;
};

// The text feature alone: the order of stage-1 BM25.
RankingOptions text_only() {
  RankingOptions o;
  o.text_weight = 1;
  o.title_weight = o.lead_weight = o.salience_weight = o.paragraph_weight = o.proximity_weight = 0;
  return o;
}

// Text, plus one feature strong enough to decide.
RankingOptions with(double RankingOptions::*feature) {
  RankingOptions o = text_only();
  o.*feature = 10;
  return o;
}

const ScoreComponent* component(const Hit& hit, const std::string& name) {
  for (const ScoreComponent& c : hit.explain.components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const std::string kFiller =
    "Officials met in the capital on Monday and discussed trade, transport and the weather, "
    "and they agreed to meet again next month.";

TEST(Ranking, TitleFeatureLiftsTheArticleNamingTheQueryInItsHeadline) {
  // "body" says pipeline three times in its text; "title" once, in its headline.
  Archive a({article("body", "Regional news",
                     "The pipeline is long. The pipeline is new. Work on the pipeline goes on.\n\n" +
                         kFiller),
             article("title", "The pipeline", kFiller + "\n\n" + kFiller + "\n\n" + kFiller)});
  ASSERT_EQ(a.ids("pipeline", text_only()), (std::vector<std::string>{"body", "title"}));
  EXPECT_EQ(a.ids("pipeline", with(&RankingOptions::title_weight)),
            (std::vector<std::string>{"title", "body"}));
  const SearchResponse r = a.search("pipeline");
  ASSERT_EQ(r.hits.size(), 2u);
  for (const Hit& h : r.hits) {
    ASSERT_NE(component(h, "title"), nullptr);
    EXPECT_EQ(component(h, "title")->feature, h.id == "title" ? 1.0 : 0.0) << h.id;
  }
}

TEST(Ranking, LeadFeatureLiftsTheArticleThatOpensWithTheQuery) {
  // "late" floods its last paragraph; "lead" writes "flood" once, first.
  Archive a({article("late", "Weather",
                     kFiller + "\n\n" + kFiller + "\n\nFloods, floods and more floods hit the coast."),
             article("lead", "Weather", "A flood hit the coast.\n\n" + kFiller + "\n\n" + kFiller)});
  ASSERT_EQ(a.ids("floods", text_only()), (std::vector<std::string>{"late", "lead"}));
  // "floods" is found at "flood", in any spelling of its stem.
  EXPECT_EQ(a.ids("floods", with(&RankingOptions::lead_weight)),
            (std::vector<std::string>{"lead", "late"}));
}

TEST(Ranking, ProximityFeatureLiftsTheArticleWherePartsMeetInASentence) {
  // "apart" names both more often, paragraphs apart; "near" once, together.
  Archive a({article("apart", "Notes",
                     "Treaty talks, treaty drafts, treaty texts.\n\n" + kFiller + "\n\n" + kFiller +
                         "\n\nPipeline work, pipeline costs, pipeline routes."),
             article("near", "Notes",
                     kFiller + "\n\nThe treaty covers the pipeline.\n\n" + kFiller)});
  ASSERT_EQ(a.ids("treaty + pipeline", text_only()), (std::vector<std::string>{"apart", "near"}));
  EXPECT_EQ(a.ids("treaty + pipeline", with(&RankingOptions::proximity_weight)),
            (std::vector<std::string>{"near", "apart"}));
  const SearchResponse r = a.search("treaty + pipeline");
  for (const Hit& h : r.hits) {
    ASSERT_NE(component(h, "proximity"), nullptr);
    EXPECT_EQ(component(h, "proximity")->feature, h.id == "near" ? 1.0 : 0.5) << h.id;
  }
}

TEST(Ranking, ParagraphFeatureLiftsTheArticleWherePartsShareAParagraph) {
  // In "same" the two words are one paragraph apart from each other's
  // window (more than proximity_window words), but in one paragraph.
  const std::string long_sentence =
      "The treaty was signed after years of talks between the delegations, who met many times in "
      "many cities over many seasons and wrote many drafts before they agreed on a route for the "
      "pipeline.";
  Archive a({article("split", "Notes",
                     "Treaty talks and treaty drafts.\n\n" + kFiller +
                         "\n\nPipeline work and pipeline costs."),
             article("same", "Notes", kFiller + "\n\n" + long_sentence + "\n\n" + kFiller)});
  ASSERT_EQ(a.ids("treaty + pipeline", text_only()), (std::vector<std::string>{"split", "same"}));
  EXPECT_EQ(a.ids("treaty + pipeline", with(&RankingOptions::paragraph_weight)),
            (std::vector<std::string>{"same", "split"}));
}

TEST(Ranking, SalienceFeatureLiftsTheArticleAboutTheEntity) {
  // Both mention Russia; "about" is about it (headline), "passing" is about
  // China and names Russia in passing, though more often.
  Archive a({article("passing", "China and its neighbours",
                     "China held talks with Mongolia. China and Vietnam signed deals. China "
                     "invited Russia, and Russia and Russia's partners came.\n\n" +
                         kFiller),
             article("about", "Russia's harvest", kFiller + "\n\n" + kFiller)});
  RankingOptions salience = with(&RankingOptions::salience_weight);
  ASSERT_EQ(a.ids("Russia", text_only()), (std::vector<std::string>{"passing", "about"}));
  EXPECT_EQ(a.ids("Russia", salience), (std::vector<std::string>{"about", "passing"}));
  const SearchResponse r = a.search("Russia", salience);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(component(r.hits[0], "salience")->feature, 1.0);  // its most salient entity
  EXPECT_LT(component(r.hits[1], "salience")->feature, 1.0);
}

TEST(Ranking, ARarePartCountsMoreThanACommonOne) {
  // "reactor" is rare in this archive, "harbour" common: a headline naming
  // the rare part beats one naming the common part when parts weigh by rarity.
  std::vector<Article> articles{
      article("common", "The harbour", "Reactor and harbour.\n\n" + kFiller),
      article("rare", "The reactor", "Reactor and harbour.\n\n" + kFiller)};
  for (int i = 0; i < 8; ++i) {
    articles.push_back(article("filler" + std::to_string(i), "Harbour news", kFiller + " harbour"));
  }
  Archive a(articles);
  RankingOptions o = with(&RankingOptions::title_weight);
  o.part_rarity = 1;
  const std::vector<std::string> rare_first = a.ids("harbour + reactor", o);
  ASSERT_GE(rare_first.size(), 2u);
  EXPECT_EQ(rare_first[0], "rare");
  const SearchResponse r = a.search("harbour + reactor", o);
  const double rare_title = component(r.hits[0], "title")->feature;
  const double common_title = component(r.hits[1], "title")->feature;
  EXPECT_GT(rare_title, 0.5);
  EXPECT_LT(common_title, 0.5);
  o.part_rarity = 0;  // equal parts: both headlines hold one part of two
  const SearchResponse equal = a.search("harbour + reactor", o);
  EXPECT_DOUBLE_EQ(component(equal.hits[0], "title")->feature, 0.5);
  EXPECT_DOUBLE_EQ(component(equal.hits[1], "title")->feature, 0.5);
}

TEST(Ranking, RecencyFavoursNewerArticlesWithTheDocumentedDecay) {
  const std::string body = "The harvest was good this year.\n\n" + kFiller;
  Archive a({article("old", "Harvest", body, "2011-01-01"),
             article("newer", "Harvest", body, "2011-12-01"),
             article("newest", "Weather", kFiller, "2012-01-31")});
  // Without recency the equal articles keep their order; with it the newer leads.
  ASSERT_EQ(a.ids("harvest"), (std::vector<std::string>{"old", "newer"}));
  const SearchResponse r = a.search("harvest", RankingOptions{}, Ranking::kDefault, 30);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].id, "newer");
  // Age counts from the newest article of the index (2012-01-31): 61 and 395 days.
  const ScoreComponent* newer = component(r.hits[0], "recency");
  const ScoreComponent* old = component(r.hits[1], "recency");
  ASSERT_NE(newer, nullptr);
  ASSERT_NE(old, nullptr);
  EXPECT_NEAR(newer->feature, 0.5 + 0.5 * std::exp2(-61.0 / 30), 1e-12);
  EXPECT_NEAR(old->feature, 0.5 + 0.5 * std::exp2(-395.0 / 30), 1e-12);
  // An undated article counts as infinitely old.
  Archive undated({article("dated", "Harvest", body, "2011-06-01"),
                   article("undated", "Harvest", body)});
  const SearchResponse u = undated.search("harvest", RankingOptions{}, Ranking::kDefault, 30);
  ASSERT_EQ(u.hits.size(), 2u);
  EXPECT_EQ(u.hits[1].id, "undated");
  EXPECT_EQ(component(u.hits[1], "recency")->feature, 0.5);
  EXPECT_EQ(component(u.hits[0], "recency")->feature, 1.0);  // the newest: age 0
}

TEST(Ranking, ExplanationComponentsAddUpToTheScore) {
  Archive a({article("a", "Pipeline treaty", "The treaty covers the pipeline.\n\n" + kFiller,
                     "2012-03-01"),
             article("b", "Notes", kFiller + "\n\nPipeline work. Treaty talks.", "2011-05-01"),
             article("c", "Pipeline", kFiller + "\n\nA treaty.", "2012-01-01")});
  for (const std::string q : {"pipeline", "treaty + pipeline", "pipeline OR treaty"}) {
    for (Ranking ranking : {Ranking::kDefault, Ranking::kPlainBm25}) {
      for (double recent : {0.0, 20.0}) {
        if (ranking == Ranking::kPlainBm25 && recent > 0) continue;  // an invalid request
        SCOPED_TRACE(q + (ranking == Ranking::kDefault ? " dossier" : " bm25") +
                     " recent " + std::to_string(recent));
        const SearchResponse r = a.search(q, RankingOptions{}, ranking, recent);
        ASSERT_FALSE(r.hits.empty());
        for (const Hit& h : r.hits) {
          ASSERT_FALSE(h.explain.components.empty()) << h.id;
          double sum = 0;
          for (const ScoreComponent& c : h.explain.components) sum += c.value;
          EXPECT_NEAR(sum, h.score, 1e-9) << h.id;
          EXPECT_EQ(h.explain.ranking, ranking == Ranking::kDefault ? "dossier" : "bm25");
          EXPECT_GT(h.explain.bm25, 0) << h.id;
        }
        for (std::size_t i = 1; i < r.hits.size(); ++i) {
          EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
        }
      }
    }
  }
  // Without explain, no components.
  auto s = Searcher::open(a.path());
  SearchRequest req;
  req.query = "pipeline";
  EXPECT_TRUE((*s)->search(req)->hits.front().explain.components.empty());
}

TEST(Ranking, PlainBm25IsXapiansBm25OverTheSameQuery) {
  Archive a({article("a", "Pipeline", "The pipeline is long.\n\n" + kFiller),
             article("b", "Notes", kFiller + "\n\nPipeline."),
             article("c", "Notes", kFiller)});
  const SearchResponse r = a.search("pipeline", RankingOptions{}, Ranking::kPlainBm25);
  // The query of a plain word is its stem term; Xapian's BM25 with its defaults.
  Xapian::Database db(a.path());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("Zpipelin"));
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  ASSERT_EQ(r.hits.size(), mset.size());
  std::size_t i = 0;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++i) {
    EXPECT_NEAR(r.hits[i].score, it.get_weight(), 1e-9);
    EXPECT_EQ(r.hits[i].explain.components.size(), 1u);
    EXPECT_EQ(r.hits[i].explain.components[0].name, "bm25");
  }
}

TEST(Ranking, FilterOnlyQueriesAreNotReRanked) {
  Archive a({article("a", "One", kFiller, "2012-01-01"), article("b", "Two", kFiller, "2012-02-01")});
  const SearchResponse r = a.search("year:2012");
  ASSERT_EQ(r.hits.size(), 2u);
  for (const Hit& h : r.hits) {
    EXPECT_EQ(h.score, 0);
    EXPECT_FALSE(h.explain.reranked);
  }
}

TEST(Ranking, BadRecencyIsAnInvalidArgument) {
  Archive a({article("a", "One", kFiller)});
  auto s = Searcher::open(a.path());
  SearchRequest req;
  req.query = "capital";
  for (double bad : {-1.0, std::nan(""), HUGE_VAL}) {
    req.recent_half_life_days = bad;
    auto r = (*s)->search(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("half-life"), std::string::npos);
  }
  // Recency has no scores to multiply with plain BM25 or a date order: an
  // error, not silently ignored.
  req.recent_half_life_days = 30;
  req.ranking = Ranking::kPlainBm25;
  auto bm25 = (*s)->search(req);
  ASSERT_FALSE(bm25.ok());
  EXPECT_EQ(bm25.status().code(), StatusCode::kInvalidArgument);
  req.ranking = Ranking::kDefault;
  req.sort = SortOrder::kNewest;
  auto newest = (*s)->search(req);
  ASSERT_FALSE(newest.ok());
  EXPECT_EQ(newest.status().code(), StatusCode::kInvalidArgument);
  req.sort = SortOrder::kRelevance;
  EXPECT_TRUE((*s)->search(req).ok());
}

}  // namespace
}  // namespace dossier
