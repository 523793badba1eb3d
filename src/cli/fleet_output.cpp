#include "altinity_deploy/cli/fleet_output.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "print_json.hpp"

namespace altinity_deploy::cli {
namespace {

using fleet::Target;
using fleet::TargetOutcome;
using Clock = std::chrono::steady_clock;
using core::escaped;
using core::escaped_format;
using core::EscapedText;

constexpr size_t kPhaseWidth = 60;

std::string state_name(TargetOutcome::State state) {
  switch (state) {
    case TargetOutcome::State::succeeded: return "succeeded";
    case TargetOutcome::State::failed: return "failed";
    case TargetOutcome::State::skipped: return "skipped";
  }
  return "unknown";
}

std::string seconds(std::chrono::milliseconds elapsed) {
  return fmt::format("{:.1f}s", static_cast<double>(elapsed.count()) / 1000.0);
}

std::string cut(std::string text, size_t width) {
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text;
}

// Each line of `text` (a target's own output) with the target's name in front.
EscapedText prefixed(const std::string& name, std::string_view text) {
  EscapedText out;
  for (const EscapedText& line : core::escaped_lines(text).lines()) out += escaped_format("[{}] {}\n", name, line);
  return out;
}

// A workflow command the target printed itself (cli/show_diagnostics, under
// GitHub Actions): the runner reads it only at the start of a line, so it
// is passed on unprefixed. Ours are one line, escaped already; anything
// else that looks like one gets the prefix and the printer's guard.
bool is_own_annotation(std::string_view line) {
  const bool shaped = line.starts_with("::error") || line.starts_with("::warning") || line.starts_with("::notice");
  return shaped && core::escape_controls(line) == line && line.find("##[") == std::string_view::npos;
}

// Cells are outside text (labels, clusters, phases): escaped before they
// are measured.
EscapedText render_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<EscapedText>> cells;
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    auto& shown = cells.emplace_back();
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) {
      shown.push_back(escaped(row[c]));
      widths[c] = std::max(widths[c], shown.back().str().size());
    }
  }
  EscapedText out;
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) {
      out += c + 1 < row.size() ? escaped_format("{:<{}}  ", row[c], widths[c]) : row[c];
    }
    out += escaped_format("\n");
  }
  return out;
}

std::string text_at(const nlohmann::json& report, const char* key) {
  if (!report.is_object() || !report.contains(key)) return "";
  const auto& value = report.at(key);
  return value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
}

std::string result_of(const TargetOutcome& outcome) {
  if (outcome.state == TargetOutcome::State::skipped) return "skipped: " + outcome.skipped_because;
  if (outcome.state == TargetOutcome::State::succeeded) {
    return outcome.exit_code == 2 ? "ok (changes pending)" : "ok";
  }
  std::string why = text_at(outcome.report, "error");
  if (why.empty()) why = outcome.last_line;
  return cut(fmt::format("failed (exit {}): {}", outcome.exit_code, redact::safe_message(why)), 120);
}

void write_bytes(std::FILE* stream, const std::string& bytes) {
  if (stream != nullptr) {
    std::fwrite(bytes.data(), 1, bytes.size(), stream);
    std::fflush(stream);
  }
}

void write(std::FILE* stream, const EscapedText& text) { write_bytes(stream, text.printable()); }

// A line from a target: its own annotation at column 0, anything else
// with the target's name in front.
void write_target_line(std::FILE* stream, const Target& target, std::string_view text) {
  if (is_own_annotation(text)) {
    write_bytes(stream, std::string(text) + "\n");
  } else {
    write(stream, prefixed(target.label, text));
  }
}

// CI logs: one prefixed line per line.
class PrefixedLines : public fleet::FleetDisplay {
 public:
  PrefixedLines(std::FILE* stream, std::FILE* reports) : stream_(stream), reports_(reports) {}
  void started(const Target& target) override {
    write(stream_, escaped_format("[{}] started: {} namespace {} on {}\n", target.label, target.manifest_path,
                                  target.namespace_name, target.cluster));
  }
  void line(const Target& target, std::string_view text) override { write_target_line(stream_, target, text); }
  void finished(const TargetOutcome& outcome) override {
    write(reports_, prefixed(outcome.target.label, outcome.output));
    write(stream_, escaped_format("[{}] {} in {}\n", outcome.target.label, result_of(outcome), seconds(outcome.duration)));
  }

 private:
  std::FILE* stream_;
  std::FILE* reports_;
};

// A terminal: the table of running targets redrawn in place.
class LiveTable : public fleet::FleetDisplay {
 public:
  LiveTable(std::FILE* stream, std::FILE* reports) : stream_(stream), reports_(reports) {}
  ~LiveTable() override { erase(); }

  void started(const Target& target) override {
    rows_[target.label] = Row{target.cluster, "starting", Clock::now()};
    redraw();
  }
  void line(const Target& target, std::string_view text) override {
    if (text.empty()) return;
    rows_[target.label].phase = std::string(text);
    // Errors and warnings stay on screen; the rest only as the phase.
    if (text.starts_with("error") || text.starts_with("warning") || is_own_annotation(text)) {
      erase();
      write_target_line(stream_, target, text);
    }
    redraw();
  }
  void finished(const TargetOutcome& outcome) override {
    rows_.erase(outcome.target.label);
    erase();
    write(reports_, prefixed(outcome.target.label, outcome.output));
    write(stream_, escaped_format("[{}] {} in {}\n", outcome.target.label, result_of(outcome), seconds(outcome.duration)));
    redraw();
  }
  void tick() override { redraw(); }

 private:
  struct Row {
    std::string cluster;
    std::string phase;
    Clock::time_point started;
  };

  void erase() {
    // Up over the table drawn last time, clearing each line.
    for (size_t i = 0; i < drawn_; ++i) write(stream_, escaped_format("\x1b[1A\x1b[2K"));
    write(stream_, escaped_format("\r"));
    drawn_ = 0;
  }
  void redraw() {
    erase();
    if (rows_.empty()) return;
    std::vector<std::vector<std::string>> table = {{"TARGET", "CLUSTER", "ELAPSED", "PHASE"}};
    for (const auto& [name, row] : rows_) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - row.started);
      table.push_back({name, row.cluster, seconds(elapsed), cut(redact::safe_message(row.phase), kPhaseWidth)});
    }
    write(stream_, render_table(table));
    drawn_ = table.size();
  }

  std::FILE* stream_;
  std::FILE* reports_;
  std::map<std::string, Row> rows_;
  size_t drawn_ = 0;
};

}  // namespace

std::unique_ptr<fleet::FleetDisplay> make_fleet_display(bool terminal, std::FILE* stream, std::FILE* reports) {
  if (terminal) return std::make_unique<LiveTable>(stream, reports);
  return std::make_unique<PrefixedLines>(stream, reports);
}

EscapedText fleet_summary(const std::vector<TargetOutcome>& outcomes, const std::vector<fleet::SkippedFile>& skipped) {
  std::vector<std::vector<std::string>> table = {{"TARGET", "CLUSTER", "ACTION", "REVISION", "DURATION", "RESULT"}};
  for (const auto& outcome : outcomes) {
    table.push_back({outcome.target.label, outcome.target.cluster, text_at(outcome.report, "action"),
                     text_at(outcome.report, "revision"), seconds(outcome.duration), result_of(outcome)});
  }
  EscapedText text = render_table(table);
  if (!skipped.empty()) {
    text += escaped_format("{} {} skipped: not {} or {} manifests (named above)\n", skipped.size(),
                        skipped.size() == 1 ? "file" : "files", spec::kKind, spec::kOlderKind);
  }
  return text;
}

nlohmann::json fleet_document(const std::vector<TargetOutcome>& outcomes, int exit_code, const std::string& verb,
                              const std::vector<fleet::SkippedFile>& skipped) {
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& outcome : outcomes) {
    nlohmann::json document = outcome.report;
    if (!document.is_object()) {
      // Skipped, or it died without a word: a failure document of our own.
      const std::string why =
          outcome.state == TargetOutcome::State::skipped ? outcome.skipped_because : outcome.last_line;
      document = failure_document(verb, static_cast<ExitCode>(outcome.exit_code),
                                  actions::Failure{Error{ExitCode::failed, why, ""}, {}, {}});
    }
    nlohmann::json target = {{"manifest", outcome.target.manifest_path},
                             {"name", outcome.target.name},
                             {"label", outcome.target.label},
                             {"namespace", outcome.target.namespace_name},
                             {"cluster", outcome.target.cluster},
                             {"state", state_name(outcome.state)},
                             {"durationSeconds", static_cast<double>(outcome.duration.count()) / 1000.0}};
    if (!outcome.wave.empty()) target["wave"] = outcome.wave;
    if (!outcome.skipped_because.empty()) target["skippedBecause"] = outcome.skipped_because;
    document["target"] = std::move(target);
    targets.push_back(std::move(document));
  }
  const bool ok = exit_code == 0 || exit_code == 2;
  nlohmann::json document = {{"formatVersion", 1},      {"command", verb},
                             {"ok", ok},                {"exitCode", exit_code},
                             {"diagnostics", nlohmann::json::array()}, {"targets", std::move(targets)}};
  document["skippedFiles"] = skipped_files_json(skipped);
  if (!ok) {
    std::string names;
    size_t failed = 0;
    for (const auto& outcome : outcomes) {
      if (outcome.state == TargetOutcome::State::succeeded) continue;
      names += (failed++ == 0 ? "" : ", ") + outcome.target.label;
    }
    document["error"] = fmt::format("{} of {} targets did not succeed: {}", failed, outcomes.size(), names);
    document["hint"] = "each target's own error is in targets[].error";
  }
  return document;
}

nlohmann::json skipped_files_json(const std::vector<fleet::SkippedFile>& skipped) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : skipped) files.push_back({{"path", file.path}, {"reason", file.reason}});
  return files;
}

EscapedText fleet_listing(const std::vector<fleet::Wave>& waves) {
  std::vector<std::vector<std::string>> table = {{"WAVE", "TARGET", "NAMESPACE", "CLUSTER", "MANIFEST"}};
  for (const auto& wave : waves) {
    for (const auto& target : wave.targets) {
      table.push_back({wave.name.empty() ? "-" : wave.name, target.label, target.namespace_name, target.cluster,
                       target.manifest_path});
    }
  }
  return render_table(table);
}

}  // namespace altinity_deploy::cli
