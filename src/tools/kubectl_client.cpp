#include "altinity_deploy/tools/kubectl_client.hpp"
#include "altinity_deploy/tools/helm_release_secret.hpp"
#include "altinity_deploy/tools/cluster_releases.hpp"

#include <fmt/format.h>

#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/tools/timeouts.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr auto kQueryTimeout = 60s;
// kubectl's own per-request limit, below our process timeout so that kubectl
// reports the unreachable server itself.
constexpr const char* kRequestTimeout = "--request-timeout=30s";
// The fail-fast watcher's list runs every 2 s while helm waits: it must not
// pile up behind a slow API server.
constexpr const char* kWatchRequestTimeout = "--request-timeout=10s";
constexpr auto kWatchListTimeout = 15s;

Result<exec::CommandResult> not_interrupted(Result<exec::CommandResult> result) {
  if (result && result->interrupted) return fail(ExitCode::interrupted, "interrupted while running kubectl");
  return result;
}

std::string instance_selector(const std::string& release) { return "app.kubernetes.io/instance=" + release; }

bool is_blank(const std::string& text) { return text.find_first_not_of(" \r\n\t") == std::string::npos; }

const char* json_type_name(const json& value) {
  if (value.is_array()) return "an array";
  if (value.is_null()) return "null";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  return "a number";
}

// kubectl's answer to `command`: one JSON object (an object, or a List).
// Anything else (an array, null, a number: a wrapper script or a proxy in
// the way) is refused here, naming the command, before any member is read.
Result<json> parse_json(const std::string& text, const std::string& command) {
  json document;
  try {
    document = json::parse(text);
  } catch (const std::exception& e) {
    return fail(ExitCode::failed, fmt::format("cannot read the JSON `{}` printed: {}", command, e.what()),
                "check that `kubectl` on PATH is kubectl (not a wrapper that adds output)");
  }
  if (!document.is_object()) {
    return fail(ExitCode::failed,
                fmt::format("`{}` printed {} where kubectl prints a JSON object", command, json_type_name(document)),
                "check that `kubectl` on PATH is kubectl (not a wrapper that changes its output)");
  }
  return document;
}

// The objects of a List, or the one object kubectl printed for one name.
std::vector<json> objects_of(json found) {
  std::vector<json> objects;
  if (found.value("kind", std::string{}) == "List" || found.contains("items")) {
    // Moved, not copied: a release's Secrets hold every revision's record.
    if (auto items = found.find("items"); items != found.end() && items->is_array()) {
      objects.reserve(items->size());
      for (auto& item : *items) objects.push_back(std::move(item));
    }
  } else {
    objects.push_back(std::move(found));
  }
  return objects;
}

}  // namespace

KubectlClient::KubectlClient(exec::Runners runners, std::string binary, KubeAccess access, ReleaseRef release)
    : runners_(runners), binary_(std::move(binary)), access_(std::move(access)), release_(std::move(release)) {}

exec::Command KubectlClient::base(std::vector<std::string> words) const {
  exec::Command command;
  command.argv.push_back(binary_);
  command.argv.insert(command.argv.end(), words.begin(), words.end());
  auto flags = access_.kubectl_flags();
  command.argv.insert(command.argv.end(), flags.begin(), flags.end());
  command.timeout = kQueryTimeout;
  return command;
}

KubectlClient KubectlClient::with_change_runner(exec::CommandRunner& changes) const {
  KubectlClient copy = *this;
  copy.runners_.changes = &changes;
  return copy;
}

Result<exec::CommandResult> KubectlClient::read(exec::Command command) {
  return not_interrupted(runners_.reads->run(command));
}

Result<exec::CommandResult> KubectlClient::change(exec::Command command) {
  return not_interrupted(runners_.changes->run(command));
}

Result<ServerVersion> KubectlClient::server_version(std::chrono::seconds limit) {
  auto command = base({"get", "--raw", "/version", kRequestTimeout});
  if (limit.count() > 0) command.timeout = limit;
  TRY_ASSIGN(result, read(command));
  if (result.timed_out) {
    // kubectl itself hung (past its own --request-timeout): an exec
    // credential plugin waiting for input, DNS, a proxy. Its stderr is
    // usually empty, so say what ran (argv holds a kubeconfig path and a
    // context, never credentials) and for how long.
    return fail(ExitCode::unavailable,
                fmt::format("the Kubernetes API server does not answer: `{}` gave no answer in {} s and was "
                            "stopped",
                            command.display(),
                            std::chrono::duration_cast<std::chrono::seconds>(result.elapsed).count()),
                "check that the cluster is up and that the kubeconfig/context point at it; run that command "
                "yourself to see where it waits (e.g. a credential plugin asking for a login)");
  }
  if (!result.ok()) {
    const std::string reason = result.err_tail(1);
    return fail(ExitCode::unavailable,
                fmt::format("the Kubernetes API server does not answer: {}",
                            reason.empty() ? fmt::format("kubectl exited with {} and printed nothing",
                                                         result.exit_code)
                                           : reason),
                "check the cluster is up and the kubeconfig/context point at it");
  }
  return parse_server_version(result.out);
}

Result<std::optional<NamespaceInfo>> KubectlClient::get_namespace() {
  TRY_ASSIGN(object, get_json({"namespace", release_.namespace_name}));
  if (!object) return std::optional<NamespaceInfo>{};
  return std::optional<NamespaceInfo>{parse_namespace(*object)};
}

NamespaceInfo parse_namespace(const json& doc) {
  NamespaceInfo info;
  info.phase = doc.value("/status/phase"_json_pointer, std::string{});
  if (auto labels = doc.find("metadata"); labels != doc.end()) {
    if (auto it = labels->find("labels"); it != labels->end() && it->is_object()) {
      for (const auto& [key, value] : it->items()) {
        if (value.is_string()) info.labels[key] = value.get<std::string>();
      }
    }
  }
  for (const auto& condition : doc.value("/status/conditions"_json_pointer, json::array())) {
    if (!condition.is_object() || condition.value("status", std::string{}) != "True") continue;
    if (std::string message = condition.value("message", std::string{}); !message.empty()) {
      info.conditions.push_back(std::move(message));
    }
  }
  return info;
}

Result<std::vector<json>> KubectlClient::get_objects(const std::vector<std::string>& kind_slash_names) {
  if (kind_slash_names.empty()) return std::vector<json>{};
  TRY_ASSIGN(found, get_json(kind_slash_names));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<json>> KubectlClient::autoscalers() {
  TRY_ASSIGN(found, get_json({"horizontalpodautoscalers"}, release_.namespace_name));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<json>> KubectlClient::release_records() {
  TRY_ASSIGN(found, get_json({"secrets", "--selector", release_secret_selector(release_.name)}, release_.namespace_name));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<json>> KubectlClient::current_release_records_everywhere() {
  TRY_ASSIGN(found, get_json({"secrets", "--all-namespaces", "--selector", kCurrentReleaseSelector}));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<json>> KubectlClient::get_crds(const std::vector<std::string>& names) {
  if (names.empty()) return std::vector<json>{};
  std::vector<std::string> what = {"customresourcedefinition"};
  what.insert(what.end(), names.begin(), names.end());
  TRY_ASSIGN(found, get_json(what));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<std::string>> KubectlClient::simulated_nodes() {
  TRY_ASSIGN(found, get_json({"nodes", "--selector", std::string(kSimulatedNodeLabel) + "=true"}));
  std::vector<std::string> names;
  if (!found) return names;
  for (const auto& node : objects_of(std::move(*found))) {
    names.push_back(node.value("/metadata/name"_json_pointer, std::string{}));
  }
  return names;
}

Result<Workloads> KubectlClient::workloads_of_release() {
  TRY_ASSIGN(found, get_json({"deployments,replicasets,pods", "--selector", instance_selector(release_.name)},
                             release_.namespace_name));
  if (!found) return Workloads{};
  return parse_workloads(*found);
}

Result<Workloads> KubectlClient::deployments_of_release() {
  TRY_ASSIGN(found, get_json({"deployments", "--selector", instance_selector(release_.name)}, release_.namespace_name));
  if (!found) return Workloads{};
  return parse_workloads(*found);
}

Result<std::vector<json>> KubectlClient::labelled_release_objects() {
  TRY_ASSIGN(found, get_json({kReleaseObjectKinds, "--selector", instance_selector(release_.name)},
                             release_.namespace_name));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<std::vector<json>> KubectlClient::release_objects(const std::vector<std::string>& refs,
                                                        const std::string& namespace_name) {
  if (refs.empty()) return std::vector<json>{};
  TRY_ASSIGN(found, get_json(refs, namespace_name));
  if (!found) return std::vector<json>{};
  return objects_of(std::move(*found));
}

Result<Workloads> KubectlClient::pods_of_release() {
  auto command = base({"get", "pods,replicasets", "--namespace", release_.namespace_name, "--selector",
                       instance_selector(release_.name), "--output", "json", kWatchRequestTimeout});
  command.timeout = kWatchListTimeout;
  TRY_ASSIGN(result, read(std::move(command)));
  if (!result.ok()) return tool_failure("listing the release's pods", result);
  TRY_ASSIGN(list, parse_json(result.out, "kubectl get pods,replicasets"));
  return parse_workloads(list);
}

Result<std::optional<ClickHouseInstallations>> KubectlClient::installations_everywhere(const std::string& kinds) {
  TRY_ASSIGN(result, read(base({"get", kinds, "--all-namespaces", "--output", "json", kRequestTimeout})));
  if (!result.ok()) {
    const std::string& err = result.err;
    if (err.find("doesn't have a resource type") != std::string::npos ||
        err.find("could not find the requested resource") != std::string::npos ||
        err.find("no matches for kind") != std::string::npos) {
      return std::optional<ClickHouseInstallations>{};
    }
    return tool_failure("kubectl get " + kinds, result);
  }
  if (is_blank(result.out)) return std::optional<ClickHouseInstallations>{ClickHouseInstallations{}};
  TRY_ASSIGN(list, parse_json(result.out, "kubectl get " + kinds + " --all-namespaces"));
  return std::optional<ClickHouseInstallations>{parse_installations(list)};
}

Result<NamespaceDeletion> KubectlClient::delete_namespace(int timeout_seconds) {
  const auto limits = change_timeouts(timeout_seconds);
  auto command = base({"delete", "namespace", release_.namespace_name, "--ignore-not-found", "--wait",
                       fmt::format("--timeout={}s", limits.tool.count())});
  command.timeout = limits.process;
  auto result = runners_.changes->run(command);
  if (!result) return tl::unexpected(result.error());
  if (result->ok()) return NamespaceDeletion::deleted;
  if (!result->interrupted &&
      (result->timed_out || result->err.find("timed out waiting") != std::string::npos)) {
    return NamespaceDeletion::timed_out;
  }
  return tool_failure(fmt::format("deleting namespace '{}'", release_.namespace_name), *result);
}

Result<std::optional<json>> KubectlClient::get_json(const std::vector<std::string>& what, const std::string& ns,
                                                    const std::string& stdin_data) {
  std::vector<std::string> words = {"get"};
  words.insert(words.end(), what.begin(), what.end());
  if (!ns.empty()) words.insert(words.end(), {"--namespace", ns});
  words.insert(words.end(), {"--ignore-not-found", "--output", "json", kRequestTimeout});
  auto command = base(std::move(words));
  command.stdin_data = stdin_data;
  TRY_ASSIGN(result, read(std::move(command)));
  if (!result.ok()) return tool_failure("kubectl get " + what.front(), result);
  if (is_blank(result.out)) return std::optional<json>{};
  TRY_ASSIGN(found, parse_json(result.out, "kubectl get " + what.front()));
  return std::optional<json>{std::move(found)};
}

exec::Command KubectlClient::apply_crds_command() const {
  // Forcing conflicts takes over fields an earlier `helm install` or
  // `kubectl apply` set: the chart's CRDs are the truth.
  return base({"apply", "--server-side", fmt::format("--field-manager={}", kFieldManager), "--filename", "-",
               kRequestTimeout, "--force-conflicts"});
}

Status KubectlClient::apply_crds(const std::string& documents) {
  auto command = apply_crds_command();
  command.stdin_data = documents;
  TRY_ASSIGN(result, change(std::move(command)));
  if (!result.ok()) return tool_failure("kubectl apply --server-side", result);
  return {};
}

Status KubectlClient::delete_crds(const std::vector<std::string>& names) {
  std::vector<std::string> words = {"delete", "customresourcedefinition", "--ignore-not-found", "--wait"};
  words.insert(words.end(), names.begin(), names.end());
  TRY_ASSIGN(result, change(base(std::move(words))));
  if (!result.ok()) return tool_failure("deleting the CRDs", result);
  return {};
}

Result<ClusterTarget> parse_minified_config(const std::string& text) {
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) {
      return fail(ExitCode::unavailable,
                  fmt::format("`kubectl config view --minify` printed {}, not a JSON object", json_type_name(doc)),
                  "check --kubeconfig / KUBECONFIG and --context");
    }
    ClusterTarget target;
    target.context = doc.value("current-context", std::string{});
    if (auto clusters = doc.find("clusters"); clusters != doc.end() && clusters->is_array() &&
                                              !clusters->empty()) {
      const json& first = clusters->front();
      target.cluster = first.value("name", std::string{});
      if (auto cluster = first.find("cluster"); cluster != first.end()) {
        target.server = cluster->value("server", std::string{});
      }
    }
    if (target.server.empty()) {
      return fail(ExitCode::unavailable, "the kubeconfig names no cluster for this context",
                  "check --kubeconfig / KUBECONFIG and --context");
    }
    return target;
  } catch (const std::exception& e) {
    return fail(ExitCode::unavailable, std::string("cannot read the kubeconfig: ") + e.what());
  }
}

Result<ServerVersion> parse_server_version(const std::string& text) {
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) {
      return fail(ExitCode::unavailable, fmt::format("the API server's /version is {}, not a JSON object",
                                                     json_type_name(doc)));
    }
    ServerVersion version;
    version.git_version = doc.value("gitVersion", std::string{});
    auto number = [](std::string s) {
      while (!s.empty() && !std::isdigit(static_cast<unsigned char>(s.back()))) s.pop_back();
      return s.empty() ? 0 : std::stoi(s);
    };
    version.major = number(doc.value("major", std::string{"0"}));
    version.minor = number(doc.value("minor", std::string{"0"}));
    return version;
  } catch (const std::exception& e) {
    return fail(ExitCode::unavailable, std::string("the API server's /version is not JSON: ") + e.what());
  }
}

}  // namespace altinity_deploy::tools
