// Query help through the public API: entity names as synonyms, "did you
// mean", entity completion (suggest) and "more like this" (similar), on small
// hand-made archives and on the bundled corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>

#include "dossier/indexer.h"
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
  for (const Hit& h : r.hits) out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

using Ids = std::vector<std::string>;

// ----------------------------------------------------------- aliases as synonyms

class Synonyms : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    searcher_ = index_and_open(
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
  EXPECT_EQ(sorted_ids(run(*searcher_, "\"North Korea\"")),
            (Ids{"en-acronym", "en-name", "ko"}));
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

}  // namespace
}  // namespace dossier
