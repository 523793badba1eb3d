// `up`: validate, check the cluster, plan (read-only), perform only what the
// plan lists, record status.outputs. An empty plan starts no helm upgrade
// and writes no revision; the outputs are refreshed all the same.
#include <optional>

#include <fmt/format.h>

#include "altinity_deploy/actions/record_outputs.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {
namespace {

struct Outcome {
  std::string action;  // installed, upgraded, crdsUpdated, unchanged
  tools::ReleaseInfo release;
};

// Everything the plan lists, in order: CRDs and namespace, then helm.
Result<Outcome> perform(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                        const UpOptions& up, const std::string& temp_dir) {
  const tools::ReleaseInfo* before = plan.release();
  if (plan.empty() && !up.force) {
    log::info("no changes: release '{}' matches the manifest", spec.metadata.name);
    return Outcome{"unchanged", *before};
  }
  log_changes(plan, up.force);
  if (auto prepared = prepare_cluster(connection, spec, plan, up.force); !prepared) {
    return tl::unexpected(prepared.error());
  }
  if (!plan.needs_helm() && !up.force) return Outcome{"crdsUpdated", *before};
  auto after = upgrade_release(connection, spec, plan, temp_dir);
  if (!after) return tl::unexpected(after.error());
  const bool installed = before == nullptr || before->status == "uninstalled";
  return Outcome{installed ? "installed" : "upgraded", std::move(*after)};
}

std::string outputs_text(const outputs::Outputs& outputs) {
  std::string text = "status:\n  outputs:\n";
  for (const auto& [key, value] : outputs) text += fmt::format("    {}: {}\n", key, value);
  return text;
}

Report record(const LoadedManifest& manifest, const plan::ReleasePlan& plan, const Outcome& outcome,
              bool write_status) {
  const spec::OperatorSpec& spec = manifest.spec;
  const tools::ReleaseInfo& release = outcome.release;
  const auto outputs = release_outputs(spec.namespace_name, release);
  const bool written = record_outputs(manifest.path, &outputs, write_status);

  Report report;
  report.data = {{"ok", true},
                 {"action", outcome.action},
                 {"release", spec.metadata.name},
                 {"namespace", spec.namespace_name},
                 {"revision", release.revision},
                 {"changes", plan::plan_json(plan)},
                 {"outputs", outputs_json(outputs)},
                 {"manifestUpdated", written}};
  const std::string details =
      fmt::format("revision {}, chart {}, status {}", release.revision, release.chart_version, release.status);
  if (outcome.action == "unchanged") {
    report.text = fmt::format("release '{}' in namespace '{}': no changes ({})\n", spec.metadata.name,
                              spec.namespace_name, details);
  } else if (outcome.action == "crdsUpdated") {
    report.text = fmt::format("release '{}' in namespace '{}': CRDs updated, release unchanged ({})\n",
                              spec.metadata.name, spec.namespace_name, details);
  } else {
    report.text = fmt::format("release '{}' {} in namespace '{}': {}\n", spec.metadata.name, outcome.action,
                              spec.namespace_name, details);
  }
  if (!written) report.text += outputs_text(outputs);
  return report;
}

}  // namespace

Report run_up(exec::CommandRunner& runner, const GlobalOptions& options, const UpOptions& up) {
  auto manifest = load_manifest(options.manifest_path);
  if (!manifest) return failed_report(manifest.error());
  const spec::OperatorSpec& spec = manifest->spec;

  // Check the cluster and read what the plan compares, in one batch.
  std::optional<plan::PlanReads> reads;
  auto connection = connect(runner, options, spec, [&](Connection& c) {
    reads.emplace(c.helm, c.kubectl, spec);
    return reads->calls();
  });
  if (!connection) return failed_report(connection.error());

  auto plan = reads->result();
  if (!plan) return failed_report(plan.error());
  if (auto doable = check_plan_is_doable(*plan, spec); !doable) return failed_report(doable.error());

  auto outcome = perform(**connection, spec, *plan, up, options.temp_dir);
  if (!outcome) return failed_report(outcome.error());

  return record(*manifest, *plan, *outcome, up.write_status);
}

}  // namespace altinity_deploy::actions
