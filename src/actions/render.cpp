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
  tools::HelmClient helm(runner, options.helm_binary, access);
  tools::KubectlClient kubectl(runner, options.kubectl_binary, access);
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

  exec::Command ensure_ns;
  ensure_ns.argv = {kubectl.binary(), "apply", "--filename", "-"};
  for (const auto& flag : access.kubectl_flags()) ensure_ns.argv.push_back(flag);

  // What `up` changes, each only when its plan says so (see `plan`).
  std::vector<std::string> commands;
  if (spec.create_crds) {
    commands.push_back(kubectl.apply_server_side_command(kFieldManager, true).display() +
                       "   # the chart's CRDs (helm show crds), when they differ from the cluster's");
  }
  commands.push_back(fmt::format("{}   # Namespace {} labelled {}={}, when missing", ensure_ns.display(),
                                 spec.namespace_name, kManagedByLabel, kManagedByValue));
  commands.push_back(upgrade.display());

  RenderResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = spec.metadata.name;
  result.namespace_name = spec.namespace_name;
  result.helm_major = helm.major();
  result.values_yaml = values_yaml;
  result.commands = std::move(commands);
  return result;
}

}  // namespace altinity_deploy::actions
