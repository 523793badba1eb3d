#pragma once
// A child that runs while the caller does other things: started like every
// other child (src/exec/spawn_child: argv, own process group, stdin from
// /dev/null, SIGTERM when the deployer dies), its output read as it grows.
// For the fleet, which supervises one deployer per target from one thread.
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::exec {

class BackgroundProcess {
 public:
  static Result<BackgroundProcess> start(const Command& command);
  BackgroundProcess(BackgroundProcess&&) noexcept;
  BackgroundProcess& operator=(BackgroundProcess&&) noexcept;
  ~BackgroundProcess();  // a child still running gets SIGTERM and is reaped

  // What the child wrote since the last call (whole or partial lines).
  std::string new_stdout();
  std::string new_stderr();
  // The exit code (128+N for signal N) once it has ended; never blocks.
  std::optional<int> poll_exit();
  // Sends `signal_number` to the child's process group.
  void signal(int signal_number) const;
  pid_t pid() const;

 private:
  struct State;
  explicit BackgroundProcess(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace altinity_deploy::exec
