#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <csignal>

#include "support/recording_runner.hpp"

namespace altinity_deploy::exec {
namespace {

using namespace std::chrono_literals;
using Argv = std::vector<std::string>;

Command argv(Argv words) {
  Command command;
  command.argv = std::move(words);
  return command;
}

TEST(RecordingRunner, RecordsEveryCommandInOrder) {
  RecordingRunner runner;
  runner.on({"helm"}).reply(0);
  runner.on({"kubectl"}).reply(0);
  (void)runner.run(argv({"helm", "version"}));
  (void)runner.run(argv({"kubectl", "get", "ns"}));
  EXPECT_EQ(runner.commands(), (std::vector<Argv>{{"helm", "version"}, {"kubectl", "get", "ns"}}));
}

TEST(RecordingRunner, AnUnexpectedCommandFailsTheTestAndDoesNotStart) {
  RecordingRunner runner;
  Result<CommandResult> result;
  EXPECT_NONFATAL_FAILURE(result = runner.run(argv({"helm", "version"})), "no rule for the command `helm version`");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(runner.commands(), (std::vector<Argv>{{"helm", "version"}}));
}

TEST(RecordingRunner, FallbackRulesAnswerOnlyWhenNoOtherRuleDoes) {
  RecordingRunner runner;
  runner.fallback({"kubectl", "delete"}).reply(0, "fallback");
  runner.on({"kubectl", "delete"}).reply(1, "rule").once();
  EXPECT_EQ(runner.run(argv({"kubectl", "delete", "x"}))->out, "rule");
  EXPECT_EQ(runner.run(argv({"kubectl", "delete", "x"}))->out, "fallback");
}

TEST(RecordingRunner, DefaultAnswerCanBeChanged) {
  RecordingRunner runner;
  CommandResult unexpected;
  unexpected.exit_code = 99;
  unexpected.err = "unexpected command";
  runner.set_default(unexpected);
  EXPECT_EQ(runner.run(argv({"helm"}))->exit_code, 99);
}

TEST(RecordingRunner, AnswersFromTheFirstMatchingRule) {
  RecordingRunner runner;
  runner.on({"helm", "status"}).reply(0, R"({"info":{"status":"deployed"}})");
  runner.on({"helm"}).reply(1, "", "Error: unknown command");
  EXPECT_EQ(runner.run(argv({"helm", "status", "ops", "-o", "json"}))->out, R"({"info":{"status":"deployed"}})");
  const auto other = runner.run(argv({"helm", "list"}));
  EXPECT_EQ(other->exit_code, 1);
  EXPECT_EQ(other->err, "Error: unknown command");
}

TEST(RecordingRunner, PrefixMustMatchWordForWord) {
  RecordingRunner runner;
  runner.on({"helm", "status"}).reply(3);
  runner.on({"helm"}).reply(0);
  EXPECT_EQ(runner.run(argv({"helm", "statuses"}))->exit_code, 0);
  EXPECT_EQ(runner.run(argv({"helm"}))->exit_code, 0);
  EXPECT_EQ(runner.run(argv({"helm", "status"}))->exit_code, 3);
}

TEST(RecordingRunner, SingleUseRulesGiveWayToLaterOnes) {
  RecordingRunner runner;
  runner.on({"helm", "status"}).reply(1, "", "Error: release: not found").once();
  runner.on({"helm", "status"}).reply(0, "deployed");
  EXPECT_EQ(runner.run(argv({"helm", "status"}))->exit_code, 1);
  EXPECT_EQ(runner.run(argv({"helm", "status"}))->out, "deployed");
  EXPECT_EQ(runner.run(argv({"helm", "status"}))->out, "deployed");
}

TEST(RecordingRunner, TimesLimitsARule) {
  RecordingRunner runner;
  runner.fallback({}).reply(0);  // what this test does not script answers exit 0
  runner.on({"kubectl"}).reply(1).times(2);
  EXPECT_EQ(runner.run(argv({"kubectl"}))->exit_code, 1);
  EXPECT_EQ(runner.run(argv({"kubectl"}))->exit_code, 1);
  EXPECT_EQ(runner.run(argv({"kubectl"}))->exit_code, 0);
}

TEST(RecordingRunner, PredicateRules) {
  RecordingRunner runner;
  runner.fallback({}).reply(0);  // what this test does not script answers exit 0
  runner.on([](const Command& command) { return !command.stdin_data.empty(); }).reply(0, "from stdin");
  Command with_stdin = argv({"kubectl", "apply", "-f", "-"});
  with_stdin.stdin_data = "kind: Namespace";
  EXPECT_EQ(runner.run(with_stdin)->out, "from stdin");
  EXPECT_EQ(runner.run(argv({"kubectl", "apply"}))->out, "");
}

TEST(RecordingRunner, ComputedAnswers) {
  RecordingRunner runner;
  runner.on({"cat"}).answer([](const Command& command) -> Result<CommandResult> {
    CommandResult result;
    result.exit_code = 0;
    result.out = command.stdin_data;
    return result;
  });
  Command command = argv({"cat"});
  command.stdin_data = "echoed";
  EXPECT_EQ(runner.run(command)->out, "echoed");
}

TEST(RecordingRunner, WholeResults) {
  RecordingRunner runner;
  CommandResult timed_out;
  timed_out.exit_code = 143;
  timed_out.timed_out = true;
  runner.on({"helm", "upgrade"}).reply(timed_out);
  const auto result = runner.run(argv({"helm", "upgrade", "--install"}));
  EXPECT_TRUE(result->timed_out);
  EXPECT_FALSE(result->ok());
}

TEST(RecordingRunner, MissingProgramFailsLikeTheRealRunner) {
  RecordingRunner runner;
  runner.fallback({}).reply(0);  // what this test does not script answers exit 0
  runner.missing_program("helm");
  const auto result = runner.run(argv({"helm", "version"}));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ExitCode::unavailable);
  EXPECT_EQ(result.error().message, "cannot run 'helm': No such file or directory");
  EXPECT_NE(result.error().hint, "");
  EXPECT_TRUE(runner.run(argv({"kubectl", "version"})).has_value());
  EXPECT_EQ(runner.commands().size(), 2u);  // the failed start is recorded too
}

TEST(RecordingRunner, FailWithAnyError) {
  RecordingRunner runner;
  runner.on({"kubectl"}).fail(Error{ExitCode::unavailable, "cluster unreachable", ""});
  EXPECT_EQ(runner.run(argv({"kubectl"})).error().message, "cluster unreachable");
}

TEST(RecordingRunner, RunWatchedCallsTheWatcherOnce) {
  RecordingRunner runner;
  runner.on({"helm", "upgrade"}).reply(0, "done");
  int calls = 0;
  const auto result = runner.run_watched(
      argv({"helm", "upgrade"}),
      [&]() -> std::optional<std::string> {
        ++calls;
        return std::nullopt;
      },
      1s);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result->out, "done");
  EXPECT_EQ(result->stopped_because, "");
}

TEST(RecordingRunner, RunWatchedReportsAStopLikeTheRealRunner) {
  RecordingRunner runner;
  runner.on({"helm", "upgrade"}).reply(0, "partial output");
  const auto result =
      runner.run_watched(argv({"helm", "upgrade"}), []() -> std::optional<std::string> { return "ImagePullBackOff"; }, 1s);
  EXPECT_EQ(result->stopped_because, "ImagePullBackOff");
  EXPECT_EQ(result->exit_code, 128 + SIGTERM);
  EXPECT_EQ(result->out, "partial output");
  EXPECT_FALSE(result->ok());
}

TEST(RecordingRunner, KeepsWholeCommandsAndCountsThem) {
  RecordingRunner runner;
  runner.fallback({}).reply(0);  // what this test does not script answers exit 0
  Command command = argv({"helm", "upgrade"});
  command.env = {{"HELM_NAMESPACE", "ops"}};
  command.timeout = 5min;
  (void)runner.run(command);
  (void)runner.run(argv({"helm", "status"}));
  (void)runner.run(argv({"helm", "upgrade", "--dry-run"}));
  ASSERT_EQ(runner.calls().size(), 3u);
  EXPECT_EQ(runner.calls()[0].env, command.env);
  EXPECT_EQ(runner.calls()[0].timeout, 5min);
  EXPECT_EQ(runner.count({"helm", "upgrade"}), 2);
  EXPECT_EQ(runner.count({"helm"}), 3);
  EXPECT_EQ(runner.count({"kubectl"}), 0);
}

TEST(RecordingRunner, RulesAddedLaterStillWork) {
  // References to rules stay valid while more rules are added.
  RecordingRunner runner;
  auto& first = runner.on({"a"});
  for (int i = 0; i < 100; ++i) runner.on({"filler" + std::to_string(i)});
  first.reply(5);
  EXPECT_EQ(runner.run(argv({"a"}))->exit_code, 5);
}

}  // namespace
}  // namespace altinity_deploy::exec
