#include "dossier/status.h"

#include <gtest/gtest.h>

#include <string>

namespace dossier {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.to_string(), "ok");
}

TEST(Status, CodeAndMessage) {
  Status s = Status::locked("db is locked");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kLocked);
  EXPECT_EQ(s.to_string(), "locked: db is locked");
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  EXPECT_TRUE(good.status().ok());
  Result<std::string> bad = Status::not_found("nope");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace dossier
