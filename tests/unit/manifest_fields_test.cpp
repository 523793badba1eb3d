// Field names, spellings, types and names of spec and metadata fields.
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

std::vector<std::string> lines(const LoadResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

// Spec body lines start at line 6.
std::string with_spec(const std::string& body) {
  return "apiVersion: kubernetes.project-planton.org/v1\n"
         "kind: AltinityOperatorKubernetes\n"
         "metadata:\n"
         "  name: altinity-operator-prod\n"
         "spec:\n" +
         body;
}

Lines spec_lines(const std::string& body) { return lines(load_manifest_text(with_spec(body))); }

spec::OperatorSpec valid_spec(const std::string& body) {
  const LoadResult result = load_manifest_text(with_spec(body));
  EXPECT_TRUE(result.spec.has_value()) << testing::PrintToString(lines(result));
  return result.spec.value_or(spec::OperatorSpec{});
}

TEST(ManifestFields, UnknownFieldWithSuggestion) {
  EXPECT_EQ(spec_lines("  namspace: x\n"),
            Lines{"m.yaml:6:3: spec.namspace: unknown field 'namspace'; did you mean 'namespace'?"});
  EXPECT_EQ(spec_lines("  watch_namespace: [a]\n"),
            Lines{"m.yaml:6:3: spec.watch_namespace: unknown field 'watch_namespace'; did you mean 'watch_namespaces'?"});
  EXPECT_EQ(spec_lines("  Namespace: x\n"),
            Lines{"m.yaml:6:3: spec.Namespace: unknown field 'Namespace'; did you mean 'namespace'?"});
  EXPECT_EQ(spec_lines("  helm: {timeoutSecond: 5}\n"),
            Lines{"m.yaml:6:10: spec.helm.timeoutSecond: unknown field 'timeoutSecond'; did you mean "
                  "'timeoutSeconds'?"});
}

TEST(ManifestFields, UnknownFieldWithoutCloseMatchListsTheValidOnes) {
  EXPECT_EQ(spec_lines("  replicas: 2\n"),
            Lines{"m.yaml:6:3: spec.replicas: unknown field 'replicas'; valid fields: targetCluster, namespace, "
                  "container, chart, watchNamespaces, createCrds, helm, driftDetection, values"});
  EXPECT_EQ(lines(load_manifest_text("apiVersion: kubernetes.project-planton.org/v1\n"
                                     "kind: AltinityOperatorKubernetes\nmetadata:\n  name: a\n  owner: me\n")),
            Lines{"m.yaml:5:3: metadata.owner: unknown field 'owner'; valid fields: name, slug, id, org, env, group, "
                  "labels, annotations, tags, relationships"});
}

TEST(ManifestFields, DuplicateKeysAreErrorsEverywhere) {
  EXPECT_EQ(spec_lines("  namespace: a\n  namespace: b\n"),
            Lines{"m.yaml:7:3: spec.namespace: duplicate key 'namespace' (first defined at 6:3)"});
  EXPECT_EQ(spec_lines("  values:\n    operator:\n      image: {tag: a, tag: b}\n"),
            Lines{"m.yaml:8:23: spec.values.operator.image.tag: duplicate key 'tag' (first defined at 8:15)"});
}

TEST(ManifestFields, SameFieldInTwoSpellingsIsADuplicate) {
  EXPECT_EQ(spec_lines("  createCrds: true\n  create_crds: false\n"),
            Lines{"m.yaml:7:3: spec.create_crds: duplicate key 'create_crds': same field as 'createCrds' (first "
                  "defined at 6:3)"});
  EXPECT_EQ(spec_lines("  createCRD: true\n  createCrds: true\n"),
            Lines{"m.yaml:7:3: spec.createCrds: duplicate key 'createCrds': same field as 'createCRD' (first defined "
                  "at 6:3)"});
  EXPECT_EQ(spec_lines("  targetCluster:\n    credentialId: a\n    kubernetesClusterCredentialId: a\n"),
            Lines{"m.yaml:8:5: spec.targetCluster.kubernetesClusterCredentialId: duplicate key "
                  "'kubernetesClusterCredentialId': same field as 'credentialId' (first defined at 7:5)"});
}

TEST(ManifestFields, AliasesOfCreateCrds) {
  EXPECT_FALSE(valid_spec("  createCRD: false\n").create_crds);
  EXPECT_FALSE(valid_spec("  create_crd: false\n").create_crds);
  EXPECT_FALSE(valid_spec("  create_crds: false\n").create_crds);
}

TEST(ManifestFields, WrongTypes) {
  EXPECT_EQ(spec_lines("  container:\n    - resources\n"),
            Lines{"m.yaml:6:3: spec.container: expected a mapping, got a sequence"});
  EXPECT_EQ(spec_lines("  namespace: [a]\n"), Lines{"m.yaml:6:3: spec.namespace: expected a string, got a sequence"});
  EXPECT_EQ(spec_lines("  watchNamespaces: \".*\"\n"),
            Lines{"m.yaml:6:20: spec.watchNamespaces: expected a sequence of strings, got the quoted string \".*\""});
  EXPECT_EQ(spec_lines("  values: [a]\n"), Lines{"m.yaml:6:3: spec.values: expected a mapping, got a sequence"});
  EXPECT_EQ(lines(load_manifest_text("apiVersion: kubernetes.project-planton.org/v1\n"
                                     "kind: AltinityOperatorKubernetes\nmetadata: prod\n")),
            Lines{"m.yaml:3:11: metadata: expected a mapping, got 'prod'"});
}

TEST(ManifestFields, BooleansMustBeTrueOrFalse) {
  EXPECT_EQ(spec_lines("  createCrds: yes\n"),
            Lines{"m.yaml:6:15: spec.createCrds: expected a boolean (true or false), got 'yes'; write true instead "
                  "(YAML 1.1 readers take 'yes' as true, YAML 1.2 readers as a string)"});
  EXPECT_EQ(spec_lines("  helm: {atomic: off}\n"),
            Lines{"m.yaml:6:18: spec.helm.atomic: expected a boolean (true or false), got 'off'; write false instead "
                  "(YAML 1.1 readers take 'off' as false, YAML 1.2 readers as a string)"});
  EXPECT_EQ(spec_lines("  createCrds: True\n"),
            Lines{"m.yaml:6:15: spec.createCrds: expected a boolean (true or false), got 'True'; write true instead"});
  EXPECT_EQ(spec_lines("  createCrds: \"false\"\n"),
            Lines{"m.yaml:6:15: spec.createCrds: expected a boolean (true or false), got the quoted string "
                  "\"false\"; remove the quotes"});
  EXPECT_EQ(spec_lines("  createCrds: maybe\n"),
            Lines{"m.yaml:6:15: spec.createCrds: expected a boolean (true or false), got 'maybe'"});
  EXPECT_EQ(spec_lines("  createCrds:\n"),
            Lines{"m.yaml:6:3: spec.createCrds: expected a boolean (true or false), got an empty value"});
}

TEST(ManifestFields, WholeNumbers) {
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: 30s\n"),
            Lines{"m.yaml:7:21: spec.helm.timeoutSeconds: expected a whole number, got '30s'"});
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: \"300\"\n"),
            Lines{"m.yaml:7:21: spec.helm.timeoutSeconds: expected a whole number, got the quoted string \"300\"; "
                  "remove the quotes"});
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: 0\n"),
            Lines{"m.yaml:7:21: spec.helm.timeoutSeconds: must be between 1 and 86400 (seconds), got 0"});
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: 86401\n"),
            Lines{"m.yaml:7:21: spec.helm.timeoutSeconds: must be between 1 and 86400 (seconds), got 86401"});
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: 99999999999999999999\n"),
            Lines{"m.yaml:7:21: spec.helm.timeoutSeconds: '99999999999999999999' is too large"});
  EXPECT_EQ(valid_spec("  helm:\n    timeout_seconds: 86400\n").helm.timeout_seconds, 86400);
}

TEST(ManifestFields, HelmTimeoutAsAGoDuration) {
  EXPECT_EQ(valid_spec("  helm:\n    timeout: 10m\n").helm.timeout_seconds, 600);
  EXPECT_EQ(valid_spec("  helm:\n    timeout: 1h30m\n").helm.timeout_seconds, 5400);
  EXPECT_EQ(valid_spec("  helm:\n    timeout: 90s\n").helm.timeout_seconds, 90);
  EXPECT_EQ(valid_spec("  helm:\n    timeout: 24h\n").helm.timeout_seconds, 86400);
  EXPECT_EQ(valid_spec("  helm: {timeout: \"2m\"}\n").helm.timeout_seconds, 120);
}

TEST(ManifestFields, HelmTimeoutRefusesWhatIsNoWholeSecondDuration) {
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 300ms\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: '300ms' is finer than helm's timeout counts here: whole seconds "
                  "only; write e.g. 10m, 1h30m or 90s"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 1.5h\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: '1.5h' is not a duration; write e.g. 10m, 1h30m or 90s (units h, "
                  "m, s; whole numbers)"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: soon\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: 'soon' is not a duration; write e.g. 10m, 1h30m or 90s (units h, "
                  "m, s; whole numbers)"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 600\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: '600' has no unit; write e.g. 10m, 1h30m or 90s (or "
                  "timeoutSeconds: 600)"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 0s\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: must be between 1s and 24h, got '0s'"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 25h\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: must be between 1s and 24h, got '25h'"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 9000h\n"),
            Lines{"m.yaml:7:14: spec.helm.timeout: must be between 1s and 24h, got '9000h'"})
      << "past parse_duration's bound: the range, not a syntax error";
  EXPECT_EQ(spec_lines("  helm:\n    timeout:\n"), Lines{"m.yaml:7:5: spec.helm.timeout: must not be empty"});
}

TEST(ManifestFields, HelmTimeoutAndTimeoutSecondsTogetherAreRefusedInAnySpelling) {
  EXPECT_EQ(spec_lines("  helm:\n    timeoutSeconds: 600\n    timeout: 10m\n"),
            Lines{"m.yaml:8:5: spec.helm.timeout: 'timeout' and 'timeoutSeconds' (line 7) say the same thing another "
                  "way: give one of them; remove 'timeout' or 'timeoutSeconds'"});
  EXPECT_EQ(spec_lines("  helm:\n    timeout: 10m\n    timeout_seconds: 600\n"),
            Lines{"m.yaml:8:5: spec.helm.timeout_seconds: 'timeout_seconds' and 'timeout' (line 7) say the same thing "
                  "another way: give one of them; remove 'timeout_seconds' or 'timeout'"});
}

TEST(ManifestFields, PlainNonStringsAreTakenAsWrittenWithAWarning) {
  const LoadResult result = load_manifest_text(with_spec("  namespace: on\n  chart:\n    version: 0.30\n"));
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->namespace_name, "on");
  EXPECT_EQ(result.spec->chart.version, "0.30");
  EXPECT_EQ(lines(result),
            (Lines{"m.yaml:6:14: warning: spec.namespace: 'on' is a plain YAML boolean; it is read as the string "
                   "\"on\" — quote it (\"on\") so that every YAML reader agrees",
                   "m.yaml:8:14: warning: spec.chart.version: '0.30' is a plain YAML number; it is read as the "
                   "string \"0.30\" — quote it (\"0.30\") so that every YAML reader agrees"}));
}

TEST(ManifestFields, NameThatLooksLikeANumber) {
  const LoadResult result = load_manifest_text(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: 1e3\n");
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_EQ(result.spec->metadata.name, "1e3");
  EXPECT_EQ(lines(result), Lines{"m.yaml:4:9: warning: metadata.name: '1e3' is a plain YAML number; it is read as "
                                 "the string \"1e3\" — quote it (\"1e3\") so that every YAML reader agrees"});
}

TEST(ManifestFields, QuotedStringsGetNoWarning) {
  const LoadResult result = load_manifest_text(with_spec("  namespace: \"on\"\n  chart: {version: '0.30'}\n"));
  ASSERT_TRUE(result.spec.has_value());
  EXPECT_TRUE(result.diagnostics.empty());
}

TEST(ManifestFields, EmptyStringsAreErrors) {
  EXPECT_EQ(spec_lines("  namespace:\n"), Lines{"m.yaml:6:3: spec.namespace: must not be empty"});
  EXPECT_EQ(spec_lines("  namespace: ~\n"), Lines{"m.yaml:6:3: spec.namespace: must not be empty"});
  EXPECT_EQ(spec_lines("  chart: {version: \"\"}\n"), Lines{"m.yaml:6:20: spec.chart.version: must not be empty"});
}

TEST(ManifestFields, InvalidNames) {
  const std::string head = "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\n";
  EXPECT_EQ(lines(load_manifest_text(head + "metadata:\n  name: -prod\n")),
            Lines{"m.yaml:4:9: metadata.name: '-prod' is not a valid DNS-1123 label: use only lowercase letters, "
                  "digits and '-', and start and end with a letter or digit"});
  const std::string long_name(54, 'a');
  EXPECT_EQ(lines(load_manifest_text(head + "metadata:\n  name: " + long_name + "\n")),
            Lines{"m.yaml:4:9: metadata.name: must be at most 53 characters (it is also the Helm release name), got "
                  "54"});
  EXPECT_TRUE(load_manifest_text(head + "metadata:\n  name: " + std::string(53, 'a') + "\n").spec.has_value());
}

TEST(ManifestFields, InvalidNamespace) {
  EXPECT_EQ(spec_lines("  namespace: Altinity\n"),
            Lines{"m.yaml:6:14: spec.namespace: 'Altinity' is not a valid DNS-1123 label: use only lowercase letters, "
                  "digits and '-', and start and end with a letter or digit"});
  EXPECT_EQ(spec_lines("  namespace: " + std::string(64, 'n') + "\n"),
            Lines{"m.yaml:6:14: spec.namespace: must be at most 63 characters (the DNS-1123 label limit), got 64"});
  EXPECT_EQ(valid_spec("  namespace: " + std::string(63, 'n') + "\n").namespace_name, std::string(63, 'n'));
}

TEST(ManifestFields, MetadataLabelsAndAnnotations) {
  const LoadResult result = load_manifest_text(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: a\n"
      "  labels: {tier: 1}\n  annotations: [x]\n");
  EXPECT_EQ(lines(result),
            (Lines{"m.yaml:5:18: warning: metadata.labels.tier: '1' is a plain YAML number; it is read as the string "
                   "\"1\" — quote it (\"1\") so that every YAML reader agrees",
                   "m.yaml:6:3: metadata.annotations: expected a mapping, got a sequence"}));
}

TEST(ManifestFields, TargetCluster) {
  spec::OperatorSpec spec = valid_spec("  targetCluster:\n    kubernetesClusterSelector: {clusterKind: GcpGkeCluster, clusterName: prod-ctx}\n");
  EXPECT_EQ(spec.target_cluster.cluster_kind, "GcpGkeCluster");
  EXPECT_EQ(spec.target_cluster.cluster_name, "prod-ctx");
  EXPECT_FALSE(spec.target_cluster.credential_id.has_value());
  spec = valid_spec("  target_cluster:\n    kubernetes_cluster_selector: {cluster_kind: AzureAksCluster, cluster_name: ctx}\n");
  EXPECT_EQ(spec.target_cluster.cluster_name, "ctx");
  EXPECT_EQ(valid_spec("  targetCluster: {kubernetes_cluster_credential_id: c}\n").target_cluster.credential_id, "c");
}

TEST(ManifestFields, CredentialAndSelectorAreMutuallyExclusive) {
  EXPECT_EQ(spec_lines("  targetCluster:\n    credentialId: prod\n    kubernetesClusterSelector:\n      clusterName: x\n"),
            Lines{"m.yaml:8:5: spec.targetCluster.kubernetesClusterSelector: 'credentialId' and "
                  "'kubernetesClusterSelector' are mutually exclusive; give one of them"});
  EXPECT_EQ(spec_lines("  targetCluster:\n    kubernetesClusterSelector: {clusterKind: AwsEksCluster}\n"),
            Lines{"m.yaml:7:5: spec.targetCluster.kubernetesClusterSelector: missing required field 'clusterName'"});
}

TEST(ManifestFields, Chart) {
  spec::OperatorSpec spec = valid_spec("  chart:\n    path: ./charts/op.tgz\n");
  EXPECT_TRUE(spec.chart.is_local());
  EXPECT_EQ(spec.chart.path, "./charts/op.tgz");
  EXPECT_EQ(spec.chart.repo, "");
  spec = valid_spec("  chart:\n    repo: oci://ghcr.io/altinity/clickhouse-operator-helm-chart\n");
  EXPECT_TRUE(spec.chart.is_oci());
  EXPECT_EQ(spec.chart.version, "0.23.6");
  EXPECT_EQ(spec_lines("  chart:\n    repo: https://helm.altinity.com\n    path: ./op.tgz\n"),
            Lines{"m.yaml:8:5: spec.chart.path: 'repo' and 'path' are mutually exclusive; give a chart repository or "
                  "a local chart, not both"});
  EXPECT_EQ(spec_lines("  chart:\n    repo: docs.altinity.com\n"),
            Lines{"m.yaml:7:11: spec.chart.repo: must be an http://, https:// or oci:// URL, got 'docs.altinity.com'"});
}

TEST(ManifestFields, WatchNamespaces) {
  EXPECT_EQ(valid_spec("  watch_namespaces: [a, \"b-.*\"]\n").watch_namespaces, (std::vector<std::string>{"a", "b-.*"}));
  EXPECT_EQ(spec_lines("  watchNamespaces: []\n"),
            Lines{"m.yaml:6:3: spec.watchNamespaces: must list at least one namespace regex; write [\".*\"] for all "
                  "namespaces"});
  EXPECT_EQ(spec_lines("  watchNamespaces:\n    - a\n    - \"\"\n    -\n"),
            (Lines{"m.yaml:6:3: spec.watchNamespaces[2]: must not be empty",  // an empty item has no position
                   "m.yaml:8:7: spec.watchNamespaces[1]: must not be empty"}));
  EXPECT_EQ(spec_lines("  watchNamespaces: [\"prod-.*\", \"[unclosed\", \"(?<x>y)\"]\n"),
            (Lines{"m.yaml:6:3: spec.watchNamespaces[1]: not a regular expression in Go's syntax (which the "
                   "operator uses): missing ]: [unclosed",
                   "m.yaml:6:3: spec.watchNamespaces[2]: not a regular expression in Go's syntax (which the "
                   "operator uses): invalid perl operator: (?<"}));
  EXPECT_EQ(valid_spec("  watchNamespaces: [\"(?i)prod-\\\\d+\"]\n").watch_namespaces,
            std::vector<std::string>{"(?i)prod-\\d+"});
}

}  // namespace
}  // namespace altinity_deploy::manifest
