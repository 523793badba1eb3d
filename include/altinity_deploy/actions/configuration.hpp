#pragma once
// What every verb (up, destroy, status, plan, render, validate) runs over,
// in the manner of helm's pkg/action: the options of the run and the
// swappable clients. Each verb lives in a file of its own and runs the same
// steps: validate, check the cluster, prepare, perform, write status.outputs.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/cluster/kube_target.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/exec/runners.hpp"
#include "altinity_deploy/manifest/diagnostic.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

struct GlobalOptions {
  std::string manifest_path;
  std::string helm_binary = "helm";
  std::string kubectl_binary = "kubectl";
  cluster::AccessInputs access;
  std::string temp_dir = "/tmp";  // where the 0600 values file goes
  // `-f -`: the manifest as read from stdin (validate, render, plan). Never
  // written back; manifest_path is then "-".
  std::optional<std::string> manifest_text;
  // up/destroy --timeout: replaces the manifest's spec.helm.timeoutSeconds for this run.
  std::optional<int> helm_timeout_seconds;
  // Where a loaded manifest's diagnostics go as they are found (src/cli
  // prints them on stderr, and as CI annotations); unset: not shown.
  std::function<void(const std::string& file, const std::vector<manifest::Diagnostic>&)> show_diagnostics;
};

// A verb that failed: the Error (code, message, hint) and, for a manifest
// that did not load, every located problem in it.
struct Failure {
  Error error;
  std::string manifest;                            // the file the diagnostics are about
  std::vector<manifest::Diagnostic> diagnostics;  // errors and warnings, in document order
};

template <class T>
using Outcome = tl::expected<T, Failure>;

struct LoadedManifest {
  std::string path;  // "<stdin>" for `-f -`
  spec::OperatorSpec spec;
  std::vector<manifest::Diagnostic> warnings;
  // What was read and from which file (not for stdin): the status
  // write-back writes only into that file, and only while what it says
  // outside `status` is still what this run deployed (write_outputs, remove_outputs).
  std::string text;
  std::optional<core::FileIdentity> file;
};

inline constexpr const char* kStdinManifest = "<stdin>";

// Loads and validates options.manifest_path (or manifest_text); shows every
// diagnostic (warnings too) through options.show_diagnostics. Errors ->
// ExitCode::invalid_input with the diagnostics, before any process starts.
Outcome<LoadedManifest> load_manifest(const GlobalOptions& options);

// The clients of a run, bound to the manifest's release; read_snapshot
// fills in what it read of the target.
struct Connection {
  tools::HelmClient helm;
  tools::KubectlClient kubectl;
  tools::ClusterTarget target;  // read_snapshot's kubectl config view
  tools::ServerVersion server;  // empty unless read_snapshot asked the API server
  std::string kubeconfig_source;  // for the target's log line
};

// Resolves the access to the cluster (kubeconfig, context; logs its notes)
// and makes the clients: bound to the manifest's release, using the read
// cache (tools::ReadCache), `runners.changes` running (or, in a dry run,
// recording) what they change. Starts no process: read_snapshot does every
// read, connect's checks (helm version, kubectl config view) included.
Result<std::unique_ptr<Connection>> connect(exec::Runners runners, const GlobalOptions& options,
                                            const spec::OperatorSpec& spec);

}  // namespace altinity_deploy::actions
