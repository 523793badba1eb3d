#pragma once
// Drift: how the release's live objects differ from the objects Helm stored
// for it (see docs/drift.md). Compared in-process, field by field, the way
// Argo CD normalises: only the fields the stored object sets are compared
// (what the API server, kubectl or a controller adds is not the chart's),
// quantities by value ("500m" == "0.5"), an integer and its decimal string as
// one (int-or-string), an empty value the server drops as absent, lists of
// named elements by name, lists of scalars whole, and a Secret's stringData
// against the live data (base64).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace altinity_deploy::drift {

// One object of the release: as Helm stored it (the manifest's document, as
// JSON) and as the cluster holds it (`kubectl get -o json`); `live` nullopt:
// not in the cluster.
struct ReleaseObject {
  nlohmann::json stored;
  std::optional<nlohmann::json> live;
};

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
// left out. A missing live object is drift `deleted`.
std::vector<ObjectDrift> compare_objects(const std::vector<ReleaseObject>& objects, const CompareContext& context);

// Whether a stored value and a live one are the same once normalised:
// equal JSON, an integer and its decimal string (int-or-string), two
// Kubernetes quantities of one amount when `quantity` (a resources
// limit/request, a quota's hard limit, an emptyDir sizeLimit).
bool same_scalar(const nlohmann::json& stored, const nlohmann::json& live, bool quantity);
// null, "", {} or []: what the API server drops, equal to absent.
bool is_empty_value(const nlohmann::json& value);

// True when `pointer` is `rule` or lies under it ("/spec" covers
// "/spec/replicas").
bool pointer_covers(const std::string& rule, const std::string& pointer);

// Objects with a drifted /spec/replicas: the ones an HPA might scale.
std::vector<std::string> replica_drift_refs(const std::vector<ObjectDrift>& drift);
// "Kind/name" of each HPA's scaleTargetRef, from `kubectl get hpa -o json` items.
std::set<std::string> hpa_targets(const std::vector<nlohmann::json>& hpas);

}  // namespace altinity_deploy::drift
