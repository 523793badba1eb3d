// Drift detection on a plan: the release's stored objects paired with the
// live ones (docs/drift.md); the comparison's rules are in src/drift.
#include <fmt/format.h>

#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using Mode = spec::DriftDetection::Mode;

bool release_deployed(const ReleasePlan& plan) {
  const tools::ReleaseInfo* release = plan.release();
  return release != nullptr && release->status != "uninstalled" && !release->is_pending();
}

drift::CompareContext compare_context(const spec::OperatorSpec& spec) {
  drift::CompareContext context;
  for (const auto& rule : spec.drift_detection.ignore) {
    context.ignore.push_back(drift::IgnoreRule{rule.paths, rule.kind, rule.name});
  }
  return context;
}

// The chart's CRDs the plan would otherwise leave alone (in the cluster with
// the chart's fingerprint): their hand edits keep the fingerprint, so only
// the live objects show them.
std::vector<const CrdDocument*> unchanged_crds(const ReleasePlan& plan) {
  std::vector<const CrdDocument*> crds;
  for (const auto& crd : plan.desired.crds) {
    auto found = plan.cluster.crds.find(crd.name);
    if (found != plan.cluster.crds.end() && found->second.sha256 == crd.sha256) crds.push_back(&crd);
  }
  return crds;
}

std::string text_at(const json& object, const char* pointer) {
  const json::json_pointer at(pointer);
  return object.contains(at) && object.at(at).is_string() ? object.at(at).get<std::string>() : std::string();
}

// The live object of `stored`'s kind and name, in its namespace (the
// release's when the manifest names none) or cluster-wide.
std::optional<json> live_of(const json& stored, const std::string& release_namespace,
                            const std::vector<json>& live_objects) {
  const std::string kind = text_at(stored, "/kind");
  const std::string name = text_at(stored, "/metadata/name");
  std::string ns = text_at(stored, "/metadata/namespace");
  if (ns.empty()) ns = release_namespace;
  for (const json& live : live_objects) {
    if (text_at(live, "/kind") != kind || text_at(live, "/metadata/name") != name) continue;
    const std::string live_ns = text_at(live, "/metadata/namespace");
    if (live_ns.empty() || live_ns == ns) return live;
  }
  return std::nullopt;
}

// The stored objects with their live ones; an error when the stored
// manifest cannot be read.
Result<std::vector<drift::ReleaseObject>> paired_objects(const ReleasePlan& plan, const std::string& release_namespace,
                                                         const std::vector<json>& live_objects) {
  std::vector<json> stored;
  if (plan.cluster.manifest.find_first_not_of(" \n-") != std::string::npos) {
    auto documents = parse_rendered_objects(plan.cluster.manifest);
    if (!documents) return tl::unexpected(documents.error());
    for (const auto& document : *documents) stored.push_back(yaml::to_json(document.object));
  }
  for (const CrdDocument* crd : unchanged_crds(plan)) stored.push_back(crd->object);
  std::vector<drift::ReleaseObject> objects;
  for (auto& object : stored) {
    auto live = live_of(object, release_namespace, live_objects);
    objects.push_back(drift::ReleaseObject{std::move(object), std::move(live)});
  }
  return objects;
}

// The changes an earlier add_drift on this plan made (it is called again
// with the HPAs' targets): drift changes, and the CRD updates of drifted CRDs
// (diff()'s own CRD updates are of CRDs whose fingerprint differs, which
// drift never compares).
void remove_drift_changes(ReleasePlan& plan) {
  std::set<std::string> crds;
  for (const auto& object : plan.drift) {
    if (object.kind == "CustomResourceDefinition") crds.insert(object.name);
  }
  std::erase_if(plan.changes, [&crds](const Change& change) {
    return change.kind == Change::Kind::drift || (change.kind == Change::Kind::crd && crds.contains(change.subject));
  });
}

bool is_crd(const drift::ObjectDrift& object) { return object.kind == "CustomResourceDefinition"; }

// A drifted CRD is a CRD update (up re-applies the chart's CRDs, as for a
// new chart version); other objects are drift changes (the helm upgrade).
void add_crd_change(const drift::ObjectDrift& object, std::vector<Change>& changes) {
  std::string what = object.deleted ? "deleted" : "";
  for (const auto& field : object.fields) {
    if (!what.empty()) what += ", ";
    what += field.path;
  }
  changes.push_back(Change{Change::Kind::crd, Change::Action::update, object.name, std::nullopt, std::nullopt,
                           fmt::format("will be updated (changed in the cluster: {})", redact::excerpt(what))});
}

void add_changes(const std::vector<drift::ObjectDrift>& objects, std::vector<Change>& changes) {
  for (const auto& object : objects) {
    if (is_crd(object)) {
      add_crd_change(object, changes);
      continue;
    }
    if (object.deleted) {
      changes.push_back(Change{Change::Kind::drift, Change::Action::create, object.ref(), std::nullopt,
                               std::nullopt, "deleted"});
      continue;
    }
    for (const auto& field : object.fields) {
      // before: the cluster's (live); after: what up restores (the chart's).
      changes.push_back(Change{Change::Kind::drift, Change::Action::update,
                               fmt::format("{}: {}", object.ref(), field.path),
                               shown_drift_value(field.live, field.secret),
                               shown_drift_value(field.chart, field.secret), ""});
    }
  }
}

}  // namespace

std::optional<json> shown_drift_value(const std::optional<json>& value, bool secret) {
  if (!value) return std::nullopt;
  if (secret) return json(std::string(redact::kRedacted));
  return redact::redact(*value);
}

bool wants_drift(const spec::OperatorSpec& spec, const ReleasePlan& plan) {
  return spec.drift_detection.mode != Mode::disabled && release_deployed(plan) &&
         plan.cluster.manifest.find_first_not_of(" \n-") != std::string::npos;
}

void add_drift(const spec::OperatorSpec& spec, ReleasePlan& plan, const std::vector<json>& live_objects,
               const std::optional<std::set<std::string>>& autoscaled) {
  if (!wants_drift(spec, plan)) return;
  remove_drift_changes(plan);
  plan.drift.clear();
  plan.wants_autoscalers = false;
  auto objects = paired_objects(plan, spec.namespace_name, live_objects);
  if (!objects) {
    plan.drift_checked = false;
    plan.drift_unchecked = fmt::format("the release's stored manifest could not be read ({}); set "
                                       "spec.driftDetection.mode: disabled to plan without drift detection",
                                       objects.error().message);
    return;
  }
  plan.drift_checked = true;
  drift::CompareContext context = compare_context(spec);
  if (autoscaled) context.autoscaled = *autoscaled;
  auto found = drift::compare_objects(*objects, context);
  // A replica count an HPA sets is its, not drift; asked only when one differs.
  if (!autoscaled && !drift::replica_drift_refs(found).empty()) plan.wants_autoscalers = true;
  if (spec.drift_detection.mode == Mode::enabled) add_changes(found, plan.changes);
  plan.drift = std::move(found);
}

}  // namespace altinity_deploy::plan
