#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "altinity_deploy/core/interrupt.hpp"

namespace altinity_deploy::core {
namespace {

// Installs the handlers for one test and puts the previous dispositions back,
// so a Ctrl-C on the test binary still works afterwards.
class InterruptHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) sigaction(kSignals[i], nullptr, &saved_[i]);
    install_interrupt_handlers();
    reset_interrupt_for_tests();
  }
  void TearDown() override {
    for (int i = 0; i < 4; ++i) sigaction(kSignals[i], &saved_[i], nullptr);
    reset_interrupt_for_tests();
  }

  static constexpr int kSignals[4] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  struct sigaction saved_[4] {};
};

TEST_F(InterruptHandlers, NothingRecordedAtFirst) {
  EXPECT_FALSE(interrupted());
  EXPECT_EQ(interrupt_signal(), 0);
  EXPECT_EQ(interrupt_count(), 0);
}

TEST_F(InterruptHandlers, RecordsSigint) {
  raise(SIGINT);
  EXPECT_TRUE(interrupted());
  EXPECT_EQ(interrupt_signal(), SIGINT);
  EXPECT_EQ(interrupt_count(), 1);
}

TEST_F(InterruptHandlers, RecordsTheLatestSignalAndCountsThemAll) {
  raise(SIGTERM);
  EXPECT_EQ(interrupt_signal(), SIGTERM);
  raise(SIGINT);
  EXPECT_EQ(interrupt_signal(), SIGINT);
  EXPECT_EQ(interrupt_count(), 2);
}

TEST_F(InterruptHandlers, ResetClearsEverything) {
  raise(SIGTERM);
  reset_interrupt_for_tests();
  EXPECT_FALSE(interrupted());
  EXPECT_EQ(interrupt_count(), 0);
}

TEST_F(InterruptHandlers, RecordsSighupLikeSigterm) {
  raise(SIGHUP);  // a dropped SSH session; would end the test binary if not handled
  EXPECT_TRUE(interrupted());
  EXPECT_EQ(interrupt_signal(), SIGHUP);
  EXPECT_EQ(interrupt_count(), 1);
}

TEST_F(InterruptHandlers, IgnoresSigpipe) {
  raise(SIGPIPE);  // would end the test binary if not ignored
  struct sigaction current {};
  sigaction(SIGPIPE, nullptr, &current);
  EXPECT_EQ(current.sa_handler, SIG_IGN);
  EXPECT_FALSE(interrupted());
}

TEST_F(InterruptHandlers, HandlersDoNotRestartSystemCalls) {
  // Without SA_RESTART a blocking poll() returns EINTR on Ctrl-C at once.
  struct sigaction current {};
  sigaction(SIGINT, nullptr, &current);
  EXPECT_EQ(current.sa_flags & SA_RESTART, 0);
  sigaction(SIGTERM, nullptr, &current);
  EXPECT_EQ(current.sa_flags & SA_RESTART, 0);
}

// validate, render, plan and status change nothing: a signal ends them at once
// with 130, even in the middle of a long computation (a big manifest).
int exit_status_of_busy_process_after(int signal_number) {
  int ready[2];
  if (pipe(ready) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    install_interrupt_handlers(OnInterrupt::exit_now);
    [[maybe_unused]] const ssize_t n = write(ready[1], "x", 1);
    volatile unsigned long spin = 0;
    while (true) spin = spin + 1;  // never polls interrupted()
  }
  char byte = 0;
  [[maybe_unused]] const ssize_t n = read(ready[0], &byte, 1);
  close(ready[0]);
  close(ready[1]);
  kill(pid, signal_number);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

TEST(InterruptExitNow, EveryInterruptSignalStopsABusyVerbWith130) {
  EXPECT_EQ(exit_status_of_busy_process_after(SIGINT), 130);
  EXPECT_EQ(exit_status_of_busy_process_after(SIGTERM), 130);
  EXPECT_EQ(exit_status_of_busy_process_after(SIGHUP), 130);
}

}  // namespace
}  // namespace altinity_deploy::core
