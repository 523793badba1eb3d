// actions::read_snapshot: the release from its Secrets (one all-namespaces
// read serving the other-operator look and ours), or helm, the fallbacks and
// what -v says; the live objects (by label in the batch, missing stored ones
// by name after it); the processes of a no-op plan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/cluster_releases.hpp"
#include "altinity_deploy/tools/read_cache.hpp"
#include "altinity_deploy/tools/release_reader.hpp"
#include "support/read_and_plan.hpp"
#include "support/base64_encode.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using Argv = std::vector<std::string>;
using Release = snapshot::SnapshotRequest::Release;

constexpr const char* kHistory =
    R"([{"revision":2,"updated":"2026-11-27T10:00:00Z","status":"failed","chart":"altinity-clickhouse-operator-0.23.6",)"
    R"("app_version":"0.23.6","description":"Upgrade failed"}])";

json release_secret(const std::string& data, const std::string& name = "ops", const std::string& ns = "ops-ns",
                    const std::string& status = "deployed") {
  return {{"type", "helm.sh/release.v1"},
          {"metadata",
           {{"namespace", ns},
            {"labels", {{"owner", "helm"}, {"name", name}, {"version", "2"}, {"status", status}}}}},
          {"data", {{"release", data}}}};
}

json secrets_list(const json& secret) { return {{"kind", "List"}, {"items", {secret}}}; }

std::string record_data(const std::string& name = "ops", const std::string& ns = "ops-ns",
                        const std::string& manifest = "kind: ConfigMap\n") {
  const json record = {{"name", name},
                       {"namespace", ns},
                       {"version", 2},
                       {"info", {{"status", "failed"}, {"last_deployed", "2026-11-27T10:00:00Z"}}},
                       {"chart", {{"metadata", {{"name", "altinity-clickhouse-operator"}, {"version", "0.23.6"}}}}},
                       {"config", {{"a", 1}}},
                       {"manifest", manifest}};
  return testing_support::base64_encode(testing_support::base64_encode(record.dump()));
}

spec::OperatorSpec ops_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "ops-ns";
  spec.create_crds = false;
  return spec;
}

class ReadSnapshotTest : public ::testing::Test {
 protected:
  ReadSnapshotTest() {
    ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    ::unsetenv("HELM_DRIVER");
    runner_.on({"helm", "history"}).reply(0, kHistory);
    runner_.on({"helm", "status"}).reply(0, R"({"config":{"a":1},"manifest":"kind: ConfigMap\n"})");
  }
  ~ReadSnapshotTest() override {
    ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    ::unsetenv("HELM_DRIVER");
    log::configure({});
  }

  // read_snapshot with -v (no connect's checks); returns what it logged.
  std::string read(snapshot::SnapshotRequest request) {
    log::configure({.verbose = true});
    ::testing::internal::CaptureStderr();
    request.connect_checks = false;
    auto connection = testing_support::connection_for(runner_, ops_spec());
    if (cache_) connection.kubectl.use_read_cache(*cache_);
    read_ = read_snapshot(connection, ops_spec(), request);
    return ::testing::internal::GetCapturedStderr();
  }
  std::string read(Release want, bool other_releases = false) {
    snapshot::SnapshotRequest request;
    request.release = want;
    request.other_releases = other_releases;
    return read(request);
  }

  const snapshot::ClusterSnapshot& got() const { return *read_; }
  int helm_reads() const { return runner_.count({"helm", "history"}) + runner_.count({"helm", "status"}); }

  exec::RecordingRunner runner_;
  Result<snapshot::ClusterSnapshot> read_;
  std::optional<tools::ReadCache> cache_;  // none: the read cache is off
};

TEST_F(ReadSnapshotTest, FromItsSecretsWithOneKubectlCallAndNoHelm) {
  runner_.on({"kubectl", "get", "secrets"}).reply(0, secrets_list(release_secret(record_data())).dump());
  const std::string logged = read(Release::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': read from its Secrets"));
  EXPECT_EQ(helm_reads(), 0);
  ASSERT_TRUE(read_) << read_.error().message;
  ASSERT_TRUE(got().release);
  EXPECT_EQ(got().release->status, "failed");
  EXPECT_EQ(got().release->revision, 2);
  ASSERT_TRUE(got().record);
  EXPECT_EQ(got().record->values, json({{"a", 1}}));
}

TEST_F(ReadSnapshotTest, ATamperedRecordFallsBackToHelmAndSaysWhy) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(testing_support::base64_encode("garbage"))).dump());
  const std::string logged = read(Release::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': not read from its Secrets (not a Helm release record"));
  EXPECT_THAT(logged, HasSubstr("asking helm"));
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
  EXPECT_EQ(runner_.count({"helm", "status"}), 1);
  ASSERT_TRUE(read_ && got().release);
  EXPECT_EQ(got().release->status, "failed");
}

TEST_F(ReadSnapshotTest, AForbiddenListSaysWhyOnOneLine) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(1, "", "Error from server (Forbidden): secrets is forbidden: User \"u\" cannot list resource\n");
  const std::string logged = read(Release::revision);
  EXPECT_THAT(logged, HasSubstr("(kubectl get secrets failed (exit 1): Error from server (Forbidden): secrets is "
                                "forbidden: User \"u\" cannot list resource"));
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
}

TEST_F(ReadSnapshotTest, HelmDriverConfigmapAsksHelmAndSaysWhy) {
  ::setenv("HELM_DRIVER", "configmap", 1);
  const std::string logged = read(Release::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': not read from its Secrets (HELM_DRIVER=configmap: Helm keeps releases "
                                "elsewhere); asking helm"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets"}), 0);
  EXPECT_EQ(helm_reads(), 2);
}

TEST_F(ReadSnapshotTest, TheHelmReaderAskedForByNameSaysSo) {
  ::setenv("ALTINITY_DEPLOY_RELEASE_READER", "helm", 1);
  const std::string logged = read(Release::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("(ALTINITY_DEPLOY_RELEASE_READER=helm)"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets"}), 0);
}

TEST_F(ReadSnapshotTest, StatusWantsTheRevisionOnlyOneHelmCall) {
  ::setenv("HELM_DRIVER", "sql", 1);
  read(Release::revision);
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
  EXPECT_EQ(runner_.count({"helm", "status"}), 0);
  ASSERT_TRUE(read_ && got().release);
  EXPECT_EQ(got().release->chart_version, "0.23.6");
}

TEST_F(ReadSnapshotTest, NoSecretsMeansNoRelease) {
  runner_.on({"kubectl", "get", "secrets"}).reply(0, R"({"kind":"List","items":[]})");
  const std::string logged = read(Release::revision);
  EXPECT_THAT(logged, Not(HasSubstr("asking helm")));
  EXPECT_EQ(helm_reads(), 0);
  ASSERT_TRUE(read_);
  EXPECT_FALSE(got().release);
}

// Every current record in all namespaces holds ours (its newest record is
// never superseded): the other-operator look and the release, one call.
TEST_F(ReadSnapshotTest, TheAllNamespacesReadServesTheLookAndTheRelease) {
  runner_.on({"kubectl", "get", "secrets", "--all-namespaces"})
      .reply(0, json({{"kind", "List"},
                      {"items", {release_secret(record_data()), release_secret(record_data("ops", "elsewhere"), "ops", "elsewhere"),
                                 release_secret(record_data("other", "planton"), "other", "planton")}}})
                    .dump());
  read(Release::revision_and_record, true);
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_EQ(runner_.commands().size(), 1U) << "no read of our namespace's Secrets, no helm";
  ASSERT_TRUE(got().release);
  EXPECT_EQ(got().release->namespace_name, "ops-ns");
  ASSERT_TRUE(got().record);
  EXPECT_EQ(got().record->values, json({{"a", 1}}));
  ASSERT_TRUE(got().other_releases && *got().other_releases);
  EXPECT_EQ((*got().other_releases)->size(), 3U);
}

TEST_F(ReadSnapshotTest, AForbiddenAllNamespacesReadFallsBackToTheNamespacedOne) {
  runner_.on({"kubectl", "get", "secrets", "--all-namespaces"})
      .reply(1, "", "Error from server (Forbidden): secrets is forbidden: cannot list at the cluster scope\n");
  runner_.on({"kubectl", "get", "secrets", "--selector"}).reply(0, secrets_list(release_secret(record_data())).dump());
  const std::string logged = read(Release::revision_and_record, true);
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(logged, HasSubstr("the Secrets of all namespaces could not be read"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets", "--selector", "owner=helm,name=ops"}), 1);
  EXPECT_EQ(helm_reads(), 0);
  ASSERT_TRUE(got().release);
  EXPECT_EQ(got().release->revision, 2);
  ASSERT_TRUE(got().other_releases);
  EXPECT_FALSE(*got().other_releases) << "the other-operator look is unchecked";
}

json live_object(const std::string& kind, const std::string& name, const std::string& release = "ops") {
  return {{"kind", kind},
          {"metadata",
           {{"name", name},
            {"annotations", {{"meta.helm.sh/release-name", release}, {"meta.helm.sh/release-namespace", "ops-ns"}}}}}};
}

const char* kStored =
    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\n"
    "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: op-metrics\n";

TEST_F(ReadSnapshotTest, LiveObjectsByLabelKeptOnlyWithHelmsAnnotations) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(record_data("ops", "ops-ns", "---\nkind: Deployment\nmetadata:\n  name: op\n"))).dump());
  runner_.on({"kubectl", "get", tools::kReleaseObjectKinds})
      .reply(0, json({{"kind", "List"}, {"items", {live_object("Deployment", "op"), live_object("ConfigMap", "x", "someone-else")}}}).dump());
  snapshot::SnapshotRequest request;
  request.release = Release::revision_and_record;
  request.live_objects = true;
  read(request);
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_EQ(runner_.commands().size(), 2U) << "the Secrets and the label read, nothing after";
  ASSERT_TRUE(got().live_objects && *got().live_objects);
  ASSERT_EQ((*got().live_objects)->size(), 1U);
  EXPECT_EQ((**got().live_objects)[0]["kind"], "Deployment");
}

TEST_F(ReadSnapshotTest, AStoredObjectTheLabelReadMissedCostsOneNamedGet) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(record_data("ops", "ops-ns", kStored))).dump());
  runner_.on({"kubectl", "get", tools::kReleaseObjectKinds})
      .reply(0, json({{"kind", "List"}, {"items", json::array({live_object("Deployment", "op")})}}).dump());
  runner_.on({"kubectl", "get", "ServiceMonitor.monitoring.coreos.com/op-metrics"})
      .reply(0, json({{"kind", "List"}, {"items", {live_object("ServiceMonitor", "op-metrics")}}}).dump());
  snapshot::SnapshotRequest request;
  request.release = Release::revision_and_record;
  request.live_objects = true;
  read(request);
  ASSERT_TRUE(read_) << read_.error().message;
  const auto commands = runner_.commands();
  ASSERT_EQ(commands.size(), 3U);
  EXPECT_EQ(commands.back(), (Argv{"kubectl", "get", "ServiceMonitor.monitoring.coreos.com/op-metrics", "--namespace",
                                   "ops-ns", "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
  ASSERT_TRUE(got().live_objects && *got().live_objects);
  EXPECT_EQ((*got().live_objects)->size(), 2U);
}

// An account limited to the release's namespace may not list ClusterRoles:
// the stored objects are read by name instead; refused too, drift is
// unchecked (not an error).
TEST_F(ReadSnapshotTest, AForbiddenLabelReadFallsBackToNamedReadsThenUnchecked) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(record_data("ops", "ops-ns", kStored))).dump());
  runner_.on({"kubectl", "get", tools::kReleaseObjectKinds})
      .reply(1, "", "Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io is forbidden\n");
  runner_.on({"kubectl", "get", "Deployment.apps/op"})
      .reply(0, json({{"kind", "List"},
                      {"items", {live_object("Deployment", "op"), live_object("ServiceMonitor", "op-metrics")}}})
                    .dump())
      .times(1);
  snapshot::SnapshotRequest request;
  request.release = Release::revision_and_record;
  request.live_objects = true;
  read(request);
  ASSERT_TRUE(read_) << read_.error().message;
  ASSERT_TRUE(got().live_objects && *got().live_objects);
  EXPECT_EQ((*got().live_objects)->size(), 2U);
  EXPECT_EQ(runner_.commands().back(),
            (Argv{"kubectl", "get", "Deployment.apps/op", "ServiceMonitor.monitoring.coreos.com/op-metrics",
                  "--namespace", "ops-ns", "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
  runner_.on({"kubectl", "get", "Deployment.apps/op"})
      .reply(1, "", "Error from server (Forbidden): deployments.apps \"op\" is forbidden\n");
  read(request);
  ASSERT_TRUE(read_) << read_.error().message;
  ASSERT_TRUE(got().live_objects);
  ASSERT_FALSE(*got().live_objects);
  EXPECT_THAT(got().live_objects->error().message, HasSubstr("forbidden"));
}

// A stored object the chart places in another namespace is looked for there.
TEST_F(ReadSnapshotTest, AStoredObjectOfAnotherNamespaceIsReadThere) {
  const char* stored =
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\n  namespace: monitoring\n"
      "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: op\n  namespace: kube-system\n";
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(record_data("ops", "ops-ns", stored))).dump());
  json dash = live_object("ConfigMap", "dash");
  dash["metadata"]["namespace"] = "ops-ns";  // a namesake in the release's namespace is not it
  runner_.on({"kubectl", "get", tools::kReleaseObjectKinds})
      .reply(0, json({{"kind", "List"}, {"items", {dash, live_object("ClusterRole", "op")}}}).dump());
  runner_.on({"kubectl", "get", "ConfigMap/dash"}).reply(0, "");
  snapshot::SnapshotRequest request;
  request.release = Release::revision_and_record;
  request.live_objects = true;
  read(request);
  ASSERT_TRUE(read_) << read_.error().message;
  // The ClusterRole (cluster-wide: read without a namespace) counts as found.
  EXPECT_EQ(runner_.commands().back(), (Argv{"kubectl", "get", "ConfigMap/dash", "--namespace", "monitoring",
                                             "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
  EXPECT_EQ(runner_.count({"kubectl", "get", "ClusterRole.rbac.authorization.k8s.io/op"}), 0);
}

// Only a deployed newest record proves the all-namespaces read (which leaves
// superseded ones out) holds the newest revision; else its namespace's
// Secrets are read.
TEST_F(ReadSnapshotTest, ANewestRecordNotDeployedIsConfirmedInItsNamespace) {
  runner_.on({"kubectl", "get", "secrets", "--all-namespaces"})
      .reply(0, secrets_list(release_secret(record_data(), "ops", "ops-ns", "failed")).dump());
  runner_.on({"kubectl", "get", "secrets", "--selector"})
      .reply(0, secrets_list(release_secret(record_data(), "ops", "ops-ns", "failed")).dump());
  read(Release::revision_and_record, true);
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets", "--selector", "owner=helm,name=ops"}), 1);
  ASSERT_TRUE(got().release);
  EXPECT_EQ(got().release->revision, 2);
}

// A no-op plan, the release in Helm's Secrets, createCrds off: every process
// of read_snapshot starts in one batch (with a warm read cache `helm
// version` is answered from it, see tests/integration/plan_test.sh).
TEST_F(ReadSnapshotTest, ANoOpPlansProcesses) {
  auto spec = ops_spec();
  runner_.on({"helm", "version"}).reply(0, "v3.17.3");
  runner_.on({"kubectl", "config", "view"})
      .reply(0, R"({"current-context":"c","contexts":[{"name":"c","context":{"cluster":"k"}}],)"
                R"("clusters":[{"name":"k","cluster":{"server":"https://k:6443"}}]})");
  runner_.on({"kubectl", "get", "secrets", "--all-namespaces"})
      .reply(0, secrets_list(release_secret(record_data())).dump());
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  auto connection = testing_support::connection_for(runner_, spec);
  auto read = read_snapshot(connection, spec, plan_request(spec, true));
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_THAT(runner_.commands(),
              UnorderedElementsAre(
                  Argv{"helm", "version", "--template", "{{.Version}}"},
                  Argv{"kubectl", "config", "view", "--minify", "--output", "json"},
                  Argv{"kubectl", "get", "secrets", "--all-namespaces", "--selector", tools::kCurrentReleaseSelector,
                       "--ignore-not-found", "--output", "json", "--request-timeout=30s"},
                  Argv{"kubectl", "get", "namespace/ops-ns", "--ignore-not-found", "--output", "json",
                       "--request-timeout=30s"},
                  Argv{"kubectl", "get", tools::kReleaseObjectKinds, "--selector", "app.kubernetes.io/instance=ops",
                       "--namespace", "ops-ns", "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
}

// The read cache remembers the refs of the release's stored objects; the
// next run reads them by name with the namespace (and the CRDs).
class RememberedRefsTest : public ReadSnapshotTest {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/read-snapshot-refs-XXXXXX";
    root_ = ::mkdtemp(pattern);
    cache_ = tools::ReadCache(root_ + "/reads");
  }
  // Revision 2 of the release, with this stored manifest.
  void serve_release(const std::string& manifest = kManifest) {
    runner_.on({"kubectl", "get", "secrets", "--all-namespaces"})
        .reply(0, secrets_list(release_secret(record_data("ops", "ops-ns", manifest))).dump());
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static snapshot::SnapshotRequest plan_read() { return plan_request(ops_spec(), true); }
  tools::KubectlClient client() const {
    tools::KubectlClient kubectl(runner_for_cache_, "kubectl", {}, {"ops", "ops-ns"});
    kubectl.use_read_cache(*cache_);
    return kubectl;
  }
  std::vector<Argv> commands_since(size_t from) const {
    const auto all = runner_.commands();
    return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
  }

  static constexpr const char* kManifest =
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\n"
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
      "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: op\n";
  static tools::RememberedRefs stored_refs(long revision) {
    return {revision,
            {{"apps/v1", "Deployment", "op", "ops-ns"},
             {"v1", "ConfigMap", "cfg", "ops-ns"},
             {"rbac.authorization.k8s.io/v1", "ClusterRole", "op", "ops-ns"}}};
  }
  static json live_list() {
    return {{"kind", "List"},
            {"items",
             {{{"kind", "Namespace"}, {"metadata", {{"name", "ops-ns"}}}, {"status", {{"phase", "Active"}}}},
              live_object("Deployment", "op"), live_object("ConfigMap", "cfg"), live_object("ClusterRole", "op")}}};
  }

  std::string root_;
  mutable exec::RecordingRunner runner_for_cache_;
};

const Argv kSecretsEverywhere = {"kubectl", "get", "secrets", "--all-namespaces", "--selector",
                                 tools::kCurrentReleaseSelector, "--ignore-not-found", "--output", "json",
                                 "--request-timeout=30s"};
const Argv kNamespaceAndStored = {"kubectl", "get", "namespace/ops-ns", "Deployment.apps/op", "ConfigMap/cfg",
                                  "ClusterRole.rbac.authorization.k8s.io/op", "--namespace", "ops-ns",
                                  "--ignore-not-found", "--output", "json", "--request-timeout=30s"};

TEST_F(RememberedRefsTest, NoEntryReadsByLabelThenAWarmEntryFoldsTheObjectsIntoTheNamespaceGet) {
  serve_release();
  runner_.on({"kubectl", "get", "namespace/ops-ns", "Deployment.apps/op"}).reply(0, live_list().dump());
  runner_.on({"kubectl", "get", "namespace/ops-ns", "--ignore-not-found"}).reply(0, live_list()["items"][0].dump());
  json labelled = live_list();
  labelled["items"].erase(0);
  runner_.on({"kubectl", "get", tools::kReleaseObjectKinds}).reply(0, labelled.dump());

  read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(runner_.commands(),
              UnorderedElementsAre(kSecretsEverywhere,
                                   Argv{"kubectl", "get", "namespace/ops-ns", "--ignore-not-found", "--output", "json",
                                        "--request-timeout=30s"},
                                   Argv{"kubectl", "get", tools::kReleaseObjectKinds, "--selector",
                                        "app.kubernetes.io/instance=ops", "--namespace", "ops-ns",
                                        "--ignore-not-found", "--output", "json", "--request-timeout=30s"}))
      << "no entry: today's three reads";
  EXPECT_EQ(client().remembered_release_refs(), stored_refs(2)) << "the refs of revision 2 kept";

  const size_t before = runner_.commands().size();
  const std::string logged = read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(commands_since(before), UnorderedElementsAre(kSecretsEverywhere, kNamespaceAndStored))
      << "a warm entry: two reads, nothing after the batch";
  ASSERT_TRUE(got().namespace_info);
  EXPECT_EQ(got().namespace_info->phase, "Active");
  ASSERT_TRUE(got().live_objects && *got().live_objects);
  EXPECT_EQ((*got().live_objects)->size(), 3U);
  EXPECT_THAT(logged, Not(HasSubstr("read cache: the refs"))) << "an entry that holds is not written again";
}

// The entry is of an older revision that lacked the ConfigMap: it is read
// by name after the batch, and the entry rewritten.
TEST_F(RememberedRefsTest, AStaleEntryCostsTheSecondStepAndIsRewritten) {
  tools::RememberedRefs old = stored_refs(1);
  old.refs.erase(old.refs.begin() + 1);
  client().remember_release_refs(old);
  serve_release();
  json answer = live_list();
  answer["items"].erase(2);  // the ConfigMap, not asked for
  runner_.on({"kubectl", "get", "namespace/ops-ns", "Deployment.apps/op"}).reply(0, answer.dump());
  runner_.on({"kubectl", "get", "ConfigMap/cfg"})
      .reply(0, json({{"kind", "List"}, {"items", json::array({live_object("ConfigMap", "cfg")})}}).dump());
  const std::string logged = read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(runner_.commands(),
              UnorderedElementsAre(kSecretsEverywhere,
                                   Argv{"kubectl", "get", "namespace/ops-ns", "Deployment.apps/op",
                                        "ClusterRole.rbac.authorization.k8s.io/op", "--namespace", "ops-ns",
                                        "--ignore-not-found", "--output", "json", "--request-timeout=30s"},
                                   Argv{"kubectl", "get", "ConfigMap/cfg", "--namespace", "ops-ns",
                                        "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
  ASSERT_TRUE(got().live_objects && *got().live_objects);
  EXPECT_EQ((*got().live_objects)->size(), 3U);
  EXPECT_THAT(logged, HasSubstr("read cache: the refs of the release's 3 stored objects (revision 2)"));
  EXPECT_EQ(client().remembered_release_refs(), stored_refs(2));
}

// A remembered kind the API server no longer serves (a ServiceMonitor whose
// CRD was removed) fails the one get: the namespace alone, then the stored
// objects by name, each kind alone; that kind has no live object, and the
// plan goes on.
TEST_F(RememberedRefsTest, ACombinedReadRefusedFallsBackToTheReadsApart) {
  tools::RememberedRefs remembered = stored_refs(2);
  remembered.refs.push_back({"monitoring.coreos.com/v1", "ServiceMonitor", "op-metrics", "ops-ns"});
  client().remember_release_refs(remembered);
  const std::string not_served = "error: the server doesn't have a resource type \"servicemonitors\"\n";
  runner_.on({"kubectl", "get", "namespace/ops-ns", "Deployment.apps/op"}).reply(1, "", not_served).once();
  runner_.on({"kubectl", "get", "namespace/ops-ns", "--ignore-not-found"}).reply(0, live_list()["items"][0].dump());
  runner_.on({"kubectl", "get", "Deployment.apps/op", "ConfigMap/cfg"}).reply(1, "", not_served);
  runner_.on({"kubectl", "get", "ServiceMonitor.monitoring.coreos.com/op-metrics"}).reply(1, "", not_served);
  runner_.on({"kubectl", "get", "Deployment.apps/op", "--namespace"})
      .reply(0, json({{"kind", "List"}, {"items", json::array({live_object("Deployment", "op")})}}).dump());
  serve_release(std::string(kManifest) +
                "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: op-metrics\n");
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  const std::string logged = read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(logged, HasSubstr("could not be read in one get"));
  EXPECT_THAT(logged, HasSubstr("ServiceMonitor.monitoring.coreos.com not served by the API server"));
  ASSERT_TRUE(got().namespace_info);
  ASSERT_TRUE(got().live_objects && *got().live_objects) << got().live_objects->error().message;
  EXPECT_EQ((*got().live_objects)->size(), 1U) << "the Deployment; the rest is missing (drift)";
  EXPECT_EQ(runner_.count({"kubectl", "get", tools::kReleaseObjectKinds}), 0);
  // Not paid again on the next run of this revision: it reads by label.
  const auto kept = client().remembered_release_refs();
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->read_by_name);
  read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_EQ(runner_.count({"kubectl", "get", tools::kReleaseObjectKinds}), 1);
}

bool any_argument_contains(const std::vector<Argv>& commands, const std::string& part) {
  for (const auto& argv : commands) {
    for (const auto& word : argv) {
      if (word.find(part) != std::string::npos) return true;
    }
  }
  return false;
}

// The cache entry is a file anyone with the user's rights may edit: a ref
// that is no Kubernetes name (a kubectl flag for a kind), or too many refs,
// make it unused, and the label read runs.
TEST_F(RememberedRefsTest, AnEditedEntryIsNotUsed) {
  client().remember_release_refs({2, {{"v1", "--server=https://elsewhere.example", "x", "ops-ns"}}});
  EXPECT_FALSE(client().remembered_release_refs());
  client().remember_release_refs({2, {{"v1", "ConfigMap", "--token=stolen", "ops-ns"}}});
  EXPECT_FALSE(client().remembered_release_refs());
  client().remember_release_refs({2, {{"v1", "ConfigMap", "a/b", "ops-ns"}}});
  EXPECT_FALSE(client().remembered_release_refs());
  tools::RememberedRefs many{2, {}};
  many.refs.assign(tools::kMaxRememberedRefs + 1, {"v1", "ConfigMap", "cfg", "ops-ns"});
  client().remember_release_refs(many);  // not written
  EXPECT_FALSE(client().remembered_release_refs());
  serve_release();
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_EQ(runner_.count({"kubectl", "get", tools::kReleaseObjectKinds}), 1);
  EXPECT_FALSE(any_argument_contains(runner_.commands(), "--server"));
  EXPECT_FALSE(any_argument_contains(runner_.commands(), "--token"));
}

// The stored manifest is anyone's who may write the release's Secrets: an
// object whose kind is a kubectl flag is left out of every read, said.
TEST_F(RememberedRefsTest, AStoredKindThatIsAFlagIsNeverAnArgument) {
  serve_release(std::string(kManifest) +
                "---\napiVersion: v1\nkind: \"--server=https://elsewhere.example\"\nmetadata:\n  name: x\n");
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  const std::string logged = read(plan_read());
  ASSERT_TRUE(read_) << read_.error().message;
  EXPECT_THAT(logged, HasSubstr("is not a Kubernetes name"));
  EXPECT_FALSE(any_argument_contains(runner_.commands(), "--server"));
  const auto kept = client().remembered_release_refs();
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->refs.size(), 3U) << "the three real objects only";
}

// After up's helm upgrade: the revision helm printed is remembered, so the
// next run's read is warm.
TEST_F(RememberedRefsTest, AnUpgradeKeepsTheRefsOfTheRevisionHelmPrinted) {
  auto connection = testing_support::connection_for(runner_, ops_spec());
  connection.kubectl.use_read_cache(*cache_);
  remember_upgraded_release(connection, 3, kManifest);
  EXPECT_EQ(client().remembered_release_refs(), stored_refs(3));
  remember_upgraded_release(connection, 4, "");
  EXPECT_EQ(client().remembered_release_refs(), stored_refs(3)) << "no object printed: the entry is kept";
  EXPECT_TRUE(runner_.commands().empty());
}

TEST(ReleaseInSecrets, HelmsDefaultDriverOnly) {
  ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
  for (const char* driver : {"secret", "secrets", ""}) {
    ::setenv("HELM_DRIVER", driver, 1);
    EXPECT_TRUE(tools::release_in_secrets()) << driver;
  }
  for (const char* driver : {"configmap", "configmaps", "memory", "sql"}) {
    ::setenv("HELM_DRIVER", driver, 1);
    EXPECT_FALSE(tools::release_in_secrets()) << driver;
    EXPECT_THAT(tools::why_not_in_secrets(), HasSubstr(std::string("HELM_DRIVER=") + driver));
  }
  ::unsetenv("HELM_DRIVER");
}

}  // namespace
}  // namespace altinity_deploy::actions
