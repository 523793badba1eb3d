#pragma once
// Drift: how the release's live objects differ from the objects Helm stored
// for it (see docs/drift.md). The comparison itself is the API server's:
// `kubectl diff` sends each stored object as a dry-run patch, so every field
// the server defaults is on both sides. These functions only read kubectl's
// answer (a unified diff with the whole object as context) and decide which
// differences are drift.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::drift {

// One object of a `kubectl diff`: the live object and the object as the
// stored manifest would make it (the dry-run result), as YAML. `live` is
// empty for an object that does not exist.
struct ObjectDiff {
  std::string kind;
  std::string namespace_name;  // empty for cluster-wide objects
  std::string name;
  std::string live;
  std::string chart;
};

// kubectl's per-object file name is GROUP.VERSION.KIND.NAMESPACE.NAME (or
// VERSION.KIND...); the unified diff must carry the whole file as context
// (`diff -N --unified=1000000`, see kKubectlExternalDiff).
Result<std::vector<ObjectDiff>> parse_kubectl_diff(const std::string& text);

// What `kubectl diff` runs instead of `diff -u -N`: the same, with the whole
// object as context, so that every changed line has its path.
inline constexpr const char* kKubectlExternalDiff = "diff -N --unified=1000000";

// Fields the user asked not to compare (spec.driftDetection.ignore): JSON
// pointers (RFC 6901, "/spec/replicas"), for every object or those of one
// kind and/or name.
struct IgnoreRule {
  std::vector<std::string> paths;
  std::string kind;  // empty: any
  std::string name;  // empty: any
};

struct FieldDrift {
  std::string pointer;  // "/spec/template/spec/containers/0/image", what ignore rules match
  std::string path;     // "spec.template.spec.containers[operator].image", for people
  std::optional<nlohmann::json> chart;  // nullopt: the chart does not set it
  std::optional<nlohmann::json> live;   // nullopt: absent in the cluster
  bool secret = false;                  // a Secret's data: compared, never printed
};

struct ObjectDrift {
  std::string kind;
  std::string namespace_name;
  std::string name;
  bool deleted = false;  // the object is gone from the cluster
  std::vector<FieldDrift> fields;

  std::string ref() const { return kind + "/" + name; }
};

// What is never drift, whatever the user says (docs/drift.md, "What is not
// drift"): status, server-set metadata, annotations kubectl and the
// Deployment controller write, and spec.replicas of an object an HPA scales
// (`autoscaled` holds "Kind/name" of HPA targets).
struct CompareContext {
  std::vector<IgnoreRule> ignore;
  std::set<std::string> autoscaled;
};

// The drift of each object; objects whose differences are all ignored are
// left out. An object whose YAML cannot be read counts as drifted as a whole.
std::vector<ObjectDrift> compare(const std::vector<ObjectDiff>& diffs, const CompareContext& context);

// True when `pointer` is `rule` or lies under it ("/spec" covers
// "/spec/replicas").
bool pointer_covers(const std::string& rule, const std::string& pointer);

// Objects with a drifted /spec/replicas: the ones an HPA might scale.
std::vector<std::string> replica_drift_refs(const std::vector<ObjectDrift>& drift);
// "Kind/name" of each HPA's scaleTargetRef, from `kubectl get hpa -o json` items.
std::set<std::string> hpa_targets(const std::vector<nlohmann::json>& hpas);

// `~ Deployment/NAME: spec...image: chart "X" -> live "Y"` or
// `! ConfigMap/NAME: deleted`; a Secret's values show as <redacted>.
std::vector<std::string> format_object(const ObjectDrift& object);

}  // namespace altinity_deploy::drift
