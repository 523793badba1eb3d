#pragma once
// The verbs. Each lives in src/actions/<verb>.cpp.
#include <chrono>
#include <optional>

#include "altinity_deploy/actions/configuration.hpp"

namespace altinity_deploy::actions {

struct UpOptions {
  bool write_status = true;
  bool force = false;  // apply the CRDs and upgrade even when the plan is empty
  bool recover = true;  // roll back / remove a release left pending-* by a killed run
  std::chrono::seconds lock_timeout{0};      // wait this long for another run's lock
  std::chrono::seconds fail_fast_after{30};  // stop helm's wait on a stuck container; 0: never
  bool rotate_operator_password = false;     // a new generated operator password (docs/secrets.md)
};

struct PlanOptions {
  bool detailed_exitcode = false;  // exit 2 (ExitCode::changes_pending) when there are changes
};

struct DestroyOptions {
  bool write_status = true;
  bool keep_namespace = false;
  bool delete_crds = false;
  bool force = false;                       // uninstall even with ClickHouse installations left
  std::chrono::seconds lock_timeout{0};     // wait this long for another run's lock
};

struct RenderOptions {
  std::optional<int> helm_major;  // when helm is not installed here
};

Report run_validate(const GlobalOptions& options);
Report run_render(exec::CommandRunner& runner, const GlobalOptions& options, const RenderOptions& render);
Report run_plan(exec::CommandRunner& runner, const GlobalOptions& options, const PlanOptions& plan);
Report run_up(exec::CommandRunner& runner, const GlobalOptions& options, const UpOptions& up);
Report run_destroy(exec::CommandRunner& runner, const GlobalOptions& options, const DestroyOptions& destroy);
Report run_status(exec::CommandRunner& runner, const GlobalOptions& options);

// An Error as the Report the CLI prints (message and hint on stderr).
Report failed_report(const Error& error);

}  // namespace altinity_deploy::actions
