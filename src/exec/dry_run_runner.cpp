#include "altinity_deploy/exec/dry_run_runner.hpp"

namespace altinity_deploy::exec {

Result<CommandResult> DryRunRunner::run(const Command& command) {
  std::lock_guard lock(mutex_);
  commands_.push_back(command);
  CommandResult result;
  result.exit_code = 0;
  result.dry_run = true;
  return result;
}

Result<CommandResult> DryRunRunner::run_watched(const Command& command, const Watcher& /*watcher*/,
                                                std::chrono::milliseconds /*every*/) {
  return run(command);
}

std::vector<Command> DryRunRunner::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

Result<CommandResult> OfflineRunner::run(const Command& command) {
  return fail(ExitCode::failed, "internal error: an offline preview tried to run `" + command.display() + "`");
}

Result<CommandResult> OfflineRunner::run_watched(const Command& command, const Watcher& /*watcher*/,
                                                 std::chrono::milliseconds /*every*/) {
  return run(command);
}

}  // namespace altinity_deploy::exec
