// read_snapshot: what the request asks for, in one concurrent batch with
// connect's checks, then the second steps an answer asks for.
#include "altinity_deploy/actions/read_snapshot.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"
#include "altinity_deploy/actions/destroy_guard.hpp"
#include "altinity_deploy/actions/simulated_kubelet.hpp"
#include "read_snapshot_parts.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;
using snapshot::ClusterSnapshot;
using snapshot::SnapshotRequest;

// How long the API server's version may take when it is asked only because a
// read of the batch failed: a hung kubectl has already made the run wait its
// full limit once.
constexpr std::chrono::seconds kWhyReadFailedLimit{15};

// "context 'x' (server y): " before an error about the API server.
Error about_target(Error error, const tools::ClusterTarget& target) {
  error.message = fmt::format("context '{}' (server {}): {}", redact::excerpt(target.context, 200),
                              redact::excerpt(target.server, 200), error.message);
  return error;
}

bool forbidden(const Error& error) { return error.kind == ToolErrorKind::forbidden; }

std::vector<std::string> crd_refs(const std::vector<std::string>& names) {
  std::vector<std::string> refs;
  for (const auto& name : names) refs.push_back("customresourcedefinition/" + name);
  return refs;
}

// The namespace and the CRDs of one `kubectl get` answer into the snapshot;
// returns the other objects (the release's, when asked for by name).
std::vector<json> keep_objects(std::vector<json> objects, const std::string& namespace_name,
                               ClusterSnapshot& snapshot) {
  std::vector<json> others;
  for (auto& object : objects) {
    const std::string kind = object.value("kind", std::string{});
    if (kind == "Namespace" && object.value("/metadata/name"_json_pointer, std::string{}) == namespace_name) {
      snapshot.namespace_info = tools::parse_namespace(object);
    } else if (kind == "CustomResourceDefinition") {
      snapshot.crd_objects.push_back(std::move(object));
    } else {
      others.push_back(std::move(object));
    }
  }
  return others;
}

// The namespace and the CRDs every chart version has, by KIND/NAME.
std::vector<std::string> namespace_and_crds(const spec::OperatorSpec& spec, const std::vector<std::string>& known_crds) {
  std::vector<std::string> refs = {"namespace/" + spec.namespace_name};
  for (auto& ref : crd_refs(known_crds)) refs.push_back(std::move(ref));
  return refs;
}

// What the batch answers, each read's slot.
struct Answers {
  Result<tools::HelmVersion> helm_version;
  Result<tools::ClusterTarget> target;
  std::optional<Result<tools::ServerVersion>> server;
  Result<std::vector<json>> objects;                 // namespace (and CRDs): the plan's get
  bool objects_with_stored = false;                  // ... and the remembered stored objects
  Result<std::optional<tools::NamespaceInfo>> namespace_alone;
  Result<std::vector<snapshot::CrdDocument>> chart_crds;
  Result<tools::ChartMetadata> chart;
  Result<tools::Workloads> workloads;
  Result<std::vector<json>> operator_crds;
  Result<std::vector<json>> live;
  std::optional<Result<std::vector<tools::ClickHouseInstallation>>> installations;
  std::vector<std::string> simulated;

  // A read failed (not the ones whose refusal is expected: the live
  // objects, the pods of status's workloads).
  bool failed() const {
    // The get with the remembered objects, refused for one of their kinds,
    // is read again without them.
    const bool refused_kind = !objects && objects_with_stored &&
                              (forbidden(objects.error()) || objects.error().kind == ToolErrorKind::kind_not_served);
    return (!objects && !refused_kind) || !namespace_alone || !chart_crds || !chart || (!workloads && !forbidden(workloads.error())) ||
           !operator_crds || (installations && !*installations);
  }
};

Batch batch_of(Connection& c, const spec::OperatorSpec& spec, const SnapshotRequest& request,
               const std::vector<std::string>& known_crds, const std::vector<tools::ObjectRef>& asked, Answers& a) {
  Batch batch;
  if (request.connect_checks) {
    batch.emplace_back([&] { a.helm_version = c.helm.detect_version(); });
    batch.emplace_back([&] { a.target = c.kubectl.describe_target(); });
    if (log::settings().verbose || request.server_version) {
      batch.emplace_back([&] { a.server = c.kubectl.server_version(); });
    }
  }
  if (request.namespace_read == SnapshotRequest::Namespace::with_chart_crds) {
    batch.emplace_back([&] {
      std::vector<std::string> refs = namespace_and_crds(spec, known_crds);
      if (asked.empty()) {
        a.objects = c.kubectl.get_objects(refs);
        return;
      }
      // The release's objects the last run remembered, by name in its
      // namespace: one process instead of the label read.
      for (const auto& ref : asked) refs.push_back(ref.resource());
      a.objects = c.kubectl.release_objects(refs, spec.namespace_name);
      a.objects_with_stored = true;
    });
  }
  if (request.namespace_read == SnapshotRequest::Namespace::alone) {
    batch.emplace_back([&] { a.namespace_alone = c.kubectl.get_namespace(); });
  }
  // Parsed in the same thread: 270 KB of YAML take some 20 ms, which the
  // slower calls of the batch hide.
  if (request.chart_crds) {
    batch.emplace_back([&] { a.chart_crds = c.helm.show_crds(spec.chart).and_then(plan::parse_crd_documents); });
  }
  if (request.chart_metadata) batch.emplace_back([&] { a.chart = c.helm.show_chart(spec.chart); });
  if (request.operator_workloads) batch.emplace_back([&] { a.workloads = c.kubectl.workloads_of_release(); });
  if (request.operator_crds) {
    batch.emplace_back([&] { a.operator_crds = c.kubectl.get_crds({spec::kOperatorCrds.begin(), spec::kOperatorCrds.end()}); });
  }
  if (request.live_objects && asked.empty()) batch.emplace_back([&] { a.live = c.kubectl.labelled_release_objects(); });
  if (request.installations) batch.emplace_back([&] { a.installations = list_watched_installations(c.kubectl, spec); });
  if (request.simulated_nodes) batch.emplace_back([&] { a.simulated = simulated_nodes(c.kubectl); });
  return batch;
}

// connect's checks: their errors first, then the API server's version when a
// read failed, to say clearly that it does not answer; logs the target.
Status check_target(Connection& c, Answers& a, bool read_failed, ClusterSnapshot& snapshot) {
  if (!a.helm_version) return tl::unexpected(a.helm_version.error());
  if (!a.target) return tl::unexpected(a.target.error());
  snapshot.helm_version = *a.helm_version;
  snapshot.target = *a.target;
  c.target = *a.target;
  if (!a.server && read_failed) a.server = c.kubectl.server_version(kWhyReadFailedLimit);
  if (a.server && !*a.server) return tl::unexpected(about_target(a.server->error(), *a.target));
  if (a.server) {
    snapshot.server = **a.server;
    c.server = **a.server;
  }
  // The kubeconfig is not ours: its context name may hold escape sequences
  // and its server URL a user:password or a token.
  log::info("target: context '{}', API server {}{}, kubeconfig from {}; helm {}",
            redact::excerpt(a.target->context, 200), redact::excerpt(a.target->server, 200),
            a.server ? fmt::format(" (Kubernetes {})", redact::excerpt((*a.server)->git_version, 100)) : "",
            c.kubeconfig_source, redact::excerpt(a.helm_version->text, 100));
  return {};
}

// The chart's CRDs beyond the operator's four: one more get, only for such a chart.
Status read_unknown_crds(Connection& c, const std::vector<std::string>& known, ClusterSnapshot& snapshot) {
  std::vector<std::string> unknown;
  for (const auto& crd : snapshot.chart_crds) {
    if (std::find(known.begin(), known.end(), crd.name) == known.end()) unknown.push_back(crd.name);
  }
  if (unknown.empty()) return {};
  auto more = c.kubectl.get_objects(crd_refs(unknown));
  if (!more) return tl::unexpected(more.error());
  keep_objects(std::move(*more), {}, snapshot);
  return {};
}

// status: an account that may read the Deployment but not list pods still
// gets its status, without the restarts (only on this error path: one more call).
Status keep_workloads(Connection& c, Result<tools::Workloads> workloads, ClusterSnapshot& snapshot) {
  snapshot.pods_listed = true;
  if (!workloads && forbidden(workloads.error())) {
    log::debug("status: the pods could not be listed, so no restarts are shown: {}",
               redact::safe_message(workloads.error().message));
    workloads = c.kubectl.deployments_of_release();
    snapshot.pods_listed = false;
  }
  if (!workloads) return tl::unexpected(workloads.error());
  for (const auto& why : workloads->skipped) log::warn("status: left out of the release's workloads: {}", why);
  snapshot.operator_workloads = std::move(*workloads);
  return {};
}

}  // namespace

Result<ClusterSnapshot> read_snapshot(Connection& connection, const spec::OperatorSpec& spec,
                                      const SnapshotRequest& request) {
  // The CRDs every chart version has are asked for with the namespace.
  std::vector<std::string> known_crds;
  if (request.chart_crds) known_crds.assign(spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
  // With the refs of the release's objects from the last run, they are read
  // by name with the namespace and the CRDs.
  RememberedRead remembered;
  if (request.live_objects && request.namespace_read == SnapshotRequest::Namespace::with_chart_crds &&
      request.release == SnapshotRequest::Release::revision_and_record) {
    remembered.remembered = connection.kubectl.remembered_release_refs();
    if (remembered.remembered) remembered.asked = refs_to_ask(*remembered.remembered, spec.namespace_name);
  }
  Answers answers;
  ReleaseRead release(connection, request.release, request.other_releases);
  Batch batch = batch_of(connection, spec, request, known_crds, remembered.asked, answers);
  release.add_calls(batch);
  exec::run_concurrently(std::move(batch));

  ClusterSnapshot snapshot;
  if (request.connect_checks) {
    if (auto checked = check_target(connection, answers, answers.failed() || release.failed(), snapshot); !checked) {
      return tl::unexpected(checked.error());
    }
  }
  if (auto read = release.finish(snapshot); !read) return tl::unexpected(read.error());
  if (!answers.objects && !remembered.asked.empty()) {
    // A remembered kind the API server no longer serves, or may not be
    // read: the namespace and the CRDs alone, the objects by name after.
    log::debug("drift: the namespace, the CRDs and the release's remembered objects could not be read in one get "
               "({}); reading them apart",
               redact::excerpt(redact::safe_message(answers.objects.error().message), 200));
    answers.objects = connection.kubectl.get_objects(namespace_and_crds(spec, known_crds));
    remembered.asked.clear();
    remembered.fell_back = true;
    answers.live = std::vector<json>{};
  }
  if (!answers.objects) return tl::unexpected(answers.objects.error());
  auto others = keep_objects(std::move(*answers.objects), spec.namespace_name, snapshot);
  if (!remembered.asked.empty()) answers.live = std::move(others);
  if (!answers.namespace_alone) return tl::unexpected(answers.namespace_alone.error());
  if (*answers.namespace_alone) snapshot.namespace_info = std::move(**answers.namespace_alone);
  if (!answers.chart_crds) return tl::unexpected(answers.chart_crds.error());
  snapshot.chart_crds = std::move(*answers.chart_crds);
  if (!answers.chart) return tl::unexpected(answers.chart.error());
  if (request.chart_metadata) snapshot.chart = std::move(*answers.chart);
  if (request.operator_workloads) {
    if (auto kept = keep_workloads(connection, std::move(answers.workloads), snapshot); !kept) {
      return tl::unexpected(kept.error());
    }
  }
  if (!answers.operator_crds) return tl::unexpected(answers.operator_crds.error());
  for (auto& crd : *answers.operator_crds) snapshot.crd_objects.push_back(std::move(crd));
  snapshot.installations = std::move(answers.installations);
  snapshot.simulated_nodes = std::move(answers.simulated);
  if (auto more = read_unknown_crds(connection, known_crds, snapshot); !more) return tl::unexpected(more.error());
  if (request.live_objects) read_live_objects(connection, std::move(answers.live), remembered, snapshot);
  return snapshot;
}

SnapshotRequest plan_request(const spec::OperatorSpec& spec, bool other_releases) {
  SnapshotRequest request;
  request.release = SnapshotRequest::Release::revision_and_record;
  request.namespace_read = SnapshotRequest::Namespace::with_chart_crds;
  request.chart_crds = spec.create_crds;
  request.chart_metadata = spec.chart.is_local();
  request.other_releases = other_releases;
  request.live_objects = spec.drift_detection.mode != spec::DriftDetection::Mode::disabled;
  return request;
}

}  // namespace altinity_deploy::actions
