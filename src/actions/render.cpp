// `render`: offline. The Helm values (secrets redacted) and the exact
// command lines `up` would run.
#include <fmt/format.h>

#include "altinity_deploy/actions/crd_step.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/operator_password.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {

Report run_render(exec::CommandRunner& runner, const GlobalOptions& options, const RenderOptions& render) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  tools::KubeAccess access;
  if (auto resolved = cluster::resolve_access(options.access, spec.target_cluster)) {
    access = resolved->access;
  } else {
    log::warn("{} (the command lines below leave the kubeconfig out)", resolved.error().message);
  }
  const tools::ReleaseRef release{spec.metadata.name, spec.namespace_name};
  tools::HelmClient helm(runner, options.helm_binary, access, release);
  tools::KubectlClient kubectl(runner, options.kubectl_binary, access, release);
  if (render.helm_major) {
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
  // The first install's apply method; an existing release keeps its own.
  const auto apply = choose_apply_method(helm.major(), nullptr);
  const auto upgrade = helm.upgrade_install_command(upgrade_request(spec, "<values-file>", apply.method, false));

  const exec::Command ensure_ns = kubectl.ensure_namespace_command();

  // What `up` changes, each only when its plan says so (see `plan`).
  std::vector<std::string> commands;
  if (spec.create_crds) {
    commands.push_back(kubectl.apply_crds_command().display() +
                       "   # the chart's CRDs (helm show crds), when they differ from the cluster's");
  }
  commands.push_back(fmt::format("{}   # Namespace {} labelled {}={}, when missing", ensure_ns.display(),
                                 spec.namespace_name, kManagedByLabel, kManagedByValue));
  commands.push_back(upgrade.display());

  Report report;
  report.data = {{"ok", true},
                 {"release", spec.metadata.name},
                 {"namespace", spec.namespace_name},
                 {"helmMajor", helm.major()},
                 {"values", values_yaml},
                 {"commands", commands}};
  report.text = fmt::format("# Helm values (written to a 0600 temp file as <values-file>)\n{}\n"
                            "# Commands `up` runs (Helm {}), each only when `plan` lists its change\n",
                            values_yaml, helm.major());
  for (const auto& command : commands) report.text += command + "\n";
  return report;
}

}  // namespace altinity_deploy::actions
