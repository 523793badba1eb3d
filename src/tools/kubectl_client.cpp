#include "altinity_deploy/tools/kubectl_client.hpp"

#include <fmt/format.h>

#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr auto kQueryTimeout = 60s;
// kubectl's own per-request limit, below our process timeout so that kubectl
// reports the unreachable server itself.
constexpr const char* kRequestTimeout = "--request-timeout=30s";

}  // namespace

KubectlClient::KubectlClient(exec::CommandRunner& runner, std::string binary, KubeAccess access)
    : runner_(runner), binary_(std::move(binary)), access_(std::move(access)) {}

exec::Command KubectlClient::base(std::vector<std::string> words) const {
  exec::Command command;
  command.argv.push_back(binary_);
  command.argv.insert(command.argv.end(), words.begin(), words.end());
  auto flags = access_.kubectl_flags();
  command.argv.insert(command.argv.end(), flags.begin(), flags.end());
  command.timeout = kQueryTimeout;
  return command;
}

exec::Command KubectlClient::command(std::vector<std::string> words) const { return base(std::move(words)); }

Result<exec::CommandResult> KubectlClient::run(std::vector<std::string> words, std::string stdin_data) {
  auto command = base(std::move(words));
  command.stdin_data = std::move(stdin_data);
  auto result = runner_.run(command);
  if (!result) return tl::unexpected(result.error());
  if (result->interrupted) return fail(ExitCode::interrupted, "interrupted while running kubectl");
  return result;
}

Result<ClusterTarget> KubectlClient::describe_target() {
  auto result = run({"config", "view", "--minify", "--output", "json"});
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    return fail(ExitCode::unavailable,
                fmt::format("cannot read the kubeconfig: {}", result->err_tail(2)),
                "check --kubeconfig / KUBECONFIG and --context");
  }
  return parse_minified_config(result->out);
}

Result<ServerVersion> KubectlClient::server_version() {
  auto result = run({"get", "--raw", "/version", kRequestTimeout});
  if (!result) return tl::unexpected(result.error());
  if (result->timed_out) {
    // kubectl itself hung (past its own --request-timeout): an exec
    // credential plugin waiting for input, DNS, a proxy. Its stderr is
    // usually empty, so say what ran (argv holds a kubeconfig path and a
    // context, never credentials) and for how long.
    return fail(ExitCode::unavailable,
                fmt::format("the Kubernetes API server does not answer: `{}` gave no answer in {} s and was "
                            "stopped",
                            command({"get", "--raw", "/version", kRequestTimeout}).display(),
                            std::chrono::duration_cast<std::chrono::seconds>(result->elapsed).count()),
                "check that the cluster is up and that the kubeconfig/context point at it; run that command "
                "yourself to see where it waits (e.g. a credential plugin asking for a login)");
  }
  if (!result->ok()) {
    const std::string reason = result->err_tail(1);
    return fail(ExitCode::unavailable,
                fmt::format("the Kubernetes API server does not answer: {}",
                            reason.empty() ? fmt::format("kubectl exited with {} and printed nothing",
                                                         result->exit_code)
                                           : reason),
                "check the cluster is up and the kubeconfig/context point at it");
  }
  return parse_server_version(result->out);
}

Result<std::optional<NamespaceInfo>> KubectlClient::get_namespace(const std::string& name) {
  auto object = get_json({"namespace", name});
  if (!object) return tl::unexpected(object.error());
  if (!*object) return std::optional<NamespaceInfo>{};
  return std::optional<NamespaceInfo>{parse_namespace(**object)};
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
  return info;
}

Result<std::vector<json>> KubectlClient::get_objects(const std::vector<std::string>& kind_slash_names) {
  std::vector<json> objects;
  if (kind_slash_names.empty()) return objects;
  auto found = get_json(kind_slash_names);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return objects;
  // One name gives the object itself, several a List.
  if ((*found)->value("kind", std::string{}) == "List") {
    for (const auto& item : (*found)->value("items", json::array())) objects.push_back(item);
  } else {
    objects.push_back(std::move(**found));
  }
  return objects;
}

Status KubectlClient::apply_namespace(const std::string& name,
                                      const std::map<std::string, std::string>& labels) {
  json manifest = {{"apiVersion", "v1"},
                   {"kind", "Namespace"},
                   {"metadata", {{"name", name}, {"labels", labels}}}};
  auto result = run({"apply", "--filename", "-", kRequestTimeout}, manifest.dump());
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) return tool_failure(fmt::format("creating namespace '{}'", name), *result);
  return {};
}

exec::Command KubectlClient::delete_namespace_command(const std::string& name, int timeout_seconds) const {
  auto command = base({"delete", "namespace", name, "--ignore-not-found", "--wait",
                       fmt::format("--timeout={}s", timeout_seconds)});
  command.timeout = std::chrono::seconds(timeout_seconds) + 30s;
  return command;
}

Result<std::optional<json>> KubectlClient::get_json(const std::vector<std::string>& what,
                                                   const std::string& ns) {
  std::vector<std::string> words = {"get"};
  words.insert(words.end(), what.begin(), what.end());
  if (!ns.empty()) words.insert(words.end(), {"--namespace", ns});
  words.insert(words.end(), {"--ignore-not-found", "--output", "json", kRequestTimeout});
  auto result = run(std::move(words));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) return tool_failure("kubectl get " + what.front(), *result);
  if (result->out.find_first_not_of(" \r\n\t") == std::string::npos) return std::optional<json>{};
  try {
    return std::optional<json>{json::parse(result->out)};
  } catch (const std::exception& e) {
    return fail(ExitCode::failed, std::string("cannot read kubectl's JSON: ") + e.what());
  }
}

exec::Command KubectlClient::apply_server_side_command(const std::string& field_manager,
                                                      bool force_conflicts) const {
  std::vector<std::string> words = {"apply", "--server-side", "--field-manager=" + field_manager,
                                    "--filename", "-", kRequestTimeout};
  if (force_conflicts) words.push_back("--force-conflicts");
  return base(std::move(words));
}

Status KubectlClient::apply_server_side(const std::string& documents, const std::string& field_manager,
                                        bool force_conflicts) {
  auto command = apply_server_side_command(field_manager, force_conflicts);
  command.stdin_data = documents;
  auto result = runner_.run(command);
  if (!result) return tl::unexpected(result.error());
  if (result->interrupted) return fail(ExitCode::interrupted, "interrupted while running kubectl");
  if (!result->ok()) return tool_failure("kubectl apply --server-side", *result);
  return {};
}

Result<ClusterTarget> parse_minified_config(const std::string& text) {
  try {
    const json doc = json::parse(text);
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
