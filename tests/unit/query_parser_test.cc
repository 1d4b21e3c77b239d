#include "query_parser.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace dossier::search {
namespace {

std::string tree(const std::string& q) {
  Result<QueryNode> r = parse_query(q);
  return r.ok() ? describe(*r) : "ERROR: " + r.status().message();
}

TEST(QueryParser, PlusSeparatesRequiredParts) {
  EXPECT_EQ(tree("Kim + Russia + 2019"), "PARTS(WORDS(Kim) WORDS(Russia) YEAR(2019))");
  EXPECT_EQ(tree("Kim+Russia+2019"), "PARTS(WORDS(Kim) WORDS(Russia) YEAR(2019))");
  EXPECT_EQ(tree("Kim Jong-un + Russia"), "PARTS(WORDS(Kim Jong-un) WORDS(Russia))");
  EXPECT_EQ(tree("\"armored train\" + Putin"), "PARTS(PHRASE(armored train) WORDS(Putin))");
}

TEST(QueryParser, AdjacentWordsFormOneGroup) {
  EXPECT_EQ(tree("nuclear missile test"), "WORDS(nuclear missile test)");
  EXPECT_EQ(tree("nuclear AND missile"), "AND(WORDS(nuclear) WORDS(missile))");
}

TEST(QueryParser, XapianOperators) {
  EXPECT_EQ(tree("nuclear OR missile"), "OR(WORDS(nuclear) WORDS(missile))");
  EXPECT_EQ(tree("a OR b OR c"), "OR(WORDS(a) WORDS(b) WORDS(c))");
  EXPECT_EQ(tree("a b OR c"), "OR(WORDS(a b) WORDS(c))");  // AND binds tighter than OR
  EXPECT_EQ(tree("a XOR b"), "XOR(WORDS(a) WORDS(b))");
  EXPECT_EQ(tree("Kim NOT Trump"), "ANDNOT(WORDS(Kim) WORDS(Trump))");
  EXPECT_EQ(tree("Kim AND NOT Trump"), "ANDNOT(WORDS(Kim) WORDS(Trump))");
  EXPECT_EQ(tree("Kim -Trump -Biden"), "ANDNOT(WORDS(Kim) WORDS(Trump) WORDS(Biden))");
  EXPECT_EQ(tree("-Trump"), "NOT(WORDS(Trump))");
  EXPECT_EQ(tree("+Putin summit"), "AND(WORDS(Putin) WORDS(summit))");
  EXPECT_EQ(tree("(Kim OR Putin) + summit"), "PARTS(OR(WORDS(Kim) WORDS(Putin)) WORDS(summit))");
  EXPECT_EQ(tree("denuclear*"), "WILDCARD(denuclear)");
  EXPECT_EQ(tree("and or not"), "WORDS(and or not)");  // lower case: words
}

TEST(QueryParser, Fields) {
  EXPECT_EQ(tree("title:summit"), "WORDS(title:summit)");
  EXPECT_EQ(tree("title:\"Kim Jong Il\""), "PHRASE(title:Kim Jong Il)");
  EXPECT_EQ(tree("source:KCNA lang:en"), "AND(FILTER(source:KCNA) FILTER(lang:en))");
  EXPECT_EQ(tree("id:kcna-000001"), "FILTER(id:kcna-000001)");
  EXPECT_EQ(tree("source:\"Le Figaro\""), "FILTER(source:Le Figaro)");
  EXPECT_EQ(tree("http://x.org"), "WORDS(http://x.org)");  // unknown field: a word
}

// Runs as "start-end" byte ranges per run, "|" between runs, P for a phrase.
std::string runs(const std::string& q) {
  Result<std::vector<TextRun>> r = text_runs(q);
  if (!r.ok()) return "ERROR: " + r.status().message();
  std::string out;
  for (const TextRun& run : *r) {
    if (!out.empty()) out += " | ";
    if (run.phrase) out += "P ";
    if (!run.field.empty()) out += run.field + ": ";
    for (std::size_t i = 0; i < run.words.size(); ++i) {
      out += (i ? " " : "") + q.substr(run.words[i].first, run.words[i].second - run.words[i].first);
    }
  }
  return out;
}

TEST(QueryParser, TextRunsAreTheSearchedWordsWithTheirBytes) {
  EXPECT_EQ(runs("Kim Jong Um + Rusia"), "Kim Jong Um | Rusia");
  EXPECT_EQ(runs("Kim Jong Um+Rusia+2019"), "Kim Jong Um | Rusia");
  EXPECT_EQ(runs("\"armored trian\" OR (nucleer AND tst)"), "P armored trian | nucleer | tst");
  EXPECT_EQ(runs("«Россия» + title:summit +Putin talks"), "P Россия | title: summit | Putin | talks");
  // Not searched for: excluded words, wildcards, years, filters.
  EXPECT_EQ(runs("Kim -Trump NOT Biden denuc* 2019 country:DPRK source:KCNA"), "Kim");
  EXPECT_EQ(runs("title:\"Kim Jong Il\""), "P title: Kim Jong Il");
  EXPECT_EQ(runs("\"unterminated"), "ERROR: unterminated quote at column 1 in \"\"unterminated\"");
}

TEST(QueryParser, FieldNamesAreListed) {
  const std::vector<std::string>& names = query_field_names();
  for (const char* f : {"title", "source", "lang", "id", "person", "country", "place", "org",
                        "year", "published", "mentions", "date"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), f), names.end()) << f;
  }
}

TEST(QueryParser, TypographicQuotes) {
  EXPECT_EQ(tree("“armored train”"), "PHRASE(armored train)");
  EXPECT_EQ(tree("«armored train»"), "PHRASE(armored train)");
}

TEST(QueryParser, YearsOnlyInRange) {
  EXPECT_EQ(tree("2019"), "YEAR(2019)");
  EXPECT_EQ(tree("1066"), "WORDS(1066)");
  EXPECT_EQ(tree("\"in 2019\""), "PHRASE(in 2019)");
}

TEST(QueryParser, ErrorsNameTheProblemAndColumn) {
  EXPECT_EQ(tree(""), "ERROR: the query is empty in \"\"");
  EXPECT_EQ(tree("   "), "ERROR: the query is empty in \"   \"");
  EXPECT_EQ(tree("Kim + + Russia"), "ERROR: '+' at column 5 has no part after it in \"Kim + + Russia\"");
  EXPECT_EQ(tree("Kim +"), "ERROR: '+' at column 5 has no part after it in \"Kim +\"");
  EXPECT_EQ(tree("+ Kim"), "ERROR: '+' at column 1 has no part before it in \"+ Kim\"");
  EXPECT_EQ(tree("(Kim OR Putin"), "ERROR: missing ')' for the '(' at column 1 in \"(Kim OR Putin\"");
  EXPECT_EQ(tree("Kim)"), "ERROR: unbalanced ')' at column 4 in \"Kim)\"");
  EXPECT_EQ(tree("\"armored train"), "ERROR: unterminated quote at column 1 in \"\"armored train\"");
  EXPECT_EQ(tree("Kim AND"), "ERROR: 'AND' at column 5 needs a word or phrase after it in \"Kim AND\"");
  EXPECT_EQ(tree("AND Kim"), "ERROR: 'AND' at column 1 needs a word or phrase before it in \"AND Kim\"");
  EXPECT_EQ(tree("Kim OR"), "ERROR: 'OR' at column 5 needs a word or phrase after it in \"Kim OR\"");
  EXPECT_EQ(tree("()"), "ERROR: empty parentheses at column 1 in \"()\"");
  // Columns count characters, not bytes.
  EXPECT_EQ(tree("김정은 + + x"), "ERROR: '+' at column 5 has no part after it in \"김정은 + + x\"");
}

class QueryCompile : public ::testing::Test {
 protected:
  void SetUp() override {
    // One stemmer for all, as in an index created with --stemmer english; the
    // multilingual case is tested below.
    AnalyzerOptions options;
    options.stemmer = "english";
    auto a = analysis::Analyzer::create(options);
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(a.value());
  }
  std::string xq(const std::string& q, QueryTerms* terms = nullptr) {
    Result<QueryNode> tree = parse_query(q);
    if (!tree.ok()) return "PARSE ERROR";
    QueryTerms local;
    Result<Xapian::Query> x = compile_query(*tree, *analyzer_, terms ? terms : &local);
    return x.ok() ? x->get_description() : "ERROR: " + x.status().message();
  }
  std::unique_ptr<analysis::Analyzer> analyzer_;
};

TEST_F(QueryCompile, WordsUseStemsPhrasesUseWords) {
  EXPECT_EQ(xq("visits"), "Query(Zvisit)");
  EXPECT_EQ(xq("\"armored trains\""), "Query((armored PHRASE 2 trains))");
  EXPECT_EQ(xq("Sébastien"), "Query(Zsebastien)");
}

TEST(QueryCompileLanguages, AWordLooksForItsStemInEveryLanguageOfTheArchive) {
  auto a = analysis::Analyzer::create(AnalyzerOptions{});  // stemmer=auto
  ASSERT_TRUE(a.ok());
  Result<QueryNode> tree = parse_query("visits");
  QueryTerms terms;
  CompileContext ctx;
  ctx.languages = {"en", "es"};
  Result<Xapian::Query> q = compile_query(*tree, **a, &terms, ctx);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->get_description(), "Query((Zvisit SYNONYM Zvisits))");
  EXPECT_TRUE(terms.stems.count("visit"));
  // Korean: particles are what Korean stemming removes.
  tree = parse_query("김정은은");
  q = compile_query(*tree, **a, &terms, ctx);
  // A stem of three syllables or more is also looked for as its bigrams,
  // which find it inside compounds.
  EXPECT_EQ(q->get_description(), "Query((Z김정은 OR (Z김정 AND Z정은)))");
  tree = parse_query("경찰은");
  q = compile_query(*tree, **a, &terms, ctx);
  EXPECT_EQ(q->get_description(), "Query(Z경찰)");
  // A word with accents also looks for its stem taken with them.
  ctx.languages = {"fr"};
  tree = parse_query("arrivée");
  q = compile_query(*tree, **a, &terms, ctx);
  EXPECT_EQ(q->get_description(), "Query((Zarrive SYNONYM Zarrivee SYNONYM Zarriv))");
}

TEST_F(QueryCompile, MultiWordNamesRequireAllAndPreferThePhrase) {
  EXPECT_EQ(xq("Kim Jong-un"),
            "Query(((Zkim AND (jong PHRASE 2 un)) AND_MAYBE (kim PHRASE 3 jong PHRASE 3 un)))");
}

TEST_F(QueryCompile, StopWordsAreDroppedOutsidePhrases) {
  EXPECT_EQ(xq("the war in Ukraine"),
            "Query(((Zwar AND Zukrain) AND_MAYBE (the PHRASE 4 war PHRASE 4 in PHRASE 4 ukraine)))");
  EXPECT_EQ(xq("the"), "Query(Zthe)");  // nothing but stop words: keep them
}

TEST_F(QueryCompile, YearsAreBooleanConstraints) {
  EXPECT_EQ(xq("Kim + 2019"), "Query((Zkim AND 0 * (Y2019 OR XMY2019 OR XNY2019)))");
}

TEST_F(QueryCompile, FieldsAndFilters) {
  EXPECT_EQ(xq("title:summits"), "Query(ZSsummit)");
  EXPECT_EQ(xq("source:KCNA"), "Query(0 * XSOURCEkcna)");
  EXPECT_EQ(xq("id:Kcna-1"), "Query(0 * Q:Kcna-1)");
}

TEST_F(QueryCompile, PureNegationMatchesEverythingElse) {
  EXPECT_EQ(xq("-Trump"), "Query((<alldocuments> AND_NOT Ztrump))");
}

TEST_F(QueryCompile, HighlightTermsExcludeNegatedOnes) {
  QueryTerms t;
  xq("Kim -Trump \"armored train\" nucl*", &t);
  EXPECT_TRUE(t.stems.count("kim"));
  EXPECT_FALSE(t.stems.count("trump"));
  EXPECT_TRUE(t.words.count("armored"));
  ASSERT_EQ(t.prefixes.size(), 1u);
  EXPECT_EQ(t.prefixes[0], "nucl");
}

TEST_F(QueryCompile, ErrorsForUnsearchableQueries) {
  EXPECT_EQ(xq("&&&"), "ERROR: the query has no searchable words");
  EXPECT_EQ(xq("n*"), "ERROR: wildcard \"n*\" needs at least 2 characters before '*'");
}

}  // namespace
}  // namespace dossier::search
