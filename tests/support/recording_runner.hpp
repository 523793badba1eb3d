#pragma once
// A CommandRunner for unit tests: answers from a script of rules instead of
// starting processes, and records every command it was asked to run.
//
//   RecordingRunner runner;
//   runner.on({"helm", "status"}).reply(1, "", "Error: release: not found").once();
//   runner.on({"helm", "status"}).reply(0, status_json);
//   runner.missing_program("kubectl");
//   ... code under test ...
//   EXPECT_EQ(runner.commands()[0], (std::vector<std::string>{"helm", "status", "ops", "-o", "json"}));
//
// The first rule that matches and is not used up answers. A command no rule
// matches fails the test (ADD_FAILURE naming it) and fails to start, unless
// set_default() gave an answer for such commands: a fake that answers
// "exit 0" to anything would let a wrong or extra command pass unseen.
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

class RecordingRunner final : public CommandRunner {
 public:
  using Predicate = std::function<bool(const Command&)>;
  using Responder = std::function<Result<CommandResult>(const Command&)>;

  class Rule {
   public:
    // Answers with this exit code and output (the default: exit 0, no output).
    Rule& reply(int exit_code, std::string out = {}, std::string err = {});
    // Answers with a whole result, e.g. one with timed_out or interrupted set.
    Rule& reply(CommandResult result);
    // Answers as if the program could not be started.
    Rule& fail(Error error);
    // Computes the answer from the command (e.g. to echo its stdin_data).
    Rule& answer(Responder responder);
    // Answers `count` more times, then no longer matches (default: always).
    Rule& times(int count);
    Rule& once() { return times(1); }

   private:
    friend class RecordingRunner;
    explicit Rule(Predicate matches);

    Predicate matches_;
    Responder respond_;
    int remaining_ = -1;  // -1: unlimited
  };

  // A rule for commands whose argv starts with these words.
  Rule& on(std::vector<std::string> argv_prefix);
  // A rule for commands the predicate accepts.
  Rule& on(Predicate predicate);
  // A rule consulted only when no on() rule answers, whenever it was added:
  // for a fixture's "and the lock's release succeeds" that tests may override.
  Rule& fallback(std::vector<std::string> argv_prefix);
  // Every command running `program` (argv[0]) fails to start with the same
  // ExitCode::unavailable Error ProcessRunner gives for a program not on PATH.
  Rule& missing_program(const std::string& program);
  // The answer for commands no rule matches, instead of failing the test.
  void set_default(CommandResult result);

  Result<CommandResult> run(const Command& command) override;
  // Calls the watcher once before answering. When it returns a reason, the
  // answer gets stopped_because = reason and exit code 143 (SIGTERM), as the
  // real runner reports a child it stopped.
  Result<CommandResult> run_watched(const Command& command, const Watcher& watcher,
                                    std::chrono::milliseconds every) override;

  // The argv of every command run so far, in order.
  std::vector<std::vector<std::string>> commands() const;
  // The whole commands (env, timeout, stdin_data), in order.
  std::vector<Command> calls() const;
  // How many commands run so far start with these words.
  int count(const std::vector<std::string>& argv_prefix) const;

 private:
  Result<CommandResult> answer(const Command& command);

  mutable std::mutex mutex_;
  std::deque<Rule> rules_;  // a deque: references handed out stay valid
  std::deque<Rule> fallbacks_;
  std::optional<CommandResult> default_result_;
  std::vector<Command> calls_;
};

}  // namespace altinity_deploy::exec
