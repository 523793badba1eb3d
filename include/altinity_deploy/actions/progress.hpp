#pragma once
// What the terminal shows while helm waits for the rollout: fed by the
// fail-fast watcher's pod lists (every 2 s), it reports the elapsed time,
// pods ready x/y and the latest waiting reason. On a terminal, one updating
// status line; off one (CI logs), a plain line at most every 10 s; under -q
// nothing. Everything shown is redacted.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/fail_fast.hpp"

namespace altinity_deploy::actions {

// "12s, pods ready 0/1, pod P container C: ImagePullBackOff: MESSAGE"
// (elapsed as 1m05s from a minute on); the waiting reason redacted, one line,
// at most 160 characters.
std::string format_progress(std::chrono::steady_clock::duration elapsed, const PodProgress& progress);

class ProgressReporter {
 public:
  enum class Mode { off, status_line, plain_lines };
  static constexpr std::chrono::seconds kPlainEvery{10};

  // `show` writes the status line (an empty text removes it); `print` a
  // plain line. The defaults: log::show_status / log::clear_status and
  // log::info; `now`: steady_clock. Time runs from here.
  ProgressReporter(Mode mode, SteadyNow now = {}, std::function<void(const std::string&)> show = {},
                   std::function<void(const std::string&)> print = {});
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // The mode the log settings call for: off under -q, a status line when
  // stderr is a terminal, plain lines otherwise.
  static Mode mode_for_terminal();

  // One pod list read while helm waits. Plain lines start once 10 s have
  // passed, so a quick upgrade stays quiet in CI logs.
  void update(const tools::Workloads& pod_list);
  // The wait is over: the status line goes (a no-op for plain lines).
  void finish();

  // For fail_fast_watcher's on_pods; empty when off (no kubectl for it).
  PodsSeen callback();

 private:
  Mode mode_;
  SteadyNow now_;
  std::function<void(const std::string&)> show_;
  std::function<void(const std::string&)> print_;
  std::chrono::steady_clock::time_point started_;
  std::optional<std::chrono::steady_clock::time_point> last_plain_;
  bool showing_ = false;
};

}  // namespace altinity_deploy::actions
