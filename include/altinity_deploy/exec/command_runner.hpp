#pragma once
// The seam between the deployer and the processes it starts. The real
// implementation spawns children; tests swap in a recorder that answers from
// a script and remembers every argv.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::exec {

// Called now and then while a child runs. Returning a reason stops the child
// (SIGTERM to its process group) and the reason lands in
// CommandResult::stopped_because. Used to fail fast while helm waits.
using Watcher = std::function<std::optional<std::string>()>;

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;

  // An Error only when the program could not be started (missing, not
  // executable: ExitCode::unavailable). A child that ran and failed is a
  // CommandResult with its exit code and stderr.
  virtual Result<CommandResult> run(const Command& command) = 0;

  // Like run(), calling `watcher` about every `every` while the child runs.
  virtual Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                            std::chrono::milliseconds every) = 0;
};

}  // namespace altinity_deploy::exec
