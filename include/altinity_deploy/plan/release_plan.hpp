#pragma once
// The difference between the manifest and the cluster: what `up` would
// change. Computed read-only (no lock, nothing created); `plan` prints it,
// `up` performs only what it lists and skips the helm upgrade when it is
// empty.
//
// What is compared: the namespace (exists?), the release (exists? its
// status), the chart name and version, the release's user-supplied values
// (`helm get values`) against plan::build_values(spec), and, with
// createCrds, the chart's CRDs against the cluster's (by the fingerprint
// annotation the deployer puts on them), and (spec.driftDetection, see
// docs/drift.md) the release's live objects against the objects Helm stored
// for it, compared in-process (drift/drift.hpp) with the snapshot's live
// objects. make_plan reads nothing: actions::read_snapshot read the snapshot.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/plan/object_changes.hpp"
#include "altinity_deploy/plan/operator_password.hpp"
#include "altinity_deploy/plan/other_operators.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::plan {

struct Change {
  enum class Kind { namespace_, release, release_status, chart, value, crd, drift };
  enum class Action { create, update, remove, problem };
  Kind kind = Kind::value;
  Action action = Action::update;
  std::string subject;                   // namespace or release name, value path, CRD name, Kind/name: field
  std::optional<nlohmann::json> before;  // nullopt: absent; values: JSON, secrets "<redacted>"
  std::optional<nlohmann::json> after;
  std::string note;  // what it means, e.g. "will be created"
};

// A CRD as the cluster holds it.
struct ClusterCrd {
  std::string sha256;   // the deployer's fingerprint annotation; empty: not applied by altinity-deploy
  std::string version;  // its kCrdVersionLabel label
};

// What the cluster holds for the manifest.
struct ClusterState {
  std::optional<tools::NamespaceInfo> namespace_info;  // nullopt: no such namespace
  std::optional<tools::ReleaseInfo> release;           // its newest revision
  nlohmann::json values = nullptr;                     // that revision's user-supplied values
  std::map<std::string, ClusterCrd> crds;              // by name; only those the chart has
  std::map<std::string, ClusterCrdVersions> crd_versions;  // the same CRDs' served and stored versions
  std::string manifest;  // the objects Helm stored for the release (holds Secrets' data: never print)
};

// What the manifest wants.
struct DesiredState {
  tools::ChartMetadata chart;      // name and version (a local chart's from its Chart.yaml)
  nlohmann::json values;           // yaml::to_json(values_tree)
  std::vector<CrdDocument> crds;   // the chart's CRDs; empty unless createCrds
  // The values helm gets: build_values(spec) with the operator's password
  // (apply_operator_password). Holds the password: never print it.
  yaml::Node values_tree;
  OperatorPassword operator_password;
};

// What a plan is asked to do beyond the manifest.
struct PlanSettings {
  bool rotate_operator_password = false;  // up --rotate-operator-password
  bool allow_second_operator = false;  // --allow-second-operator
};

struct ReleasePlan {
  std::vector<Change> changes;
  // The live objects that differ from the release's stored ones; with
  // driftDetection.mode enabled each field is also a Change of kind drift.
  std::vector<drift::ObjectDrift> drift;
  bool drift_checked = false;  // the live objects were compared
  // Why drift could not be checked (the account may not read the release's
  // objects); empty otherwise. Not an error: plan stays usable with
  // restricted credentials.
  std::string drift_unchecked;
  // A spec.replicas drifted and add_drift was not told which objects an HPA
  // scales: the caller reads the HPAs and calls add_drift again with them.
  bool wants_autoscalers = false;
  ClusterState cluster;
  DesiredState desired;
  // Other releases of the operator's chart (PlanSettings::look_for_other_operators).
  // Not a change: up refuses to run beside one (other_operators.hpp).
  OtherOperators other_operators;
  // The object-level view of a chart or values change (add_rendered_objects);
  // empty, not rendered, otherwise.
  ObjectPlan objects;

  bool empty() const { return changes.empty(); }
  // A change only helm can make (anything but CRDs).
  bool needs_helm() const;
  bool needs_crds() const;
  const tools::ReleaseInfo* release() const { return cluster.release ? &*cluster.release : nullptr; }
};

// The plan of what the snapshot holds (actions::read_snapshot read it for
// actions::plan_request): no process, no file, no terminal. With
// snapshot.other_releases, the other-operator look too. Fails only when the
// operator's password cannot be chosen (desired_values).
Result<ReleasePlan> make_plan(const spec::OperatorSpec& spec, const snapshot::ClusterSnapshot& snapshot,
                              PlanSettings settings = {});

// The desired values for `cluster` (its recorded user-supplied values): the
// manifest's, with the operator's password chosen and put in.
Result<DesiredState> desired_values(const spec::OperatorSpec& spec, const nlohmann::json& recorded,
                                    PlanSettings settings);

// Drift detection on a plan made by diff(), no processes: each object of the
// stored manifest (plan.cluster.manifest) and each chart CRD the plan
// otherwise leaves alone (present with the chart's fingerprint) paired with
// the live object of the same kind, namespace and name in `live_objects`
// (none: deleted), compared (drift::compare_objects); the result in
// plan.drift and, with mode enabled, as changes (a drifted CRD as a CRD
// update). `autoscaled`: "Kind/name" of each HPA target; nullopt when not
// read, and then a drifted spec.replicas sets plan.wants_autoscalers (the
// caller reads the HPAs and calls again, which replaces the first answer).
// Nothing when the mode is disabled or no release is deployed.
void add_drift(const spec::OperatorSpec& spec, ReleasePlan& plan, const std::vector<nlohmann::json>& live_objects,
               const std::optional<std::set<std::string>>& autoscaled);
// Whether add_drift has anything to compare (mode not disabled, a deployed
// release with a stored manifest): only then are the live objects read.
bool wants_drift(const spec::OperatorSpec& spec, const ReleasePlan& plan);
// A drifted field's value as a plan shows it (its drift changes, the JSON's
// drift): redacted; a Secret's data "<redacted>"; nullopt stays absent.
std::optional<nlohmann::json> shown_drift_value(const std::optional<nlohmann::json>& value, bool secret);

// Whether the plan has a chart or values change on a deployed release (a
// stored manifest): only then is the new release rendered for the
// object-level plan, so that other plans cost what they did.
bool wants_objects(const ReleasePlan& plan);
// The object-level plan from `rendered` (`helm template` of the new release
// with plan.desired.values_tree) and what it assumed (`capabilities`): the
// stored manifest against it (source chart), the chart's CRDs that differ
// from the cluster's, and (driftDetection.mode enabled) the drift (source
// drift). No processes.
Status add_rendered_objects(ReleasePlan& plan, const spec::OperatorSpec& spec, const std::string& rendered,
                            std::string capabilities);

// The comparison itself; no processes.
ReleasePlan diff(const spec::OperatorSpec& spec, DesiredState desired, ClusterState cluster);

// The Secret that keeps the operator's password the plan deploys.
SecretRef operator_secret(const ReleasePlan& plan, const spec::OperatorSpec& spec);

// How a plan reads (text, colour, JSON) is not here: cli/plan_text.hpp and
// plan_json/release_plan_json.hpp.

}  // namespace altinity_deploy::plan
