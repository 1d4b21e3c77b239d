#include "analysis/dates.h"

#include <gtest/gtest.h>

namespace dossier::analysis {
namespace {

TEST(Dates, IsoFormsKeepTheirPrecision) {
  const struct {
    const char* in;
    const char* iso;
    const char* sortable;
  } cases[] = {
      {"2019", "2019", "20190000"},
      {"2019-04", "2019-04", "20190400"},
      {"2019-04-25", "2019-04-25", "20190425"},
      {"2019-04-25T10:15:00Z", "2019-04-25", "20190425"},
      {"2019-04-25 10:15", "2019-04-25", "20190425"},
      {" 2012/02/29 ", "2012-02-29", "20120229"},
      {"2011.12.17", "2011-12-17", "20111217"},
  };
  for (const auto& c : cases) {
    const auto d = parse_iso_date(c.in);
    ASSERT_TRUE(d.has_value()) << c.in;
    EXPECT_EQ(d->iso(), c.iso) << c.in;
    EXPECT_EQ(d->sortable(), c.sortable) << c.in;
  }
}

TEST(Dates, ImpossibleOrForeignFormsAreRejected) {
  for (const char* bad : {"", "yesterday", "2019-13-01", "2019-02-30", "2011-02-29", "19-04-25",
                          "20190425", "2019-4-25", "2019-04/25", "12 September 2023"}) {
    EXPECT_FALSE(parse_iso_date(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace dossier::analysis
