// The progress reporter (see the header): formatting and throttling here,
// the pod facts from fail_fast.cpp, the terminal handling in core/log.cpp.
#include "altinity_deploy/actions/progress.hpp"

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::actions {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kWaitingLimit = 160;

std::string elapsed_text(std::chrono::steady_clock::duration elapsed) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
  if (seconds < 60) return fmt::format("{}s", seconds);
  return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
}

}  // namespace

std::string format_progress(std::chrono::steady_clock::duration elapsed, const PodProgress& progress) {
  std::string text = fmt::format("{}, pods ready {}/{}", elapsed_text(elapsed), progress.ready, progress.total);
  if (!progress.waiting.empty()) text += ", " + redact::excerpt(progress.waiting, kWaitingLimit);
  return text;
}

ProgressReporter::ProgressReporter(Mode mode, SteadyNow now, std::function<void(const std::string&)> show,
                                   std::function<void(const std::string&)> print)
    : mode_(mode), now_(std::move(now)), show_(std::move(show)), print_(std::move(print)) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
  if (!show_) {
    show_ = [](const std::string& line) { line.empty() ? log::clear_status() : log::show_status(core::escaped(line)); };
  }
  if (!print_) print_ = [](const std::string& line) { log::info("{}", line); };
  started_ = now_();
}

ProgressReporter::~ProgressReporter() { finish(); }

ProgressReporter::Mode ProgressReporter::mode_for_terminal() {
  const log::Settings& settings = log::settings();
  if (settings.quiet) return Mode::off;
  return settings.status_line ? Mode::status_line : Mode::plain_lines;
}

void ProgressReporter::update(const tools::Workloads& pod_list) {
  const auto stamp = now_();
  const auto elapsed = stamp - started_;
  switch (mode_) {
    case Mode::off: return;
    case Mode::status_line:
      show_("waiting for the rollout: " + format_progress(elapsed, pod_progress(pod_list)));
      showing_ = true;
      return;
    case Mode::plain_lines:
      if (elapsed < kPlainEvery || (last_plain_ && stamp - *last_plain_ < kPlainEvery)) return;
      last_plain_ = stamp;
      print_("waiting for the rollout: " + format_progress(elapsed, pod_progress(pod_list)));
      return;
  }
}

void ProgressReporter::finish() {
  if (!showing_) return;
  showing_ = false;
  show_("");
}

PodsSeen ProgressReporter::callback() {
  if (mode_ == Mode::off) return {};
  return [this](const tools::Workloads& list) { update(list); };
}

}  // namespace altinity_deploy::actions
