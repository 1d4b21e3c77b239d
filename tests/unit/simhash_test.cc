#include "analysis/simhash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/tokenizer.h"

namespace dossier::analysis {
namespace {

std::uint64_t fingerprint(const std::string& text) {
  Tokenizer t;
  std::vector<Token> tokens;
  t.tokenize(text, &tokens);
  return simhash(tokens);
}

// Enough words (and more than 255 shingles, past a flush of the bit counters).
std::string story(int sentences, bool sport = false) {
  std::string out;
  const char* const news[] = {"delegation", "ministers", "talks", "border", "trade",
                              "energy",     "customs",   "signed", "visit", "harbour"};
  const char* const games[] = {"striker", "keeper", "coach", "league", "stadium",
                               "referee", "captain", "goal", "penalty", "fans"};
  const char* const* words = sport ? games : news;
  for (int i = 0; i < sentences; ++i) {
    out += "The ";
    out += words[i % 10];
    out += " of the ";
    out += words[(i * 7 + 3) % 10];
    out += " met the ";
    out += words[(i * 3 + 1) % 10];
    out += " in week " + std::to_string(i) + ". ";
  }
  return out;
}

TEST(SimHash, ShortTextsHaveNoFingerprint) {
  EXPECT_EQ(fingerprint("Too short to tell a copy from a coincidence."), 0u);
  EXPECT_EQ(fingerprint(""), 0u);
}

TEST(SimHash, CopiesAreCloseAndOtherTextsFar) {
  const std::string text = story(60);  // about 600 words
  const std::uint64_t a = fingerprint(text);
  ASSERT_NE(a, 0u);
  EXPECT_EQ(fingerprint(text), a);
  // Case, punctuation and one changed word barely move it.
  std::string edited = text;
  edited.replace(edited.find("week 17"), 7, "week 71");
  edited[0] = 't';
  EXPECT_LE(hamming(a, fingerprint(edited)), kNearDuplicateBits);
  // A different text lands about half the bits away.
  EXPECT_GT(hamming(a, fingerprint(story(60, /*sport=*/true))), 16);
}

TEST(SimHash, Hamming) {
  EXPECT_EQ(hamming(0, 0), 0);
  EXPECT_EQ(hamming(0xFF, 0x0F), 4);
  EXPECT_EQ(hamming(~0ULL, 0), 64);
}

}  // namespace
}  // namespace dossier::analysis
