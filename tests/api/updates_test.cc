// Keeping an archive current: unchanged articles are skipped, changed ones
// replaced, deleted ones gone, and near-identical copies of one story (a wire
// story republished) grouped so search shows the story once.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dossier/indexer.h"
#include "dossier/searcher.h"
#include "test_support.h"

namespace dossier {
namespace {

using test::TempDir;

Article article(const std::string& id, const std::string& title, const std::string& body,
                const std::string& source = "") {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.source = source;
  return a;
}

// A wire story long enough for a fingerprint (kMinSimhashWords).
const char* const kStory =
    "Heads of member states of the Commonwealth of Independent States signed an agreement on a "
    "free trade zone in Saint Petersburg on Tuesday after months of talks.\n\n"
    "The agreement replaces more than one hundred bilateral and multilateral deals that governed "
    "trade between the former Soviet republics, officials said, and removes export duties on "
    "most goods from next year.\n\n"
    "Delegations from eight countries attended the meeting, which also discussed energy prices, "
    "migration and a common approach to customs inspections at the outer borders of the bloc. "
    "Two members asked for more time to study the text before joining.";

// The same story as another outlet ran it: its own headline and a changed
// word in the last paragraph.
std::string copy_of_story() {
  std::string s = kStory;
  s.replace(s.find("Two members"), 3, "Three");
  return s;
}

const char* const kOtherStory =
    "The national football team won its qualifying match against a strong opponent on Sunday "
    "evening, with two late goals sending thousands of supporters into the streets of the "
    "capital to celebrate until morning. The coach praised the discipline of his young players "
    "and said the squad would rest for three days before travelling to the next match abroad, "
    "where a draw would be enough to reach the final tournament for the first time in decades.";

SearchResponse search(Searcher& s, const std::string& q, bool all_copies = false) {
  SearchRequest req;
  req.query = q;
  req.all_copies = all_copies;
  req.facets = {"country"};
  auto r = s.search(req);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : SearchResponse{};
}

std::vector<std::string> ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

TEST(Updates, UnchangedArticlesAreSkippedAndChangedOnesReplaced) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("a", "Trade", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("b", "Football", kOtherStory)).ok());
  }
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  auto same = (*indexer)->add(article("a", "Trade", kStory));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->outcome, AddOutcome::kUnchanged);
  // Any field counts: a corrected headline is a change.
  auto retitled = (*indexer)->add(article("b", "Football: late goals", kOtherStory));
  ASSERT_TRUE(retitled.ok());
  EXPECT_EQ(retitled->outcome, AddOutcome::kReplaced);
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_EQ((*indexer)->stats().unchanged, 1u);
  EXPECT_EQ((*indexer)->stats().replaced, 1u);

  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->info()->documents, 2u);
  EXPECT_EQ(ids(search(**s, "title:late")), std::vector<std::string>{"b"});
  EXPECT_EQ(ids(search(**s, "petersburg")), std::vector<std::string>{"a"});
}

TEST(Updates, RemovedArticlesAreGone) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  ASSERT_TRUE((*indexer)->add(article("a", "Trade", kStory)).ok());
  ASSERT_TRUE((*indexer)->add(article("b", "Football", kOtherStory)).ok());
  ASSERT_TRUE((*indexer)->commit().ok());
  auto removed = (*indexer)->remove("a");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  auto missing = (*indexer)->remove("no-such-id");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(*missing);
  ASSERT_TRUE((*indexer)->close().ok());
  EXPECT_EQ((*indexer)->stats().removed, 1u);

  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->info()->documents, 1u);
  EXPECT_EQ(search(**s, "petersburg").total, 0u);
  EXPECT_EQ((*s)->get_article("a").status().code(), StatusCode::kNotFound);
  // Removing from a closed indexer is an error, not a crash.
  EXPECT_EQ((*indexer)->remove("b").status().code(), StatusCode::kInvalidArgument);
}

// Copies are found among committed articles and within the batch being added.
class Copies : public ::testing::TestWithParam<std::size_t> {};

TEST_P(Copies, NearIdenticalArticlesShowAsOneStory) {
  TempDir dir;
  IndexerOptions options;
  options.batch_size = GetParam();
  {
    auto indexer = Indexer::open(dir / "db", options);
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("wire", "CIS free trade deal signed", kStory, "Wire")).ok());
    ASSERT_TRUE((*indexer)->add(article("other", "Football", kOtherStory)).ok());
    auto copy = (*indexer)->add(article("paper", "Trade zone agreed", copy_of_story(), "Paper"));
    ASSERT_TRUE(copy.ok());
    ASSERT_TRUE((*indexer)->close().ok());
    EXPECT_EQ((*indexer)->stats().copies, 1u);
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());

  SearchResponse folded = search(**s, "trade agreement");
  ASSERT_EQ(folded.hits.size(), 1u);
  EXPECT_EQ(folded.total, 1u);  // stories, not copies
  EXPECT_EQ(folded.hits[0].similar, 1u);

  SearchResponse all = search(**s, "trade agreement", /*all_copies=*/true);
  EXPECT_EQ(all.total, 2u);
  EXPECT_EQ(all.hits.size(), 2u);
  for (const Hit& h : all.hits) EXPECT_EQ(h.similar, 0u);

  // Facets still count articles; a query matching both stories shows both.
  SearchResponse both = search(**s, "the");
  EXPECT_EQ(both.total, 2u);
  EXPECT_EQ(both.hits.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(BatchSizes, Copies, ::testing::Values(1, 1000));

TEST(Copies, DifferentStoriesAreNotGrouped) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    // Same opening, different news: half the text differs.
    std::string follow_up = kStory;
    follow_up = follow_up.substr(0, follow_up.find("\n\n")) +
                "\n\nOpposition deputies in two member states said they would challenge the deal "
                "in parliament, arguing that local farmers would lose protection against cheap "
                "imports. Several business groups welcomed it and predicted that trade would grow "
                "quickly once the duties were gone, though economists warned the gains would be "
                "modest while the war in the region continued to disrupt supply routes.";
    ASSERT_TRUE((*indexer)->add(article("first", "Deal signed", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("second", "Deal criticised", follow_up)).ok());
    ASSERT_TRUE((*indexer)->close().ok());
    EXPECT_EQ((*indexer)->stats().copies, 0u);
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  SearchResponse r = search(**s, "free trade zone");
  EXPECT_EQ(r.total, 2u);
  EXPECT_EQ(r.hits.size(), 2u);
}

TEST(Copies, GroupingCanBeTurnedOff) {
  TempDir dir;
  IndexerOptions options;
  options.group_copies = false;
  {
    auto indexer = Indexer::open(dir / "db", options);
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("wire", "Deal", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("paper", "Deal", copy_of_story())).ok());
    ASSERT_TRUE((*indexer)->close().ok());
    EXPECT_EQ((*indexer)->stats().copies, 0u);
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(search(**s, "trade agreement").hits.size(), 2u);
}

TEST(Copies, ACopyOutlivesTheArticleItWasGroupedWith) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("wire", "Deal", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("paper", "Deal", copy_of_story())).ok());
    ASSERT_TRUE((*indexer)->commit().ok());
    ASSERT_TRUE((*indexer)->remove("wire").ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  SearchResponse r = search(**s, "trade agreement");
  EXPECT_EQ(ids(r), std::vector<std::string>{"paper"});
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].similar, 0u);
}

// What writers before format 7 also wrote: the Z (ZS) term of a word that is
// its own stem. A test that dresses a new index up as an older format writes
// them back, for every word (Z terms of words with other stems are extra,
// and never searched for).
void add_own_stem_terms(Xapian::WritableDatabase& db, Xapian::docid did) {
  Xapian::Document doc = db.get_document(did);
  std::set<std::string> terms;
  std::vector<std::pair<std::string, Xapian::termcount>> words;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    terms.insert(term);
    if (std::islower(static_cast<unsigned char>(term[0]))) {
      words.emplace_back("Z" + term, t.get_wdf());
    } else if (term.size() > 1 && term[0] == 'S' &&
               std::islower(static_cast<unsigned char>(term[1]))) {
      words.emplace_back("ZS" + term.substr(1), t.get_wdf());
    }
  }
  for (const auto& [z, wdf] : words) {
    if (!terms.count(z)) doc.add_term(z, wdf);
  }
  db.replace_document(did, doc);
}

// An index written before groups of copies existed (format 2) is still
// searched, each article its own story; writing to it is refused.
TEST(Copies, FormatTwoIndexesAreSearchedWithoutFolding) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("wire", "Deal", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("paper", "Deal", copy_of_story())).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  {
    // What a format 2 writer left: no groups, no fingerprints, no hashes.
    Xapian::WritableDatabase db(dir / "db");
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
      Xapian::Document doc = db.get_document(did);
      for (unsigned slot : {6u, 7u, 8u}) doc.remove_value(slot);
      db.replace_document(did, doc);
      add_own_stem_terms(db, did);
    }
    db.set_metadata("dossier.format_version", "2");
    db.commit();
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ((*s)->info()->format_version, 2);
  SearchResponse r = search(**s, "trade agreement");
  EXPECT_EQ(r.total, 2u);
  EXPECT_EQ(r.hits.size(), 2u);
  auto writer = Indexer::open(dir / "db");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kVersionMismatch);
}

// Format 5: a date's month and day (XMM, XMD) and a paragraph's narrative
// month (XNM) are filters, stored without positions; years (XMY, XNY) keep
// theirs for the ranking. A format 4 index, which positioned all of them, is
// searched alike; writing to it is refused.
TEST(Format, MonthsAndDaysAreFiltersWithoutPositions) {
  TempDir dir;
  const std::string body =
      "The delegation arrived in Pyongyang on March 5, 2011 for talks on trade.\n\n"
      "The two sides last met in 1998, officials said.";
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("visit", "Delegation arrives", body)).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  std::map<std::string, std::pair<Xapian::termcount, Xapian::termcount>> dates;  // wdf, positions
  {
    Xapian::Database db(dir / "db");
    for (Xapian::TermIterator t = db.termlist_begin(1); t != db.termlist_end(1); ++t) {
      if ((*t).rfind("XM", 0) == 0 || (*t).rfind("XN", 0) == 0) {
        dates[*t] = {t.get_wdf(), t.positionlist_count()};
      }
    }
  }
  using Counts = std::pair<Xapian::termcount, Xapian::termcount>;
  EXPECT_EQ(dates["XMD20110305"], Counts(1, 0));
  EXPECT_EQ(dates["XMM201103"], Counts(1, 0));
  EXPECT_EQ(dates["XNM201103"], Counts(2, 0));  // the second paragraph inherits it
  EXPECT_EQ(dates["XMY2011"], Counts(1, 1));
  EXPECT_EQ(dates["XMY1998"], Counts(1, 1));
  EXPECT_EQ(dates["XNY2011"], Counts(2, 2));

  auto found = [&dir](const std::string& q) {
    auto s = Searcher::open(dir / "db");
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    if (!s.ok()) return std::vector<std::string>();
    return ids(search(**s, q));
  };
  const std::vector<std::string> visit{"visit"};
  EXPECT_EQ(found("delegation mentions:2011-03-05"), visit);
  EXPECT_EQ(found("mentions:2011-03"), visit);
  EXPECT_EQ(found("date:2011-03-01..2011-03-31"), visit);
  EXPECT_TRUE(found("mentions:2011-04").empty());
  {
    Xapian::WritableDatabase db(dir / "db");
    add_own_stem_terms(db, 1);
    db.set_metadata("dossier.format_version", "4");
    db.commit();
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ((*s)->info()->format_version, 4);
  EXPECT_EQ(ids(search(**s, "delegation mentions:2011-03-05")), visit);
  EXPECT_EQ(ids(search(**s, "trade 1998")), visit);
  auto writer = Indexer::open(dir / "db");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kVersionMismatch);
}

// Format 7: no article has a Z term for a word that is its own stem in its
// language and in the main language ("en" by default); a query finds it by
// the word. Other words keep both terms. The English "president" (stem
// "presid") is not what the Spanish stem "president" of "presidente" stands
// for.
TEST(Format, WordsThatAreTheirOwnStemAreFoundByTheWordInTheMainLanguage) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    Article en = article("en", "Harvest talks",
                         "The president praised the harvest and the missile engineers.");
    en.lang = "en";
    Article es = article("es", "Reunión",
                         "El presidente visitó la academia internacional por la paz.");
    es.lang = "es";
    ASSERT_TRUE((*indexer)->add(en).ok());
    ASSERT_TRUE((*indexer)->add(es).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  {
    Xapian::Database db(dir / "db");
    EXPECT_TRUE(db.term_exists("harvest"));
    EXPECT_FALSE(db.term_exists("Zharvest"));   // its own stem in English
    EXPECT_TRUE(db.term_exists("Sharvest"));
    EXPECT_FALSE(db.term_exists("ZSharvest"));
    EXPECT_TRUE(db.term_exists("Zmissil"));     // "missile" -> "missil"
    EXPECT_TRUE(db.term_exists("Zpresid"));     // English "president"
    EXPECT_EQ(db.get_termfreq("Zpresident"), 1u);  // Spanish "presidente"
    EXPECT_TRUE(db.term_exists("paz"));
    EXPECT_FALSE(db.term_exists("Zpaz"));  // its own stem in Spanish and English
    // Its own stem in Spanish, not in English ("internacion"): both terms.
    EXPECT_TRUE(db.term_exists("Zinternacional"));
    EXPECT_NE(db.get_metadata("dossier.analyzer").find("main=en"), std::string::npos);
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  const std::vector<std::string> en{"en"};
  EXPECT_EQ(ids(search(**s, "harvest")), en);
  EXPECT_EQ(ids(search(**s, "harvests")), en);
  EXPECT_EQ(ids(search(**s, "title:harvest")), en);
  EXPECT_EQ(ids(search(**s, "title:harvests")), en);
  EXPECT_EQ(ids(search(**s, "missiles")), en);
  EXPECT_EQ(ids(search(**s, "paz")), std::vector<std::string>{"es"});
  EXPECT_EQ(ids(search(**s, "internacional")), std::vector<std::string>{"es"});
  // "presidente" is "president" in Spanish and in English; the English
  // article writes "president", whose own stem there is "presid": no match,
  // as before format 7, though the word is the Spanish stem.
  EXPECT_EQ(ids(search(**s, "presidente")), std::vector<std::string>{"es"});
  std::vector<std::string> both = ids(search(**s, "president"));
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<std::string>{"en", "es"}));
}

// Without a main language every article keeps both terms, as before format 7.
TEST(Format, NoMainLanguageWritesEveryStem) {
  TempDir dir;
  {
    IndexerOptions options;
    options.analysis.main_language = "";
    auto indexer = Indexer::open(dir / "db", options);
    ASSERT_TRUE(indexer.ok());
    Article en = article("en", "Harvest talks", "The harvest was praised.");
    en.lang = "en";
    ASSERT_TRUE((*indexer)->add(en).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  {
    Xapian::Database db(dir / "db");
    EXPECT_TRUE(db.term_exists("Zharvest"));
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(ids(search(**s, "harvests")), std::vector<std::string>{"en"});
}

// Regression: analysis options no analyzer accepts were stamped into the new
// index before the analyzer refused them, so the empty index bound every
// later run to them (a corrected --stemmer was ignored: the stored analysis
// wins). Now nothing is written.
TEST(Format, BadAnalysisOptionsLeaveNoIndexBehind) {
  TempDir dir;
  for (const auto& [stemmer, main] : std::vector<std::pair<std::string, std::string>>{
           {"klingon", "en"}, {"auto", "English"}, {"auto", "e"}}) {
    IndexerOptions bad;
    bad.analysis.stemmer = stemmer;
    bad.analysis.main_language = main;
    auto refused = Indexer::open(dir / "db", bad);
    ASSERT_FALSE(refused.ok()) << stemmer << " " << main;
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(std::filesystem::exists(dir / "db")) << stemmer << " " << main;
  }
  IndexerOptions good;
  good.analysis.main_language = "ko";
  auto indexer = Indexer::open(dir / "db", good);
  ASSERT_TRUE(indexer.ok()) << indexer.status().to_string();
  ASSERT_TRUE((*indexer)->close().ok());
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ((*s)->info()->analysis.main_language, "ko");
}

// Format 7: stop words keep their term and wdf but no positions. A phrase
// leaves them out and allows their places: its other words in order, within
// as many positions as the phrase has words. A phrase of stop words only
// finds articles with all of them.
TEST(Format, StopWordsHaveNoPositionsAndPhrasesKeepTheirPlaces) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)
                    ->add(article("of", "Harvest",
                                  "The minister of agriculture praised the harvest."))
                    .ok());
    ASSERT_TRUE((*indexer)
                    ->add(article("far", "Harvest report",
                                  "The minister praised the agriculture officials."))
                    .ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  {
    Xapian::Database db(dir / "db");
    Xapian::PostingIterator p = db.postlist_begin("of");
    ASSERT_NE(p, db.postlist_end("of"));
    EXPECT_EQ(p.get_wdf(), 1u);
    EXPECT_EQ(db.positionlist_begin(*p, "of"), db.positionlist_end(*p, "of"));
    EXPECT_NE(db.positionlist_begin(*p, "minister"), db.positionlist_end(*p, "minister"));
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  const std::vector<std::string> of{"of"};
  const std::vector<std::string> far{"far"};
  EXPECT_EQ(ids(search(**s, "\"minister of agriculture\"")), of);
  EXPECT_EQ(ids(search(**s, "\"minister praised the agriculture\"")), far);
  EXPECT_TRUE(ids(search(**s, "\"agriculture of minister\"")).empty());
  EXPECT_EQ(ids(search(**s, "\"the minister\"")).size(), 2u);
  EXPECT_EQ(ids(search(**s, "\"of the\"")), of);
}

// Format 7: an index stores its articles compressed with a zstd dictionary
// it trains on its first articles (analysis/stored_data.h), with their
// entities and date spans; everything reads back as written. A damaged index
// that lost the dictionary is an error naming the document, not garbage.
std::vector<Article> dispatches(int n) {
  std::vector<Article> out;
  for (int i = 0; i < n; ++i) {
    Article a = article("laos-" + std::to_string(i),
                        "Delegation of Laos arrives in Pyongyang (" + std::to_string(i) + ")",
                        "Pyongyang, March " + std::to_string(1 + i % 28) +
                            ", 2012 (KCNA) -- A delegation of Laos led by Choummaly Sayasone "
                            "arrived here today by air, the " +
                            std::to_string(i) + "th since 1998. Kim Jong Un met it.\n\n"
                            "It was greeted by officials of the Ministry of Foreign Affairs "
                            "and laid a wreath at the tower number " + std::to_string(i * 7919) +
                            ".");
    a.lang = "en";
    a.url = "http://example.org/" + std::to_string(i);
    out.push_back(a);
  }
  return out;
}

TEST(Format, StoredArticlesAreCompressedWithADictionaryOfTheIndexsOwn) {
  TempDir dir;
  const std::vector<Article> articles = dispatches(600);
  {
    IndexerOptions options;
    options.jobs = 2;
    auto indexer = Indexer::open(dir / "db", options);
    ASSERT_TRUE(indexer.ok());
    for (const Article& a : articles) ASSERT_TRUE((*indexer)->submit(a, nullptr).ok());
    ASSERT_TRUE((*indexer)->close().ok());
  }
  std::string key;
  {
    Xapian::Database db(dir / "db");
    for (auto k = db.metadata_keys_begin("dossier.data_dictionary.");
         k != db.metadata_keys_end("dossier.data_dictionary."); ++k) {
      EXPECT_TRUE(key.empty()) << "a second dictionary: " << *k;
      key = *k;
    }
    ASSERT_FALSE(key.empty());
    std::size_t compressed = 0;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      const std::string data = db.get_document(*p).get_data();
      if (data.rfind("\x28\xb5\x2f\xfd", 0) == 0) ++compressed;
      EXPECT_TRUE(db.get_document(*p).get_value(1).empty());  // in the record now
      EXPECT_FALSE(db.term_exists("Uhttp://example.org/" + std::to_string(*p)));
    }
    EXPECT_EQ(compressed, articles.size());
  }
  {
    auto s = Searcher::open(dir / "db");
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    auto stored = (*s)->get_article("laos-417");
    ASSERT_TRUE(stored.ok()) << stored.status().to_string();
    EXPECT_EQ(stored->title, articles[417].title);
    EXPECT_EQ(stored->url, articles[417].url);
    EXPECT_NE(stored->body.find("tower number " + std::to_string(417 * 7919)), std::string::npos);
    SearchRequest req;
    req.query = "\"Kim Jong Un\" + 1998";
    req.limit = 3;
    Result<SearchResponse> r = (*s)->search(req);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    ASSERT_FALSE(r->hits.empty());
    const Hit& hit = r->hits.front();
    EXPECT_EQ(hit.title, articles[std::stoi(hit.id.substr(5))].title);
    ASSERT_FALSE(hit.entities.empty());  // the record's entities
    // Highlights of the entity (its mention spans) and of the year (the date
    // spans), both read from the record.
    std::set<std::string> marked;
    for (const Highlight& h : hit.snippet.highlights) {
      marked.insert(hit.snippet.text.substr(h.start, h.length));
    }
    EXPECT_TRUE(marked.count("Kim Jong Un")) << hit.snippet.text;
    EXPECT_TRUE(marked.count("since 1998")) << hit.snippet.text;
  }
  {
    // A later writer compresses with the index's dictionary: no second one.
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    Article late = dispatches(601).back();
    late.id = "late";
    late.title = "A late dispatch";
    ASSERT_TRUE((*indexer)->add(late).ok());
    ASSERT_TRUE((*indexer)->close().ok());
    Xapian::Database db(dir / "db");
    std::size_t dictionaries = 0;
    for (auto k = db.metadata_keys_begin("dossier.data_dictionary.");
         k != db.metadata_keys_end("dossier.data_dictionary."); ++k) {
      ++dictionaries;
    }
    EXPECT_EQ(dictionaries, 1u);
    Xapian::PostingIterator p = db.postlist_begin("Qlate");
    ASSERT_NE(p, db.postlist_end("Qlate"));
    EXPECT_EQ(db.get_document(*p).get_data().rfind("\x28\xb5\x2f\xfd", 0), 0u);
    auto s = Searcher::open(dir / "db");
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    auto stored = (*s)->get_article("late");
    ASSERT_TRUE(stored.ok()) << stored.status().to_string();
    EXPECT_EQ(stored->title, "A late dispatch");
  }
  {
    Xapian::WritableDatabase db(dir / "db");
    db.set_metadata(key, "");
    db.commit();
  }
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto stored = (*s)->get_article("laos-417");
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(stored.status().message().find("dictionary"), std::string::npos)
      << stored.status().message();
}

// The facet keys a searcher holds in memory are read in the background from
// its second search at a revision on; counts are the same before they are
// ready, once they are, and after a commit makes them stale.
TEST(Updates, CountsStayRightWhileFacetKeysAreReadAndAfterACommit) {
  TempDir dir;
  auto indexer = Indexer::open(dir / "db");
  ASSERT_TRUE(indexer.ok());
  const std::string russia = "Officials in Moscow said Russia would sign the agreement. ";
  for (int i = 0; i < 40; ++i) {
    const std::string id = "r" + std::to_string(i);
    ASSERT_TRUE((*indexer)->add(article(id, "Report " + id, russia + kOtherStory)).ok());
  }
  ASSERT_TRUE((*indexer)->commit().ok());
  auto searcher = Searcher::open(dir / "db");
  ASSERT_TRUE(searcher.ok());
  auto russia_count = [&](const SearchResponse& r) -> std::uint64_t {
    for (const FacetValue& v : r.facets.at("country")) {
      if (v.id == "country:RU") return v.count;
    }
    return 0;
  };
  auto check = [&](std::uint64_t expected) {
    // Enough searches for the background read to finish in between.
    for (int i = 0; i < 30; ++i) {
      const SearchResponse r = search(**searcher, "agreement", /*all_copies=*/true);
      ASSERT_EQ(r.total, expected) << "search " << i;
      ASSERT_EQ(russia_count(r), expected) << "search " << i;
      if (i % 10 == 9) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  check(40);
  for (int i = 40; i < 55; ++i) {
    const std::string id = "r" + std::to_string(i);
    ASSERT_TRUE((*indexer)->add(article(id, "Report " + id, russia + kOtherStory)).ok());
  }
  ASSERT_TRUE((*indexer)->commit().ok());
  check(55);
  ASSERT_TRUE((*indexer)->remove("r0").ok());
  ASSERT_TRUE((*indexer)->close().ok());
  check(54);
}

// Searches (and timelines, articles, info) running in other threads while a
// writer commits every few articles never fail, and see the counts grow.
TEST(Updates, SearchesNeverFailWhileTheWriterCommits) {
  TempDir dir;
  IndexerOptions options;
  options.batch_size = 10;
  auto indexer = Indexer::open(dir / "db", options);
  ASSERT_TRUE(indexer.ok());
  ASSERT_TRUE((*indexer)->add(article("seed", "Trade", kStory)).ok());
  ASSERT_TRUE((*indexer)->commit().ok());

  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, searches{0}, shrinks{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      auto s = Searcher::open(dir / "db");
      if (!s.ok()) {
        ++failures;
        return;
      }
      std::uint64_t last = 0;
      while (!done) {
        SearchRequest req;
        req.query = "football OR trade";
        req.all_copies = true;
        auto r = (*s)->search(req);
        if (!r.ok()) {
          ++failures;
          ADD_FAILURE() << r.status().to_string();
          continue;
        }
        if (r->total < last) ++shrinks;
        last = r->total;
        TimelineRequest tl;
        tl.query = "football";
        if (!(*s)->timeline(tl).ok() || !(*s)->get_article("seed").ok() || !(*s)->info().ok()) {
          ++failures;
        }
        ++searches;
      }
    });
  }
  for (int i = 0; i < 600; ++i) {
    std::string body = kOtherStory;
    body += " Match report number " + std::to_string(i) + ".";
    auto r = (*indexer)->add(article("m" + std::to_string(i), "Football " + std::to_string(i), body));
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  ASSERT_TRUE((*indexer)->close().ok());
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(shrinks, 0);
  EXPECT_GT(searches, 10);
  auto s = Searcher::open(dir / "db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(search(**s, "football", true).total, 600u);
}

// One Searcher shared by several threads (Searcher's thread-safety contract:
// calls are serialised inside): every call answers as it does alone, with a
// writer committing meanwhile or not.
TEST(Updates, OneSearcherServesManyThreads) {
  TempDir dir;
  {
    auto indexer = Indexer::open(dir / "db");
    ASSERT_TRUE(indexer.ok());
    ASSERT_TRUE((*indexer)->add(article("trade", "Trade zone signed in Saint Petersburg", kStory)).ok());
    ASSERT_TRUE((*indexer)->add(article("match", "Football", kOtherStory)).ok());
    for (int i = 0; i < 20; ++i) {
      std::string body = kOtherStory;
      body += " Russia and China sent observers to match " + std::to_string(i) + ".";
      ASSERT_TRUE((*indexer)->add(article("m" + std::to_string(i), "Match " + std::to_string(i), body)).ok());
    }
    ASSERT_TRUE((*indexer)->close().ok());
  }
  auto shared = Searcher::open(dir / "db");
  ASSERT_TRUE(shared.ok());
  Searcher& s = **shared;
  // What each call answers alone, as JSON-free fingerprints.
  auto search_key = [&s](const std::string& q) {
    SearchRequest req;
    req.query = q;
    req.all_copies = true;
    req.explain = true;
    auto r = s.search(req);
    if (!r.ok()) return "error: " + r.status().to_string();
    std::string key = std::to_string(r->total);
    for (const Hit& h : r->hits) key += " " + h.id + "=" + std::to_string(h.score) + ":" + h.snippet.text;
    return key;
  };
  const std::vector<std::string> queries = {"trade agreement", "football + Russia", "China",
                                            "match 7", "Petersburg + customs"};
  std::vector<std::string> expected;
  for (const std::string& q : queries) expected.push_back(search_key(q));
  auto article_title = [&s]() {
    auto a = s.get_article("trade");
    return a.ok() ? a->title : a.status().to_string();
  };
  auto similar_key = [&s]() {
    auto r = s.similar("trade", 5);
    if (!r.ok()) return "error: " + r.status().to_string();
    std::string key = std::to_string(r->words.size());
    for (const Hit& h : r->hits) key += " " + h.id;
    return key;
  };
  const std::string similar = similar_key();
  ASSERT_EQ(similar.rfind("error", 0), std::string::npos) << similar;
  const std::string title = article_title();
  ASSERT_EQ(title, "Trade zone signed in Saint Petersburg");
  {
    TimelineRequest tl;
    tl.query = "football";
    auto timeline = s.timeline(tl);
    ASSERT_TRUE(timeline.ok());
    EXPECT_EQ(timeline->total, 21u);
    auto info = s.info();
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->documents, 22u);
  }

  std::atomic<int> mismatches{0}, calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        const std::size_t i = static_cast<std::size_t>(t + round) % queries.size();
        if (search_key(queries[i]) != expected[i]) ++mismatches;
        if (article_title() != title) ++mismatches;
        TimelineRequest tl;
        tl.query = "football";
        auto timeline = s.timeline(tl);
        if (!timeline.ok() || timeline->total != 21u) ++mismatches;
        if (similar_key() != similar) ++mismatches;
        auto suggest = s.suggest("Rus");
        if (!suggest.ok()) ++mismatches;
        auto info = s.info();
        if (!info.ok() || info->documents != 22u) ++mismatches;
        calls += 6;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(calls, 4 * 25 * 6);
}

}  // namespace
}  // namespace dossier
