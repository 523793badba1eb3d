#pragma once
// A CommandRunner decorator for -v: logs each command line before it runs
// and its exit code and duration after.
#include <functional>

#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class VerboseRunner final : public CommandRunner {
 public:
  explicit VerboseRunner(CommandRunner& inner) : inner_(inner) {}
  Result<CommandResult> run(const Command& command) override;
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;

 private:
  Result<CommandResult> logged(const Command& command, const std::function<Result<CommandResult>()>& call);
  CommandRunner& inner_;
};

}  // namespace altinity_deploy::exec
