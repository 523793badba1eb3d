// spec.driftDetection: mode and ignore rules, with located errors.
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;
using Mode = spec::DriftDetection::Mode;

LoadResult load(const std::string& body) {
  return load_manifest_text(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n"
      "  name: op\nspec:\n" +
      body);
}

Lines lines(const std::string& body) {
  Lines out;
  for (const Diagnostic& d : load(body).diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

TEST(ManifestDrift, DefaultsToEnabledWithoutRules) {
  const auto result = load("  namespace: x\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->drift_detection.mode, Mode::enabled);
  EXPECT_TRUE(result.spec->drift_detection.ignore.empty());
}

TEST(ManifestDrift, ReadsModeAndRules) {
  const auto result = load(
      "  driftDetection:\n    mode: warn\n    ignore:\n      - paths: [/spec/replicas, /metadata/labels]\n"
      "        target: {kind: Deployment, name: op}\n      - paths: [/data]\n");
  ASSERT_TRUE(result.spec.has_value());
  const auto& drift = result.spec->drift_detection;
  EXPECT_EQ(drift.mode, Mode::warn);
  ASSERT_EQ(drift.ignore.size(), 2u);
  EXPECT_EQ(drift.ignore[0].paths, (std::vector<std::string>{"/spec/replicas", "/metadata/labels"}));
  EXPECT_EQ(drift.ignore[0].kind, "Deployment");
  EXPECT_EQ(drift.ignore[0].name, "op");
  EXPECT_EQ(drift.ignore[1].kind, "");
  EXPECT_EQ(load("  driftDetection: {mode: disabled}\n").spec->drift_detection.mode, Mode::disabled);
}

TEST(ManifestDrift, BadInputIsLocated) {
  EXPECT_EQ(lines("  driftDetection: {mode: strict}\n"),
            Lines{"m.yaml:6:26: spec.driftDetection.mode: must be enabled, warn or disabled, got 'strict'"});
  EXPECT_EQ(lines("  driftDetection:\n    ignore:\n      - paths: [spec/replicas]\n"),
            Lines{"m.yaml:8:17: spec.driftDetection.ignore[0].paths[0]: must be a JSON pointer starting with "
                  "'/', e.g. /spec/replicas, got 'spec/replicas'"});
  EXPECT_EQ(lines("  driftDetection:\n    ignore:\n      - target: {kind: Deployment}\n").size(), 1u);
  EXPECT_EQ(lines("  driftDetection: {ignore: /spec}\n").size(), 1u);
  EXPECT_EQ(lines("  driftDetection: {mode: warn, ignored: []}\n").size(), 1u);
}

}  // namespace
}  // namespace altinity_deploy::manifest
