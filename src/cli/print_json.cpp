// Every key of every -o json document is set here (docs/json-output.md).
// Strings that come from the user, a tool or the cluster go through
// src/redact; plan values arrive redacted from src/plan.
#include "print_json.hpp"

#include <cstdlib>

#include "altinity_deploy/cli/build_info.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/plan_json/object_plan_json.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"
#include "result_words.hpp"

namespace altinity_deploy::cli {
namespace {

using nlohmann::json;

// As Diagnostic::format cuts them for the terminal.
constexpr std::size_t kDiagnosticPathLimit = 200;
constexpr std::size_t kDiagnosticMessageLimit = 500;

std::string safe(std::string_view text) { return redact::safe_message(text); }

json diagnostics_json(const std::string& file, const std::vector<manifest::Diagnostic>& diagnostics) {
  json list = json::array();
  for (const auto& diagnostic : diagnostics) list.push_back(diagnostic_json(file, diagnostic));
  return list;
}

json command_json(std::optional<std::string_view> command) {
  return command ? json(std::string(*command)) : json(nullptr);
}

// status.outputs as JSON: the manifest holds them as strings, the document
// gives the revision its type (a number, as at the top of `up`'s document).
json outputs_json(const outputs::Outputs& outputs) {
  json object = json::object();
  for (const auto& [key, value] : outputs) {
    if (key == "revision") {
      object[key] = std::strtol(value.c_str(), nullptr, 10);
    } else {
      object[key] = safe(value);
    }
  }
  return object;
}

}  // namespace

json diagnostic_json(const std::string& file, const manifest::Diagnostic& diagnostic) {
  const bool located = diagnostic.mark.line > 0;
  return {{"file", safe(file)},
          {"line", located ? json(diagnostic.mark.line) : json(nullptr)},
          {"column", located ? json(diagnostic.mark.column) : json(nullptr)},
          {"path", diagnostic.path.empty() ? json(nullptr)
                                           : json(redact::safe_message(diagnostic.path, kDiagnosticPathLimit))},
          {"severity", diagnostic.severity == manifest::Severity::error ? "error" : "warning"},
          {"message", redact::safe_message(diagnostic.message, kDiagnosticMessageLimit)},
          {"hint", diagnostic.hint.empty()
                       ? json(nullptr)
                       : json(redact::safe_message(diagnostic.hint, kDiagnosticMessageLimit))}};
}

json json_of(const actions::ValidateResult& result) {
  return {{"manifest", safe(result.manifest)}, {"release", result.release}, {"namespace", result.namespace_name}};
}

json json_of(const actions::RenderResult& result) {
  json commands = json::array();
  for (const auto& command : result.commands) commands.push_back(redact::redact_text(command));
  json document = {{"release", result.release},
                   {"namespace", result.namespace_name},
                   {"helmMajor", result.helm_major},
                   {"values", result.values_yaml},
                   {"commands", commands}};
  if (result.manifests) {
    json objects = json::array();
    for (const auto& rendered : result.objects) {
      objects.push_back({{"source", rendered.source.empty() ? json(nullptr) : json(rendered.source)},
                         {"note", rendered.note.empty() ? json(nullptr) : json(rendered.note)},
                         {"object", yaml::to_json(rendered.object)}});
    }
    document["secretsShown"] = result.show_secrets;
    document["objects"] = std::move(objects);
  }
  return document;
}

json json_of(const actions::PlanResult& result) {
  const auto& plan = result.plan;
  return {{"release", result.spec.release_name()},
          {"namespace", result.spec.namespace_name},
          {"chart", plan.desired.chart.name},
          {"chartVersion", plan.desired.chart.version},
          {"changesPending", !plan.empty()},
          {"changes", plan_json::changes_json(plan)},
          {"drift", plan_json::drift_json(plan)},
          {"driftChecked", plan.drift_checked},
          {"objects", plan_json::objects_json(plan.objects)},
          {"objectsRendered", plan.objects.rendered},
          {"objectHooks", plan_json::hooks_json(plan.objects)},
          {"operatorPassword", plan_json::operator_password_json(plan, result.spec)},
          {"otherOperators", plan_json::other_operators_json(plan.other_operators)},
          {"otherOperatorsChecked", plan.other_operators.checked},
          {"dryRun", result.dry_run},
          {"commands", result.commands}};
}

json json_of(const actions::UpResult& result) {
  return {{"action", word(result.action)},
          {"release", result.spec.release_name()},
          {"namespace", result.spec.namespace_name},
          {"revision", result.release.revision},
          {"changes", plan_json::changes_json(result.plan)},
          {"drift", plan_json::drift_json(result.plan)},
          {"driftCorrected", result.drift_corrected},
          {"operatorPassword", plan_json::operator_password_json(result.plan, result.spec)},
          {"otherOperators", plan_json::other_operators_json(result.plan.other_operators)},
          {"otherOperatorsChecked", result.plan.other_operators.checked},
          {"outputs", outputs_json(result.outputs)},
          {"manifestUpdated", result.status_write == actions::StatusWrite::written},
          {"dryRun", false}};
}

json json_of(const actions::DestroyResult& result) {
  json left = json::array();
  for (const auto& resource : result.left_behind) {
    left.push_back({{"namespace", resource.namespace_name}, {"name", resource.name}, {"kind", resource.kind}});
  }
  return {{"release", result.release},
          {"releaseResult", word(result.release_result)},
          {"namespace", result.namespace_name},
          {"namespaceResult", word(result.namespace_result)},
          {"crds", word(result.crds_result)},
          {"manifestUpdated", result.manifest_updated},
          {"leftBehind", left}};
}

json json_of(const actions::StatusResult& result) {
  const auto& op = result.operator_deployment;
  json restarts = json::array();
  for (const auto& restart : op.restarts) {
    restarts.push_back({{"pod", safe(restart.pod)},
                        {"container", safe(restart.container)},
                        {"restarts", restart.restarts},
                        {"reason", safe(restart.reason)},
                        {"exitCode", restart.exit_code ? json(*restart.exit_code) : json(nullptr)},
                        {"memoryLimit", safe(restart.memory_limit)},
                        {"memoryField", restart.memory_field},
                        {"fix", safe(restart.fix())}});
  }
  json operator_json = {{"found", op.found}, {"restarts", std::move(restarts)}};
  if (op.found) {
    operator_json.update({{"name", safe(op.name)},
                          {"replicas", op.replicas},
                          {"readyReplicas", op.ready_replicas},
                          {"availableReplicas", op.available_replicas},
                          {"ready", op.ready()}});
  }
  json crds = json::object();
  for (const auto& [name, version] : result.crds) crds[name] = version ? json(safe(*version)) : json(nullptr);
  json keys = {{"release", result.release},
               {"namespace", result.namespace_name},
               {"installed", result.installed.has_value()},
               {"operator", operator_json},
               {"crds", crds}};
  if (result.installed) {
    const auto& info = *result.installed;
    keys.update({{"helmStatus", safe(info.status)},
                 {"revision", info.revision},
                 {"chartVersion", safe(info.chart_version)},
                 {"appVersion", safe(info.app_version)},
                 {"lastDeployed", safe(info.last_deployed)}});
  }
  return keys;
}

json json_of(const VersionResult&) {
  json libraries = json::object();
  for (const auto& library : build_info::libraries()) libraries[library.name] = library.version;
  return {{"version", build_info::kVersion},     {"commit", build_info::kCommit},
          {"buildType", build_info::kBuildType}, {"compiler", build_info::kCompiler},
          {"linkage", build_info::kLinkage},     {"libraries", libraries}};
}

json success_document(std::optional<std::string_view> command, ExitCode code, const actions::VerbResult& result,
                      json keys) {
  json document = {{"formatVersion", kJsonFormatVersion},
                   {"command", command_json(command)},
                   {"ok", true},
                   {"exitCode", static_cast<int>(code)},
                   {"diagnostics", diagnostics_json(result.manifest, result.diagnostics)}};
  document.update(keys);
  return document;
}

json failure_document(std::optional<std::string_view> command, ExitCode code, const actions::Failure& failure) {
  return {{"formatVersion", kJsonFormatVersion},
          {"command", command_json(command)},
          {"ok", false},
          {"exitCode", static_cast<int>(code)},
          {"error", safe(failure.error.message)},
          {"hint", safe(failure.error.hint)},
          {"diagnostics", diagnostics_json(failure.manifest, failure.diagnostics)}};
}

}  // namespace altinity_deploy::cli
