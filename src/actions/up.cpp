// `up`: validate, connect, ensure the namespace, helm upgrade --install,
// read the release back, record status.outputs.
#include <fmt/format.h>

#include "altinity_deploy/actions/record_outputs.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/tools/tool_error.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {
namespace {

Status ensure_namespace(tools::KubectlClient& kubectl, const std::string& name) {
  auto existing = kubectl.get_namespace(name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing && (*existing)->phase == "Terminating") {
    return fail(ExitCode::failed, fmt::format("namespace '{}' is being deleted", name),
                "wait until it is gone (kubectl get namespace " + name + "), then run up again");
  }
  if (*existing) {
    auto label = (*existing)->labels.find(kManagedByLabel);
    if (label != (*existing)->labels.end()) return {};
    // A namespace someone else made stays theirs: we do not label it, so
    // that destroy will not delete it.
    log::info("namespace '{}' exists and was not created by altinity-deploy; using it as it is", name);
    return {};
  }
  log::info("creating namespace '{}'", name);
  return kubectl.apply_namespace(name, {{kManagedByLabel, kManagedByValue}});
}

std::string outputs_text(const outputs::Outputs& outputs) {
  std::string text = "status:\n  outputs:\n";
  for (const auto& [key, value] : outputs) text += fmt::format("    {}: {}\n", key, value);
  return text;
}

}  // namespace

Report run_up(exec::CommandRunner& runner, const GlobalOptions& options, const UpOptions& up) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());
  auto& helm = (*connection)->helm;
  auto& kubectl = (*connection)->kubectl;

  auto before = helm.status(spec.metadata.name, spec.namespace_name);
  if (!before) return failed_report(before.error());

  if (auto ns = ensure_namespace(kubectl, spec.namespace_name); !ns) return failed_report(ns.error());

  auto values = ValuesFile::create(options.temp_dir, yaml::emit(plan::build_values(spec)));
  if (!values) return failed_report(values.error());

  const tools::ReleaseInfo* existing = *before ? &**before : nullptr;
  const auto apply = choose_apply_method(helm.major(), existing);
  if (helm.major() >= 4) log::debug("apply method: {}", apply.reason);

  const auto command = helm.upgrade_install_command(upgrade_request(spec, values->path(), apply.method, up.force));
  log::info("{} release '{}' in namespace '{}' (chart {} {})", existing ? "upgrading" : "installing",
            spec.metadata.name, spec.namespace_name, spec.chart.is_local() ? spec.chart.path : spec.chart.name,
            spec.chart.is_local() ? "" : spec.chart.version);
  auto result = runner.run(command);
  if (!result) return failed_report(result.error());
  if (!result->ok()) return failed_report(tools::tool_failure("helm upgrade --install", *result).value());

  auto after = helm.status(spec.metadata.name, spec.namespace_name);
  if (!after) return failed_report(after.error());
  if (!*after) return failed_report(Error{ExitCode::failed, "helm reported success but the release is not there", ""});

  const auto outputs = release_outputs(spec.namespace_name, **after);
  const bool written = record_outputs(loaded->path, &outputs, up.write_status);

  Report report;
  report.data = {{"ok", true},
                 {"action", existing ? "upgraded" : "installed"},
                 {"release", spec.metadata.name},
                 {"namespace", spec.namespace_name},
                 {"revision", (*after)->revision},
                 {"outputs", outputs_json(outputs)},
                 {"manifestUpdated", written}};
  report.text = fmt::format("release '{}' {} in namespace '{}': revision {}, chart {}, status {}\n",
                            spec.metadata.name, existing ? "upgraded" : "installed", spec.namespace_name,
                            (*after)->revision, (*after)->chart_version, (*after)->status);
  if (!written) report.text += outputs_text(outputs);
  return report;
}

}  // namespace altinity_deploy::actions
