#include "altinity_deploy/exec/verbose_runner.hpp"

#include <string>

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::exec {

Result<CommandResult> VerboseRunner::logged(const Command& command,
                                            const std::function<Result<CommandResult>()>& call) {
  log::debug("$ {}", command.display());
  auto result = call();
  // Named, because calls of a batch run side by side and finish in any order.
  std::string name = command.argv.empty() ? std::string{} : command.argv[0];
  if (auto slash = name.rfind('/'); slash != std::string::npos) name.erase(0, slash + 1);
  if (command.argv.size() > 1) name += " " + command.argv[1];
  if (result) {
    log::debug("  -> {}: exit {} in {} ms{}", name, result->exit_code, result->elapsed.count(),
               result->timed_out ? " (timed out)" : "");
  } else {
    log::debug("  -> {}: not started: {}", name, result.error().message);
  }
  return result;
}

Result<CommandResult> VerboseRunner::run(const Command& command) {
  return logged(command, [&] { return inner_.run(command); });
}

Result<CommandResult> VerboseRunner::run_watched(const Command& command, const Watcher& watcher,
                                                 std::chrono::milliseconds every) {
  return logged(command, [&] { return inner_.run_watched(command, watcher, every); });
}

}  // namespace altinity_deploy::exec
