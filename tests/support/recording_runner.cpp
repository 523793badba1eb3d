#include "support/recording_runner.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>

#include <gtest/gtest.h>

#include "../../src/exec/spawn_child.hpp"

namespace altinity_deploy::exec {
namespace {

bool starts_with(const std::vector<std::string>& argv, const std::vector<std::string>& prefix) {
  return argv.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), argv.begin());
}

}  // namespace

RecordingRunner::Rule::Rule(Predicate matches)
    : matches_(std::move(matches)), respond_([](const Command&) -> Result<CommandResult> {
        CommandResult result;
        result.exit_code = 0;
        return result;
      }) {}

RecordingRunner::Rule& RecordingRunner::Rule::reply(int exit_code, std::string out, std::string err) {
  CommandResult result;
  result.exit_code = exit_code;
  result.out = std::move(out);
  result.err = std::move(err);
  return reply(std::move(result));
}

RecordingRunner::Rule& RecordingRunner::Rule::reply(CommandResult result) {
  respond_ = [result = std::move(result)](const Command&) -> Result<CommandResult> { return result; };
  return *this;
}

RecordingRunner::Rule& RecordingRunner::Rule::fail(Error error) {
  respond_ = [error = std::move(error)](const Command&) -> Result<CommandResult> { return tl::unexpected(error); };
  return *this;
}

RecordingRunner::Rule& RecordingRunner::Rule::answer(Responder responder) {
  respond_ = std::move(responder);
  return *this;
}

RecordingRunner::Rule& RecordingRunner::Rule::times(int count) {
  remaining_ = std::max(count, 0);
  return *this;
}

RecordingRunner::Rule& RecordingRunner::on(std::vector<std::string> argv_prefix) {
  return on([prefix = std::move(argv_prefix)](const Command& command) { return starts_with(command.argv, prefix); });
}

RecordingRunner::Rule& RecordingRunner::on(Predicate predicate) {
  std::lock_guard lock(mutex_);
  return rules_.emplace_back(Rule(std::move(predicate)));
}

RecordingRunner::Rule& RecordingRunner::fallback(std::vector<std::string> argv_prefix) {
  std::lock_guard lock(mutex_);
  return fallbacks_.emplace_back(Rule([prefix = std::move(argv_prefix)](const Command& command) {
    return starts_with(command.argv, prefix);
  }));
}

RecordingRunner::Rule& RecordingRunner::missing_program(const std::string& program) {
  return on([program](const Command& command) { return !command.argv.empty() && command.argv.front() == program; })
      .fail(detail::start_failure(program, ENOENT));
}

void RecordingRunner::set_default(CommandResult result) {
  std::lock_guard lock(mutex_);
  default_result_ = std::move(result);
}

Result<CommandResult> RecordingRunner::answer(const Command& command) {
  Responder respond;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(command);
    const auto usable = [&](const Rule& candidate) {
      return candidate.remaining_ != 0 && candidate.matches_(command);
    };
    auto rule = std::find_if(rules_.begin(), rules_.end(), usable);
    if (rule == rules_.end()) rule = std::find_if(fallbacks_.begin(), fallbacks_.end(), usable);
    if (rule == rules_.end() || rule == fallbacks_.end()) {
      if (default_result_) return *default_result_;
      ADD_FAILURE() << "RecordingRunner: no rule for the command `" << command.display() << "`";
      return fail(ExitCode::failed, "RecordingRunner: unexpected command `" + command.display() + "`");
    }
    if (rule->remaining_ > 0) --rule->remaining_;
    respond = rule->respond_;
  }
  // Outside the lock: a responder may itself look at the recorded calls.
  return respond(command);
}

Result<CommandResult> RecordingRunner::run(const Command& command) { return answer(command); }

Result<CommandResult> RecordingRunner::run_watched(const Command& command, const Watcher& watcher,
                                                   std::chrono::milliseconds /*every*/) {
  auto reason = watcher ? watcher() : std::nullopt;
  auto result = answer(command);
  if (result && reason) {
    result->stopped_because = std::move(*reason);
    result->exit_code = 128 + SIGTERM;
  }
  return result;
}

std::vector<std::vector<std::string>> RecordingRunner::commands() const {
  std::lock_guard lock(mutex_);
  std::vector<std::vector<std::string>> argvs;
  argvs.reserve(calls_.size());
  for (const auto& command : calls_) argvs.push_back(command.argv);
  return argvs;
}

std::vector<Command> RecordingRunner::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

int RecordingRunner::count(const std::vector<std::string>& argv_prefix) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(calls_.begin(), calls_.end(), [&](const Command& command) {
    return starts_with(command.argv, argv_prefix);
  }));
}

}  // namespace altinity_deploy::exec
