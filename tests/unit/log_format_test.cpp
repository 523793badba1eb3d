// The log lines' exact bytes: spdlog writes them, in the format the project had before it.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <thread>

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

// -q and -v are spdlog's own level filter (configure sets the logger's level).
TEST_F(LogFormatTest, TheLevelIsSpdlogs) {
  configure({});
  EXPECT_FALSE(enabled(Level::debug));
  EXPECT_TRUE(enabled(Level::info));
  configure({.verbose = true});
  EXPECT_TRUE(enabled(Level::debug));
  configure({.verbose = true, .quiet = true});
  EXPECT_FALSE(enabled(Level::info));
  EXPECT_TRUE(enabled(Level::warn));
  EXPECT_TRUE(enabled(Level::err));
}

// The sink's one lock holds log lines and the status line apart: from two
// threads at once, every piece between line ends and line clears is whole.
TEST_F(LogFormatTest, LogLinesAndTheStatusLineNeverShareALine) {
  configure({.status_line = true});
  ::testing::internal::CaptureStderr();
  std::thread status([] {
    for (int i = 0; i < 300; ++i) show_status(core::escaped_format("waiting: {}s", i));
  });
  for (int i = 0; i < 300; ++i) info("line {}", i);
  status.join();
  clear_status();
  std::string out = ::testing::internal::GetCapturedStderr();
  out = std::regex_replace(out, std::regex(R"(\r\x1b\[K)"), "\n");
  std::istringstream pieces(out);
  int lines = 0;
  for (std::string piece; std::getline(pieces, piece);) {
    if (piece.empty()) continue;
    ASSERT_TRUE(std::regex_match(piece, std::regex("line [0-9]+|waiting: [0-9]+s"))) << "'" << piece << "'";
    if (piece.starts_with("line ")) ++lines;
  }
  EXPECT_EQ(lines, 300);
}

}  // namespace
}  // namespace altinity_deploy::log
