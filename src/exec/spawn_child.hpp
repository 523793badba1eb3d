#pragma once
// The POSIX plumbing under ProcessRunner: file descriptors that close
// themselves, and starting a child with its pipes. Private to src/exec/.
#include <sys/types.h>

#include <csignal>

#include <string>
#include <utility>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::exec::detail {

using UniqueFd = core::UniqueFd;

// A started child: its pid (also its process group id), the parent's end of
// its stdin pipe and the files its stdout and stderr go to.
//
// stdin_pipe is open only when the command has stdin data; it is non-blocking
// so the parent never stalls writing to a child that does not read.
//
// stdout and stderr are anonymous in-memory files (memfd), not pipes: read
// after the child has exited (pread from 0, never moving the shared offset).
// A pipe would lose its reader when the deployer dies, and helm (a Go
// program) dies of SIGPIPE at its first write to a broken stdout or stderr,
// which it makes at once on SIGTERM ("Release ... has been cancelled"), so
// it would never roll back. A file never breaks; nor can a full pipe stall it.
struct SpawnedChild {
  pid_t pid = -1;
  UniqueFd stdin_pipe;
  UniqueFd stdout_file;
  UniqueFd stderr_file;
};

// Starts command.argv[0] (looked up on PATH like execvp) in a new process
// group, never through a shell. Fails with ExitCode::unavailable when the
// program cannot be executed.
//
// The child gets SIGTERM when the deployer dies, even by SIGKILL
// (PR_SET_PDEATHSIG), so helm and kubectl never outlive it. The kernel sends
// that signal when the *thread* that forked exits, so the calling thread must
// outlive the child: every caller (ProcessRunner::run on the main thread, a
// batch worker, the fail-fast watcher, the lock renewer) supervises and reaps
// its child before it returns, and a thread of ours only ends after that.
Result<SpawnedChild> spawn_child(const Command& command);

// The signal a child gets when the deployer dies: SIGTERM, never SIGKILL, so
// that helm marks the release failed and rolls it back under atomic.
inline constexpr int kParentDeathSignal = SIGTERM;

// The Error for a program that could not be started, e.g.
// "cannot run 'helm': No such file or directory".
Error start_failure(const std::string& program, int error_number);

}  // namespace altinity_deploy::exec::detail
