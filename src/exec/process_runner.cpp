// ProcessRunner: starts a child (spawn_child.cpp) and supervises it in
// one poll() loop, in the spirit of ninja's subprocess code: feed stdin,
// enforce the timeout, ask the watcher, pass on interrupts, always reap, and
// then read what the child wrote to its stdout and stderr files.
#include "altinity_deploy/exec/process_runner.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "altinity_deploy/core/interrupt.hpp"
#include "spawn_child.hpp"

namespace altinity_deploy::exec {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

// How long a child gets between SIGTERM and SIGKILL after a timeout.
constexpr auto kTermGrace = 5s;
// How long a child gets to wind down after a forwarded SIGINT/SIGTERM or a
// watcher's stop when the command has no timeout of its own (helm rolls back
// in that time).
constexpr auto kInterruptGrace = 60s;
// Longest poll() sleep: bounds how late we notice an interrupt that was
// delivered to another thread (and the child's exit, without a pidfd).
constexpr auto kTick = 100ms;

// A descriptor that becomes readable when the child exits (Linux 5.3+), so
// that poll() wakes at once; without one the loop notices within kTick.
detail::UniqueFd open_pidfd(pid_t pid) {
  return detail::UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
}

// The most a child may print on stdout or stderr: far above any real
// helm or kubectl answer (a release Secret list of a big cluster is a few
// MiB), and a bound on the memory a runaway or hostile child can make us
// take (docs/hostile-input.md).
constexpr off_t kMaxChildOutput = off_t{64} * 1024 * 1024;

// The size of an output file, or -1.
off_t output_size(const detail::UniqueFd& file) {
  struct stat info {};
  return ::fstat(file.get(), &info) == 0 ? info.st_size : -1;
}

// Everything written to an output file, from its start.
std::string read_output(const detail::UniqueFd& file) {
  std::string text;
  std::array<char, 65536> buffer;
  off_t offset = 0;
  while (true) {
    const ssize_t n = pread(file.get(), buffer.data(), buffer.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer.data(), static_cast<size_t>(n));
    offset += n;
  }
}

int to_exit_code(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// One running child, from spawn to reap. The destructor kills and reaps a
// child that is still running (e.g. when a watcher threw), so no path leaves
// a zombie or an orphan.
class Supervisor {
 public:
  // `started` and `interrupts_before` are taken before the spawn, so neither
  // the time nor a signal that arrives during it is missed.
  Supervisor(detail::SpawnedChild child, Clock::time_point started, int interrupts_before, const Command& command,
             const Watcher* watcher, milliseconds every)
      : child_(std::move(child)),
        command_(command),
        watcher_(watcher),
        every_(std::max(every, milliseconds(10))),
        started_(started),
        interrupts_seen_(interrupts_before),
        pidfd_(open_pidfd(child_.pid)) {
    if (command.timeout > 0ms) deadline_ = started_ + command.timeout;
    if (watcher_ != nullptr && *watcher_) next_watch_ = started_ + every_;
  }
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  ~Supervisor() {
    if (!reaped_) {
      signal_group(SIGKILL);
      int status = 0;
      while (waitpid(child_.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  Result<CommandResult> run() {
    while (true) {
      const auto now = Clock::now();
      check_interrupt(now);
      check_timeout(now);
      check_watcher(now);
      if (kill_at_ && now >= *kill_at_) {
        signal_group(SIGKILL);
        kill_at_.reset();
      }
      try_reap(now);
      if (reaped_) break;
      wait_for_event(now);
    }
    // A child we stopped leaves nothing behind: its children that ignored the
    // SIGTERM go too. (Its group id cannot have been reused this soon.)
    if (stopping_) killpg(child_.pid, SIGKILL);
    const std::array<std::pair<const detail::UniqueFd*, const char*>, 2> outputs = {
        {{&child_.stdout_file, "stdout"}, {&child_.stderr_file, "stderr"}}};
    for (const auto& [file, stream] : outputs) {
      if (const off_t size = output_size(*file); size > kMaxChildOutput) {
        const std::string& program = command_.argv.front();
        return fail(ExitCode::failed,
                    fmt::format("{} printed {} MiB on {}, more than the {} MiB this tool reads from a command; "
                                "nothing of it was used",
                                program.substr(program.rfind('/') + 1), size / (1024 * 1024), stream,
                                kMaxChildOutput / (1024 * 1024)),
                    "check which cluster and release the command was pointed at (run it with -v to see it)");
      }
    }
    result_.out = read_output(child_.stdout_file);
    result_.err = read_output(child_.stderr_file);
    result_.elapsed = std::chrono::duration_cast<milliseconds>(reaped_at_ - started_);
    return std::move(result_);
  }

 private:
  // The child leads its own group: signalling the group reaches anything it
  // started too. Once reaped, only signal when a kill is pending, because the
  // group may by then be empty.
  void signal_group(int signal_number) {
    if (!reaped_ || kill_at_) killpg(child_.pid, signal_number);
  }

  void begin_stop(Clock::time_point now, int signal_number, Clock::duration grace) {
    stopping_ = true;
    signal_group(signal_number);
    const auto kill_at = now + grace;
    if (!kill_at_ || kill_at < *kill_at_) kill_at_ = kill_at;
  }

  // A SIGINT/SIGTERM/SIGHUP that reached the deployer while this child runs
  // goes on to the child once; helm uses it to mark the release failed and
  // roll back, so the child keeps running and its output is still collected.
  void check_interrupt(Clock::time_point now) {
    const int count = core::interrupt_count();
    if (count == interrupts_seen_ || reaped_) return;
    interrupts_seen_ = count;
    const int signal_number = core::interrupt_signal();
    if (signal_number == 0) return;  // reset by a test meanwhile
    if (!result_.interrupted) {
      result_.interrupted = true;
      // helm winds down on SIGINT and SIGTERM only; SIGHUP (a dropped SSH
      // session) would kill it on the spot, mid-upgrade.
      begin_stop(now, signal_number == SIGHUP ? SIGTERM : signal_number, wind_down_grace());
    } else {
      // A second signal: the user insists, stop the child now.
      begin_stop(now, SIGKILL, 0s);
    }
  }

  // How long a child asked to stop (interrupt, watcher) may take to wind down.
  Clock::duration wind_down_grace() const {
    return command_.timeout > 0ms ? Clock::duration(command_.timeout) : Clock::duration(kInterruptGrace);
  }

  void check_timeout(Clock::time_point now) {
    if (!deadline_ || now < *deadline_ || reaped_ || stopping_) return;
    result_.timed_out = true;
    begin_stop(now, SIGTERM, kTermGrace);
  }

  void check_watcher(Clock::time_point now) {
    if (!next_watch_ || now < *next_watch_ || reaped_ || stopping_) return;
    next_watch_ = now + every_;
    if (auto reason = (*watcher_)()) {
      result_.stopped_because = std::move(*reason);
      // The same grace as a forwarded interrupt, not kTermGrace: the watcher
      // stops helm (fail-fast), and helm answers SIGTERM by rolling the
      // release back; a SIGKILL during that rollback would leave the release
      // stuck in pending-rollback.
      begin_stop(Clock::now(), SIGTERM, wind_down_grace());
    }
  }

  void try_reap(Clock::time_point now) {
    int status = 0;
    const pid_t done = waitpid(child_.pid, &status, WNOHANG);
    if (done == child_.pid) {
      result_.exit_code = to_exit_code(status);
    } else if (!(done < 0 && errno == ECHILD)) {
      return;  // still running (or EINTR: try again next round)
    }
    // ECHILD: someone else reaped it (SIGCHLD ignored); the exit code is lost.
    reaped_ = true;
    reaped_at_ = now;
  }

  // Sleeps in poll() until the child exits, stdin can take more, or the next
  // timer (timeout, watcher, kill, tick) is due.
  void wait_for_event(Clock::time_point now) {
    std::array<pollfd, 2> fds{};
    nfds_t count = 0;
    if (pidfd_.is_open()) fds[count++] = pollfd{pidfd_.get(), POLLIN, 0};
    if (child_.stdin_pipe.is_open()) fds[count++] = pollfd{child_.stdin_pipe.get(), POLLOUT, 0};

    const int rc = poll(fds.data(), count, timeout_ms(now));
    if (rc <= 0) return;  // timer, or EINTR from a signal: the loop re-checks
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents != 0 && fds[i].fd == child_.stdin_pipe.get()) feed_stdin();
    }
  }

  int timeout_ms(Clock::time_point now) const {
    Clock::duration wait = kTick;
    for (const auto& due : {deadline_, next_watch_, kill_at_}) {
      if (due) wait = std::min<Clock::duration>(wait, *due - now);
    }
    const auto ms = std::chrono::ceil<milliseconds>(std::max<Clock::duration>(wait, 0s)).count();
    return static_cast<int>(ms);
  }

  // Non-blocking writes of what the pipe takes; a child that stops reading
  // (EPIPE) simply gets no more.
  void feed_stdin() {
    const std::string& data = command_.stdin_data;
    const size_t chunk = std::min<size_t>(data.size() - stdin_written_, 65536);
    const ssize_t n = write(child_.stdin_pipe.get(), data.data() + stdin_written_, chunk);
    if (n > 0) stdin_written_ += static_cast<size_t>(n);
    if (stdin_written_ == data.size() || (n < 0 && errno != EINTR && errno != EAGAIN)) {
      child_.stdin_pipe.reset();  // EOF for the child
    }
  }

  detail::SpawnedChild child_;
  const Command& command_;
  const Watcher* watcher_;
  const milliseconds every_;
  const Clock::time_point started_;
  int interrupts_seen_;
  detail::UniqueFd pidfd_;

  std::optional<Clock::time_point> deadline_;
  std::optional<Clock::time_point> next_watch_;
  std::optional<Clock::time_point> kill_at_;
  size_t stdin_written_ = 0;
  bool stopping_ = false;  // a timeout, watcher or interrupt began to stop the child
  bool reaped_ = false;
  Clock::time_point reaped_at_;
  CommandResult result_;
};

Result<CommandResult> supervise(const Command& command, const Watcher* watcher, milliseconds every) {
  const auto started = Clock::now();
  const int interrupts_before = core::interrupt_count();
  auto child = detail::spawn_child(command);
  if (!child) return tl::unexpected(child.error());
  Supervisor supervisor(std::move(*child), started, interrupts_before, command, watcher, every);
  return supervisor.run();
}

}  // namespace

Result<CommandResult> ProcessRunner::run(const Command& command) { return supervise(command, nullptr, kTick); }

Result<CommandResult> ProcessRunner::run_watched(const Command& command, const Watcher& watcher,
                                                 milliseconds every) {
  return supervise(command, &watcher, every);
}

}  // namespace altinity_deploy::exec
