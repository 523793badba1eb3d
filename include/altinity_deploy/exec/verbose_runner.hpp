#pragma once
// A CommandRunner decorator for -v: logs each command line before it runs
// and its exit code and duration after.
#include <atomic>

#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class VerboseRunner final : public CommandRunner {
 public:
  explicit VerboseRunner(CommandRunner& inner) : inner_(inner) {}
  Result<CommandResult> run(const Command& command) override;
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;
  // How many processes this run started (benchmarks report it).
  int started() const { return started_; }

 private:
  Result<CommandResult> logged(const Command& command, const std::function<Result<CommandResult>()>& call);
  CommandRunner& inner_;
  std::atomic<int> started_{0};  // atomic: batches run commands concurrently
};

}  // namespace altinity_deploy::exec
