#pragma once
// The kubectl adapter: argv for each kubectl call the deployer makes, and the
// parsing of kubectl's JSON. Every call carries the run's KubeAccess.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/tools/kube_access.hpp"

namespace altinity_deploy::tools {

// What a run targets, said before anything changes. No credentials in here.
struct ClusterTarget {
  std::string context;     // the context in effect
  std::string cluster;     // the kubeconfig's cluster name
  std::string server;      // API server URL
};

struct ServerVersion {
  int major = 0;
  int minor = 0;
  std::string git_version;  // "v1.20.2"
};

struct NamespaceInfo {
  std::string phase;  // Active, Terminating
  std::map<std::string, std::string> labels;
};

class KubectlClient {
 public:
  KubectlClient(exec::CommandRunner& runner, std::string binary, KubeAccess access);

  const std::string& binary() const { return binary_; }
  const KubeAccess& access() const { return access_; }

  // `kubectl config view --minify`: which context and server; offline.
  Result<ClusterTarget> describe_target();
  // `kubectl get --raw /version`: proves the API server answers.
  Result<ServerVersion> server_version();

  Result<std::optional<NamespaceInfo>> get_namespace(const std::string& name);
  // Creates or updates the namespace with these labels (kubectl apply).
  Status apply_namespace(const std::string& name, const std::map<std::string, std::string>& labels);
  exec::Command delete_namespace_command(const std::string& name, int timeout_seconds) const;

  // `kubectl get <resource> [-n ns | -A] [-l selector] -o json`; `items` of a list or
  // the object itself. nullopt for a missing single object.
  Result<std::optional<nlohmann::json>> get_json(const std::vector<std::string>& what,
                                                 const std::string& ns = {});
  // `kubectl get KIND/NAME... --ignore-not-found -o json`: several objects,
  // even of different kinds, in one call; those that do not exist are left out.
  Result<std::vector<nlohmann::json>> get_objects(const std::vector<std::string>& kind_slash_names);
  // Server-side apply of YAML/JSON documents from stdin.
  Status apply_server_side(const std::string& documents, const std::string& field_manager,
                           bool force_conflicts);
  exec::Command apply_server_side_command(const std::string& field_manager, bool force_conflicts) const;
  // Runs kubectl with these words (access flags appended); for the verbs the
  // adapter has no method for.
  Result<exec::CommandResult> run(std::vector<std::string> words, std::string stdin_data = {});
  // The Command run() would start (access flags appended, the default query
  // timeout), for callers that set their own timeout or stdin, or must see
  // an interrupted child themselves (the lease renewer, the fail-fast watcher).
  exec::Command command(std::vector<std::string> words) const;

  exec::CommandRunner& runner() { return runner_; }

 private:
  exec::Command base(std::vector<std::string> words) const;

  exec::CommandRunner& runner_;
  std::string binary_;
  KubeAccess access_;
};

Result<ClusterTarget> parse_minified_config(const std::string& json);
Result<ServerVersion> parse_server_version(const std::string& json);
NamespaceInfo parse_namespace(const nlohmann::json& object);

}  // namespace altinity_deploy::tools
