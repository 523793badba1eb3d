#include "altinity_deploy/actions/up_steps.hpp"

#include <fmt/format.h>

#include "altinity_deploy/actions/crd_step.hpp"
#include "altinity_deploy/actions/fail_fast.hpp"
#include "altinity_deploy/actions/progress.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/tools/tool_error.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {
namespace {

Status create_namespace(tools::KubectlClient& kubectl, const std::string& name) {
  log::info("creating namespace '{}'", name);
  return kubectl.apply_namespace(name, {{kManagedByLabel, kManagedByValue}});
}

bool is_fresh(const tools::ReleaseInfo* release) { return release == nullptr || release->status == "uninstalled"; }

}  // namespace

Status check_plan_is_doable(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const auto& ns = plan.cluster.namespace_info;
  if (ns && ns->phase == "Terminating") {
    return fail(ExitCode::failed, fmt::format("namespace '{}' is being deleted", spec.namespace_name),
                "wait until it is gone (kubectl get namespace " + spec.namespace_name + "), then run up again");
  }
  return {};
}

void log_changes(const plan::ReleasePlan& plan, bool forced) {
  if (plan.empty()) {
    if (forced) log::info("no changes; upgrading anyway (--force)");
    return;
  }
  log::info("changes:");
  for (const auto& change : plan.changes) {
    const std::string line = "  " + plan::format_change(change);
    log::info("{}", log::settings().colour ? plan::colour_changes(line) : line);
  }
}

Status prepare_cluster(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                       bool force) {
  Status crds;
  Status ns;
  std::vector<std::function<void()>> steps;
  if (plan.needs_crds() || (force && spec.create_crds)) {
    steps.emplace_back([&] { crds = apply_crds(connection.kubectl, plan.desired.crds); });
  }
  if (!plan.cluster.namespace_info) {
    steps.emplace_back([&] { ns = create_namespace(connection.kubectl, spec.namespace_name); });
  } else if (!plan.cluster.namespace_info->labels.contains(kManagedByLabel)) {
    // A namespace someone else made stays theirs: we do not label it, so
    // that destroy will not delete it.
    log::info("namespace '{}' exists and was not created by altinity-deploy; using it as it is",
              spec.namespace_name);
  }
  exec::run_concurrently(std::move(steps));
  if (!crds) return crds;
  return ns;
}

Status ensure_namespace(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan) {
  if (plan.cluster.namespace_info) return {};
  return create_namespace(connection.kubectl, spec.namespace_name);
}

Result<ValuesFile> prepare_local_files(const std::string& values_yaml, const std::string& manifest_path,
                                       bool write_status, const std::string& temp_dir) {
  auto values = ValuesFile::create(temp_dir, values_yaml);
  if (!values) {
    Error error = values.error();
    error.hint += "; nothing was changed in the cluster";
    return tl::unexpected(error);
  }
  if (write_status) {
    if (auto writable = outputs::check_manifest_writable(manifest_path); !writable) {
      Error error = writable.error();
      error.hint = "nothing was changed in the cluster. `up` writes status.outputs back into the manifest: make it "
                   "(and its folder) writable, or pass --no-write-status";
      return tl::unexpected(error);
    }
  }
  return values;
}

Result<tools::ReleaseInfo> upgrade_release(Connection& connection, const spec::OperatorSpec& spec,
                                           const plan::ReleasePlan& plan, const ValuesFile& values,
                                           std::chrono::seconds fail_fast_after) {
  auto& helm = connection.helm;

  // Helm 4 keeps the apply method a release was installed with; only
  // `helm status` says which.
  std::optional<tools::ReleaseInfo> existing;
  if (!is_fresh(plan.release())) {
    existing = *plan.release();
    if (helm.major() >= 4) {
      auto status = helm.status_only(spec.metadata.name, spec.namespace_name);
      if (!status) return tl::unexpected(status.error());
      if (*status) existing->apply_method = (*status)->apply_method;
    }
  }
  const auto apply = choose_apply_method(helm.major(), existing ? &*existing : nullptr);
  if (helm.major() >= 4) log::debug("apply method: {}", apply.reason);

  // `up --force` re-runs the upgrade; it never asks helm to replace objects.
  const auto command = helm.upgrade_install_command(upgrade_request(spec, values.path(), apply.method, false));
  log::info("{} release '{}' in namespace '{}' (chart {} {})", existing ? "upgrading" : "installing",
            spec.metadata.name, spec.namespace_name, plan.desired.chart.name, plan.desired.chart.version);
  ProgressReporter progress(ProgressReporter::mode_for_terminal());
  auto result = helm.runner().run_watched(command,
                                          fail_fast_watcher(connection.kubectl, spec.namespace_name,
                                                            spec.metadata.name, fail_fast_after, {},
                                                            progress.callback()),
                                          kFailFastEvery);
  progress.finish();
  if (!result) return tl::unexpected(result.error());
  if (!result->stopped_because.empty()) {
    return tl::unexpected(fail_fast_error(result->stopped_because, fail_fast_after, *result));
  }
  if (!result->ok()) return tools::tool_failure("helm upgrade --install", *result);

  // helm printed the release it recorded; ask again only if that is unreadable.
  if (auto printed = tools::parse_release_status(result->out); printed && printed->revision > 0 &&
                                                              !printed->chart_version.empty()) {
    return std::move(*printed);
  }
  auto after = helm.latest_revision(spec.metadata.name, spec.namespace_name);
  if (!after) return tl::unexpected(after.error());
  if (!*after) return fail(ExitCode::failed, "helm reported success but the release is not there");
  return std::move(**after);
}

}  // namespace altinity_deploy::actions
