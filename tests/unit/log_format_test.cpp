// The log lines' exact bytes: spdlog writes them, in the format the project had before it.
#include <gtest/gtest.h>

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::log {
namespace {

class LogFormatTest : public ::testing::Test {
 protected:
  void TearDown() override { configure({}); }

  static std::string logged(const Settings& settings) {
    configure(settings);
    ::testing::internal::CaptureStderr();
    debug("step {} took {} ms", "helm version", 12);
    info("release {} is {}", "op", "deployed");
    warn("quote {{this}}: {}", "0.30");
    error("cannot run '{}'", "helm");
    return ::testing::internal::GetCapturedStderr();
  }
};

TEST_F(LogFormatTest, PlainLinesOffATerminal) {
  EXPECT_EQ(logged({}),
            "release op is deployed\n"
            "warning: quote {this}: 0.30\n"
            "error: cannot run 'helm'\n");
}

TEST_F(LogFormatTest, VerboseAddsIndentedDebugLines) {
  EXPECT_EQ(logged({.verbose = true}),
            "  step helm version took 12 ms\n"
            "release op is deployed\n"
            "warning: quote {this}: 0.30\n"
            "error: cannot run 'helm'\n");
}

TEST_F(LogFormatTest, QuietKeepsWarningsAndErrorsOnly) {
  EXPECT_EQ(logged({.verbose = true, .quiet = true}),
            "warning: quote {this}: 0.30\n"
            "error: cannot run 'helm'\n");
}

TEST_F(LogFormatTest, ColourOnATerminalWrapsDebugWarningAndErrorButNotInfo) {
  EXPECT_EQ(logged({.verbose = true, .colour = true}),
            "\033[2m  step helm version took 12 ms\033[0m\n"
            "release op is deployed\n"
            "\033[33mwarning: quote {this}: 0.30\033[0m\n"
            "\033[31merror: cannot run 'helm'\033[0m\n");
}

TEST_F(LogFormatTest, BracesInTheTextAreNotFormatAgain) {
  configure({});
  ::testing::internal::CaptureStderr();
  write(Level::info, core::escaped("values: {a: {b: 1}}"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "values: {a: {b: 1}}\n");
}

}  // namespace
}  // namespace altinity_deploy::log
