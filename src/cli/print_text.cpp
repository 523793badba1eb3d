// Every line a verb prints on stdout in text mode is laid out here.
#include "print_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::cli {
namespace {

std::string outputs_text(const outputs::Outputs& outputs) {
  std::string text = "status:\n  outputs:\n";
  for (const auto& [key, value] : outputs) text += fmt::format("    {}: {}\n", key, redact::safe_message(value));
  return text;
}

}  // namespace

std::string text_of(const actions::ValidateResult& result) {
  return redact::safe_message(result.manifest) + ": valid\n";
}

std::string text_of(const actions::RenderResult& result) {
  std::string text = fmt::format("# Helm values (written to a 0600 temp file as <values-file>)\n{}\n"
                                 "# Commands `up` runs (Helm {}), each only when `plan` lists its change\n",
                                 result.values_yaml, result.helm_major);
  for (const auto& command : result.commands) text += redact::redact_text(command) + "\n";
  return text;
}

std::string text_of(const actions::PlanResult& result) {
  std::string text = plan::format_plan(result.plan, result.spec);
  if (result.dry_run) text += "dry run: nothing was changed\n";
  return text;
}

std::string text_of(const actions::UpResult& result) {
  const auto& spec = result.spec;
  const auto& release = result.release;
  const std::string details = fmt::format("revision {}, chart {}, status {}", release.revision,
                                          redact::safe_message(release.chart_version),
                                          redact::safe_message(release.status));
  std::string text;
  if (result.action == "unchanged") {
    text = fmt::format("release '{}' in namespace '{}': no changes ({})\n", spec.release_name(), spec.namespace_name,
                       details);
  } else if (result.action == "driftCorrected") {
    text = fmt::format("release '{}' in namespace '{}': drift corrected ({})\n", spec.release_name(),
                       spec.namespace_name, details);
  } else if (result.action == "crdsUpdated") {
    text = fmt::format("release '{}' in namespace '{}': CRDs updated, release unchanged ({})\n",
                       spec.release_name(), spec.namespace_name, details);
  } else {
    text = fmt::format("release '{}' {} in namespace '{}': {}\n", spec.release_name(), result.action,
                       spec.namespace_name, details);
  }
  if (result.action == "installed" || result.action == "upgraded") {
    text += plan::format_password_deployed(result.plan, spec);
  }
  text += plan::format_drift(result.plan, spec);
  if (!result.drift_corrected.empty()) {
    const std::string restored = fmt::format("{}", fmt::join(result.drift_corrected, ", "));
    text += fmt::format("drift corrected: restored {}\n", redact::safe_message(restored));
  }
  if (result.recorded == actions::Recorded::not_written) text += outputs_text(result.outputs);
  return text;
}

std::string text_of(const actions::DestroyResult& result) {
  std::string text = fmt::format("release '{}': {}; namespace '{}': {}; CRDs: {}\n", result.release,
                                 result.release_result, result.namespace_name, result.namespace_result,
                                 result.crds_result);
  if (!result.left_behind.empty()) {
    text += "left behind (--force), their finalizers unprocessed:";
    // Appended in two steps: `" " + std::string` trips GCC 12's -Wrestrict at -O3 (a false
    // positive, GCC bug 105651) in the portable build.
    for (const auto& resource : result.left_behind) {
      text += ' ';
      text += redact::safe_message(resource.describe());
    }
    text += "\n";
  }
  return text;
}

std::string text_of(const actions::StatusResult& result) {
  std::string text;
  if (result.installed) {
    const auto& info = *result.installed;
    text = fmt::format("release     {} (namespace {})\nstatus      {}\nrevision    {}\nchart       {}\napp         {}\n",
                       redact::safe_message(info.name), result.namespace_name, redact::safe_message(info.status),
                       info.revision, redact::safe_message(info.chart_version),
                       redact::safe_message(info.app_version));
  } else {
    text = fmt::format("release     {} (namespace {})\nstatus      not installed\n", result.release,
                       result.namespace_name);
  }
  const auto& op = result.operator_deployment;
  text += op.found ? fmt::format("operator    {}/{} ready ({})\n", op.ready_replicas, op.replicas,
                                 redact::safe_message(op.name))
                   : std::string("operator    no Deployment found\n");
  for (const auto& [name, version] : result.crds) {
    text += fmt::format("crd         {} {}\n", name,
                        version ? "present (" + redact::safe_message(*version) + ")" : std::string("missing"));
  }
  return text;
}

std::string text_of(const VersionResult&) { return version_text() + "\n"; }

void show_failure(const actions::Failure& failure) {
  log::error("{}", redact::safe_message(failure.error.message));
  if (!failure.error.hint.empty()) log::info("hint: {}", redact::safe_message(failure.error.hint));
}

}  // namespace altinity_deploy::cli
