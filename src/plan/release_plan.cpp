// compute_plan: the cluster's and the chart's state, read all at once, then
// diff() against the manifest.
#include "altinity_deploy/plan/release_plan.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

constexpr const char* kCrdResource = "customresourcedefinition";

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

// Namespaces and CRDs from one `kubectl get` answer.
void record_objects(const std::vector<json>& objects, const std::string& namespace_name, ClusterState& cluster) {
  for (const json& object : objects) {
    const std::string kind = object.value("kind", std::string{});
    const std::string name = object.value("/metadata/name"_json_pointer, std::string{});
    if (kind == "Namespace" && name == namespace_name) cluster.namespace_info = tools::parse_namespace(object);
    if (kind == "CustomResourceDefinition") {
      cluster.crds[name] = cluster_crd(object);
      cluster.crd_versions[name] = crd_versions(object);
    }
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

PlanReads::PlanReads(tools::HelmClient& helm, tools::KubectlClient& kubectl, const spec::OperatorSpec& spec,
                     PlanSettings settings)
    : helm_(helm),
      kubectl_(kubectl),
      spec_(spec),
      settings_(settings),
      release_reader_(helm, kubectl, tools::ReleaseReader::Want::revision_and_record),
      chart_(tools::ChartMetadata{spec.chart.name, spec.chart.version, {}}) {
  // The CRDs every chart version has are asked for with the namespace.
  if (spec.create_crds) known_crds_.assign(spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
  if (settings.look_for_other_operators) cluster_releases_.emplace(helm, kubectl);
}

std::vector<std::function<void()>> PlanReads::calls() {
  std::vector<std::function<void()>> calls = release_reader_.calls();
  calls.emplace_back([this] {
        std::vector<std::string> refs = {"namespace/" + spec_.namespace_name};
        for (auto& ref : crd_refs(known_crds_)) refs.push_back(std::move(ref));
        objects_ = kubectl_.get_objects(refs);
  });
  // Parsed in the same thread: 270 KB of YAML take some 20 ms, which the
  // slower calls of the batch hide.
  if (spec_.create_crds) {
    calls.emplace_back([this] { crds_ = helm_.show_crds(spec_.chart).and_then(parse_crd_documents); });
  }
  if (spec_.chart.is_local()) calls.emplace_back([this] { chart_ = helm_.show_chart(spec_.chart); });
  if (cluster_releases_) calls.emplace_back(cluster_releases_->call());
  return calls;
}

bool PlanReads::failed() const { return release_reader_.failed() || !objects_ || !crds_ || !chart_; }

Result<ReleasePlan> PlanReads::result() {
  release_reader_.finish();
  auto& release = release_reader_.release();
  auto& stored = release_reader_.stored();
  for (const Error* error : {release ? nullptr : &release.error(), stored ? nullptr : &stored.error(),
                             objects_ ? nullptr : &objects_.error(), crds_ ? nullptr : &crds_.error(),
                             chart_ ? nullptr : &chart_.error()}) {
    if (error != nullptr) return tl::unexpected(*error);
  }

  ClusterState cluster;
  cluster.release = *release;
  if (cluster.release && *stored) {
    cluster.values = (*stored)->values;
    cluster.manifest = std::move((*stored)->manifest);
  }
  record_objects(*objects_, spec_.namespace_name, cluster);

  auto wanted = desired_values(spec_, cluster.values, settings_);
  if (!wanted) return tl::unexpected(wanted.error());
  DesiredState desired = std::move(*wanted);
  desired.chart = *chart_;
  desired.crds = std::move(*crds_);

  std::vector<std::string> unknown_crds;
  for (const auto& crd : desired.crds) {
    if (std::find(known_crds_.begin(), known_crds_.end(), crd.name) == known_crds_.end()) {
      unknown_crds.push_back(crd.name);
    }
  }
  if (!unknown_crds.empty()) {
    auto more = kubectl_.get_objects(crd_refs(unknown_crds));
    if (!more) return tl::unexpected(more.error());
    record_objects(*more, spec_.namespace_name, cluster);
  }
  const std::string chart_name = desired.chart.name;
  ReleasePlan plan = diff(spec_, std::move(desired), std::move(cluster));
  if (cluster_releases_) {
    const tools::ReleaseInfo* ours = plan.release();
    plan.other_operators = other_operators(cluster_releases_->result(), spec_, chart_name,
                                           settings_.allow_second_operator,
                                           ours == nullptr || ours->status == "uninstalled");
  }
  if (auto drifted = read_and_add_drift(kubectl_, spec_, plan); !drifted) return tl::unexpected(drifted.error());
  return plan;
}

Result<ReleasePlan> compute_plan(tools::HelmClient& helm, tools::KubectlClient& kubectl,
                                 const spec::OperatorSpec& spec, PlanSettings settings) {
  PlanReads reads(helm, kubectl, spec, settings);
  exec::run_concurrently(reads.calls());
  return reads.result();
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
