// Starting a child the way ninja's subprocess-posix.cc does (an argv, no
// shell, a fresh process group, default signal dispositions, descriptors that
// only the child's 0/1/2 inherit), with fork/exec instead of posix_spawn
// because the child must also die with its parent: posix_spawn cannot ask for
// PR_SET_PDEATHSIG.
//
// Between fork and exec the child of a multi-threaded parent may only make
// async-signal-safe calls (another thread may hold malloc's lock): everything
// it needs (argv, environment, the PATH candidates) is built before the fork.
#include "spawn_child.hpp"

#include "altinity_deploy/exec/process_runner.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "altinity_deploy/exec/program_path.hpp"

extern char** environ;

namespace altinity_deploy::exec {
namespace {
std::atomic<int> g_processes_started{0};
}  // namespace

int processes_started() { return g_processes_started.load(); }

}  // namespace altinity_deploy::exec

namespace altinity_deploy::exec::detail {
namespace {

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

// O_CLOEXEC from the start: no other child started concurrently (by another
// thread) can inherit these ends and keep our pipes open.
Result<Pipe> make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ExitCode::failed, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// An anonymous in-memory file for one of the child's outputs (see
// SpawnedChild for why not a pipe).
Result<UniqueFd> make_output_file(const char* name) {
  const int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) {
    return fail(ExitCode::failed, fmt::format("cannot create a file for a child's output: {}", std::strerror(errno)));
  }
  return UniqueFd(fd);
}

// "NAME=value" strings: the inherited environment with the overrides applied.
std::vector<std::string> child_environment(const Command& command) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  for (const auto& [name, value] : command.env) {
    const std::string prefix = name + "=";
    std::erase_if(entries, [&](const std::string& entry) { return entry.starts_with(prefix); });
    entries.push_back(prefix + value);
  }
  return entries;
}

std::vector<char*> as_c_array(std::vector<std::string>& words) {
  std::vector<char*> pointers;
  pointers.reserve(words.size() + 1);
  for (auto& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Writing to a child that has exited raises SIGPIPE, which by default kills
// us. The CLI ignores it in install_interrupt_handlers(); this covers other
// users of the runner (tests, tools) as long as nobody chose a handler.
void ignore_sigpipe_unless_handled() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      signal(SIGPIPE, SIG_IGN);
    }
  });
}

// Everything the child needs, prepared in the parent.
struct ChildPlan {
  int sources[3];  // become the child's 0, 1, 2
  int error_pipe;  // the child writes its exec errno here
  pid_t parent;
  std::vector<char*> candidates;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

[[noreturn]] void report_and_exit(int error_pipe, int error_number) {
  while (write(error_pipe, &error_number, sizeof error_number) < 0 && errno == EINTR) {
  }
  _exit(127);
}

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void become_child(const ChildPlan& plan) {
  // Above 2 before 0, 1 and 2 are replaced (it may be one of them when the
  // deployer was started with those closed).
  int error_pipe = plan.error_pipe;
  if (error_pipe < 3) error_pipe = fcntl(error_pipe, F_DUPFD_CLOEXEC, 3);
  // Handlers the deployer installed (and ignored signals, SIGPIPE!) must not
  // reach the program; its mask is restored to empty just before exec.
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  sigemptyset(&defaults.sa_mask);
  for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
    if (signal_number != SIGKILL && signal_number != SIGSTOP) sigaction(signal_number, &defaults, nullptr);
  }
  // Own process group: a terminal's Ctrl-C reaches only the deployer, which
  // decides what to forward, and a timeout can kill the child's children.
  if (setpgid(0, 0) != 0) report_and_exit(error_pipe, errno);
  if (prctl(PR_SET_PDEATHSIG, kParentDeathSignal) != 0) report_and_exit(error_pipe, errno);
  // The deployer may have died before the prctl took effect: then nobody
  // would ever send the death signal.
  if (getppid() != plan.parent) _exit(128 + kParentDeathSignal);

  // First out of the way (above 2), then into place: a pipe end may itself
  // be 0, 1 or 2 when the deployer was started with those closed.
  int moved[3];
  for (int i = 0; i < 3; ++i) {
    moved[i] = fcntl(plan.sources[i], F_DUPFD_CLOEXEC, 3);
    if (moved[i] < 0) report_and_exit(error_pipe, errno);
  }
  for (int i = 0; i < 3; ++i) {
    if (dup2(moved[i], i) < 0) report_and_exit(error_pipe, errno);
  }
  // Descriptors other libraries opened without O_CLOEXEC stay with us; the
  // error pipe (O_CLOEXEC) closes itself on a successful exec.
  if (error_pipe > 3) close_range(3, static_cast<unsigned>(error_pipe) - 1, 0);
  close_range(static_cast<unsigned>(error_pipe) + 1, ~0U, 0);

  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigprocmask(SIG_SETMASK, &empty_mask, nullptr);

  // execvp's search, with the candidates computed before the fork: a
  // candidate that is missing is skipped, one we may not execute is
  // remembered, any other failure ends the search.
  bool denied = false;
  for (char* candidate : plan.candidates) {
    if (candidate == nullptr) break;
    execve(candidate, plan.argv.data(), plan.envp.data());
    const int error_number = errno;
    if (error_number == EACCES) {
      denied = true;
    } else if (error_number != ENOENT && error_number != ENOTDIR && error_number != ESTALE &&
               error_number != ENODEV && error_number != ETIMEDOUT) {
      report_and_exit(error_pipe, error_number);
    }
  }
  report_and_exit(error_pipe, denied ? EACCES : ENOENT);
}

// Blocks every signal for its lifetime: the child must not run the
// deployer's handlers before it has reset them.
class AllSignalsBlocked {
 public:
  AllSignalsBlocked() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved_);
  }
  ~AllSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
  AllSignalsBlocked(const AllSignalsBlocked&) = delete;
  AllSignalsBlocked& operator=(const AllSignalsBlocked&) = delete;

 private:
  sigset_t saved_{};
};

// The errno the child reported, or 0 once exec succeeded (the pipe closed).
int read_exec_error(int fd) {
  int error_number = 0;
  while (true) {
    const ssize_t n = read(fd, &error_number, sizeof error_number);
    if (n < 0 && errno == EINTR) continue;
    return n == static_cast<ssize_t>(sizeof error_number) ? error_number : 0;
  }
}

}  // namespace

Error start_failure(const std::string& program, int error_number) {
  return Error{ExitCode::unavailable, fmt::format("cannot run '{}': {}", program, std::strerror(error_number)),
               fmt::format("Install {} or add the folder that holds it to PATH, and check that it is executable.",
                           program)};
}

Result<SpawnedChild> spawn_child(const Command& command) {
  if (command.argv.empty() || command.argv.front().empty()) {
    return fail(ExitCode::failed, "cannot run an empty command");
  }
  ignore_sigpipe_unless_handled();

  UniqueFd stdin_source;
  UniqueFd stdin_pipe;
  if (command.stdin_data.empty()) {
    stdin_source.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!stdin_source.is_open()) {
      return fail(ExitCode::failed, fmt::format("cannot open /dev/null: {}", std::strerror(errno)));
    }
  } else {
    auto in = make_pipe();
    if (!in) return tl::unexpected(in.error());
    stdin_source = std::move(in->read_end);
    stdin_pipe = std::move(in->write_end);
    fcntl(stdin_pipe.get(), F_SETFL, fcntl(stdin_pipe.get(), F_GETFL) | O_NONBLOCK);
  }
  auto out = make_output_file("altinity-deploy-child-stdout");
  if (!out) return tl::unexpected(out.error());
  auto err = make_output_file("altinity-deploy-child-stderr");
  if (!err) return tl::unexpected(err.error());
  auto exec_error = make_pipe();
  if (!exec_error) return tl::unexpected(exec_error.error());

  std::vector<std::string> argv_words = command.argv;
  std::vector<std::string> env_words = child_environment(command);
  std::vector<std::string> candidate_words = program_candidates(command.argv.front());
  ChildPlan plan{{stdin_source.get(), out->get(), err->get()},
                 exec_error->write_end.get(),
                 getpid(),
                 as_c_array(candidate_words),
                 as_c_array(argv_words),
                 as_c_array(env_words)};

  pid_t pid = -1;
  {
    AllSignalsBlocked blocked;
    pid = fork();
    if (pid == 0) become_child(plan);
  }
  if (pid < 0) return fail(ExitCode::failed, fmt::format("cannot start a process: {}", std::strerror(errno)));
  g_processes_started.fetch_add(1);

  // The child's ends now live in the child; closing ours lets EOF arrive.
  exec_error->write_end.reset();
  stdin_source.reset();
  if (const int error_number = read_exec_error(exec_error->read_end.get()); error_number != 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return tl::unexpected(start_failure(command.argv.front(), error_number));
  }

  SpawnedChild child;
  child.pid = pid;
  child.stdin_pipe = std::move(stdin_pipe);
  child.stdout_file = std::move(*out);
  child.stderr_file = std::move(*err);
  return child;
}

}  // namespace altinity_deploy::exec::detail
