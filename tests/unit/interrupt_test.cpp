#include <gtest/gtest.h>

#include <csignal>

#include "altinity_deploy/core/interrupt.hpp"

namespace altinity_deploy::core {
namespace {

// Installs the handlers for one test and puts the previous dispositions back,
// so a Ctrl-C on the test binary still works afterwards.
class InterruptHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], nullptr, &saved_[i]);
    install_interrupt_handlers();
    reset_interrupt_for_tests();
  }
  void TearDown() override {
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &saved_[i], nullptr);
    reset_interrupt_for_tests();
  }

  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGPIPE};
  struct sigaction saved_[3] {};
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

}  // namespace
}  // namespace altinity_deploy::core
