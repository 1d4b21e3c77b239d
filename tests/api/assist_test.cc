// Query help through the public API: entity names as synonyms, "did you
// mean", entity completion (suggest) and "more like this" (similar), on small
// hand-made archives and on the bundled corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "dossier/indexer.h"
#include "dossier/query_help.h"
#include "dossier/reader.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;

Article article(const std::string& id, const std::string& title, const std::string& body) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  return a;
}

// Indexes `articles` into a fresh database in `dir` and opens it.
std::unique_ptr<Searcher> index_and_open(const TempDir& dir, const std::vector<Article>& articles) {
  {
    auto indexer = Indexer::open(dir / "db");
    EXPECT_TRUE(indexer.ok()) << indexer.status().to_string();
    for (const Article& a : articles) {
      auto added = (*indexer)->add(a);
      EXPECT_TRUE(added.ok()) << a.id << ": " << added.status().to_string();
    }
    EXPECT_TRUE((*indexer)->close().ok());
  }
  auto s = Searcher::open(dir / "db");
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? std::move(s.value()) : nullptr;
}

SearchResponse run(Searcher& s, const std::string& query) {
  SearchRequest req;
  req.query = query;
  req.limit = 100;
  auto r = s.search(req);
  EXPECT_TRUE(r.ok()) << query << ": " << r.status().to_string();
  return r.ok() ? *r : SearchResponse{};
}

std::vector<std::string> sorted_ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits)
    out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

using Ids = std::vector<std::string>;

// ----------------------------------------------------------- aliases as synonyms

class Synonyms : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    searcher_ =
        index_and_open(
            *dir_,
            {article("en-name", "Talks stall",
                     "North Korea's nuclear test worried its neighbours this week."),
             article("en-acronym", "Parade", "The DPRK held a military parade in the capital."),
             article("ko", "핵실험", "조선의 핵실험에 대해 이웃 나라들이 우려했다."),
             article("war", "History", "The Korean War ended in 1953 with an armistice."),
             article("ru-treaty", "Treaty", "Russia and China signed a treaty on energy."),
             article("plain", "Weather", "Heavy rain fell over the southern coast.")})
            .release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static TempDir* dir_;
  static Searcher* searcher_;
};
TempDir* Synonyms::dir_ = nullptr;
Searcher* Synonyms::searcher_ = nullptr;

TEST_F(Synonyms, AQuotedNameFindsTheEntityHoweverItIsWritten) {
  EXPECT_EQ(sorted_ids(run(*searcher_, "\"North Korea\"")), (Ids{"en-acronym", "en-name", "ko"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "\"DPRK\"")), (Ids{"en-acronym", "en-name", "ko"}));
  // A longer phrase keeps its exact words.
  EXPECT_EQ(sorted_ids(run(*searcher_, "\"North Korea's nuclear test\"")), (Ids{"en-name"}));
}

TEST_F(Synonyms, ANameInsideALongerPartFindsItsOtherNames) {
  // "DPRK" inside "DPRK nuclear test": the article writing "North Korea" counts.
  EXPECT_EQ(sorted_ids(run(*searcher_, "DPRK nuclear test")), (Ids{"en-name"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "North Korea military parade")), (Ids{"en-acronym"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "조선 parade")), (Ids{"en-acronym"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "North Korea + parade")), (Ids{"en-acronym"}));
}

TEST_F(Synonyms, DemonymsInsideLongerTextStayWords) {
  // "Korean War" is about the war, not about every article naming Korea.
  EXPECT_EQ(sorted_ids(run(*searcher_, "Korean War")), (Ids{"war"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "\"Korean War\"")), (Ids{"war"}));
}

TEST_F(Synonyms, AKoreanNameWithAParticleIsTheEntity) {
  EXPECT_EQ(sorted_ids(run(*searcher_, "러시아는")), (Ids{"ru-treaty"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "Россия")), (Ids{"ru-treaty"}));
  EXPECT_EQ(sorted_ids(run(*searcher_, "России")), (Ids{"ru-treaty"}));
}

TEST_F(Synonyms, ExcludingANameExcludesItsOtherNames) {
  EXPECT_EQ(sorted_ids(run(*searcher_, "-\"North Korea\"")), (Ids{"plain", "ru-treaty", "war"}));
}

// ----------------------------------------------------------------- did you mean

std::string did_you_mean(Searcher& s, const std::string& query, std::size_t below = 5) {
  SearchRequest req;
  req.query = query;
  req.did_you_mean_below = below;
  auto r = s.search(req);
  EXPECT_TRUE(r.ok()) << query << ": " << r.status().to_string();
  return r.ok() ? r->did_you_mean : "ERROR";
}

// An English archive: it never writes "Rusia" or "Россия".
class DidYouMean : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    searcher_ =
        index_and_open(*dir_,
                       {article("r1", "Visit", "Kim Jong Un met officials in Russia on Monday."),
                        article("r2", "Treaty",
                                "Russia and North Korea signed a treaty; Kim Jong Un attended."),
                        article("r3", "Delegation", "Pyongyang hosted a delegation from Russia."),
                        article("r4", "Rail", "The armored train left Pyongyang at night."),
                        article("r5", "Talks", "Nuclear talks resumed in Geneva after a pause."),
                        article("r6", "Weather", "Heavy rain fell over the southern coast.")})
            .release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static TempDir* dir_;
  static Searcher* searcher_;
};
TempDir* DidYouMean::dir_ = nullptr;
Searcher* DidYouMean::searcher_ = nullptr;

TEST_F(DidYouMean, NamesAndWordsAreCorrectedAndTheStructureKept) {
  EXPECT_EQ(run(*searcher_, "Kim Jong Um + Rusia").total, 0u);
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Um + Rusia"), "Kim Jong Un + Russia");
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Um+Rusia"), "Kim Jong Un+Russia");
  EXPECT_EQ(did_you_mean(*searcher_, "\"armored trian\" OR nucleer"),
            "\"armored train\" OR nuclear");
  EXPECT_EQ(did_you_mean(*searcher_, "title:delegaton"), "title:delegation");
  EXPECT_EQ(did_you_mean(*searcher_, "(Pyongyan)  +  2011"), "");  // 2011: nothing to find
  EXPECT_EQ(did_you_mean(*searcher_, "(Pyongyan)  +  delegation"), "(Pyongyang)  +  delegation");
}

TEST_F(DidYouMean, TheWordKeepsItsCase) {
  EXPECT_EQ(did_you_mean(*searcher_, "pyongyan"), "pyongyang");
  EXPECT_EQ(did_you_mean(*searcher_, "Pyongyan"), "Pyongyang");
  EXPECT_EQ(did_you_mean(*searcher_, "PYONGYAN"), "PYONGYANG");
}

TEST_F(DidYouMean, NamesInOtherScriptsAreCorrectedToo) {
  // Russia's names in Cyrillic and Hangul, though the archive writes neither.
  EXPECT_EQ(did_you_mean(*searcher_, "Росия"), "Россия");
  EXPECT_EQ(did_you_mean(*searcher_, "러시야"), "러시아");
  EXPECT_EQ(did_you_mean(*searcher_, "Россия"), "");  // a name: found as it is
}

TEST_F(DidYouMean, OnlyWhenTheCorrectionFindsMore) {
  EXPECT_EQ(did_you_mean(*searcher_, "Russia"), "");
  EXPECT_EQ(did_you_mean(*searcher_, "zebra"), "");                 // nothing close
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Um + Geneve"), "");  // found together nowhere
  EXPECT_EQ(did_you_mean(*searcher_, "Russia -Pyongyan"), "");      // excluded words stay
  EXPECT_EQ(did_you_mean(*searcher_, "Pyongyan", 0), "");           // switched off
}

// ----------------------------------------------------------------- suggest

std::vector<Suggestion> suggest(Searcher& s, const std::string& prefix, std::size_t limit = 10) {
  auto r = s.suggest(prefix, limit);
  EXPECT_TRUE(r.ok()) << prefix << ": " << r.status().to_string();
  return r.ok() ? r->suggestions : std::vector<Suggestion>{};
}

class Suggest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    searcher_ =
        index_and_open(
            *dir_,
            {article("s1", "Visit", "Kim Jong Un met officials in Russia on Monday."),
             article("s2", "Treaty", "Russia and China signed a treaty; Kim Jong Un attended."),
             article("s3", "Talks", "Kim Yo Jong spoke in Pyongyang about Russia."),
             article("s4", "Speech", "Jo Tae-yong, a researcher, said the talks resumed."),
             article("s5", "Nuclear", "Nuclear talks resumed; the nucleus of the deal held.")})
            .release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static TempDir* dir_;
  static Searcher* searcher_;
};
TempDir* Suggest::dir_ = nullptr;
Searcher* Suggest::searcher_ = nullptr;

TEST_F(Suggest, EntitiesStartingWithThePrefixMostMentionedFirst) {
  std::vector<Suggestion> got = suggest(*searcher_, "kim");
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0].id, "person:kim-jong-un");
  EXPECT_EQ(got[0].type, "person");
  EXPECT_EQ(got[0].count, 2u);
  EXPECT_EQ(got[1].count, 1u);  // Kim Yo Jong
  for (const Suggestion& s : got)
    EXPECT_NE(s.type, "word") << s.text;
  // The count is the number of articles a search for the entity finds.
  got = suggest(*searcher_, "Russ");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].id, "country:RU");
  EXPECT_EQ(got[0].text, "Russia");
  EXPECT_EQ(got[0].count, run(*searcher_, "country:RU").total);
  EXPECT_EQ(got[0].count, 3u);
  EXPECT_EQ(suggest(*searcher_, "kim", 1).size(), 1u);
}

TEST_F(Suggest, AnyScriptCaseAndAccents) {
  for (const char* prefix : {"Рос", "рос", "러시", "RUSS", "rúss"}) {
    std::vector<Suggestion> got = suggest(*searcher_, prefix);
    ASSERT_FALSE(got.empty()) << prefix;
    EXPECT_EQ(got[0].id, "country:RU") << prefix;
  }
  std::vector<Suggestion> got = suggest(*searcher_, "Рос");
  EXPECT_EQ(got[0].text, "Russia");
  EXPECT_EQ(got[0].matched.rfind("Рос", 0), 0u) << got[0].matched;  // the alias that matched
  got = suggest(*searcher_, "김정");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].id, "person:kim-jong-un");
}

TEST_F(Suggest, WordsBoundariesAndPeopleFoundInTheArchive) {
  // "kim jong" completes the name; "kim jong " needs a word after "jong".
  std::vector<Suggestion> got = suggest(*searcher_, "kim jong");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].id, "person:kim-jong-un");
  got = suggest(*searcher_, "jo tae");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].id, "person:x-jo-tae-yong");
  EXPECT_EQ(got[0].text, "Jo Tae-yong");
  // No entity: the archive's words, most frequent first, completing the last word.
  got = suggest(*searcher_, "nuc");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, "nuclear");
  EXPECT_EQ(got[0].type, "word");
  EXPECT_EQ(got[0].id, "");
  EXPECT_EQ(got[1].text, "nucleus");
  got = suggest(*searcher_, "talks res");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].text, "talks resumed");
  EXPECT_EQ(got[0].count, 2u);
  EXPECT_TRUE(suggest(*searcher_, "zzz").empty());
}

TEST_F(Suggest, BadPrefixesAndLimitsAreErrors) {
  for (const char* prefix : {"", "  ", "!!!"}) {
    auto r = searcher_->suggest(prefix, 10);
    ASSERT_FALSE(r.ok()) << prefix;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << prefix;
  }
  EXPECT_EQ(searcher_->suggest("kim", 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(searcher_->suggest("kim", 1001).status().code(), StatusCode::kInvalidArgument);
}

TEST(SuggestUpdates, ANewCommitIsSeenByTheNextCall) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  ASSERT_TRUE((*indexer)->add(article("a", "One", "Talks in Vladivostok ended.")).ok());
  ASSERT_TRUE((*indexer)->commit().ok());
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(suggest(**s, "vlad").size(), 1u);
  EXPECT_TRUE(suggest(**s, "laos").empty() || suggest(**s, "laos")[0].type == "word");
  ASSERT_TRUE((*indexer)->add(article("b", "Two", "A delegation from Laos arrived.")).ok());
  ASSERT_TRUE((*indexer)->commit().ok());
  std::vector<Suggestion> got = suggest(**s, "laos");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].id, "country:LA");
}

// ----------------------------------------------------------------- similar

// Sixty words about floods; `variant` changes one of them.
std::string floods(const std::string& variant) {
  return "Heavy floods hit North Hwanghae Province near Sariwon after torrential rain. Rivers "
         "burst their banks, farmland was submerged and thousands of houses were damaged. "
         "Relief workers brought rice, blankets and medicine to the flood victims, and the "
         "government sent " +
         variant +
         " brigades to repair roads, bridges and embankments "
         "before the next rains arrive in the mountain valleys.";
}

class Similar : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    searcher_ =
        index_and_open(
            *dir_, {article("flood", "Floods in North Hwanghae", floods("army")),
                    article("flood-copy", "Floods hit province", floods("army")),
                    article("flood-2", "Flood relief",
                            "Relief supplies reached flood victims in Hwanghae and Sariwon after "
                            "the rain damaged houses and farmland; brigades repaired embankments."),
                    article("football", "Football",
                            "The national football team won the "
                            "match in Pyongyang on Sunday."),
                    article("rain", "Weather", "Light rain is expected on Tuesday.")})
            .release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static TempDir* dir_;
  static Searcher* searcher_;
};
TempDir* Similar::dir_ = nullptr;
Searcher* Similar::searcher_ = nullptr;

TEST_F(Similar, FindsTheSameSubjectWithoutTheArticleOrItsCopies) {
  // The copy really is one: a search folds it into its story.
  SearchResponse story = run(*searcher_, "\"North Hwanghae Province near Sariwon\"");
  ASSERT_EQ(story.total, 1u);
  ASSERT_EQ(story.hits[0].similar, 1u);
  auto r = searcher_->similar("flood", 10);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->id, "flood");
  EXPECT_EQ(r->title, "Floods in North Hwanghae");
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(r->hits[0].id, "flood-2");
  EXPECT_EQ(r->hits[0].rank, 1u);
  for (const Hit& h : r->hits) {
    EXPECT_NE(h.id, "flood");
    EXPECT_NE(h.id, "flood-copy");
  }
  EXPECT_FALSE(r->hits[0].snippet.highlights.empty());
  EXPECT_NE(std::find(r->words.begin(), r->words.end(), "hwanghae"), r->words.end());
  bool city = false;
  for (const EntityRef& e : r->entities)
    city = city || e.name == "Sariwŏn";
  EXPECT_TRUE(city);
  ASSERT_EQ(searcher_->similar("flood", 1)->hits.size(), 1u);
}

TEST_F(Similar, UnknownIdsAndBadLimitsAreErrors) {
  auto r = searcher_->similar("no-such-article", 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("no article with id \"no-such-article\""), std::string::npos)
      << r.status().message();
  EXPECT_EQ(searcher_->similar("flood", 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(searcher_->similar("flood", 10001).status().code(), StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------ bundled corpus

class BundledAssist : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (const char* shared = std::getenv("DOSSIER_TEST_BUNDLED_DB")) {
      db_ = shared;
      return;
    }
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    auto indexer = Indexer::open(db_);
    ASSERT_TRUE(indexer.ok());
    read_articles(
        {test::source_path("corpus/seeds"), test::source_path("corpus/kcna")}, {},
        [&](Article&& a, const InputLocation&) { return (*indexer)->add(a).ok(); },
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
  static TempDir* dir_;
  static std::string db_;
  std::unique_ptr<Searcher> searcher_;
};
TempDir* BundledAssist::dir_ = nullptr;
std::string BundledAssist::db_;

TEST_F(BundledAssist, DidYouMean) {
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Um + Pyongyan"), "Kim Jong Un + Pyongyang");
  // The archive has Spanish stories: "Rusia" is a name it writes, not a typo.
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Um + Rusia"), "Kim Jong Un + Rusia");
  // Found a little (through a Spanish stem), but the correction finds far more.
  const SearchResponse few = run(*searcher_, "nucleer");
  EXPECT_GE(few.total, 5u);
  EXPECT_EQ(few.did_you_mean, "nuclear");
  EXPECT_EQ(did_you_mean(*searcher_, "Kim Jong Un + Russia"), "");
  EXPECT_EQ(did_you_mean(*searcher_, "Choe Ryong Hae"), "");
}

TEST_F(BundledAssist, SuggestNamesInEveryScript) {
  std::vector<Suggestion> got = suggest(*searcher_, "kim jong", 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, "person:kim-jong-il");
  EXPECT_EQ(got[1].id, "person:kim-jong-un");
  EXPECT_GT(got[0].count, got[1].count);
  got = suggest(*searcher_, "Пут", 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "person:vladimir-putin");
}

TEST_F(BundledAssist, SimilarToASeedFindsTheOtherSeeds) {
  auto r = searcher_->similar("000_4a8b286dea9e7962", 2);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->hits.size(), 2u);
  std::set<std::string> got = {r->hits[0].id, r->hits[1].id};
  EXPECT_EQ(got, (std::set<std::string>{"001_4d3a4471832e5cd3", "002_ac8235621096dcab"}));
}

// More like this ranks as a search ranks its hits (ranking.h: the lengths in
// memory; searcher.cc: docid ranges on several threads) exactly as in one
// pass with the lengths read from the index: the same articles with the same
// scores, for every article a search finds.
TEST_F(BundledAssist, SimilarRanksAlikeOnThreadsAndWithLengthsInMemory) {
  SearcherOptions one_pass;
  one_pass.facet_keys_in_memory = false;
  one_pass.search_threads = 1;
  SearcherOptions split;  // every query over two ranges of docids
  split.search_threads = 2;
  split.parallel_above = 0;
  SearcherOptions split_from_index = split;
  split_from_index.facet_keys_in_memory = false;
  auto want_searcher = Searcher::open(db_, one_pass);
  ASSERT_TRUE(want_searcher.ok());
  std::vector<std::unique_ptr<Searcher>> others;
  others.push_back(std::move(searcher_));  // default options, keys warmed below
  for (const SearcherOptions& o : {split, split_from_index}) {
    auto s = Searcher::open(db_, o);
    ASSERT_TRUE(s.ok());
    others.push_back(std::move(s.value()));
  }
  for (auto& s : others) ASSERT_TRUE(s->warm().ok());
  SearchRequest r;
  r.query = "Korea OR Russia OR flood";
  r.limit = 25;
  r.facets.clear();
  auto found = (*want_searcher)->search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 25u);
  for (const Hit& h : found->hits) {
    auto want = (*want_searcher)->similar(h.id, 20);
    ASSERT_TRUE(want.ok());
    for (std::size_t k = 0; k < others.size(); ++k) {
      SCOPED_TRACE(h.id + " with searcher " + std::to_string(k));
      auto got = others[k]->similar(h.id, 20);
      ASSERT_TRUE(got.ok());
      ASSERT_EQ(got->hits.size(), want->hits.size());
      for (std::size_t i = 0; i < got->hits.size(); ++i) {
        EXPECT_EQ(got->hits[i].id, want->hits[i].id) << i;
        EXPECT_EQ(got->hits[i].score, want->hits[i].score) << i;
      }
    }
  }
}

// ------------------------------------------------------------- help query

TEST_F(BundledAssist, EveryExampleOfTheQueryHelpRuns) {
  std::size_t examples = 0;
  for (const QueryHelpSection& section : query_help()) {
    EXPECT_FALSE(section.syntax.empty()) << section.title;
    for (const QuerySyntax& s : section.syntax) {
      EXPECT_FALSE(s.meaning.empty());
      for (const std::string& example : s.examples) {
        SearchRequest req;
        req.query = example;
        req.limit = 1;
        auto r = searcher_->search(req);
        EXPECT_TRUE(r.ok()) << example << ": " << r.status().to_string();
        ++examples;
      }
    }
  }
  EXPECT_GE(examples, 30u);
}

TEST(QueryHelp, EveryFieldIsDocumentedWithAnExample) {
  for (const std::string& field : query_field_names()) {
    bool shown = false;
    for (const QueryHelpSection& section : query_help()) {
      for (const QuerySyntax& s : section.syntax) {
        for (const std::string& example : s.examples) {
          shown = shown || example.find(field + ":") != std::string::npos;
        }
      }
    }
    EXPECT_TRUE(shown) << "field \"" << field << ":\" has no example in dossier/query_help.h";
  }
}

TEST(QueryHelp, ReadmeShowsExactlyTheQueryHelp) {
  std::ifstream in(test::source_path("README.md"));
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const std::string begin = "<!-- query-help: generated by `dossier help query --markdown` -->\n";
  const std::string end = "<!-- /query-help -->";
  const std::size_t from = text.find(begin);
  const std::size_t to = text.find(end);
  ASSERT_NE(from, std::string::npos) << "README.md lacks the query-help markers";
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(text.substr(from + begin.size(), to - from - begin.size()), query_help_markdown())
      << "README.md's query language differs from dossier/query_help.h; paste the output of "
         "`dossier help query --markdown` between the markers";
}

}  // namespace
}  // namespace dossier
