#include "altinity_deploy/plan/values_builder.hpp"

#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using yaml::Node;

// Quantities and names are quoted so that no YAML reader turns "1" into a
// number or "on" into a bool.
Node resource_list(const spec::ResourceList& list) {
  Node node = Node::mapping();
  if (!list.cpu.empty()) node.set("cpu", Node::quoted(list.cpu));
  if (!list.memory.empty()) node.set("memory", Node::quoted(list.memory));
  return node;
}

}  // namespace

yaml::Node build_values(const spec::OperatorSpec& spec) {
  Node resources = Node::mapping();
  resources.set("requests", resource_list(spec.resources.requests));
  resources.set("limits", resource_list(spec.resources.limits));

  Node operator_values = Node::mapping();
  // The chart has no such key and ignores it; the Pulumi module this tool
  // replaces always set it, so releases stay comparable value for value.
  operator_values.set("createCRD", Node::scalar(spec.create_crds ? "true" : "false"));
  operator_values.set("resources", std::move(resources));

  Node namespaces = Node::sequence();
  for (const auto& pattern : spec.watch_namespaces) namespaces.push_back(Node::quoted(pattern));
  Node watch = Node::mapping();
  watch.set("namespaces", std::move(namespaces));
  Node config_yaml = Node::mapping();
  config_yaml.set("watch", std::move(watch));
  Node files = Node::mapping();
  files.set("config.yaml", std::move(config_yaml));
  Node configs = Node::mapping();
  configs.set("files", std::move(files));

  // Charts from 0.25.6 apply their CRDs in a pre-install/pre-upgrade hook
  // Job that pulls bitnami/kubectl:latest and waits without a deadline: on
  // an air-gapped cluster helm hangs until its timeout. The deployer applies
  // the CRDs itself (createCrds) or leaves them alone, so the hook is off.
  // Older charts have no such key and ignore it (no chart version forbids
  // unknown keys); spec.values may still turn it back on.
  Node crd_hook = Node::mapping();
  crd_hook.set("enabled", Node::scalar("false"));

  Node values = Node::mapping();
  values.set("operator", std::move(operator_values));
  values.set("configs", std::move(configs));
  values.set("crdHook", std::move(crd_hook));
  yaml::merge_into(values, spec.values);
  return values;
}

Result<DesiredState> desired_values(const spec::OperatorSpec& spec, const nlohmann::json& recorded, PlanSettings settings) {
  DesiredState desired;
  desired.values_tree = build_values(spec);
  auto password = choose_operator_password(yaml::to_json(desired.values_tree), recorded,
                                           settings.rotate_operator_password);
  if (!password) return tl::unexpected(password.error());
  if (settings.rotate_operator_password && password->origin == OperatorPassword::Origin::manifest) {
    return fail(ExitCode::invalid_input,
                "--rotate-operator-password: the manifest sets the operator's password itself (spec.values.secret)",
                "change spec.values.secret.password, or remove it and run up --rotate-operator-password");
  }
  apply_operator_password(desired.values_tree, *password);
  desired.values = yaml::to_json(desired.values_tree);
  desired.operator_password = std::move(*password);
  return desired;
}

}  // namespace altinity_deploy::plan
