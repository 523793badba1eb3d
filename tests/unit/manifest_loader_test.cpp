// The manifest as a whole: documents, top-level fields, a full valid
// manifest and its defaults.
#include <gtest/gtest.h>

#include <fstream>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

const std::string kData = ALTINITY_DEPLOY_TEST_DATA;

std::vector<std::string> lines(const LoadResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

std::vector<std::string> lines(const std::string& text) { return lines(load_manifest_text(text)); }

const std::string kHeader =
    "apiVersion: kubernetes.project-planton.org/v1\n"
    "kind: AltinityOperatorKubernetes\n"
    "metadata:\n"
    "  name: altinity-operator-prod\n";

using Lines = std::vector<std::string>;

TEST(ManifestLoader, EmptyAndCommentOnlyManifests) {
  for (const char* text : {"", "\n", "# nothing here\n", "---\n", "~\n"}) {
    const LoadResult result = load_manifest_text(text);
    EXPECT_FALSE(result.spec.has_value());
    EXPECT_EQ(lines(result), Lines{"m.yaml: the manifest is empty"}) << text;
  }
}

TEST(ManifestLoader, SyntaxErrorAtItsPosition) {
  EXPECT_EQ(lines(kHeader + "spec:\n  namespace: a: b\n"), Lines{"m.yaml:6:15: YAML syntax error: mapping values are not allowed in this context"});
}

TEST(ManifestLoader, TabIndentationIsASyntaxError) {
  const Lines got = lines(kHeader + "spec:\n\tnamespace: x\n");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind("m.yaml:6:", 0), 0u) << got[0];
  EXPECT_NE(got[0].find("YAML syntax error: "), std::string::npos);
}

TEST(ManifestLoader, MoreThanOneDocument) {
  const LoadResult result = load_manifest_text(kHeader + "---\n" + kHeader);
  EXPECT_FALSE(result.spec.has_value());
  EXPECT_EQ(lines(result), Lines{"m.yaml:5:1: the manifest holds 2 documents; exactly one is expected"});
}

TEST(ManifestLoader, LeadingDocumentMarkerIsFine) {
  EXPECT_TRUE(load_manifest_text("---\n" + kHeader).spec.has_value());
}

TEST(ManifestLoader, TopLevelMustBeAMapping) {
  EXPECT_EQ(lines("- a\n- b\n"),
            Lines{"m.yaml:1:1: the manifest must be a mapping with apiVersion, kind, metadata and spec; got a sequence"});
  EXPECT_EQ(lines("hello\n"),
            Lines{"m.yaml:1:1: the manifest must be a mapping with apiVersion, kind, metadata and spec; got a string of 5 characters"});
}

TEST(ManifestLoader, WrongApiVersionAndKind) {
  EXPECT_EQ(lines("apiVersion: v1\nkind: Deployment\nmetadata:\n  name: x\n"),
            (Lines{"m.yaml:1:13: apiVersion: must be 'kubernetes.project-planton.org/v1', got 'v1'",
                   "m.yaml:2:7: kind: must be 'AltinityOperator' (or the older 'AltinityOperatorKubernetes'), got "
                   "'Deployment'"}));
}

TEST(ManifestLoader, MissingTopLevelFields) {
  EXPECT_EQ(lines("spec: {}\n"), (Lines{"m.yaml:1:1: missing required field 'apiVersion'",
                                        "m.yaml:1:1: missing required field 'kind'",
                                        "m.yaml:1:1: missing required field 'metadata'"}));
}

TEST(ManifestLoader, MissingName) {
  const std::string head = "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\n";
  EXPECT_EQ(lines(head + "metadata:\n  org: acme\n"), Lines{"m.yaml:3:1: metadata: missing required field 'name'"});
  EXPECT_EQ(lines(head + "metadata:\n"), Lines{"m.yaml:3:1: metadata: missing required field 'name'"});
  EXPECT_EQ(lines(head + "metadata:\n  name:\n"), Lines{"m.yaml:4:3: metadata.name: must not be empty"});
  EXPECT_EQ(lines(head + "metadata:\n  name: \"\"\n"), Lines{"m.yaml:4:9: metadata.name: must not be empty"});
}

TEST(ManifestLoader, StatusMayHoldAnythingButMustBeAMapping) {
  EXPECT_TRUE(load_manifest_text(kHeader + "status:\n  outputs: {namespace: x}\n  anything: [1, 2]\n").spec);
  EXPECT_EQ(lines(kHeader + "status: done\n"), Lines{"m.yaml:5:9: status: expected a mapping, got 'done'"});
}

// A values: block appended after the status block is not silently dropped.
TEST(ManifestLoader, KeysUnderStatusOtherThanOutputsAreWarnedAbout) {
  const LoadResult result =
      load_manifest_text(kHeader + "status:\n  outputs: {namespace: x}\n  values:\n    operator: {}\n");
  ASSERT_TRUE(result.spec);
  EXPECT_EQ(lines(result),
            Lines{"m.yaml:7:3: warning: status.values: 'values' under status is ignored: altinity-deploy reads only "
                  "status.outputs there and rewrites the block; if it belongs to the spec (e.g. spec.values), move it "
                  "above status: and indent it under spec:"});
  EXPECT_TRUE(lines(kHeader + "status:\n  outputs: {namespace: x}\n").empty());
}

TEST(ManifestLoader, MinimalManifestGetsEveryDefault) {
  const LoadResult result = load_manifest_file(kData + "/manifests/minimal.yaml");
  ASSERT_TRUE(result.spec.has_value()) << testing::PrintToString(lines(result));
  EXPECT_TRUE(result.diagnostics.empty());
  const spec::OperatorSpec& spec = *result.spec;
  EXPECT_EQ(spec.metadata.name, "altinity-operator");
  EXPECT_FALSE(spec.target_cluster.credential_id.has_value());
  EXPECT_FALSE(spec.target_cluster.cluster_name.has_value());
  EXPECT_EQ(spec.namespace_name, "altinity-operator");
  EXPECT_EQ(spec.resources.requests.cpu, "100m");
  EXPECT_EQ(spec.resources.requests.memory, "256Mi");
  EXPECT_EQ(spec.resources.limits.cpu, "1000m");
  EXPECT_EQ(spec.resources.limits.memory, "1Gi");
  EXPECT_EQ(spec.chart.repo, "https://docs.altinity.com/clickhouse-operator/");
  EXPECT_EQ(spec.chart.name, "altinity-clickhouse-operator");
  EXPECT_EQ(spec.chart.version, "0.23.6");
  EXPECT_FALSE(spec.chart.is_local());
  EXPECT_EQ(spec.watch_namespaces, std::vector<std::string>{".*"});
  EXPECT_TRUE(spec.create_crds);
  EXPECT_EQ(spec.helm.timeout_seconds, 300);
  EXPECT_TRUE(spec.helm.atomic);
  EXPECT_TRUE(spec.helm.cleanup_on_fail);
  EXPECT_EQ(spec.values, yaml::Node::mapping());
}

TEST(ManifestLoader, MissingSpecMeansDefaults) {
  const LoadResult result = load_manifest_text(kHeader);
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->namespace_name, "altinity-operator");
}

void expect_full_spec(const LoadResult& result) {
  ASSERT_TRUE(result.spec.has_value()) << testing::PrintToString(lines(result));
  EXPECT_TRUE(result.diagnostics.empty()) << testing::PrintToString(lines(result));
  const spec::OperatorSpec& spec = *result.spec;
  EXPECT_EQ(spec.metadata.name, "altinity-operator-prod");
  EXPECT_EQ(spec.metadata.id, "aok-01");
  EXPECT_EQ(spec.metadata.org, "acme");
  EXPECT_EQ(spec.metadata.env, "prod");
  EXPECT_EQ(spec.metadata.labels, (std::map<std::string, std::string>{{"team", "data"}}));
  EXPECT_EQ(spec.metadata.annotations, (std::map<std::string, std::string>{{"owner", "platform@acme.example"}}));
  EXPECT_EQ(spec.target_cluster.credential_id, "prod");
  EXPECT_EQ(spec.namespace_name, "clickhouse-operator");
  EXPECT_EQ(spec.resources.requests.cpu, "200m");
  EXPECT_EQ(spec.resources.requests.memory, "512Mi");
  EXPECT_EQ(spec.resources.limits.cpu, "2");
  EXPECT_EQ(spec.resources.limits.memory, "2Gi");
  EXPECT_EQ(spec.chart.repo, "https://helm.altinity.com");
  EXPECT_EQ(spec.chart.version, "0.25.6");
  EXPECT_EQ(spec.watch_namespaces, (std::vector<std::string>{"analytics", "ch-.*"}));
  EXPECT_FALSE(spec.create_crds);
  EXPECT_EQ(spec.helm.timeout_seconds, 600);
  EXPECT_FALSE(spec.helm.atomic);
  EXPECT_TRUE(spec.helm.cleanup_on_fail);
  ASSERT_TRUE(spec.values.is_mapping());
  EXPECT_EQ(spec.values.find("operator")->find("image")->find("tag")->text(), "0.25.6");
  EXPECT_EQ(spec.values.find("operator")->find("image")->find("tag")->style(), yaml::Node::Style::quoted);
  EXPECT_NE(spec.values.find("configs")->find("files")->find("config.yaml"), nullptr);
}

TEST(ManifestLoader, FullManifestInLowerCamel) { expect_full_spec(load_manifest_file(kData + "/manifests/full.yaml")); }

TEST(ManifestLoader, FullManifestInSnakeCaseAndAliases) {
  expect_full_spec(load_manifest_file(kData + "/manifests/snake_case.yaml"));
}

TEST(ManifestLoader, EveryProblemInOneRunInDocumentOrder) {
  const LoadResult result = load_manifest_file(kData + "/manifests/many_problems.yaml");
  EXPECT_FALSE(result.spec.has_value());
  EXPECT_EQ(
      lines(result),
      (Lines{
          "m.yaml:1:13: apiVersion: must be 'kubernetes.project-planton.org/v1', got "
          "'kubernetes.project-planton.org/v2'",
          "m.yaml:4:9: metadata.name: 'Altinity_Operator' is not a valid DNS-1123 label: use only lowercase letters, "
          "digits and '-', and start and end with a letter or digit",
          "m.yaml:6:3: spec.namspace: unknown field 'namspace'; did you mean 'namespace'?",
          "m.yaml:10:14: spec.container.resources.requests.cpu: requests.cpu 2 exceeds limits.cpu 1000m (the default)",
          "m.yaml:11:17: spec.container.resources.requests.memory: '100mb' is not a valid memory quantity; write bytes "
          "with a suffix such as 256Mi, 1Gi or 129M",
          "m.yaml:13:14: warning: spec.chart.version: '0.30' is a plain YAML number; it is read as the string "
          "\"0.30\" — quote it (\"0.30\") so that every YAML reader agrees",
          "m.yaml:14:15: spec.createCrds: expected a boolean (true or false), got 'yes'; write true instead (YAML 1.1 "
          "readers take 'yes' as true, YAML 1.2 readers as a string)",
          "m.yaml:16:21: spec.helm.timeoutSeconds: expected a whole number, got '30s'",
          "m.yaml:18:24: spec.values.namespaceOverride: contradicts spec.namespace (other vs altinity-operator); set "
          "it in one place",
      }));
}

TEST(ManifestLoader, WarningsAloneStillGiveASpec) {
  const LoadResult result = load_manifest_text(kHeader + "spec:\n  chart:\n    version: 0.30\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->chart.version, "0.30");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
}

TEST(ManifestLoader, UnreadableFile) {
  const LoadResult result = load_manifest_file(kData + "/manifests/does-not-exist.yaml");
  EXPECT_FALSE(result.spec.has_value());
  EXPECT_EQ(lines(result),
            Lines{"m.yaml: cannot open the manifest: No such file or directory; check the path and its permissions"});
  EXPECT_EQ(lines(load_manifest_file(kData + "/manifests")),
            Lines{"m.yaml: is a directory, not a manifest file; pass the path of a regular YAML file of at most 1 MiB"});
}

}  // namespace
}  // namespace altinity_deploy::manifest
