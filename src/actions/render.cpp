// `render`: offline. The Helm values (secrets redacted) and the command lines
// `up` runs for a fresh install, made by `up`'s own steps (up_commands) with
// every change recorded instead of run: what render prints is, by
// construction, what up runs. With --manifests, the objects `up` applies
// instead (render_manifests.hpp).
#include <fmt/format.h>

#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/render_manifests.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/dry_run_runner.hpp"
#include "altinity_deploy/plan/operator_password.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_redaction.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {

namespace {

// The plan of a fresh install, made without a cluster: no namespace, no
// release, and (with createCrds) the operator's CRDs all missing. The CRD
// documents stand in for the chart's: only their command line is shown.
plan::ReleasePlan fresh_install_plan(const spec::OperatorSpec& spec, yaml::Node values) {
  plan::DesiredState desired;
  desired.chart = tools::ChartMetadata{spec.chart.name, spec.chart.version, {}};
  desired.values_tree = std::move(values);
  if (spec.create_crds) {
    for (const char* name : spec::kOperatorCrds) desired.crds.push_back(plan::CrdDocument{name, {}, {}, {}});
  }
  return plan::diff(spec, std::move(desired), plan::ClusterState{});
}

}  // namespace

Outcome<RenderResult> run_render(exec::CommandRunner& runner, const GlobalOptions& options,
                                 const RenderOptions& render) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  tools::KubeAccess access;
  if (auto resolved = cluster::resolve_access(options.access, spec.target_cluster)) {
    access = resolved->access;
  } else {
    log::warn("{} (the command lines below leave the kubeconfig out)", resolved.error().message);
  }
  // Only `helm version` runs (without --helm-major), and with --manifests `helm
  // show crds` and `helm template`; nothing reaches a cluster.
  exec::OfflineRunner offline;
  const tools::ReleaseRef release{spec.release_name(), spec.namespace_name};
  Connection connection{tools::HelmClient(exec::Runners(runner, offline), options.helm_binary, access, release),
                        tools::KubectlClient(offline, options.kubectl_binary, access, release), {}, {}, {}};
  tools::HelmClient& helm = connection.helm;
  if (render.manifests) {
    // The objects come from helm itself: it must be here.
    if (auto version = helm.detect_version(); !version) {
      Error error = version.error();
      error.hint = "render --manifests runs helm template (no cluster needed): install Helm 3.8+ or 4, or point "
                   "--helm at it";
      return failed_report(error);
    }
  } else if (render.helm_major) {
    helm.assume_version({*render.helm_major, fmt::format("v{}", *render.helm_major)});
  } else if (auto version = helm.detect_version(); !version) {
    log::warn("{}; showing Helm 3 command lines (use --helm-major 4 for Helm 4)", version.error().message);
    helm.assume_version({3, "v3"});
  }

  // Offline, so the operator's password is not known: "<generated>" unless
  // the manifest sets it (docs/secrets.md).
  yaml::Node values = plan::build_values(spec);
  plan::apply_generated_marker(values);
  const std::string values_yaml = yaml::emit(redact::redact(values));
  RenderResult result;
  if (render.manifests) {
    auto rendered = render_manifests(helm, spec, values, {render.kube_version, render.show_secrets, options.temp_dir});
    if (!rendered) return failed_report(rendered.error());
    log::info("{}", rendered->capabilities);
    result.manifests = true;
    result.show_secrets = render.show_secrets;
    result.objects = std::move(rendered->objects);
  }
  auto commands = up_commands(connection, spec, fresh_install_plan(spec, std::move(values)), false,
                              kValuesFilePlaceholder);
  if (!commands) return failed_report(commands.error());
  std::vector<std::string> lines;
  for (const auto& command : *commands) lines.push_back(command.display());

  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = spec.release_name();
  result.namespace_name = spec.namespace_name;
  result.helm_major = helm.major();
  result.values_yaml = values_yaml;
  result.commands = std::move(lines);
  return result;
}

}  // namespace altinity_deploy::actions
