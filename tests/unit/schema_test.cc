#include "analysis/schema.h"

#include <gtest/gtest.h>

namespace dossier::schema {
namespace {

TEST(Schema, PrefixesFollowXapianConventions) {
  EXPECT_EQ(prefixed("S", "summit"), "Ssummit");
  EXPECT_EQ(prefixed("Q", "Kcna-1"), "Q:Kcna-1");  // capital after prefix needs ':'
  EXPECT_EQ(prefixed("Q", ":x"), "Q::x");
}

TEST(Schema, LongIdsAreHashedUnderTheTermLimit) {
  const std::string a = std::string(300, 'a') + "1";
  const std::string b = std::string(300, 'a') + "2";
  EXPECT_LE(id_term(a).size(), 245u);
  EXPECT_NE(id_term(a), id_term(b));
  EXPECT_EQ(id_term(a), id_term(a));
  EXPECT_EQ(id_term("kcna-000001"), "Qkcna-000001");
}

TEST(Schema, HashingNeverSplitsAUtf8Character) {
  const std::string id(400, 'x');
  std::string korean;
  for (int i = 0; i < 100; ++i) korean += "김";
  const std::string term = id_term(korean);
  // The cut part is whole 3-byte characters followed by '#' and 16 hex digits.
  const std::size_t hash = term.find('#');
  ASSERT_NE(hash, std::string::npos);
  EXPECT_EQ((hash - 1) % 3, 0u);
}

}  // namespace
}  // namespace dossier::schema
