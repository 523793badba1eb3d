#pragma once
// The verbs. Each lives in src/actions/<verb>.cpp and returns a typed
// outcome: what happened, as data. src/cli turns it into text or into the
// JSON document of docs/json-output.md; no verb formats its result.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/actions/container_restarts.hpp"
#include "altinity_deploy/actions/destroy_guard.hpp"
#include "altinity_deploy/actions/status_write.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/rendered_objects.hpp"

namespace altinity_deploy::actions {

struct UpOptions {
  bool write_status = true;
  bool force = false;  // apply the CRDs and upgrade even when the plan is empty
  bool recover = true;  // roll back / remove a release left pending-* by a killed run
  std::chrono::seconds lock_timeout{0};      // wait this long for another run's lock
  std::chrono::seconds fail_fast_after{30};  // stop helm's wait on a stuck container; 0: never
  bool rotate_operator_password = false;     // a new generated operator password (docs/secrets.md)
  bool allow_second_operator = false;        // run beside another release of the chart (plan/other_operators.hpp)
  // --plan FILE (apply FILE): apply this saved plan only, or refuse
  // (ExitCode::stale_plan) when the plan made now differs (docs/saved-plans.md).
  std::string plan_file;
  // Decorates each "changes:" log line (the cli's colour by sign, when the
  // log is coloured); nullptr: as it is. Actions know no terminal.
  core::EscapedText (*change_colour)(const core::EscapedText&) = nullptr;
  // `apply FILE`: the document the command line already read from plan_file.
  std::optional<nlohmann::json> plan_document;
};

struct PlanOptions {
  bool detailed_exitcode = false;  // exit 2 (ExitCode::changes_pending) when there are changes
  bool rotate_operator_password = false;  // up --dry-run --rotate-operator-password
  bool dry_run = false;                   // up --dry-run: the plan, reported as up's
  bool allow_second_operator = false;     // the plan says up would install beside another operator
  std::string diff = "fields";            // --diff: fields (path: old -> new) or full (unified diff per object)
  std::string out_file;    // plan --out FILE: save the plan there (docs/saved-plans.md)
  std::string saved_plan;  // up --plan FILE --dry-run: refuse when this saved plan is stale
  std::string tool_version;  // recorded in a saved plan
};

// What destroy is about to remove, read from the cluster before anything
// changes: what the question on a terminal lists (cli/confirm_destroy).
struct DestroyPreview {
  std::string context;  // as the kubeconfig names it; not yet redacted
  std::string server;
  std::string release;
  std::optional<int> revision;  // none: the release is not installed
  std::string namespace_name;
  bool namespace_exists = false;
  bool delete_namespace = true;   // not --keep-namespace
  std::vector<std::string> crds;  // --delete-crds: the CRDs that go, and every installation with them
  std::vector<ClickHouseResource> installations;  // those the operator manages now

  bool removes_anything() const {
    return revision.has_value() || (namespace_exists && delete_namespace) || !crds.empty();
  }
};

// The answer no: exit 1, nothing changed (a fleet's question says the same).
Error destroy_not_confirmed();

struct DestroyOptions {
  bool write_status = true;
  bool keep_namespace = false;
  bool delete_crds = false;
  bool force = false;                       // uninstall even with ClickHouse installations left
  std::chrono::seconds lock_timeout{0};     // wait this long for another run's lock
  // Asked once, before the lock is taken and anything removed, when there is
  // something to remove; false stops destroy with nothing changed. Unset: no question (CI, -y).
  std::function<bool(const DestroyPreview&)> confirm;
};

struct RenderOptions {
  std::optional<int> helm_major;  // when helm is not installed here
  bool manifests = false;         // --manifests: the Kubernetes objects (needs helm)
  bool show_secrets = false;      // --manifests --show-secrets: Secrets' data as rendered
  std::string kube_version;       // --manifests --kube-version: instead of helm template's default
};

// What every successful verb reports besides its own facts: its exit code
// (plan --detailed-exitcode: 2 with changes) and the manifest's warnings.
struct VerbResult {
  ExitCode code = ExitCode::success;
  std::string manifest;                            // as given; "<stdin>" for `-f -`
  std::vector<manifest::Diagnostic> diagnostics;  // warnings only (errors fail the verb)
};

struct ValidateResult : VerbResult {
  std::string release;
  std::string namespace_name;
};

struct RenderResult : VerbResult {
  std::string release;
  std::string namespace_name;
  int helm_major = 3;
  std::string values_yaml;            // redacted
  std::vector<std::string> commands;  // each with its trailing "   # when" comment, if any
  bool manifests = false;             // --manifests: `objects` is what to print
  bool show_secrets = false;
  std::vector<plan::RenderedObject> objects;  // CRDs, then the release's objects; masked unless show_secrets
};

struct PlanResult : VerbResult {
  spec::OperatorSpec spec;
  plan::ReleasePlan plan;
  bool dry_run = false;
  bool full_diff = false;  // --diff full: print each changed object's unified diff
  // The command lines `up` would run for `plan` (actions::up_commands).
  std::vector<std::string> commands;
};

// What `up` did; cli/result_words.hpp gives each the word of the JSON contract.
enum class UpAction { installed, upgraded, drift_corrected, crds_updated, unchanged };

struct UpResult : VerbResult {
  spec::OperatorSpec spec;
  plan::ReleasePlan plan;
  UpAction action = UpAction::unchanged;
  tools::ReleaseInfo release;
  std::vector<std::string> drift_corrected;  // "Kind/name" of the drifted objects up restored
  outputs::Outputs outputs;
  StatusWrite status_write = StatusWrite::not_written;
  std::vector<std::string> simulated_nodes;  // actions/simulated_kubelet.hpp: pods ready, no container runs
};

// What `destroy` did to each part (cli/result_words.hpp: their words).
enum class ReleaseRemoval { uninstalled, absent };
enum class NamespaceRemoval { deleted, absent, kept_not_ours, kept_on_request };
enum class CrdsRemoval { kept, deleted };

struct DestroyResult : VerbResult {
  std::string release;
  ReleaseRemoval release_result = ReleaseRemoval::absent;
  std::string namespace_name;
  NamespaceRemoval namespace_result = NamespaceRemoval::absent;
  CrdsRemoval crds_result = CrdsRemoval::kept;
  bool manifest_updated = false;
  std::vector<ClickHouseResource> left_behind;  // --force
};

struct OperatorDeployment {
  bool found = false;
  std::string name;
  int replicas = 0;
  int ready_replicas = 0;
  int available_replicas = 0;
  std::vector<ContainerRestart> restarts;  // its pods' containers that were OOMKilled or restarted
  bool ready() const { return replicas > 0 && available_replicas >= replicas; }
};

struct StatusResult : VerbResult {
  std::string release;
  std::string namespace_name;
  std::optional<tools::ReleaseInfo> installed;  // nullopt: not installed
  OperatorDeployment operator_deployment;
  std::map<std::string, std::optional<std::string>> crds;  // name -> version label; nullopt: missing
  std::vector<std::string> simulated_nodes;  // actions/simulated_kubelet.hpp: pods ready, no container runs
};

Outcome<ValidateResult> run_validate(const GlobalOptions& options);
Outcome<RenderResult> run_render(exec::CommandRunner& runner, const GlobalOptions& options,
                                 const RenderOptions& render);
Outcome<PlanResult> run_plan(exec::CommandRunner& runner, const GlobalOptions& options, const PlanOptions& plan);
Outcome<UpResult> run_up(exec::CommandRunner& runner, const GlobalOptions& options, const UpOptions& up);
Outcome<DestroyResult> run_destroy(exec::CommandRunner& runner, const GlobalOptions& options,
                                   const DestroyOptions& destroy);
Outcome<StatusResult> run_status(exec::CommandRunner& runner, const GlobalOptions& options);

// An Error (or a Failure passed on) as the failed outcome of a verb.
tl::unexpected<Failure> failed_report(const Error& error);
tl::unexpected<Failure> failed_report(const Failure& failure);

}  // namespace altinity_deploy::actions
