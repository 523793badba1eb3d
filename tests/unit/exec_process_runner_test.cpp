// ProcessRunner against real programs: /bin/sh, cat, sleep, tee.
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "support/scoped_interrupt_handlers.hpp"

namespace altinity_deploy::exec {
namespace {

// Command is an aggregate; -Wextra wants every member in a braced init.
Command argv(std::vector<std::string> words) {
  Command command;
  command.argv = std::move(words);
  return command;
}

using namespace std::chrono_literals;

Command shell(const std::string& script) { return argv({"/bin/sh", "-c", script}); }

CommandResult run_ok(const Command& command) {
  ProcessRunner runner;
  auto result = runner.run(command);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return result ? *result : CommandResult{};
}

int open_fd_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr) ++count;
    closedir(dir);
  }
  return count;
}

// True once `pid` is gone or a zombie waiting for init (which may never reap
// it in a container).
bool process_is_dead(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const auto state_at = text.rfind(')') + 2;
  return state_at >= text.size() || text[state_at] == 'Z' || text[state_at] == 'X';
}

TEST(ProcessRunner, RunsAProgramFromPath) {
  const auto result = run_ok(argv({"echo", "hello", "world"}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "hello world\n");
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(result.ok());
}

TEST(ProcessRunner, CapturesStdoutAndStderrSeparately) {
  const auto result = run_ok(shell("echo out; echo err >&2; exit 3"));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
  EXPECT_FALSE(result.ok());
}

TEST(ProcessRunner, NeverGoesThroughAShell) {
  const auto result = run_ok(argv({"echo", "$HOME", "a;b", "*"}));
  EXPECT_EQ(result.out, "$HOME a;b *\n");
}

TEST(ProcessRunner, MissingProgramIsUnavailable) {
  ProcessRunner runner;
  const auto result = runner.run(argv({"altinity-no-such-program", "version"}));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ExitCode::unavailable);
  EXPECT_EQ(result.error().message, "cannot run 'altinity-no-such-program': No such file or directory");
  EXPECT_NE(result.error().hint, "");
}

TEST(ProcessRunner, MissingProgramByPathIsUnavailable) {
  ProcessRunner runner;
  const auto result = runner.run(argv({"/nonexistent/bin/helm"}));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "cannot run '/nonexistent/bin/helm': No such file or directory");
}

TEST(ProcessRunner, NonExecutableFileIsUnavailable) {
  char path[] = "/tmp/altinity-exec-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "#!/bin/sh\necho hi\n", 18), 18);
  close(fd);
  chmod(path, 0644);  // no x bit: even root cannot exec it
  ProcessRunner runner;
  const auto result = runner.run(argv({path}));
  unlink(path);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ExitCode::unavailable);
  EXPECT_EQ(result.error().message, std::string("cannot run '") + path + "': Permission denied");
}

TEST(ProcessRunner, EmptyCommandFails) {
  ProcessRunner runner;
  EXPECT_FALSE(runner.run(Command{}).has_value());
}

TEST(ProcessRunner, ChildKilledBySignalReports128PlusSignal) {
  EXPECT_EQ(run_ok(shell("kill -9 $$")).exit_code, 128 + SIGKILL);
  EXPECT_EQ(run_ok(shell("kill -TERM $$")).exit_code, 128 + SIGTERM);
}

TEST(ProcessRunner, StdinIsDevNullByDefault) {
  const auto result = run_ok(argv({"cat"}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
}

TEST(ProcessRunner, FeedsStdinData) {
  Command command = argv({"cat"});
  command.stdin_data = "replicaCount: 2\n";
  EXPECT_EQ(run_ok(command).out, "replicaCount: 2\n");
}

TEST(ProcessRunner, LargeStdinAndLargeOutputDoNotDeadlock) {
  // 1 MiB in, 1 MiB on each of stdout and stderr: far beyond pipe buffers,
  // so writing all stdin before reading would hang.
  std::string data;
  for (int i = 0; data.size() < (1u << 20); ++i) data += "line " + std::to_string(i) + " of the values file\n";
  Command command = argv({"tee", "/dev/stderr"});
  command.stdin_data = data;
  command.timeout = 20s;
  const auto result = run_ok(command);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.out.size(), data.size());
  EXPECT_TRUE(result.out == data);
  EXPECT_TRUE(result.err == data);
}

TEST(ProcessRunner, ChildThatIgnoresStdinDoesNotHurt) {
  Command command = shell("exit 0");
  command.stdin_data = std::string(1 << 20, 'x');  // EPIPE, not SIGPIPE
  EXPECT_EQ(run_ok(command).exit_code, 0);
}

TEST(ProcessRunner, AppliesEnvironmentOverrides) {
  setenv("ALTINITY_TEST_OVERRIDDEN", "old", 1);
  Command command = shell("echo \"$ALTINITY_TEST_NEW|$ALTINITY_TEST_OVERRIDDEN\"; env | grep -c '^ALTINITY_TEST_OVERRIDDEN='");
  command.env = {{"ALTINITY_TEST_NEW", "a value"}, {"ALTINITY_TEST_OVERRIDDEN", "new"}};
  const auto result = run_ok(command);
  unsetenv("ALTINITY_TEST_OVERRIDDEN");
  EXPECT_EQ(result.out, "a value|new\n1\n");
}

TEST(ProcessRunner, InheritsTheEnvironment) {
  setenv("ALTINITY_TEST_INHERITED", "yes", 1);
  const auto result = run_ok(shell("echo $ALTINITY_TEST_INHERITED"));
  unsetenv("ALTINITY_TEST_INHERITED");
  EXPECT_EQ(result.out, "yes\n");
}

TEST(ProcessRunner, ChildInheritsNoOtherDescriptors) {
  // A descriptor opened without O_CLOEXEC, as some library might.
  const int opened = open("/dev/null", O_RDONLY);
  const int leaked = fcntl(opened, F_DUPFD, 50);
  close(opened);
  ASSERT_GE(leaked, 50);
  const auto fd = std::to_string(leaked);
  const auto result = run_ok(shell("for fd in 0 1 2 " + fd + "; do test -e /proc/self/fd/$fd && echo $fd; done"));
  close(leaked);
  EXPECT_EQ(result.out, "0\n1\n2\n");
}

TEST(ProcessRunner, ChildRunsInItsOwnProcessGroup) {
  const auto result = run_ok(shell("ps -o pgid= -p $$ 2>/dev/null || cut -d' ' -f5 /proc/$$/stat; echo $$"));
  // The first line is the child's process group id, the second its pid.
  const auto newline = result.out.find('\n');
  ASSERT_NE(newline, std::string::npos) << result.out;
  EXPECT_EQ(std::stoi(result.out.substr(0, newline)), std::stoi(result.out.substr(newline + 1)));
  EXPECT_NE(std::stoi(result.out.substr(0, newline)), getpgrp());
}

TEST(ProcessRunner, MeasuresElapsedTime) {
  const auto result = run_ok(argv({"sleep", "0.2"}));
  EXPECT_GE(result.elapsed, 200ms);
  EXPECT_LT(result.elapsed, 5000ms);
}

TEST(ProcessRunner, TimeoutKillsTheChild) {
  Command command = argv({"sleep", "30"});
  command.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_ok(command);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.exit_code, 128 + SIGTERM);
  EXPECT_GE(result.elapsed, 300ms);
}

TEST(ProcessRunner, TimeoutKillsGrandchildrenToo) {
  Command command = shell("sleep 30 & echo $!; sleep 30 & echo $!; wait");
  command.timeout = 300ms;
  const auto result = run_ok(command);
  EXPECT_TRUE(result.timed_out);
  const auto newline = result.out.find('\n');
  ASSERT_NE(newline, std::string::npos) << result.out;
  for (const auto& pid_text : {result.out.substr(0, newline), result.out.substr(newline + 1)}) {
    const pid_t grandchild = std::stoi(pid_text);
    for (int i = 0; i < 50 && !process_is_dead(grandchild); ++i) std::this_thread::sleep_for(20ms);
    EXPECT_TRUE(process_is_dead(grandchild)) << "grandchild " << grandchild << " survived the timeout";
  }
}

TEST(ProcessRunner, TimeoutEscalatesToSigkillForAChildIgnoringSigterm) {
  Command command = shell("trap '' TERM; echo ready; sleep 30");
  command.timeout = 200ms;
  const auto result = run_ok(command);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_EQ(result.out, "ready\n");
  EXPECT_GE(result.elapsed, 5000ms);  // the SIGTERM grace
  EXPECT_LT(result.elapsed, 10000ms);
}

TEST(ProcessRunner, ChildThatExitsLeavingABackgroundJobReturnsPromptly) {
  // The background sleep keeps the pipes open; we must not wait for it.
  const auto result = run_ok(shell("sleep 3 & echo started"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "started\n");
  EXPECT_LT(result.elapsed, 2000ms);
}

TEST(ProcessRunner, WatcherStopsTheChildWithItsReason) {
  ProcessRunner runner;
  int calls = 0;
  const Watcher watcher = [&]() -> std::optional<std::string> {
    if (++calls < 3) return std::nullopt;
    return "pod clickhouse-operator-0 is in CrashLoopBackOff";
  };
  const auto started = std::chrono::steady_clock::now();
  const auto result = runner.run_watched(argv({"sleep", "30"}), watcher, 50ms);
  ASSERT_TRUE(result.has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(result->stopped_because, "pod clickhouse-operator-0 is in CrashLoopBackOff");
  EXPECT_EQ(result->exit_code, 128 + SIGTERM);
  EXPECT_FALSE(result->timed_out);
  EXPECT_FALSE(result->ok());
}

TEST(ProcessRunner, WatcherIsNotCalledAfterTheChildExits) {
  ProcessRunner runner;
  int calls = 0;
  const Watcher watcher = [&]() -> std::optional<std::string> {
    ++calls;
    return std::nullopt;
  };
  const auto result = runner.run_watched(argv({"sleep", "0.3"}), watcher, 50ms);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->ok());
  EXPECT_GE(calls, 2);
  const int after = calls;
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(calls, after);
  EXPECT_EQ(result->stopped_because, "");
}

TEST(ProcessRunner, ThrowingWatcherStillReapsTheChild) {
  ProcessRunner runner;
  const Watcher watcher = []() -> std::optional<std::string> { throw std::runtime_error("boom"); };
  const int before = open_fd_count();
  EXPECT_THROW((void)runner.run_watched(shell("sleep 30"), watcher, 10ms), std::runtime_error);
  EXPECT_EQ(open_fd_count(), before);
  int status = 0;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);  // ECHILD: nothing left to reap
}

TEST(ProcessRunner, LeaksNoFileDescriptorsAndNoZombies) {
  ProcessRunner runner;
  const int before = open_fd_count();
  (void)runner.run(argv({"echo", "x"}));
  (void)runner.run(argv({"altinity-no-such-program"}));
  Command with_stdin = argv({"cat"});
  with_stdin.stdin_data = "abc";
  (void)runner.run(with_stdin);
  Command timing_out = argv({"sleep", "30"});
  timing_out.timeout = 100ms;
  (void)runner.run(timing_out);
  EXPECT_EQ(open_fd_count(), before);
  int status = 0;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);
}

TEST(ProcessRunner, ConcurrentRunsDoNotWaitForEachOther) {
  // run_concurrently() runs helm/kubectl side by side: each run waits for its
  // own child and reads its own pipes only.
  ProcessRunner runner;
  Result<CommandResult> slow, fast;
  std::thread slow_thread([&] { slow = runner.run(argv({"sleep", "1.5"})); });
  std::this_thread::sleep_for(20ms);
  for (int i = 0; i < 5; ++i) {
    fast = runner.run(shell("echo fast " + std::to_string(i)));
    ASSERT_TRUE(fast.has_value());
    EXPECT_EQ(fast->out, "fast " + std::to_string(i) + "\n");
    EXPECT_LT(fast->elapsed, 1000ms);
  }
  slow_thread.join();
  ASSERT_TRUE(slow.has_value());
  EXPECT_TRUE(slow->ok());
}

// Installs the deployer's handlers for one test and restores the previous
// dispositions afterwards.
class ProcessRunnerInterrupts : public ::testing::Test {
 protected:
  // Signals this process from another thread, as a terminal or kill(1) would.
  static std::thread signal_later(int signal_number, std::chrono::milliseconds delay) {
    return std::thread([=] {
      std::this_thread::sleep_for(delay);
      kill(getpid(), signal_number);
    });
  }

  altinity_deploy::testing::ScopedInterruptHandlers handlers_;
};

TEST_F(ProcessRunnerInterrupts, ForwardsSigtermAndCollectsTheChildsWindDown) {
  auto sender = signal_later(SIGTERM, 500ms);
  const auto result = run_ok(shell("trap 'echo got; exit 7' TERM; sleep 30 & wait"));
  sender.join();
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(result.out, "got\n");
  EXPECT_LT(result.elapsed, 10000ms);
}

TEST_F(ProcessRunnerInterrupts, ForwardsTheSameSignal) {
  auto sender = signal_later(SIGINT, 500ms);
  const auto result = run_ok(shell("trap 'echo int; exit 1' INT; trap 'echo term; exit 2' TERM; sleep 30 & wait"));
  sender.join();
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.out, "int\n");
}

TEST_F(ProcessRunnerInterrupts, SignalRaisedInsideAWatcherIsForwarded) {
  ProcessRunner runner;
  int calls = 0;
  const Watcher watcher = [&]() -> std::optional<std::string> {
    if (++calls == 5) raise(SIGTERM);
    return std::nullopt;
  };
  const auto result = runner.run_watched(shell("trap 'echo got; exit 7' TERM; sleep 30 & wait"), watcher, 100ms);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->interrupted);
  EXPECT_EQ(result->exit_code, 7);
  EXPECT_EQ(result->stopped_because, "");
}

TEST_F(ProcessRunnerInterrupts, SignalFromBeforeTheChildStartedIsNotForwarded) {
  // Cleanup commands run while unwinding after Ctrl-C must not be hit by it.
  raise(SIGINT);
  ASSERT_TRUE(core::interrupted());
  const auto result = run_ok(shell("sleep 0.3; echo done"));
  EXPECT_FALSE(result.interrupted);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.out, "done\n");
}

TEST_F(ProcessRunnerInterrupts, ChildIgnoringTheSignalIsKilledAfterItsTimeout) {
  Command command = shell("trap '' TERM; sleep 30");
  command.timeout = 1500ms;  // after a forwarded signal: the grace before SIGKILL
  auto sender = signal_later(SIGTERM, 300ms);
  const auto result = run_ok(command);
  sender.join();
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_GE(result.elapsed, 1500ms);
  EXPECT_LT(result.elapsed, 5000ms);
}

TEST_F(ProcessRunnerInterrupts, SighupIsRecordedAndPassedOnAsSigterm) {
  // helm rolls back on SIGTERM; SIGHUP (a dropped SSH session) would kill it.
  auto sender = signal_later(SIGHUP, 500ms);
  const auto result = run_ok(shell("trap 'echo hup; exit 1' HUP; trap 'echo term; exit 2' TERM; sleep 30 & wait"));
  sender.join();
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.out, "term\n");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(core::interrupt_signal(), SIGHUP);
}

TEST_F(ProcessRunnerInterrupts, SecondSignalKillsTheChildAtOnce) {
  Command command = shell("trap '' TERM; sleep 30");
  auto first = signal_later(SIGTERM, 300ms);
  auto second = signal_later(SIGTERM, 700ms);
  const auto result = run_ok(command);
  first.join();
  second.join();
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_LT(result.elapsed, 5000ms);
}

}  // namespace
}  // namespace altinity_deploy::exec

// helm and kubectl never outlive the deployer. A forked copy of this test
// process plays the deployer and starts a child that writes its pid to a
// file; this process is made a subreaper for the test, so the orphaned child
// is reparented to it and how it ended can be read with waitpid.
namespace altinity_deploy::exec {
namespace {

class DeployerDeath : public ::testing::Test {
 protected:
  void SetUp() override {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
      // qemu-user (the arm64 unit tests, scripts/arm64-unit-tests) does not implement this prctl.
      if (errno == EINVAL) {
        GTEST_SKIP() << "SKIPPED: PR_SET_CHILD_SUBREAPER is not implemented here (an emulator such as "
                        "qemu-user?); the deployer-death tests need it to read how an orphan ended";
      }
      FAIL() << "prctl(PR_SET_CHILD_SUBREAPER): " << std::strerror(errno);
    }
    dir_ = std::filesystem::temp_directory_path() / ("altinity-pdeath-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (child_ > 0 && !child_ended_) {
      kill(child_, SIGKILL);
      waitpid(child_, nullptr, 0);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    std::filesystem::remove_all(dir_);
  }

  // A shell line that records the child's pid for child_pid().
  std::string record_pid() const {
    const std::string pid_file = (dir_ / "pid").string();
    return "echo $$ > '" + pid_file + ".tmp' && mv '" + pid_file + ".tmp' '" + pid_file + "'";
  }
  // The deployer's child: records its pid, then sleeps (exec: same pid).
  Command sleeper() const { return shell(record_pid() + "; exec sleep 30"); }

  // Forks the stand-in deployer, which runs `body` and exits 0.
  pid_t start_deployer(const std::function<void()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
      body();
      _exit(0);
    }
    return pid;
  }

  // The pid the deployer's child wrote, once it is running.
  pid_t child_pid() {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
      std::ifstream in(dir_ / "pid");
      long pid = 0;
      if (in >> pid && pid > 0) return child_ = static_cast<pid_t>(pid);
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }

  // How the orphaned child ended, or nullopt when it still runs after `limit`.
  std::optional<int> child_end(std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(child_, &status, WNOHANG) == child_) {
        child_ended_ = true;
        return status;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  // SIGKILLs the deployer once its child runs; the child must end by SIGTERM.
  void expect_child_dies_with(pid_t deployer) {
    ASSERT_GT(child_pid(), 0);
    kill(deployer, SIGKILL);
    waitpid(deployer, nullptr, 0);
    expect_ended_by_sigterm(child_end(5s));
  }

  static void expect_ended_by_sigterm(const std::optional<int>& status) {
    ASSERT_TRUE(status.has_value()) << "the child still runs after its deployer died";
    EXPECT_TRUE(WIFSIGNALED(*status));
    EXPECT_EQ(WTERMSIG(*status), SIGTERM) << "helm must get SIGTERM (it rolls back), not SIGKILL";
  }

  std::filesystem::path dir_;
  pid_t child_ = -1;
  bool child_ended_ = false;
};

TEST_F(DeployerDeath, ChildOfASigkilledDeployerGetsSigterm) {
  expect_child_dies_with(start_deployer([&] { (void)ProcessRunner().run(sleeper()); }));
}

TEST_F(DeployerDeath, ChildStartedFromAWorkerThreadDiesWithTheDeployerToo) {
  // Batches run calls on worker threads; the death signal is tied to the
  // thread that started the child, which waits for it.
  expect_child_dies_with(start_deployer([&] {
    run_concurrently({[&] { (void)ProcessRunner().run(sleeper()); }, [] { std::this_thread::sleep_for(30s); }});
  }));
}

TEST_F(DeployerDeath, ChildWindingDownAfterTheDeployerDiedCanStillWriteItsOutput) {
  // helm answers SIGTERM by printing "Release ... has been cancelled", then
  // rolls back. Were its stdout a pipe, the dead deployer's end would be gone
  // and that first write would kill it (SIGPIPE) before the rollback.
  const std::string wound_down = (dir_ / "wound-down").string();
  const pid_t deployer = start_deployer([&] {
    (void)ProcessRunner().run(shell("trap 'echo cancelled; echo cancelled >&2; echo rolled back > \"" + wound_down +
                                    "\"; exit 1' TERM; " + record_pid() + "; sleep 30 & wait"));
  });
  ASSERT_GT(child_pid(), 0);
  kill(deployer, SIGKILL);
  waitpid(deployer, nullptr, 0);
  const auto status = child_end(5s);
  kill(-child_, SIGKILL);  // its background sleep
  ASSERT_TRUE(status.has_value()) << "the child still runs after its deployer died";
  EXPECT_TRUE(WIFEXITED(*status)) << "killed by signal " << WTERMSIG(*status);
  EXPECT_TRUE(std::filesystem::exists(wound_down)) << "the child died before it finished winding down";
}

TEST_F(DeployerDeath, VerbThatChangesNothingStopsAtOnceOnCtrlCAndTakesItsChildAlong) {
  const pid_t deployer = start_deployer([&] {
    core::install_interrupt_handlers(core::OnInterrupt::exit_now);
    (void)ProcessRunner().run(sleeper());
  });
  ASSERT_GT(child_pid(), 0);
  kill(deployer, SIGINT);
  int status = 0;
  waitpid(deployer, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  expect_ended_by_sigterm(child_end(5s));
}

}  // namespace
}  // namespace altinity_deploy::exec
