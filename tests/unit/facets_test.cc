// Facet counting under drill-down filters, and the related-entities score,
// on hand-made facet keys (no index).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/schema.h"
#include "facets.h"
#include "filters.h"
#include "related.h"

namespace dossier::search {
namespace {

std::uint64_t year(int y) { return schema::year_facet_key(schema::kPublishedYearFacet, y); }
std::uint64_t lang(const char* code) { return schema::language_facet_key(code); }
std::uint64_t country(const char* id) { return schema::facet_key(1, id); }

// A facet-keys value as the indexer writes it: 8 bytes per key, little-endian.
std::string keys_value(const std::vector<std::uint64_t>& keys) {
  std::string v;
  for (std::uint64_t key : keys) {
    for (int b = 0; b < 8; ++b) v += static_cast<char>((key >> (8 * b)) & 0xFF);
  }
  return v;
}

FilterSet filters(const std::vector<FacetFilter>& list) {
  Result<FilterSet> set = FilterSet::resolve(list, FilterContext{});
  EXPECT_TRUE(set.ok()) << set.status().to_string();
  return set.ok() ? *set : FilterSet{};
}

TEST(FilterSet, FailedNamesTheGroupsAnArticleMisses) {
  const FilterSet set = filters({{"year", "2012"}, {"lang", "en"}, {"year", "2011"}});
  ASSERT_EQ(set.groups().size(), 2u);  // year (2012 or 2011), lang
  const std::uint64_t en2012[] = {country("country:RU"), year(2012), lang("en")};
  const std::uint64_t es2011[] = {year(2011), lang("es")};
  const std::uint64_t es2010[] = {year(2010), lang("es")};
  const std::uint64_t none[] = {country("country:RU")};
  EXPECT_EQ(set.failed(en2012, 3), 0u);
  EXPECT_EQ(set.failed(es2011, 2), 2u);  // lang only
  EXPECT_EQ(set.failed(es2010, 2), 3u);  // both
  EXPECT_EQ(set.failed(none, 1), 3u);
  EXPECT_TRUE(set.selected(year(2011)));
  EXPECT_FALSE(set.selected(year(2010)));
}

TEST(FilterSet, RelaxKeepsArticlesThatFailAtMostOneCountedFacet) {
  const FilterSet set = filters({{"year", "2012"}, {"lang", "en"}, {"mentioned_year", "1950"}});
  const Xapian::Query q("Zkorea");
  EXPECT_EQ(set.restrict(q).get_description(),
            "Query((Zkorea FILTER (Y2012 AND Len AND (XMY1950 OR XNY1950))))");
  // Counting year and lang: mentioned_year stays required; of year and lang,
  // one may fail.
  EXPECT_EQ(set.relax(q, {"year", "lang"}).get_description(),
            "Query((Zkorea FILTER ((XMY1950 OR XNY1950) AND (Len OR Y2012))))");
  // One counted facet: its filter is simply dropped.
  EXPECT_EQ(set.relax(q, {"lang"}).get_description(),
            "Query((Zkorea FILTER (Y2012 AND (XMY1950 OR XNY1950))))");
  EXPECT_TRUE(set.needs_relaxed_count({"person", "lang"}));
  EXPECT_FALSE(set.needs_relaxed_count({"person", "country"}));
}

TEST(FacetSpy, FilteredCountsAreDisjunctive) {
  const FilterSet set = filters({{"year", "2012"}, {"lang", "en"}});
  FacetSpy spy({"country", "year", "lang"}, /*stories=*/false);
  spy.set_filters(&set);
  const std::uint64_t ru = country("country:RU"), cn = country("country:CN");
  spy.add_keys(keys_value({ru, year(2012), lang("en")}), 2);  // passes: counts everywhere
  spy.add_keys(keys_value({cn, year(2011), lang("en")}), 1);  // fails year: year only
  spy.add_keys(keys_value({cn, year(2012), lang("es")}), 1);  // fails lang: lang only
  spy.add_keys(keys_value({ru, year(2010), lang("es")}), 5);  // fails both: nowhere
  EXPECT_EQ(spy.matches(), 2u);
  EXPECT_EQ(spy.count(ru), 2u);
  EXPECT_EQ(spy.count(cn), 0u);
  EXPECT_EQ(spy.count(year(2012)), 2u);
  EXPECT_EQ(spy.count(year(2011)), 1u);
  EXPECT_EQ(spy.count(year(2010)), 0u);
  EXPECT_EQ(spy.count(lang("en")), 2u);
  EXPECT_EQ(spy.count(lang("es")), 1u);
}

TEST(Related, JlhScore) {
  // 8 of 10 matches, 8 of 40 articles: (0.8 - 0.2) * 0.8 / 0.2.
  EXPECT_DOUBLE_EQ(jlh_score(8, 10, 8, 40), 2.4);
  EXPECT_DOUBLE_EQ(jlh_score(3, 10, 6, 40), 0.3);
  // No more frequent among the matches than in the archive: not related.
  EXPECT_EQ(jlh_score(5, 10, 30, 40), 0.0);
  EXPECT_EQ(jlh_score(10, 40, 10, 40), 0.0);
  EXPECT_EQ(jlh_score(0, 10, 5, 40), 0.0);
  EXPECT_EQ(jlh_score(1, 0, 5, 40), 0.0);
  // The bound related_entities prunes with: for a count, background = count
  // scores highest, and that best score grows with the count.
  for (std::uint64_t c = 1; c < 10; ++c) {
    EXPECT_GE(jlh_score(c, 10, c, 40), jlh_score(c, 10, c + 3, 40));
    EXPECT_LT(jlh_score(c, 10, c, 40), jlh_score(c + 1, 10, c + 1, 40));
  }
}

}  // namespace
}  // namespace dossier::search
