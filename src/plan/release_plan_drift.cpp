// Drift detection on a plan: the release's stored objects against the live
// ones (docs/drift.md). One `kubectl diff`; the rules are in src/drift.
#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/redact/redaction.hpp"

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

std::optional<json> shown(const std::optional<json>& value, bool secret) {
  if (!value) return std::nullopt;
  if (secret) return json(std::string(redact::kRedacted));
  return redact::redact(*value);
}

// The chart's CRDs the plan would otherwise leave alone (in the cluster with
// the chart's fingerprint): their hand edits keep the fingerprint, so only
// the live objects show them. They go into the same `kubectl diff`.
std::vector<const CrdDocument*> unchanged_crds(const ReleasePlan& plan) {
  std::vector<const CrdDocument*> crds;
  for (const auto& crd : plan.desired.crds) {
    auto found = plan.cluster.crds.find(crd.name);
    if (found != plan.cluster.crds.end() && found->second.sha256 == crd.sha256) crds.push_back(&crd);
  }
  return crds;
}

std::string diff_input(const ReleasePlan& plan) {
  std::string text = plan.cluster.manifest;
  for (const CrdDocument* crd : unchanged_crds(plan)) text += "\n---\n" + crd->object.dump() + "\n";
  return text;
}

// RBAC: kubectl diff needs `patch` (its dry-run requests are patches),
// which a read-only account for `plan` lacks.
bool is_forbidden(const Error& error) {
  return error.message.find("forbidden") != std::string::npos ||
         error.message.find("Forbidden") != std::string::npos;
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
                               fmt::format("{}: {}", object.ref(), field.path), shown(field.live, field.secret),
                               shown(field.chart, field.secret), ""});
    }
  }
}

}  // namespace

Status add_drift(tools::KubectlClient& kubectl, const spec::OperatorSpec& spec, ReleasePlan& plan) {
  if (spec.drift_detection.mode == Mode::disabled || !release_deployed(plan)) return {};
  if (plan.cluster.manifest.find_first_not_of(" \n-") == std::string::npos) return {};
  auto text = kubectl.diff_release_objects(diff_input(plan));
  if (!text && is_forbidden(text.error())) {
    plan.drift_unchecked =
        "the account may not dry-run patch the release's objects (kubectl diff: forbidden); grant patch on "
        "them, or set spec.driftDetection.mode: disabled";
    log::warn("drift not checked: {}", plan.drift_unchecked);
    return {};
  }
  if (!text) return tl::unexpected(text.error());
  plan.drift_checked = true;
  auto objects = drift::parse_kubectl_diff(*text);
  if (!objects) return tl::unexpected(objects.error());
  drift::CompareContext context = compare_context(spec);
  auto found = drift::compare(*objects, context);
  // A replica count an HPA sets is its, not drift; asked only when one differs.
  if (!drift::replica_drift_refs(found).empty()) {
    auto hpas = kubectl.autoscalers();
    if (!hpas) return tl::unexpected(hpas.error());
    context.autoscaled = drift::hpa_targets(*hpas);
    found = drift::compare(*objects, context);
  }
  if (spec.drift_detection.mode == Mode::enabled) add_changes(found, plan.changes);
  plan.drift = std::move(found);
  return {};
}

json drift_json(const ReleasePlan& plan) {
  json out = json::array();
  for (const auto& object : plan.drift) {
    json item = {{"object", object.ref()}, {"kind", object.kind}, {"name", object.name}};
    if (!object.namespace_name.empty()) item["namespace"] = object.namespace_name;
    if (object.deleted) item["deleted"] = true;
    json fields = json::array();
    for (const auto& field : object.fields) {
      json entry = {{"path", field.path}, {"pointer", field.pointer}};
      if (auto chart = shown(field.chart, field.secret)) entry["chart"] = *chart;
      if (auto live = shown(field.live, field.secret)) entry["live"] = *live;
      fields.push_back(std::move(entry));
    }
    item["fields"] = std::move(fields);
    out.push_back(std::move(item));
  }
  return out;
}

core::EscapedText format_drift(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  if (!plan.drift_unchecked.empty()) return core::escaped_format("  drift not checked: {}\n", plan.drift_unchecked);
  if (plan.drift.empty() || spec.drift_detection.mode != Mode::warn) return {};
  core::EscapedText text = core::escaped_format("Drift (driftDetection.mode: warn; not a change, up leaves it):\n");
  for (const auto& object : plan.drift) {
    for (const auto& line : drift::format_object(object)) text += core::escaped_format("  {}\n", line);
  }
  return text;
}

}  // namespace altinity_deploy::plan
