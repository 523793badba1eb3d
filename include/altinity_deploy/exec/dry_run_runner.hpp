#pragma once
// A CommandRunner that runs nothing: it keeps each command and answers
// that it succeeded with no output (CommandResult::dry_run set). Given to the tool clients as the runner
// for changes, it turns `up`'s perform steps into the list of commands they
// would run (see docs/how-up-works.md, "Tool clients and the dry run").
#include <mutex>
#include <vector>

#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class DryRunRunner final : public CommandRunner {
 public:
  Result<CommandResult> run(const Command& command) override;
  // Never calls the watcher: nothing runs that could be watched.
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;

  // The commands asked for so far, in order.
  std::vector<Command> commands() const;

 private:
  mutable std::mutex mutex_;  // the perform steps run some calls side by side
  std::vector<Command> commands_;
};

// For what must not reach a cluster (render is offline): every command
// fails to start with an Error that names it.
class OfflineRunner final : public CommandRunner {
 public:
  Result<CommandResult> run(const Command& command) override;
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;
};

}  // namespace altinity_deploy::exec
