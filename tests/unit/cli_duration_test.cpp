#include <gtest/gtest.h>

#include "../../src/cli/duration.hpp"

namespace altinity_deploy::cli {
namespace {

using std::chrono::seconds;

TEST(CliDuration, PlainIntegersAreSeconds) {
  EXPECT_EQ(parse_duration("0"), seconds(0));
  EXPECT_EQ(parse_duration("90"), seconds(90));
}

TEST(CliDuration, GoFormWithUnits) {
  EXPECT_EQ(parse_duration("90s"), seconds(90));
  EXPECT_EQ(parse_duration("1m30s"), seconds(90));
  EXPECT_EQ(parse_duration("5m"), seconds(300));
  EXPECT_EQ(parse_duration("1h"), seconds(3600));
  EXPECT_EQ(parse_duration("1h2m3s"), seconds(3723));
}

TEST(CliDuration, RefusesWhatIsNotADuration) {
  for (const char* text : {"", "-5", "1.5h", "5ms", "5x", "m", "1m30", "h1", " 5m", "5m ", "1d"}) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << text;
  }
}

TEST(CliDuration, HugeNumbersAreRefusedNotWrapped) {
  EXPECT_EQ(parse_duration("99999999999999999999999h"), std::nullopt);
  EXPECT_EQ(parse_duration("8000h"), seconds(8000 * 3600));
  EXPECT_EQ(parse_duration("8000h8000h"), std::nullopt);
  EXPECT_EQ(parse_duration("9000h"), std::nullopt);
}

}  // namespace
}  // namespace altinity_deploy::cli
