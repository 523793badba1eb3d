#include "altinity_deploy/core/try.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace altinity_deploy {
namespace {

Result<int> number(bool good) {
  if (!good) return fail(ExitCode::locked, "no number", "wait");
  return 41;
}

Status check(bool good) {
  if (!good) return fail(ExitCode::unavailable, "check failed");
  return {};
}

Result<int> plus_one(bool good) {
  TRY_ASSIGN(value, number(good));
  return value + 1;
}

Result<std::unique_ptr<int>> boxed(bool good) {
  TRY(check(good));
  TRY_ASSIGN(value, Result<std::unique_ptr<int>>(std::make_unique<int>(7)));  // move-only values move
  return value;
}

Status both(bool first, bool second) {
  TRY(number(first));  // a Result<T>'s value may be dropped
  TRY(check(second));
  return {};
}

TEST(Try, AssignsTheValueOrPassesTheErrorOnUnchanged) {
  EXPECT_EQ(*plus_one(true), 42);
  auto failed = plus_one(false);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ExitCode::locked);
  EXPECT_EQ(failed.error().message, "no number");
  EXPECT_EQ(failed.error().hint, "wait");
}

TEST(Try, ReturnsEarlyOnTheFirstError) {
  EXPECT_TRUE(both(true, true));
  EXPECT_EQ(both(false, true).error().code, ExitCode::locked);
  EXPECT_EQ(both(true, false).error().code, ExitCode::unavailable);
  EXPECT_EQ(**boxed(true), 7);
  EXPECT_EQ(boxed(false).error().message, "check failed");
}

}  // namespace
}  // namespace altinity_deploy
