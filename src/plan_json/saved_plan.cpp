#include "altinity_deploy/plan_json/saved_plan.hpp"

#include <fmt/format.h>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/plan/operator_password.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan_json {
namespace {

using nlohmann::json;
using plan::DesiredState;
using plan::OperatorPassword;
using plan::ReleasePlan;

const char* mode_name(spec::DriftDetection::Mode mode) {
  switch (mode) {
    case spec::DriftDetection::Mode::enabled: return "enabled";
    case spec::DriftDetection::Mode::warn: return "warn";
    case spec::DriftDetection::Mode::disabled: return "disabled";
  }
  return "enabled";
}

json metadata_json(const spec::Metadata& metadata) {
  json relationships = json::array();
  for (const auto& r : metadata.relationships) {
    relationships.push_back({{"kind", r.kind}, {"env", r.env}, {"name", r.name}, {"type", r.type}, {"group", r.group}});
  }
  return {{"name", metadata.name},         {"slug", metadata.slug},     {"id", metadata.id},
          {"org", metadata.org},           {"env", metadata.env},       {"group", metadata.group},
          {"labels", metadata.labels},     {"annotations", metadata.annotations},
          {"tags", metadata.tags},         {"relationships", relationships}};
}

json optional_text(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

json drift_detection_json(const spec::DriftDetection& drift) {
  json ignore = json::array();
  for (const auto& rule : drift.ignore) ignore.push_back({{"paths", rule.paths}, {"kind", rule.kind}, {"name", rule.name}});
  return {{"mode", mode_name(drift.mode)}, {"ignore", ignore}};
}

const char* origin_name(OperatorPassword::Origin origin) {
  switch (origin) {
    case OperatorPassword::Origin::manifest: return "manifest";
    case OperatorPassword::Origin::recorded: return "recorded";
    case OperatorPassword::Origin::generated: return "generated";
  }
  return "manifest";
}

json desired_json(const ReleasePlan& plan, const SavedPlanContext& context) {
  json crds = json::object();
  for (const auto& crd : plan.desired.crds) crds[crd.name] = crd.sha256;
  return {{"chart", {{"name", plan.desired.chart.name}, {"version", plan.desired.chart.version},
                     {"digest", context.chart_digest}}},
          {"valuesDigest", values_digest(plan.desired)},
          // recorded and generated both mean "the deployer's own": a release
          // installed from the plan moves it from one to the other only
          // together with its revision.
          {"operatorPassword", origin_name(plan.desired.operator_password.origin)},
          {"crdsDigest", digest_of(crds.dump())}};
}

json read_json(const ReleasePlan& plan) {
  const auto& cluster = plan.cluster;
  json release = nullptr;
  if (cluster.release) {
    release = {{"revision", cluster.release->revision}, {"status", cluster.release->status},
               {"chart", cluster.release->chart_name}, {"chartVersion", cluster.release->chart_version}};
  }
  json namespace_info = {{"exists", cluster.namespace_info.has_value()}};
  if (cluster.namespace_info) namespace_info["phase"] = cluster.namespace_info->phase;
  json crds = json::object();
  for (const auto& [name, crd] : cluster.crds) crds[name] = {{"sha256", crd.sha256}, {"version", crd.version}};
  return {{"release", release},
          {"namespace", namespace_info},
          {"crds", crds},
          {"drift", {{"checked", plan.drift_checked},
                     {"objects", plan.drift.size()},
                     {"digest", digest_of(drift_json(plan).dump())}}}};
}

// What compare_saved_plans looks at, in document order.
struct Compared {
  const char* pointer;
  const char* what;
};
constexpr Compared kCompared[] = {
    {"/manifest/release", "the release name"},
    {"/manifest/namespace", "the namespace name"},
    {"/manifest/specDigest", "the manifest's spec"},
    {"/cluster/server", "the API server"},
    {"/desired/chart", "the chart"},
    {"/desired/valuesDigest", "the values helm would get"},
    {"/desired/operatorPassword", "where the operator's password comes from"},
    {"/desired/crdsDigest", "the chart's CRDs"},
    {"/read/release", "the release in the cluster"},
    {"/read/namespace", "the namespace in the cluster"},
    {"/read/crds", "the CRDs in the cluster"},
    {"/read/drift", "the drift of the release's objects"},
    {"/changesDigest", "the planned changes"},
};

// A value as the error shows it: a digest cut short, JSON compact and cut.
std::string shown(const json* value) {
  if (value == nullptr) return "(absent)";
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (text.rfind("sha256:", 0) == 0 && text.size() > 19) return text.substr(0, 19);
    return text.empty() ? "\"\"" : text;
  }
  std::string text = value->dump();
  constexpr std::size_t kLimit = 160;
  if (text.size() > kLimit) text = text.substr(0, kLimit) + "...";
  return text;
}

const json* at(const json& document, const char* pointer) {
  const json::json_pointer where(pointer);
  return document.contains(where) ? &document.at(where) : nullptr;
}

}  // namespace

std::string digest_of(std::string_view data) { return "sha256:" + core::sha256_hex(data); }

json canonical_spec(const spec::OperatorSpec& spec) {
  const auto& target = spec.target_cluster;
  const auto& resources = spec.resources;
  return {
      {"metadata", metadata_json(spec.metadata)},
      {"targetCluster", {{"credentialId", optional_text(target.credential_id)},
                         {"clusterKind", optional_text(target.cluster_kind)},
                         {"clusterName", optional_text(target.cluster_name)}}},
      {"namespace", spec.namespace_name},
      {"resources", {{"requests", {{"cpu", resources.requests.cpu}, {"memory", resources.requests.memory}}},
                     {"limits", {{"cpu", resources.limits.cpu}, {"memory", resources.limits.memory}}}}},
      {"chart", {{"repo", spec.chart.repo}, {"name", spec.chart.name}, {"version", spec.chart.version},
                 {"path", spec.chart.path}}},
      {"watchNamespaces", spec.watch_namespaces},
      {"createCrds", spec.create_crds},
      {"helm", {{"releaseName", spec.helm.release_name}, {"timeoutSeconds", spec.helm.timeout_seconds},
                {"atomic", spec.helm.atomic}, {"cleanupOnFail", spec.helm.cleanup_on_fail}}},
      {"driftDetection", drift_detection_json(spec.drift_detection)},
      {"values", yaml::to_json(spec.values)},
  };
}

std::string spec_digest(const spec::OperatorSpec& spec) { return digest_of(canonical_spec(spec).dump()); }

std::string values_digest(const DesiredState& desired) {
  yaml::Node values = desired.values_tree;
  // The same keys, a fixed stand-in for the password (and so for its fingerprint).
  if (desired.operator_password.origin != OperatorPassword::Origin::manifest) {
    plan::apply_operator_password(values, {OperatorPassword::Origin::generated, std::string(redact::kGenerated), ""});
  }
  return digest_of(yaml::to_json(values).dump());
}

json planned_changes(const ReleasePlan& plan) { return {{"changes", changes_json(plan)}}; }

std::string document_digest(const json& document) {
  json body = document;
  if (body.is_object()) body.erase("digest");
  return digest_of(body.dump());
}

json saved_plan_document(const ReleasePlan& plan, const spec::OperatorSpec& spec, const SavedPlanContext& context) {
  json changes = planned_changes(plan);
  json document = {
      {"kind", kSavedPlanKind},
      {"version", kSavedPlanVersion},
      {"toolVersion", context.tool_version},
      {"manifest", {{"path", context.manifest_path}, {"release", spec.release_name()},
                    {"namespace", spec.namespace_name}, {"specDigest", spec_digest(spec)}}},
      {"cluster", {{"context", context.kube_context}, {"server", context.server}}},
      {"desired", desired_json(plan, context)},
      {"read", read_json(plan)},
      {"changesPending", !plan.empty()},
      {"changesDigest", digest_of(changes.dump())},
  };
  document.update(changes);
  document["digest"] = document_digest(document);
  return document;
}

namespace {

tl::unexpected<Error> not_a_saved_plan(const std::string& file, const std::string& why) {
  return fail(ExitCode::invalid_input, fmt::format("'{}' is not a usable saved plan: {}", file, why),
              "make a new one with `altinity-deploy plan --out FILE`; nothing was changed");
}

}  // namespace

Result<json> open_saved_plan(std::string_view text, const std::string& file) {
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return not_a_saved_plan(file, "it is not JSON");
  return check_saved_plan_document(std::move(document), file);
}

Result<json> check_saved_plan_document(json document, const std::string& file) {
  auto refuse = [&file](const std::string& why) { return not_a_saved_plan(file, why); };
  if (!document.is_object()) return refuse("it is not a JSON object");
  const json* kind = at(document, "/kind");
  if (kind == nullptr || !kind->is_string() || *kind != kSavedPlanKind) {
    return refuse(fmt::format("its kind is not {}", kSavedPlanKind));
  }
  const json* version = at(document, "/version");
  if (version == nullptr || !version->is_number_integer() || *version != kSavedPlanVersion) {
    return refuse(fmt::format("its version is {}, this altinity-deploy reads version {}", shown(version),
                              kSavedPlanVersion));
  }
  const json* digest = at(document, "/digest");
  if (digest == nullptr || !digest->is_string() || *digest != document_digest(document)) {
    return refuse("its digest does not match its content (the file was edited or damaged)");
  }
  return document;
}

std::vector<PlanMove> compare_saved_plans(const json& saved, const json& now) {
  std::vector<PlanMove> moves;
  for (const Compared& compared : kCompared) {
    const json* before = at(saved, compared.pointer);
    const json* after = at(now, compared.pointer);
    const bool same = before != nullptr && after != nullptr && *before == *after;
    if (!same) moves.push_back({compared.what, shown(before), shown(after)});
  }
  return moves;
}

Error stale_plan_error(const std::vector<PlanMove>& moves, const std::string& file) {
  std::string message = fmt::format("the saved plan '{}' is stale: what it was made from has moved since", file);
  for (const PlanMove& move : moves) message += fmt::format("\n  {}: {} -> {}", move.what, move.before, move.after);
  return Error{ExitCode::stale_plan, std::move(message),
               "nothing was changed; make and review a new plan (altinity-deploy plan --out FILE), then apply it"};
}

}  // namespace altinity_deploy::plan_json
