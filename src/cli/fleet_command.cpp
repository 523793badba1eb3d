#include "altinity_deploy/cli/fleet_command.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "altinity_deploy/cli/fleet_output.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"
#include "altinity_deploy/fleet/shard.hpp"
#include "altinity_deploy/fleet/waves.hpp"

namespace altinity_deploy::cli {
namespace {

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

int stop_before_start(const Error& error, bool json) {
  log::error("{}", error.message);
  if (!error.hint.empty()) log::info("hint: {}", error.hint);
  const int code = static_cast<int>(error.code);
  if (json) {
    print(nlohmann::json{{"formatVersion", 1}, {"ok", false}, {"exitCode", code}, {"error", error.message},
                         {"hint", error.hint}, {"targets", nlohmann::json::array()}}
              .dump(2) +
          "\n");
  }
  return code;
}

// Manifests that did not load stop every verb but validate before anything
// starts; validate runs them all, each saying what is wrong.
int stop_for_invalid(const std::vector<fleet::InvalidManifest>& invalid, bool json) {
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& manifest : invalid) {
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& diagnostic : manifest.diagnostics) {
      log::write(diagnostic.severity == manifest::Severity::error ? log::Level::error : log::Level::warn,
                 diagnostic.format(manifest.manifest_path));
      messages.push_back(diagnostic.format(manifest.manifest_path));
    }
    targets.push_back({{"ok", false}, {"exitCode", 3}, {"target", {{"manifest", manifest.manifest_path}}},
                       {"errors", messages}});
  }
  const std::string message = fmt::format("{} of the fleet's manifests {} not valid; nothing was started",
                                          invalid.size(), invalid.size() == 1 ? "is" : "are");
  log::error("{}", message);
  log::info("hint: fix them (altinity-deploy validate -f FILE shows each), then run again");
  if (json) {
    print(nlohmann::json{{"formatVersion", 1}, {"ok", false}, {"exitCode", 3}, {"error", message},
                         {"targets", targets}}
              .dump(2) +
          "\n");
  }
  return 3;
}

bool is_verb(const std::vector<std::string>& words, const char* verb) {
  return std::find(words.begin(), words.end(), verb) != words.end();
}

}  // namespace

std::vector<std::string> target_arguments(const std::vector<std::string>& arguments) {
  // Options that take a value, and flags, that belong to the fleet.
  static const std::vector<std::string> with_value = {"-f", "--manifest", "-j", "--parallel", "--max-failures",
                                                      "--waves", "--shard"};
  std::vector<std::string> kept;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (word == "--") {
      kept.insert(kept.end(), arguments.begin() + static_cast<long>(i), arguments.end());
      break;
    }
    if (word == "--list") continue;
    bool dropped = false;
    for (const std::string& option : with_value) {
      if (word == option) {
        ++i;  // its value too
        dropped = true;
      } else if ((option.size() == 2 && word.size() > 2 && word.starts_with(option)) ||
                 word.starts_with(option + "=")) {
        dropped = true;  // -fFILE, -j4, --manifest=FILE
      }
      if (dropped) break;
    }
    if (!dropped) kept.push_back(word);
  }
  return kept;
}

int run_fleet_command(const FleetRequest& request) {
  auto paths = fleet::expand_manifest_arguments(request.manifest_arguments);
  if (!paths) return stop_before_start(paths.error(), request.json);
  fleet::LoadedTargets loaded = fleet::load_targets(*paths, request.access);
  const bool validating = is_verb(request.child_words, "validate");
  if (!loaded.invalid.empty() && !validating) return stop_for_invalid(loaded.invalid, request.json);
  if (auto unique = fleet::check_unique_targets(loaded.targets); !unique) {
    return stop_before_start(unique.error(), request.json);
  }
  std::vector<fleet::Target> targets = loaded.targets;
  // validate reports on the manifests that did not load too, by file.
  for (const auto& invalid : loaded.invalid) targets.push_back(fleet::Target{invalid.manifest_path,
                                                                             invalid.manifest_path, "", "", {}});
  if (!request.shard.empty()) {
    auto shard = fleet::parse_shard(request.shard);
    if (!shard) return stop_before_start(shard.error(), request.json);
    targets = fleet::targets_of_shard(targets, *shard);
  }
  std::optional<fleet::WaveOrder> order;
  if (!request.waves.empty()) {
    auto parsed = fleet::parse_waves(request.waves);
    if (!parsed) return stop_before_start(parsed.error(), request.json);
    order = std::move(*parsed);
  }
  auto waves = fleet::group_in_waves(targets, order ? &*order : nullptr);
  if (!waves) return stop_before_start(waves.error(), request.json);
  if (request.list) {
    print(fleet_listing(*waves));
    return 0;
  }

  fleet::FleetSettings settings{request.binary, request.child_words, request.parallel, request.max_failures};
  auto display = make_fleet_display(request.terminal, stderr, request.json ? nullptr : stdout);
  const auto outcomes = fleet::run_fleet(*waves, settings, *display);
  display.reset();
  const int code = fleet::fleet_exit_code(outcomes);
  if (request.json) {
    print(fleet_document(outcomes, code).dump(2) + "\n");
  } else {
    print("\n" + fleet_summary(outcomes));
  }
  return code;
}

}  // namespace altinity_deploy::cli
