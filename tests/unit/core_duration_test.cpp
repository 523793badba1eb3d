#include <gtest/gtest.h>

#include "altinity_deploy/core/duration.hpp"

namespace altinity_deploy::core {
namespace {

using std::chrono::seconds;

TEST(CoreDuration, PlainIntegersAreSeconds) {
  EXPECT_EQ(parse_duration("0"), seconds(0));
  EXPECT_EQ(parse_duration("90"), seconds(90));
}

TEST(CoreDuration, GoFormWithUnits) {
  EXPECT_EQ(parse_duration("90s"), seconds(90));
  EXPECT_EQ(parse_duration("1m30s"), seconds(90));
  EXPECT_EQ(parse_duration("5m"), seconds(300));
  EXPECT_EQ(parse_duration("1h"), seconds(3600));
  EXPECT_EQ(parse_duration("1h2m3s"), seconds(3723));
}

TEST(CoreDuration, RefusesWhatIsNotADuration) {
  for (const char* text : {"", "-5", "1.5h", "5ms", "5x", "m", "1m30", "h1", " 5m", "5m ", "1d"}) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << text;
  }
}

TEST(CoreDuration, HugeNumbersAreRefusedNotWrapped) {
  EXPECT_EQ(parse_duration("99999999999999999999999h"), std::nullopt);
  EXPECT_EQ(parse_duration("8000h"), seconds(8000 * 3600));
  EXPECT_EQ(parse_duration("8000h8000h"), std::nullopt);
  EXPECT_EQ(parse_duration("9000h"), std::nullopt);
}

TEST(CoreDuration, TooLongIsToldApartFromMalformed) {
  EXPECT_EQ(duration_problem("9000h"), DurationProblem::too_long);
  EXPECT_EQ(duration_problem("99999999999999999999999h"), DurationProblem::too_long);
  EXPECT_EQ(duration_problem("8000h8000h"), DurationProblem::too_long);
  EXPECT_EQ(duration_problem("9000x"), DurationProblem::malformed);
  EXPECT_EQ(duration_problem("99999999999999999999999x"), DurationProblem::malformed);
  EXPECT_EQ(duration_problem("1.5h"), DurationProblem::malformed);
  EXPECT_EQ(duration_problem("90s"), DurationProblem::none);
}

}  // namespace
}  // namespace altinity_deploy::core
