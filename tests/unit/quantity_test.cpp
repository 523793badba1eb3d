#include <gtest/gtest.h>

#include "altinity_deploy/manifest/quantity.hpp"

namespace altinity_deploy::manifest {
namespace {

struct Valid {
  const char* text;
  long double value;
};

class ValidQuantity : public testing::TestWithParam<Valid> {};

TEST_P(ValidQuantity, Parses) {
  const auto parsed = parse_quantity(GetParam().text);
  ASSERT_TRUE(parsed.has_value()) << GetParam().text;
  EXPECT_NEAR(static_cast<double>(*parsed), static_cast<double>(GetParam().value),
              static_cast<double>(GetParam().value) * 1e-12)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Table, ValidQuantity,
                         testing::Values(Valid{"100m", 0.1L}, Valid{"0.5", 0.5L}, Valid{".5", 0.5L}, Valid{"2", 2.0L},
                                         Valid{"+2", 2.0L}, Valid{"1.", 1.0L}, Valid{"256Mi", 268435456.0L},
                                         Valid{"1Gi", 1073741824.0L}, Valid{"1e3", 1000.0L}, Valid{"1E3", 1000.0L},
                                         Valid{"5e-1", 0.5L}, Valid{"2e+2", 200.0L}, Valid{"129M", 129e6L},
                                         Valid{"1k", 1000.0L}, Valid{"1Ki", 1024.0L}, Valid{"1E", 1e18L},
                                         Valid{"1Ei", 1152921504606846976.0L}, Valid{"500u", 5e-4L},
                                         Valid{"7n", 7e-9L}, Valid{"1.5Gi", 1610612736.0L}, Valid{"0", 0.0L}));

class InvalidQuantity : public testing::TestWithParam<const char*> {};

TEST_P(InvalidQuantity, IsRejected) { EXPECT_FALSE(parse_quantity(GetParam()).has_value()) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(Table, InvalidQuantity,
                         testing::Values("100mb", "-1", "1.5.2", "", "1.5Gi2", "Mi", "m", "1 Gi", " 1", "1 ", ".",
                                         "+", "1GB", "1gi", "1K", "0x10", "1e", "1e+", "e3", "1.5e3.2", "1Mi ",
                                         "--1", "1_000"));

}  // namespace
}  // namespace altinity_deploy::manifest
