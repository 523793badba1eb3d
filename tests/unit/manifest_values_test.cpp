// spec.values against the typed fields it could contradict.
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

// spec lines start at line 6.
LoadResult load_spec(const std::string& body) {
  return load_manifest_text(
      "apiVersion: kubernetes.project-planton.org/v1\n"
      "kind: AltinityOperatorKubernetes\n"
      "metadata:\n"
      "  name: altinity-operator-prod\n"
      "spec:\n" +
      body);
}

Lines lines(const std::string& body) {
  Lines out;
  for (const Diagnostic& d : load_spec(body).diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

TEST(ManifestValues, FreeFormValuesAreKept) {
  const LoadResult result = load_spec("  values:\n    metrics: {enabled: false}\n    anything: [1, \"on\"]\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->values.find("anything")->items()[1].style(), yaml::Node::Style::quoted);
  EXPECT_TRUE(load_spec("  values:\n").spec.has_value());
}

TEST(ManifestValues, ResourcesContradictingTheTypedField) {
  EXPECT_EQ(lines("  values:\n    operator:\n      resources:\n        limits:\n          cpu: 2\n"),
            Lines{"m.yaml:10:16: spec.values.operator.resources.limits.cpu: contradicts "
                  "spec.container.resources.limits.cpu (2 vs 1000m); set it in one place"});
  EXPECT_EQ(lines("  container:\n    resources:\n      requests: {memory: 512Mi}\n"
                  "  values:\n    operator:\n      resources:\n        requests:\n          memory: 256Mi\n"),
            Lines{"m.yaml:13:19: spec.values.operator.resources.requests.memory: contradicts "
                  "spec.container.resources.requests.memory (256Mi vs 512Mi); set it in one place"});
  EXPECT_EQ(lines("  values:\n    operator:\n      resources: ~\n"),
            Lines{"m.yaml:8:7: spec.values.operator.resources: contradicts spec.container.resources (null vs requests "
                  "and limits); set it in one place"});
}

TEST(ManifestValues, AContradictionQuotesOnlyAShortExcerpt) {
  const Lines found = lines("  values:\n    namespaceOverride: \"" + std::string(5000, 'Z') + "\"\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_LT(found[0].size(), 250u) << found[0];
  EXPECT_NE(found[0].find("contradicts spec.namespace"), std::string::npos) << found[0];
}

TEST(ManifestValues, KeysHelmCannotReadAreErrorsBeforeAnythingRuns) {
  EXPECT_EQ(lines("  values:\n    ? [a, b]\n    : 1\n    list:\n      - {~: 2}\n    \"~\": quoted is text\n"),
            (Lines{"m.yaml:7:7: spec.values: a key that is a mapping or a list: Helm cannot read it (keys are strings)",
                   "m.yaml:10:10: spec.values.list[0]: a null key ('~', 'null' or empty): Helm cannot read it; quote "
                   "it if you mean text"}));
}

TEST(ManifestValues, SameResourcesAreFine) {
  const LoadResult result = load_spec(
      "  values:\n    operator:\n      resources:\n        limits: {cpu: \"1\", memory: 1Gi}\n"
      "        requests: {cpu: 100m}\n        claims: []\n");
  EXPECT_TRUE(result.spec.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
}

TEST(ManifestValues, WatchNamespacesContradiction) {
  EXPECT_EQ(lines("  watchNamespaces: [a]\n  values:\n    configs:\n      files:\n        config.yaml:\n"
                  "          watch:\n            namespaces: [b, c]\n"),
            Lines{"m.yaml:12:13: spec.values.configs.files.\"config.yaml\".watch.namespaces: contradicts "
                  "spec.watchNamespaces ([\"b\", \"c\"] vs [\"a\"]); set it in one place"});
  EXPECT_TRUE(load_spec("  values:\n    configs: {files: {config.yaml: {watch: {namespaces: [\".*\"]}}}}\n").spec);
}

TEST(ManifestValues, CreateCrdContradiction) {
  EXPECT_EQ(lines("  createCrds: false\n  values:\n    operator:\n      createCRD: true\n"),
            Lines{"m.yaml:9:18: spec.values.operator.createCRD: contradicts spec.createCrds (true vs false); set it "
                  "in one place"});
  EXPECT_TRUE(load_spec("  values:\n    operator: {createCRD: true}\n").spec);
}

TEST(ManifestValues, NamespaceOverrideContradiction) {
  EXPECT_EQ(lines("  namespace: ops\n  values:\n    namespaceOverride: other\n"),
            Lines{"m.yaml:8:24: spec.values.namespaceOverride: contradicts spec.namespace (other vs ops); set it in "
                  "one place"});
  EXPECT_TRUE(load_spec("  namespace: ops\n  values:\n    namespaceOverride: ops\n").spec);
  // The chart's own default: "" means the release namespace.
  EXPECT_TRUE(load_spec("  values:\n    namespaceOverride: \"\"\n").spec);
}

}  // namespace
}  // namespace altinity_deploy::manifest
