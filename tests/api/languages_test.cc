// Search quality across languages, through the public API: French elision and
// accents, Russian ё, Spanish accents, Korean particles and compound nouns.
// Each row is a query and the articles it must and must not find.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dossier/indexer.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

Article article(const std::string& id, const std::string& lang, const std::string& title,
                const std::string& body) {
  Article a;
  a.id = id;
  a.lang = lang;
  a.title = title;
  a.body = body;
  return a;
}

class Languages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    db_ = dir_->path() + "/db";
    auto indexer = Indexer::open(db_);
    ASSERT_TRUE(indexer.ok()) << indexer.status().to_string();
    const Article articles[] = {
        article("fr-elision", "fr", "Paris attend",
                "L'arrivée du président à Paris a été retardée. L’équipe d’accueil a patienté."),
        article("fr-arrive", "fr", "Lyon", "Le ministre est arrivé hier soir à Lyon."),
        article("fr-names", "fr", "Élections régionales",
                "Les électeurs ont voté dimanche. Sébastien Durand n'a pas obtenu la majorité."),
        article("en", "en", "O'Neill in Dublin",
                "Paul O'Neill said he didn't know the arrival time at five o'clock."),
        article("ru", "ru", "Актёр в Москве",
                "Известный актёр пришёл на встречу. Ещё много зрителей ждали его."),
        article("es", "es", "La nación", "Las naciones del mundo celebran la paz."),
        article("ko-police", "ko", "서울지방경찰청, 수사 착수",
                "서울지방경찰청은 어제 수사를 시작했다. 경찰서는 조용했다."),
        article("ko-economy", "ko", "경제 성장률 발표", "한국은행은 올해 경제 성장률을 발표했다."),
        article("ko-police-2", "ko", "경찰서 수사", "서울지방경찰청은 오늘도 수사를 계속했다."),
    };
    for (const Article& a : articles) {
      auto r = (*indexer)->add(a);
      ASSERT_TRUE(r.ok()) << r.status().to_string();
    }
    ASSERT_TRUE((*indexer)->close().ok());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  std::set<std::string> found(const std::string& q) {
    auto s = Searcher::open(db_);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    if (!s.ok()) return {};
    SearchRequest req;
    req.query = q;
    req.limit = 50;
    req.all_copies = true;
    auto r = (*s)->search(req);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().to_string();
    std::set<std::string> out;
    if (r.ok()) {
      for (const Hit& h : r->hits) out.insert(h.id);
    }
    return out;
  }

  static test::TempDir* dir_;
  static std::string db_;
};
test::TempDir* Languages::dir_ = nullptr;
std::string Languages::db_;

TEST_F(Languages, QueriesFindWhatTheyMustAndNothingElse) {
  struct Row {
    const char* query;
    std::set<std::string> must;
    std::set<std::string> must_not;
  };
  const Row rows[] = {
      // French elision: the article is not part of the word.
      // (Stems of every language are searched, so English "arrival" is found
      // too: a French stem may meet an English one.)
      {"arrivée", {"fr-elision", "fr-arrive"}, {"fr-names", "ru"}},
      {"l'arrivée", {"fr-elision", "fr-arrive"}, {"fr-names"}},
      {"arrivee", {"fr-elision"}, {"fr-names"}},  // unaccented query, accented text
      {"l", {}, {"fr-elision"}},                    // the article is not indexed
      {"équipe", {"fr-elision"}, {}},
      {"equipe", {"fr-elision"}, {}},
      {"accueil", {"fr-elision"}, {}},
      {"\"arrivée du président\"", {"fr-elision"}, {"fr-arrive"}},
      // French stems taken with accents; folding still meets both spellings.
      {"arrivé", {"fr-elision", "fr-arrive"}, {}},
      {"élection", {"fr-names"}, {}},
      {"election", {"fr-names"}, {}},
      {"Sebastien", {"fr-names"}, {}},
      {"SÉBASTIEN", {"fr-names"}, {}},
      // English apostrophes are not elisions.
      {"O'Neill", {"en"}, {}},
      {"Neill", {}, {"en"}},
      {"didn't", {"en"}, {}},
      // Russian ё and е; Spanish accents.
      {"актер", {"ru"}, {}},
      {"актёры", {"ru"}, {}},
      {"пришел", {"ru"}, {}},
      {"еще", {"ru"}, {}},
      {"nacion", {"es"}, {}},
      {"naciones", {"es"}, {}},
      // Korean: particles and compound nouns.
      {"경찰", {"ko-police"}, {"ko-economy"}},
      {"경찰청", {"ko-police"}, {"ko-economy"}},
      {"서울지방경찰청", {"ko-police"}, {}},
      {"수사", {"ko-police"}, {}},
      {"한국은행", {"ko-economy"}, {"ko-police"}},
      {"은행", {"ko-economy"}, {}},
      {"성장률", {"ko-economy"}, {}},
      {"경제", {"ko-economy"}, {"ko-police"}},
  };
  for (const Row& row : rows) {
    const std::set<std::string> hits = found(row.query);
    for (const std::string& id : row.must) {
      EXPECT_TRUE(hits.count(id)) << row.query << " must find " << id;
    }
    for (const std::string& id : row.must_not) {
      EXPECT_FALSE(hits.count(id)) << row.query << " must not find " << id;
    }
  }
}

// "More like this" reads an article's own Korean stems, not the syllable
// bigrams indexed beside them ("울지", "방경" say nothing).
TEST_F(Languages, SimilarArticlesUseWordsNotBigrams) {
  auto s = Searcher::open(db_);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto r = (*s)->similar("ko-police", 10);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(r->hits.front().id, "ko-police-2");
  EXPECT_FALSE(r->words.empty());
  // The words ko-police and ko-police-2 share, as ko-police writes them.
  const std::set<std::string> written = {"서울지방경찰청", "서울지방경찰청은", "수사",
                                         "수사를", "경찰서는"};
  for (const std::string& w : r->words) EXPECT_TRUE(written.count(w)) << w;
}

}  // namespace
}  // namespace dossier
