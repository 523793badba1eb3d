// spec.container.resources: quantities, defaults, requests against limits.
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

// Resource lines start at line 8 ("      requests:" / "      limits:").
LoadResult load_resources(const std::string& body) {
  return load_manifest_text(
      "apiVersion: kubernetes.project-planton.org/v1\n"
      "kind: AltinityOperatorKubernetes\n"
      "metadata:\n"
      "  name: altinity-operator-prod\n"
      "spec:\n"
      "  container:\n"
      "    resources:\n" +
      body);
}

Lines lines(const std::string& body) {
  Lines out;
  for (const Diagnostic& d : load_resources(body).diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

TEST(ManifestResources, PartialBlockKeepsTheOtherDefaults) {
  const LoadResult result = load_resources("      limits:\n        memory: 2Gi\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->resources.requests.cpu, "100m");
  EXPECT_EQ(result.spec->resources.requests.memory, "256Mi");
  EXPECT_EQ(result.spec->resources.limits.cpu, "1000m");
  EXPECT_EQ(result.spec->resources.limits.memory, "2Gi");
}

TEST(ManifestResources, PlainNumbersAreQuantitiesWithoutWarning) {
  const LoadResult result = load_resources("      limits:\n        cpu: 2\n        memory: 2147483648\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(result.spec->resources.limits.cpu, "2");
  EXPECT_EQ(result.spec->resources.limits.memory, "2147483648");
}

TEST(ManifestResources, InvalidQuantities) {
  EXPECT_EQ(lines("      requests:\n        cpu: 100mb\n        memory: 1GB\n      limits:\n        cpu: -1\n"),
            (Lines{"m.yaml:9:14: spec.container.resources.requests.cpu: '100mb' is not a valid CPU quantity; write "
                   "cores (0.5, 2) or millicores (500m)",
                   "m.yaml:10:17: spec.container.resources.requests.memory: '1GB' is not a valid memory quantity; "
                   "write bytes with a suffix such as 256Mi, 1Gi or 129M",
                   "m.yaml:12:14: spec.container.resources.limits.cpu: must not be negative, got '-1'"}));
  EXPECT_EQ(lines("      requests:\n        cpu:\n"),
            Lines{"m.yaml:9:9: spec.container.resources.requests.cpu: must not be empty"});
  EXPECT_EQ(lines("      requests:\n        disk: 1Gi\n"),
            Lines{"m.yaml:9:9: spec.container.resources.requests.disk: unknown field 'disk'; valid fields: cpu, "
                  "memory"});
}

TEST(ManifestResources, RequestsAboveLimits) {
  EXPECT_EQ(lines("      requests:\n        cpu: 2\n      limits:\n        cpu: 1000m\n"),
            Lines{"m.yaml:9:14: spec.container.resources.requests.cpu: requests.cpu 2 exceeds limits.cpu 1000m"});
  EXPECT_EQ(lines("      limits:\n        cpu: 50m\n        memory: 128Mi\n"),
            (Lines{"m.yaml:9:14: spec.container.resources.limits.cpu: requests.cpu 100m (the default) exceeds "
                   "limits.cpu 50m",
                   "m.yaml:10:17: spec.container.resources.limits.memory: requests.memory 256Mi (the default) exceeds "
                   "limits.memory 128Mi"}));
  EXPECT_EQ(lines("      requests:\n        memory: 2Gi\n"),
            Lines{"m.yaml:9:17: spec.container.resources.requests.memory: requests.memory 2Gi exceeds limits.memory "
                  "1Gi (the default)"});
}

TEST(ManifestResources, EqualAmountsInDifferentUnitsFit) {
  const LoadResult result =
      load_resources("      requests: {cpu: \"1\", memory: 1073741824}\n      limits: {cpu: 1000m, memory: 1Gi}\n");
  EXPECT_TRUE(result.spec.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
}

}  // namespace
}  // namespace altinity_deploy::manifest
