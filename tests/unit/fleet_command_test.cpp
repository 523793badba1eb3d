#include <gtest/gtest.h>

#include "altinity_deploy/cli/fleet_command.hpp"

namespace altinity_deploy::cli {
namespace {

using Words = std::vector<std::string>;

TEST(FleetTargetArguments, EachTargetRunsTheVerbWithoutTheManifestsOrTheFleetsFlags) {
  EXPECT_EQ(target_arguments({"up", "-f", "a.yaml", "--manifest", "b.yaml", "-j", "4", "--lock-timeout", "5m"}),
            (Words{"up", "--lock-timeout", "5m"}));
  EXPECT_EQ(target_arguments({"-fa.yaml", "--manifest=b.yaml", "-j4", "--parallel=2", "-v", "plan"}),
            (Words{"-v", "plan"}));
  EXPECT_EQ(target_arguments({"up", "--max-failures", "1", "--waves", "env=dev,prod", "--shard=2/4", "--list",
                              "-o", "json", "--kubeconfig", "/k"}),
            (Words{"up", "-o", "json", "--kubeconfig", "/k"}));
  EXPECT_EQ(target_arguments({"up", "--force", "--fail-fast-after", "0"}), (Words{"up", "--force", "--fail-fast-after", "0"}))
      << "other flags that start like fleet flags are kept";
  EXPECT_EQ(target_arguments({"plan", "--", "-f"}), (Words{"plan", "--", "-f"}));
}

}  // namespace
}  // namespace altinity_deploy::cli
