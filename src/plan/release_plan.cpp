// make_plan: the snapshot (actions::read_snapshot) as the cluster's state,
// then diff() against the manifest. No process.
#include "altinity_deploy/plan/release_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

ClusterCrd cluster_crd(const json& object) {
  ClusterCrd crd;
  const json::json_pointer pointer("/metadata/annotations");
  if (object.contains(pointer) && object.at(pointer).is_object()) {
    const json& annotations = object.at(pointer);
    auto it = annotations.find(kCrdHashAnnotation);
    if (it != annotations.end() && it->is_string()) crd.sha256 = it->get<std::string>();
  }
  crd.version = crd_version(object);
  return crd;
}

// The CRDs of one `kubectl get` answer.
void record_crds(const std::vector<json>& objects, ClusterState& cluster) {
  for (const json& object : objects) {
    if (object.value("kind", std::string{}) != "CustomResourceDefinition") continue;
    const std::string name = object.value("/metadata/name"_json_pointer, std::string{});
    cluster.crds[name] = cluster_crd(object);
    cluster.crd_versions[name] = crd_versions(object);
  }
}

bool is_pending(const std::string& status) { return status.rfind("pending-", 0) == 0; }

Change release_status_change(const tools::ReleaseInfo& release) {
  std::string note;
  if (is_pending(release.status)) {
    note = "an interrupted run left it; up recovers it first, under the release lock (unless --no-recover)";
  } else if (release.status == "failed") {
    note = "its last operation failed; up upgrades over it";
  } else {
    note = "up upgrades it";
  }
  return Change{Change::Kind::release_status, Change::Action::problem, release.name, json(release.status),
                std::nullopt, note};
}

std::string chart_text(const std::string& name, const std::string& version, const std::string& wanted_name) {
  return name == wanted_name ? version : fmt::format("{} {}", name, version);
}

void add_crd_changes(const std::vector<CrdDocument>& wanted, const ClusterState& cluster,
                     std::vector<Change>& changes) {
  for (const auto& crd : wanted) {
    auto found = cluster.crds.find(crd.name);
    if (found == cluster.crds.end()) {
      changes.push_back(Change{Change::Kind::crd, Change::Action::create, crd.name, std::nullopt, json(crd.version),
                               crd.version.empty() ? "will be created"
                                                   : fmt::format("will be created ({})", crd.version)});
      continue;
    }
    const ClusterCrd& current = found->second;
    if (current.sha256 == crd.sha256) continue;
    std::string why;
    if (!current.version.empty() && !crd.version.empty() && current.version != crd.version) {
      why = fmt::format("{} -> {}", current.version, crd.version);
    } else if (current.sha256.empty()) {
      why = "not applied by altinity-deploy before";
    } else {
      why = "differs from the chart's";
    }
    changes.push_back(Change{Change::Kind::crd, Change::Action::update, crd.name, json(current.version),
                             json(crd.version), fmt::format("will be updated ({})", why)});
  }
}

// A password the deployer generates shows as "<generated>", with why.
void show_password_change(Change& change, const OperatorPassword& password) {
  if (password.origin != OperatorPassword::Origin::generated) return;
  change.after = json(std::string(redact::kGenerated));
  change.note = password.why;
}

}  // namespace

bool ReleasePlan::needs_helm() const {
  for (const auto& change : changes) {
    if (change.kind != Change::Kind::crd) return true;
  }
  return false;
}

bool ReleasePlan::needs_crds() const {
  for (const auto& change : changes) {
    if (change.kind == Change::Kind::crd) return true;
  }
  return false;
}

Result<ReleasePlan> make_plan(const spec::OperatorSpec& spec, const snapshot::ClusterSnapshot& snapshot,
                              PlanSettings settings) {
  ClusterState cluster;
  cluster.release = snapshot.release;
  if (cluster.release && snapshot.record) {
    cluster.values = snapshot.record->values;
    cluster.manifest = snapshot.record->manifest;
  }
  if (snapshot.namespace_info) cluster.namespace_info = snapshot.namespace_info;
  record_crds(snapshot.crd_objects, cluster);

  auto wanted = desired_values(spec, cluster.values, settings);
  if (!wanted) return tl::unexpected(wanted.error());
  DesiredState desired = std::move(*wanted);
  desired.chart = snapshot.chart.value_or(tools::ChartMetadata{spec.chart.name, spec.chart.version, {}});
  desired.crds = snapshot.chart_crds;

  const std::string chart_name = desired.chart.name;
  ReleasePlan plan = diff(spec, std::move(desired), std::move(cluster));
  if (snapshot.other_releases) {
    const tools::ReleaseInfo* ours = plan.release();
    plan.other_operators = other_operators(*snapshot.other_releases, spec, chart_name,
                                           settings.allow_second_operator,
                                           ours == nullptr || ours->status == "uninstalled");
  }
  return plan;
}

ReleasePlan diff(const spec::OperatorSpec& spec, DesiredState desired, ClusterState cluster) {
  ReleasePlan plan;
  auto& changes = plan.changes;
  const std::string& ns = spec.namespace_name;

  if (!cluster.namespace_info) {
    changes.push_back(Change{Change::Kind::namespace_, Change::Action::create, ns, std::nullopt, std::nullopt,
                             "will be created"});
  } else if (cluster.namespace_info->phase == "Terminating") {
    changes.push_back(Change{Change::Kind::namespace_, Change::Action::problem, ns, json("Terminating"),
                             std::nullopt, "is being deleted; up fails until it is gone"});
  }

  const tools::ReleaseInfo* release = cluster.release ? &*cluster.release : nullptr;
  const std::string wanted_chart = fmt::format("{} {}", desired.chart.name, desired.chart.version);
  if (release == nullptr || release->status == "uninstalled") {
    changes.push_back(Change{Change::Kind::release, Change::Action::create, spec.release_name(), std::nullopt,
                             json(wanted_chart), fmt::format("will be installed (chart {})", wanted_chart)});
  } else {
    if (release->status != "deployed") changes.push_back(release_status_change(*release));
    if (release->chart_name != desired.chart.name || release->chart_version != desired.chart.version) {
      changes.push_back(Change{Change::Kind::chart, Change::Action::update, desired.chart.name,
                               json(chart_text(release->chart_name, release->chart_version, desired.chart.name)),
                               json(desired.chart.version), ""});
    }
    for (auto& value : diff_values(cluster.values, desired.values)) {
      const auto action = !value.before ? Change::Action::create
                          : !value.after ? Change::Action::remove
                                         : Change::Action::update;
      Change change{Change::Kind::value, action, std::move(value.path), std::move(value.before),
                    std::move(value.after), ""};
      if (change.subject == kPasswordPath) show_password_change(change, desired.operator_password);
      changes.push_back(std::move(change));
    }
  }

  add_crd_changes(desired.crds, cluster, changes);
  plan.cluster = std::move(cluster);
  plan.desired = std::move(desired);
  return plan;
}

}  // namespace altinity_deploy::plan
