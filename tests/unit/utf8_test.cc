#include "analysis/utf8.h"

#include <gtest/gtest.h>

namespace dossier::analysis {
namespace {

TEST(Utf8, ValidTextIsUnchanged) {
  const std::string text = "Kim Jong-un, 김정은, Ким Чен Ын, Sébastien";
  EXPECT_TRUE(is_valid_utf8(text));
  std::size_t repairs = 99;
  EXPECT_EQ(repair_utf8(text, &repairs), text);
  EXPECT_EQ(repairs, 0u);
}

TEST(Utf8, Latin1ByteBecomesReplacementCharacter) {
  // "café" written in Latin-1: 0xE9 alone is not UTF-8.
  const std::string text = "caf\xE9 au lait";
  EXPECT_FALSE(is_valid_utf8(text));
  std::size_t repairs = 0;
  EXPECT_EQ(repair_utf8(text, &repairs), "caf\xEF\xBF\xBD au lait");
  EXPECT_EQ(repairs, 1u);
}

TEST(Utf8, TruncatedSequenceAtEndIsRepaired) {
  const std::string text = "Seoul \xEC\x84";  // first two bytes of a 3-byte Hangul syllable
  std::size_t repairs = 0;
  const std::string fixed = repair_utf8(text, &repairs);
  EXPECT_TRUE(is_valid_utf8(fixed));
  EXPECT_EQ(fixed.substr(0, 6), "Seoul ");
  EXPECT_EQ(repairs, 1u);
}

TEST(Utf8, OverlongAndSurrogateEncodingsAreRejected) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(is_valid_utf8(repair_utf8("a\xC0\xAF" "b\xED\xA0\x80")));
}

TEST(Utf8, NulBytesAreDropped) {
  const std::string text("a\0b", 3);
  EXPECT_FALSE(is_valid_utf8(text));
  EXPECT_EQ(repair_utf8(text), "ab");
}

}  // namespace
}  // namespace dossier::analysis
