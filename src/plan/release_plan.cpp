// compute_plan: the cluster's and the chart's state, read all at once, then
// diff() against the manifest.
#include "altinity_deploy/plan/release_plan.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

constexpr const char* kCrdResource = "customresourcedefinition";

std::string label_of(const json& object, const char* label) {
  const json::json_pointer pointer("/metadata/labels");
  if (!object.contains(pointer) || !object.at(pointer).is_object()) return {};
  const json& labels = object.at(pointer);
  auto it = labels.find(label);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

ClusterCrd cluster_crd(const json& object) {
  ClusterCrd crd;
  const json::json_pointer pointer("/metadata/annotations");
  if (object.contains(pointer) && object.at(pointer).is_object()) {
    const json& annotations = object.at(pointer);
    auto it = annotations.find(kCrdHashAnnotation);
    if (it != annotations.end() && it->is_string()) crd.sha256 = it->get<std::string>();
  }
  crd.version = label_of(object, kCrdVersionLabel);
  return crd;
}

// Namespaces and CRDs from one `kubectl get` answer.
void record_objects(const std::vector<json>& objects, const std::string& namespace_name, ClusterState& cluster) {
  for (const json& object : objects) {
    const std::string kind = object.value("kind", std::string{});
    const std::string name = object.value("/metadata/name"_json_pointer, std::string{});
    if (kind == "Namespace" && name == namespace_name) cluster.namespace_info = tools::parse_namespace(object);
    if (kind == "CustomResourceDefinition") cluster.crds[name] = cluster_crd(object);
  }
}

std::vector<std::string> crd_refs(const std::vector<std::string>& names) {
  std::vector<std::string> refs;
  for (const auto& name : names) refs.push_back(fmt::format("{}/{}", kCrdResource, name));
  return refs;
}

bool is_pending(const std::string& status) { return status.rfind("pending-", 0) == 0; }

Change release_status_change(const tools::ReleaseInfo& release) {
  std::string note;
  if (is_pending(release.status)) {
    note = "an interrupted run left it; up recovers it first";
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

Result<ReleasePlan> compute_plan(tools::HelmClient& helm, tools::KubectlClient& kubectl,
                                 const spec::OperatorSpec& spec) {
  const std::string& release = spec.metadata.name;
  const std::string& ns = spec.namespace_name;

  // The CRDs every chart version has are asked for with the namespace; a
  // chart with others costs one more call below.
  std::vector<std::string> known_crds;
  if (spec.create_crds) known_crds.assign(spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
  std::vector<std::string> refs = {"namespace/" + ns};
  for (auto& ref : crd_refs(known_crds)) refs.push_back(std::move(ref));

  Result<std::optional<tools::ReleaseInfo>> latest;
  Result<json> values;
  Result<std::vector<json>> objects;
  Result<std::string> crd_text = std::string{};
  Result<tools::ChartMetadata> chart = tools::ChartMetadata{spec.chart.name, spec.chart.version, {}};
  std::vector<std::function<void()>> reads = {
      [&] { latest = helm.latest_revision(release, ns); },
      [&] { values = helm.user_values(release, ns); },
      [&] { objects = kubectl.get_objects(refs); },
  };
  if (spec.create_crds) reads.emplace_back([&] { crd_text = helm.show_crds(spec.chart); });
  if (spec.chart.is_local()) reads.emplace_back([&] { chart = helm.show_chart(spec.chart); });
  exec::run_concurrently(std::move(reads));

  for (const Error* error : {latest ? nullptr : &latest.error(), values ? nullptr : &values.error(),
                             objects ? nullptr : &objects.error(), crd_text ? nullptr : &crd_text.error(),
                             chart ? nullptr : &chart.error()}) {
    if (error != nullptr) return tl::unexpected(*error);
  }

  DesiredState desired;
  desired.chart = *chart;
  desired.values = yaml_to_json(build_values(spec));
  if (spec.create_crds) {
    auto crds = parse_crd_documents(*crd_text);
    if (!crds) return tl::unexpected(crds.error());
    desired.crds = std::move(*crds);
  }

  ClusterState cluster;
  cluster.release = std::move(*latest);
  if (cluster.release) cluster.values = std::move(*values);
  record_objects(*objects, ns, cluster);

  std::vector<std::string> unknown_crds;
  for (const auto& crd : desired.crds) {
    if (std::find(known_crds.begin(), known_crds.end(), crd.name) == known_crds.end()) {
      unknown_crds.push_back(crd.name);
    }
  }
  if (!unknown_crds.empty()) {
    auto more = kubectl.get_objects(crd_refs(unknown_crds));
    if (!more) return tl::unexpected(more.error());
    record_objects(*more, ns, cluster);
  }
  return diff(spec, std::move(desired), std::move(cluster));
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
    changes.push_back(Change{Change::Kind::release, Change::Action::create, spec.metadata.name, std::nullopt,
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
      changes.push_back(Change{Change::Kind::value, action, std::move(value.path), std::move(value.before),
                               std::move(value.after), ""});
    }
  }

  add_crd_changes(desired.crds, cluster, changes);
  plan.cluster = std::move(cluster);
  plan.desired = std::move(desired);
  return plan;
}

}  // namespace altinity_deploy::plan
