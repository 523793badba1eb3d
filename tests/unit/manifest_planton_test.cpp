// Manifests as Project Planton's users hold them: both kinds, Planton's
// target-cluster names, its whole metadata, and every field in both the
// JSON (lowerCamel) and the proto (snake_case) spelling, as protojson reads.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

Lines lines(const LoadResult& result) {
  Lines out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

spec::OperatorSpec valid(const std::string& text) {
  const LoadResult result = load_manifest_text(text);
  EXPECT_TRUE(result.spec.has_value()) << testing::PrintToString(lines(result));
  return result.spec.value_or(spec::OperatorSpec{});
}

// Metadata body lines start at line 4.
std::string with_metadata(const std::string& body, const std::string& kind = "AltinityOperator") {
  return "apiVersion: kubernetes.project-planton.org/v1\nkind: " + kind + "\nmetadata:\n" + body;
}

// Spec body lines start at line 6.
std::string with_spec(const std::string& body) { return with_metadata("  name: op\n") + "spec:\n" + body; }

// A manifest shaped like Planton's docs, every field it has, in one spelling.
const char* kCamel = R"(apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperator
metadata:
  name: altinity-operator-prod
  slug: altinity-operator-prod
  id: altopk8s-01
  org: acme
  env: prod
  group: data/operators
  labels: {team: data}
  annotations: {owner: platform}
  tags: [clickhouse, operator]
  relationships:
    - {kind: GcpGkeCluster, env: prod, name: main, type: runs_on, group: infra}
spec:
  targetCluster:
    kubernetesClusterSelector: {clusterKind: GcpGkeClusterCore, clusterName: gke-prod}
  namespace: altinity-operator
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 1000m, memory: 1Gi}
  watchNamespaces: [".*"]
  createCrds: true
  helm: {timeoutSeconds: 300, cleanupOnFail: true}
)";

// The same in the proto's names.
const char* kSnake = R"(apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod
  slug: altinity-operator-prod
  id: altopk8s-01
  org: acme
  env: prod
  group: data/operators
  labels: {team: data}
  annotations: {owner: platform}
  tags: [clickhouse, operator]
  relationships:
    - {kind: GcpGkeCluster, env: prod, name: main, type: runs_on, group: infra}
spec:
  target_cluster:
    kubernetes_cluster_selector: {cluster_kind: GcpGkeClusterCore, cluster_name: gke-prod}
  namespace: altinity-operator
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 1000m, memory: 1Gi}
  watch_namespaces: [".*"]
  create_crd: true
  helm: {timeout_seconds: 300, cleanup_on_fail: true}
)";

void expect_planton_spec(const spec::OperatorSpec& s) {
  EXPECT_EQ(s.metadata.name, "altinity-operator-prod");
  EXPECT_EQ(s.metadata.slug, "altinity-operator-prod");
  EXPECT_EQ(s.metadata.id, "altopk8s-01");
  EXPECT_EQ(s.metadata.org, "acme");
  EXPECT_EQ(s.metadata.env, "prod");
  EXPECT_EQ(s.metadata.group, "data/operators");
  EXPECT_EQ(s.metadata.labels, (std::map<std::string, std::string>{{"team", "data"}}));
  EXPECT_EQ(s.metadata.annotations, (std::map<std::string, std::string>{{"owner", "platform"}}));
  EXPECT_EQ(s.metadata.tags, (Lines{"clickhouse", "operator"}));
  ASSERT_EQ(s.metadata.relationships.size(), 1U);
  const spec::Relationship& r = s.metadata.relationships.front();
  EXPECT_EQ(Lines({r.kind, r.env, r.name, r.type, r.group}), (Lines{"GcpGkeCluster", "prod", "main", "runs_on", "infra"}));
  EXPECT_EQ(s.target_cluster.cluster_kind, "GcpGkeClusterCore");
  EXPECT_EQ(s.target_cluster.cluster_name, "gke-prod");
  EXPECT_FALSE(s.target_cluster.credential_id.has_value());
  EXPECT_EQ(s.namespace_name, "altinity-operator");
  EXPECT_EQ(s.resources.limits.cpu, "1000m");
}

TEST(PlantonManifest, BothKindsAndBothSpellingsReadToTheSameSpec) {
  const LoadResult camel = load_manifest_text(kCamel);
  const LoadResult snake = load_manifest_text(kSnake);
  EXPECT_EQ(lines(camel), Lines{});  // not even a warning for the older kind
  EXPECT_EQ(lines(snake), Lines{});
  ASSERT_TRUE(camel.spec && snake.spec);
  expect_planton_spec(*camel.spec);
  expect_planton_spec(*snake.spec);
}

TEST(PlantonManifest, AnotherKindNamesBoth) {
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n", "KubernetesDeployment"))),
            Lines{"m.yaml:2:7: kind: must be 'AltinityOperator' (or the older 'AltinityOperatorKubernetes'), got "
                  "'KubernetesDeployment'"});
}

TEST(PlantonManifest, EverySpellingOfTheCredentialId) {
  for (const char* key : {"kubernetesCredentialId", "kubernetes_credential_id", "credentialId", "credential_id",
                          "kubernetesClusterCredentialId", "kubernetes_cluster_credential_id"}) {
    const spec::OperatorSpec s = valid(with_spec(fmt::format("  targetCluster:\n    {}: prod-eu\n", key)));
    EXPECT_EQ(s.target_cluster.credential_id, "prod-eu") << key;
  }
}

TEST(PlantonManifest, TwoSpellingsOfOneFieldAreRefusedWhereverTheyAre) {
  EXPECT_EQ(lines(load_manifest_text(with_spec("  targetCluster:\n    kubernetesCredentialId: a\n    credentialId: a\n"))),
            Lines{"m.yaml:8:5: spec.targetCluster.credentialId: duplicate key 'credentialId': same field as "
                  "'kubernetesCredentialId' (first defined at 7:5)"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  tags: [a]\n  tags: [b]\n"))),
            Lines{"m.yaml:6:3: metadata.tags: duplicate key 'tags' (first defined at 5:3)"});
  EXPECT_EQ(
      lines(load_manifest_text(with_spec("  targetCluster:\n    kubernetesClusterSelector:\n"
                                         "      clusterName: a\n      cluster_name: b\n"))),
      Lines{"m.yaml:9:7: spec.targetCluster.kubernetesClusterSelector.cluster_name: duplicate key 'cluster_name': "
            "same field as 'clusterName' (first defined at 8:7)"});
  EXPECT_EQ(lines(load_manifest_text(with_spec("  createCRD: true\n  create_crd: true\n"))),
            Lines{"m.yaml:7:3: spec.create_crd: duplicate key 'create_crd': same field as 'createCRD' (first "
                  "defined at 6:3)"});
}

TEST(PlantonManifest, ClusterKindTypoGetsTheNearestName) {
  EXPECT_EQ(lines(load_manifest_text(with_spec("  targetCluster:\n    kubernetesClusterSelector:\n"
                                               "      clusterKind: GcpGkeClustrCore\n      clusterName: a\n"))),
            Lines{"m.yaml:8:20: spec.targetCluster.kubernetesClusterSelector.clusterKind: 'GcpGkeClustrCore' is not "
                  "a cluster kind Planton knows; did you mean 'GcpGkeClusterCore'?"});
  const Lines far = lines(load_manifest_text(with_spec("  targetCluster:\n    kubernetesClusterSelector:\n"
                                                       "      clusterKind: Minikube\n      clusterName: a\n")));
  ASSERT_EQ(far.size(), 1U);
  EXPECT_NE(far.front().find("'Minikube' is not a cluster kind Planton knows; use one of AwsEksCluster, "),
            std::string::npos)
      << far.front();
  for (const char* kind : {"AzureAksCluster", "AwsEksClusterCore", "DigitalOceanKubernetesCluster", "GcpGkeCluster",
                           "CivoKubernetesCluster"}) {
    const spec::OperatorSpec s = valid(with_spec(fmt::format(
        "  targetCluster:\n    kubernetesClusterSelector: {{clusterKind: {}, clusterName: ctx}}\n", kind)));
    EXPECT_EQ(s.target_cluster.cluster_kind, kind);
  }
}

TEST(PlantonManifest, MetadataFieldTypesAreChecked) {
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  tags: clickhouse\n"))),
            Lines{"m.yaml:5:9: metadata.tags: expected a sequence of strings, got 'clickhouse'"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  tags: [a, {b: c}]\n"))),
            Lines{"m.yaml:5:3: metadata.tags[1]: expected a string, got a mapping"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  labels: [a]\n"))).size(), 1U);
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  slug: [a]\n"))),
            Lines{"m.yaml:5:3: metadata.slug: expected a string, got a sequence"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  relationships: {kind: GcpGkeCluster}\n"))),
            Lines{"m.yaml:5:3: metadata.relationships: expected a sequence of relationships ({kind, env, name, "
                  "type}), got a mapping"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  relationships:\n    - {kind: GcpGkeCluster}\n"))),
            Lines{"m.yaml:6:7: metadata.relationships[0]: missing required field 'name'"});
  EXPECT_EQ(lines(load_manifest_text(
                with_metadata("  name: op\n  relationships:\n    - {kind: A, name: b, type: depend_on}\n"))),
            Lines{"m.yaml:6:32: metadata.relationships[0].type: 'depend_on' is not a relationship type; did you "
                  "mean 'depends_on'?"});
  EXPECT_EQ(lines(load_manifest_text(with_metadata("  name: op\n  relationships:\n    - {kind: A, name: b, nme: c}\n"))),
            Lines{"m.yaml:6:26: metadata.relationships[0].nme: unknown field 'nme'; did you mean 'name'?"});
}

}  // namespace
}  // namespace altinity_deploy::manifest
