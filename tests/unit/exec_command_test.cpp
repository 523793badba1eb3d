#include <gtest/gtest.h>

#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::exec {
namespace {

// Command is an aggregate; -Wextra wants every member in a braced init.
Command argv(std::vector<std::string> words) {
  Command command;
  command.argv = std::move(words);
  return command;
}

TEST(CommandDisplay, LeavesPlainWordsAlone) {
  Command command = argv({"helm", "upgrade", "--install", "ops", "altinity/clickhouse-operator", "--version=0.25.3"});
  EXPECT_EQ(command.display(), "helm upgrade --install ops altinity/clickhouse-operator --version=0.25.3");
}

TEST(CommandDisplay, QuotesWordsTheShellWouldSplitOrExpand) {
  Command command = argv({"helm", "--set", "a=b c", "it's", "", "$HOME", "*", "x;y"});
  EXPECT_EQ(command.display(), R"(helm --set 'a=b c' 'it'\''s' '' '$HOME' '*' 'x;y')");
}

TEST(CommandDisplay, EmptyArgvIsEmpty) { EXPECT_EQ(Command{}.display(), ""); }

TEST(CommandResultErrTail, KeepsTheLastNonEmptyLines) {
  CommandResult result;
  result.err = "one\ntwo\n\nthree\r\n  \nfour\n\n";
  EXPECT_EQ(result.err_tail(2), "three\nfour");
  EXPECT_EQ(result.err_tail(), "one\ntwo\nthree\nfour");
  EXPECT_EQ(result.err_tail(0), "");
}

TEST(CommandResultErrTail, WorksWithoutAFinalNewline) {
  CommandResult result;
  result.err = "Error: UPGRADE FAILED: timed out";
  EXPECT_EQ(result.err_tail(1), "Error: UPGRADE FAILED: timed out");
  EXPECT_EQ(CommandResult{}.err_tail(), "");
}

TEST(CommandResultOk, OnlyACleanZeroExitIsOk) {
  CommandResult result;
  result.exit_code = 0;
  EXPECT_TRUE(result.ok());
  result.timed_out = true;
  EXPECT_FALSE(result.ok());
  result.timed_out = false;
  result.interrupted = true;
  EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace altinity_deploy::exec
