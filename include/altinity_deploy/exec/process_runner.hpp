#pragma once
// The real CommandRunner: fork/exec with stdin from /dev/null (or a pipe when
// the command has stdin data), stdout and stderr captured separately, the
// child in its own process group, a timeout per call, and SIGINT/SIGTERM that
// the deployer receives passed on to the running child.
#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class ProcessRunner final : public CommandRunner {
 public:
  Result<CommandResult> run(const Command& command) override;
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;
};

}  // namespace altinity_deploy::exec
