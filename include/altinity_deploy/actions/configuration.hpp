#pragma once
// What every verb (up, destroy, status, plan, render, validate) runs over,
// in the manner of helm's pkg/action: the options of the run and the
// swappable clients. Each verb lives in a file of its own and runs the same
// steps: validate, check the cluster, prepare, perform, record.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/cluster/kube_target.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/exec/runners.hpp"
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
};

// What a verb hands back to the CLI: the exit code, the JSON document that
// `--output json` prints, and the text that goes to stdout otherwise.
struct Report {
  ExitCode code = ExitCode::success;
  nlohmann::json data = nlohmann::json::object();
  std::string text;
};

struct LoadedManifest {
  std::string path;
  spec::OperatorSpec spec;
};

// Loads and validates; prints every diagnostic (warnings too) on stderr.
// Errors -> ExitCode::invalid_input, before any process starts.
Result<LoadedManifest> load_manifest(const std::string& path);

// helm and kubectl found, the cluster resolved and answering.
struct Connection {
  tools::HelmClient helm;
  tools::KubectlClient kubectl;
  tools::ClusterTarget target;
  tools::ServerVersion server;
};

// Read-only calls a verb wants in the same batch as connect's checks: they
// need the clients, not the checks' answers. What they read counts only
// when connect succeeds.
using BatchedReads = std::function<std::vector<std::function<void()>>(Connection&)>;

// Resolves the tools and the cluster and proves the API server answers
// (helm version, kubectl config view, kubectl get --raw /version, side by
// side with `also`); logs which context and server the run targets.
// ExitCode::unavailable on any failure. The clients are bound to the
// manifest's release; `runners.changes` runs (or, in a dry run, records)
// what they change.
Result<std::unique_ptr<Connection>> connect(exec::Runners runners, const GlobalOptions& options,
                                            const spec::OperatorSpec& spec, const BatchedReads& also = {});

}  // namespace altinity_deploy::actions
