#include "altinity_deploy/fleet/fleet_run.hpp"

#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/exec/background_process.hpp"

namespace altinity_deploy::fleet {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kDefaultParallelism = 4;
constexpr auto kPollEvery = std::chrono::milliseconds(200);

// Splits what a child wrote into whole lines; a partial last line waits.
class LineBuffer {
 public:
  template <class Emit>
  void add(const std::string& text, Emit emit) {
    pending_ += text;
    size_t start = 0;
    for (size_t newline; (newline = pending_.find('\n', start)) != std::string::npos; start = newline + 1) {
      emit(std::string_view(pending_).substr(start, newline - start));
    }
    pending_.erase(0, start);
  }
  template <class Emit>
  void flush(Emit emit) {
    if (!pending_.empty()) emit(std::string_view(pending_));
    pending_.clear();
  }

 private:
  std::string pending_;
};

struct Running {
  TargetOutcome outcome;
  exec::BackgroundProcess process;
  Clock::time_point started;
  std::string report_path;
  LineBuffer errors;
  int signals_passed = 0;
};

// A private folder for the targets' JSON documents (they may name secrets'
// keys, never values; still nobody else's business).
class ReportFolder {
 public:
  ReportFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = fmt::format("{}/altinity-deploy-fleet-XXXXXX", tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ReportFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  std::string file_for(size_t index) const {
    return path_.empty() ? std::string() : fmt::format("{}/target-{}.json", path_, index);
  }

 private:
  std::string path_;
};

nlohmann::json read_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception&) {
    return nullptr;
  }
}

TargetOutcome outcome_of(const Target& target, const std::string& wave, TargetOutcome::State state) {
  TargetOutcome outcome;
  outcome.target = target;
  outcome.wave = wave;
  outcome.state = state;
  return outcome;
}

int severity(int exit_code) {
  switch (exit_code) {
    case 0: return 0;
    case 2: return 1;
    case 3: return 2;
    case 5: return 3;
    case 4: return 4;
    case 130: return 6;
    default: return 5;  // 1 and anything unexpected: failed
  }
}

class FleetRun {
 public:
  FleetRun(const FleetSettings& settings, FleetDisplay& display, size_t targets)
      : settings_(settings),
        display_(display),
        parallel_(settings.parallel > 0 ? settings.parallel : default_parallelism(targets)) {}

  std::vector<TargetOutcome> run(const std::vector<Wave>& waves) {
    for (size_t w = 0; w < waves.size(); ++w) {
      run_wave(waves[w]);
      if (failures_ > 0 && w + 1 < waves.size()) {
        for (size_t later = w + 1; later < waves.size(); ++later) {
          skip_all(waves[later], fmt::format("wave {} had a failure", waves[w].name));
        }
        break;
      }
    }
    return std::move(done_);
  }

 private:
  void run_wave(const Wave& wave) {
    size_t next = 0;
    while (next < wave.targets.size() || !running_.empty()) {
      while (next < wave.targets.size() && static_cast<int>(running_.size()) < parallel_) {
        if (const std::string why = reason_not_to_start(); !why.empty()) {
          skip(wave.targets[next++], wave.name, why);
          continue;
        }
        start(wave.targets[next++], wave.name);
      }
      if (running_.empty()) continue;
      ::poll(nullptr, 0, static_cast<int>(kPollEvery.count()));
      pass_on_interrupts();
      collect();
      display_.tick();
    }
  }

  std::string reason_not_to_start() const {
    if (core::interrupted()) return "interrupted before it started";
    if (settings_.max_failures > 0 && failures_ >= settings_.max_failures) {
      return fmt::format("--max-failures {} reached", settings_.max_failures);
    }
    return {};
  }

  void start(const Target& target, const std::string& wave) {
    exec::Command command;
    command.argv.push_back(settings_.binary);
    command.argv.insert(command.argv.end(), settings_.verb_words.begin(), settings_.verb_words.end());
    command.argv.insert(command.argv.end(), {"--manifest", target.manifest_path});
    const std::string report_path = reports_.file_for(started_count_++);
    command.env.emplace_back(kReportFileVariable, report_path);
    display_.started(target);
    auto process = exec::BackgroundProcess::start(command);
    if (!process) {
      TargetOutcome outcome = outcome_of(target, wave, TargetOutcome::State::failed);
      outcome.exit_code = static_cast<int>(process.error().code);
      outcome.last_line = process.error().message;
      finish(std::move(outcome));
      return;
    }
    running_.push_back(Running{outcome_of(target, wave, TargetOutcome::State::failed), std::move(*process),
                               Clock::now(), report_path, LineBuffer(), 0});
  }

  void pass_on_interrupts() {
    const int count = core::interrupt_count();
    if (count == 0) return;
    for (auto& running : running_) {
      // The first signal lets each target unwind; a second one is passed on
      // too, as a single run would get it from the terminal.
      while (running.signals_passed < std::min(count, 2)) {
        running.process.signal(core::interrupt_signal() == SIGINT ? SIGINT : SIGTERM);
        ++running.signals_passed;
      }
    }
  }

  void read_lines(Running& running, bool final) {
    const auto emit = [&](std::string_view text) {
      if (!text.empty()) running.outcome.last_line = std::string(text);
      display_.line(running.outcome.target, text);
    };
    running.errors.add(running.process.new_stderr(), emit);
    if (final) running.errors.flush(emit);
    running.outcome.output += running.process.new_stdout();
  }

  void collect() {
    for (auto it = running_.begin(); it != running_.end();) {
      const auto exit_code = it->process.poll_exit();
      read_lines(*it, exit_code.has_value());
      if (!exit_code) {
        ++it;
        continue;
      }
      TargetOutcome outcome = std::move(it->outcome);
      outcome.exit_code = *exit_code;
      outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - it->started);
      outcome.report = read_report(it->report_path);
      outcome.state = *exit_code == 0 || *exit_code == 2 ? TargetOutcome::State::succeeded
                                                         : TargetOutcome::State::failed;
      it = running_.erase(it);
      finish(std::move(outcome));
    }
  }

  void skip(const Target& target, const std::string& wave, const std::string& why) {
    TargetOutcome outcome = outcome_of(target, wave, TargetOutcome::State::skipped);
    outcome.exit_code = 1;
    outcome.skipped_because = why;
    finish(std::move(outcome));
  }

  void skip_all(const Wave& wave, const std::string& why) {
    for (const Target& target : wave.targets) skip(target, wave.name, why);
  }

  void finish(TargetOutcome outcome) {
    if (outcome.state == TargetOutcome::State::failed) ++failures_;
    display_.finished(outcome);
    done_.push_back(std::move(outcome));
  }

  const FleetSettings& settings_;
  FleetDisplay& display_;
  const int parallel_;
  ReportFolder reports_;
  size_t started_count_ = 0;
  int failures_ = 0;
  std::vector<Running> running_;
  std::vector<TargetOutcome> done_;
};

}  // namespace

int default_parallelism(size_t targets) {
  return static_cast<int>(std::clamp<size_t>(targets, 1, kDefaultParallelism));
}

std::vector<TargetOutcome> run_fleet(const std::vector<Wave>& waves, const FleetSettings& settings,
                                     FleetDisplay& display) {
  size_t targets = 0;
  for (const auto& wave : waves) targets += wave.targets.size();
  return FleetRun(settings, display, targets).run(waves);
}

int fleet_exit_code(const std::vector<TargetOutcome>& outcomes) {
  int worst = 0;
  for (const auto& outcome : outcomes) {
    const int code = outcome.state == TargetOutcome::State::skipped ? 1 : outcome.exit_code;
    if (severity(code) > severity(worst)) worst = code;
  }
  return worst;
}

}  // namespace altinity_deploy::fleet
