#pragma once
// The real CommandRunner: fork/exec (argv[0] looked up on the deployer's
// PATH, never a shell) with stdin from /dev/null (or a pipe when the command
// has stdin data), stdout and stderr captured separately (in in-memory files,
// read once the child has exited: see src/exec/spawn_child.hpp), the child in its own
// process group and bound to the deployer's life (it gets SIGTERM when the
// deployer dies, even by SIGKILL), a timeout per call (SIGTERM to the group,
// SIGKILL 5 s later), and SIGINT/SIGTERM/SIGHUP that the deployer receives
// while the child runs passed on to it once (SIGHUP as SIGTERM): the child
// then gets the command's timeout (or 60 s) to wind down before SIGKILL, and a
// second signal kills it at once. A watcher's stop (SIGTERM) gets the same
// wind-down time, so helm can finish its rollback.
//
// A child is supervised and reaped on the thread that started it, before
// run() returns: the death signal is tied to that thread.
#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class ProcessRunner final : public CommandRunner {
 public:
  Result<CommandResult> run(const Command& command) override;
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;
};

// How many processes this deployer has started so far (helm, kubectl, any
// other), for bench/ and ALTINITY_DEPLOY_RUSAGE: the count of a run is what
// the performance targets are stated in.
int processes_started();

}  // namespace altinity_deploy::exec
