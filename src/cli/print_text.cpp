// Every line a verb prints on stdout in text mode is laid out here.
#include "print_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "drift_text.hpp"
#include "object_plan_text.hpp"
#include "plan_text.hpp"
#include "result_words.hpp"

namespace altinity_deploy::cli {
namespace {

using core::escaped;
using core::escaped_format;
using core::EscapedText;

EscapedText outputs_text(const outputs::Outputs& outputs) {
  EscapedText text = escaped_format("status:\n  outputs:\n");
  for (const auto& [key, value] : outputs) text += escaped_format("    {}: {}\n", key, redact::safe_message(value));
  return text;
}

// Said wherever "deployed" could be taken for "running": on the local test
// cluster's simulated node (actions/simulated_kubelet.hpp).
std::string simulated_kubelet_note(const std::vector<std::string>& nodes) {
  const std::string names = fmt::format("{}", fmt::join(nodes, ", "));
  return fmt::format("deployed; the kubelet is simulated: pods are reported ready, no container runs "
                     "(node {} labelled {})",
                     redact::safe_message(names), tools::kSimulatedNodeLabel);
}

}  // namespace

EscapedText text_of(const actions::ValidateResult& result) {
  return escaped_format("{}: valid\n", redact::safe_message(result.manifest));
}

namespace {

// render --manifests: a YAML stream, one document per object, each led by
// comments saying where it came from and what masking did. The objects are
// written by our emitter (which quotes and escapes every string that needs
// it); what escaping is left for the printer keeps them the same data.
EscapedText manifests_text(const actions::RenderResult& result) {
  EscapedText text;
  for (const auto& rendered : result.objects) {
    text += escaped_format("---\n");
    if (!rendered.source.empty()) text += escaped_format("# Source: {}\n", rendered.source);
    if (!rendered.note.empty()) text += escaped_format("# {}\n", rendered.note);
    text += core::escaped_lines(yaml::emit(rendered.object));
  }
  return text;
}

}  // namespace

EscapedText text_of(const actions::RenderResult& result) {
  if (result.manifests) return manifests_text(result);
  // The values are YAML of many lines, written by our emitter (which quotes
  // and escapes the user's strings): their line breaks are kept.
  EscapedText text = escaped_format("# Helm values (written to a 0600 temp file as <values-file>)\n{}\n"
                                 "# Commands `up` runs (Helm {}), each only when `plan` lists its change\n",
                                    core::escaped_lines(result.values_yaml), result.helm_major);
  for (const auto& command : result.commands) text += escaped_format("{}\n", redact::redact_text(command));
  return text;
}

EscapedText text_of(const actions::PlanResult& result) {
  EscapedText text = format_plan(result.plan, result.spec);
  text += format_objects(result.plan.objects, result.full_diff);
  if (result.dry_run) text += escaped_format("dry run: nothing was changed\n");
  return text;
}

EscapedText text_of(const actions::UpResult& result) {
  const auto& spec = result.spec;
  const auto& release = result.release;
  const EscapedText details = escaped_format("revision {}, chart {}, status {}", release.revision,
                                          redact::safe_message(release.chart_version),
                                          redact::safe_message(release.status));
  EscapedText text;
  if (result.action == actions::UpAction::unchanged) {
    text = escaped_format("release '{}' in namespace '{}': no changes ({})\n", spec.release_name(), spec.namespace_name,
                       details);
  } else if (result.action == actions::UpAction::drift_corrected) {
    text = escaped_format("release '{}' in namespace '{}': drift corrected ({})\n", spec.release_name(),
                       spec.namespace_name, details);
  } else if (result.action == actions::UpAction::crds_updated) {
    text = escaped_format("release '{}' in namespace '{}': CRDs updated, release unchanged ({})\n",
                       spec.release_name(), spec.namespace_name, details);
  } else {
    text = escaped_format("release '{}' {} in namespace '{}': {}\n", spec.release_name(), word(result.action),
                       spec.namespace_name, details);
  }
  if (result.action == actions::UpAction::installed || result.action == actions::UpAction::upgraded) {
    text += format_password_deployed(result.plan, spec);
  }
  text += format_drift(result.plan, spec);
  if (!result.drift_corrected.empty()) {
    const std::string restored = fmt::format("{}", fmt::join(result.drift_corrected, ", "));
    text += escaped_format("drift corrected: restored {}\n", redact::safe_message(restored));
  }
  if (result.status_write == actions::StatusWrite::not_written) text += outputs_text(result.outputs);
  if (!result.simulated_nodes.empty()) {
    text += escaped_format("note: {}\n", simulated_kubelet_note(result.simulated_nodes));
  }
  return text;
}

EscapedText text_of(const actions::DestroyResult& result) {
  // Everything it removed, the manifest's status block included.
  const std::string status_block =
      result.manifest_updated ? fmt::format("; status block: removed from {}", redact::safe_message(result.manifest))
                              : std::string{};
  EscapedText text = escaped_format("release '{}': {}; namespace '{}': {}; CRDs: {}{}\n", result.release,
                                 word(result.release_result), result.namespace_name, word(result.namespace_result),
                                 word(result.crds_result), status_block);
  if (!result.left_behind.empty()) {
    text += escaped_format("left behind (--force), their finalizers unprocessed:");
    for (const auto& resource : result.left_behind) text += escaped_format(" {}", redact::safe_message(resource.describe()));
    text += escaped_format("\n");
  }
  return text;
}

EscapedText text_of(const actions::StatusResult& result) {
  EscapedText text;
  if (result.installed) {
    const auto& info = *result.installed;
    text = escaped_format("release     {} (namespace {})\nstatus      {}\nrevision    {}\nchart       {}\napp         {}\n",
                       redact::safe_message(info.name), result.namespace_name, redact::safe_message(info.status),
                       info.revision, redact::safe_message(info.chart_version),
                       redact::safe_message(info.app_version));
  } else {
    text = escaped_format("release     {} (namespace {})\nstatus      not installed\n", result.release,
                       result.namespace_name);
  }
  const auto& op = result.operator_deployment;
  text += op.found ? escaped_format("operator    {}/{} ready ({})\n", op.ready_replicas, op.replicas,
                                 redact::safe_message(op.name))
                   : escaped_format("operator    no Deployment found\n");
  const auto diagnosis = actions::diagnose_restarts(op.restarts);
  for (const auto& line : diagnosis.lines) text += escaped_format("restarted   {}\n", redact::safe_message(line));
  if (!diagnosis.hint.empty()) text += escaped_format("hint        {}\n", redact::safe_message(diagnosis.hint));
  for (const auto& [name, version] : result.crds) {
    text += escaped_format("crd         {} {}\n", name,
                        version ? escaped_format("present ({})", redact::safe_message(*version)) : escaped_format("missing"));
  }
  if (result.installed && !result.simulated_nodes.empty()) {
    text += escaped_format("note        {}\n", simulated_kubelet_note(result.simulated_nodes));
  }
  return text;
}

// The program's own words (its build information).
EscapedText text_of(const VersionResult&) { return escaped_format("{}\n", core::escaped_lines(version_text())); }

void show_failure(const actions::Failure& failure) {
  // A message of many lines (a tool's stderr after "helm upgrade failed:")
  // keeps them; the printer guards where each one starts.
  log::write(log::Level::err, core::escaped_lines(redact::safe_message(failure.error.message)));
  if (!failure.error.hint.empty()) log::info("hint: {}", redact::safe_message(failure.error.hint));
}

}  // namespace altinity_deploy::cli
