#pragma once
// The object-level plan: which Kubernetes objects a chart or values change
// creates, updates or deletes, field by field, and the drift up restores,
// in one list (docs/commands.md, "plan"). Pure: the caller renders the new
// release (`helm template`) and hands the texts in; no process, no file.
//
// Shown values are safe to print: a Secret's data and stringData, and the
// value of an environment variable whose name looks secret, are compared but
// shown as "<redacted>" (plan/secret_masking.hpp's rules); a value longer
// than kShownValueLimit characters is cut, ending in "…".
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"

namespace altinity_deploy::plan {

inline constexpr std::size_t kShownValueLimit = 80;

struct FieldChange {
  std::string path;  // spec.template.spec.containers[0].image
  std::optional<nlohmann::json> before;  // nullopt: absent
  std::optional<nlohmann::json> after;
};

struct ObjectChange {
  enum class Action { create, update, remove };
  enum class Source { chart, drift };
  std::string kind;
  std::string name;
  std::string namespace_name;  // empty: as rendered (the release's namespace) or cluster-wide
  Action action = Action::update;
  Source source = Source::chart;
  std::vector<FieldChange> changes;  // update only
  std::string note;                  // e.g. a CRD's versions; empty: nothing to say
  // The object before and after as masked YAML, for `plan --diff full`
  // (chart changes only; empty on the side where it does not exist).
  std::string before_yaml;
  std::string after_yaml;

  std::string ref() const { return kind + "/" + name; }
};

// A hook the new chart runs (helm.sh/hook): not part of the release's
// objects, so not compared; listed so that a reviewer sees it.
struct HookObject {
  std::string kind;
  std::string name;
  std::string events;  // the annotation's value: pre-install,pre-upgrade
};

// The objects of a plan with a chart or values change.
struct ObjectPlan {
  bool rendered = false;     // helm template ran
  std::string capabilities;  // what it rendered for, e.g. "Kubernetes v1.20.2 (the cluster's)"
  std::vector<ObjectChange> objects;
  std::vector<HookObject> hooks;
};

// The release's stored manifest (`stored`, what Helm applied last) against
// `helm template` of the new release (`rendered`): + objects only rendered,
// - objects only stored, ~ objects whose fields differ. Hooks of `rendered`
// go to `hooks`. Errors: a document that does not parse.
Status compare_release_objects(const std::string& stored, const std::string& rendered, ObjectPlan& plan);

// The drift findings as objects of source drift: a deleted object is
// created again, a drifted field goes back to the chart's value (before:
// live, after: chart's).
std::vector<ObjectChange> drift_object_changes(const std::vector<drift::ObjectDrift>& drift);

// A CRD the chart brings that differs from the cluster's, with its served
// versions added and removed and whether one of the cluster's stored
// versions (status.storedVersions) goes away.
struct ClusterCrdVersions {
  std::vector<std::string> versions;                       // spec.versions[].name
  std::optional<std::vector<std::string>> stored_versions;  // nullopt: the read did not hold it
};
ObjectChange crd_object_change(const CrdDocument& chart, const std::optional<ClusterCrdVersions>& cluster);
// spec.versions[].name and status.storedVersions of a CRD object.
ClusterCrdVersions crd_versions(const nlohmann::json& crd);

// `value` for one line: JSON (so that "1" and 1 differ), cut to `limit`
// characters with "…".
std::string shown_value(const std::optional<nlohmann::json>& value, std::size_t limit = kShownValueLimit);

// The objects as text and JSON: cli/object_plan_text.hpp,
// plan_json/object_plan_json.hpp.

// A unified diff (---/+++ headers, @@ hunks with `context` lines) of two
// texts; empty when they are equal.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& label,
                         int context = 3);

}  // namespace altinity_deploy::plan
