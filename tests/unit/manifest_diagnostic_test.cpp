#include <gtest/gtest.h>

#include "altinity_deploy/manifest/diagnostic.hpp"

namespace altinity_deploy::manifest {
namespace {

TEST(Diagnostic, FormatsErrorsWarningsAndUnpositionedProblems) {
  EXPECT_EQ((Diagnostic{Severity::error, {7, 3}, "spec.namspace", "unknown field", {}}).format("m.yaml"),
            "m.yaml:7:3: spec.namspace: unknown field");
  EXPECT_EQ((Diagnostic{Severity::warning, {9, 14}, "spec.chart.version", "quote it", {}}).format("m.yaml"),
            "m.yaml:9:14: warning: spec.chart.version: quote it");
  EXPECT_EQ((Diagnostic{Severity::error, {}, "", "the manifest is empty", {}}).format("m.yaml"),
            "m.yaml: the manifest is empty");
  EXPECT_EQ((Diagnostic{Severity::error, {2, 1}, "", "YAML syntax error: x", {}}).format("m.yaml"),
            "m.yaml:2:1: YAML syntax error: x");
}

TEST(Diagnostic, TheTerminalShowsTheHintAfterTheMessage) {
  const Diagnostic typo{Severity::error, {7, 3}, "spec.namspace", "unknown field 'namspace'", "did you mean 'namespace'?"};
  EXPECT_EQ(typo.format("m.yaml"), "m.yaml:7:3: spec.namspace: unknown field 'namspace'; did you mean 'namespace'?");
  EXPECT_EQ(typo.text(), "unknown field 'namspace'; did you mean 'namespace'?");
}

TEST(Diagnostic, HasErrorsIgnoresWarnings) {
  EXPECT_FALSE(has_errors({}));
  EXPECT_FALSE(has_errors({Diagnostic{Severity::warning, {}, "", "w", {}}}));
  EXPECT_TRUE(has_errors({Diagnostic{Severity::warning, {}, "", "w", {}}, Diagnostic{Severity::error, {}, "", "e", {}}}));
}

}  // namespace
}  // namespace altinity_deploy::manifest
