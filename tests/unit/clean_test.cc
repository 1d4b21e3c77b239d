#include "index/clean.h"

#include <gtest/gtest.h>

namespace dossier::index {
namespace {

TEST(Clean, KcnaCommaRunsBecomeParagraphs) {
  EXPECT_EQ(clean_body("founding anniversary of the Republic., ,  The message said:, ,  I extend "
                       "warm congratulations. , , ,  , , , , ,"),
            "founding anniversary of the Republic.\n\nThe message said:\n\nI extend warm "
            "congratulations.");
}

TEST(Clean, OrdinaryCommasAreKept) {
  EXPECT_EQ(clean_body("Seoul, Pyongyang, and Moscow"), "Seoul, Pyongyang, and Moscow");
  EXPECT_EQ(clean_body("the U.S., Japan and others"), "the U.S., Japan and others");
}

TEST(Clean, LoneCommasAfterSentencesBreakOnlyInFlattenedText) {
  EXPECT_EQ(clean_body("on August 29 and 30., This speech. , On March 15 it rained., , End"),
            "on August 29 and 30.\n\nThis speech.\n\nOn March 15 it rained.\n\nEnd");
}

TEST(Clean, LineEndingsAndBlankLinesAreNormalised) {
  EXPECT_EQ(clean_body("  one\r\ntwo  \t three\r\n\r\n\r\n\r\nfour  \n"), "one\ntwo three\n\nfour");
}

TEST(Clean, LinesCollapseToOneLine) {
  EXPECT_EQ(clean_line("  Kim\n  Jong-un \t meets "), "Kim Jong-un meets");
}

}  // namespace
}  // namespace dossier::index
