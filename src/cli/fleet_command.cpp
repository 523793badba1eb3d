#include "altinity_deploy/cli/fleet_command.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "altinity_deploy/cli/fleet_output.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"
#include "altinity_deploy/fleet/selector.hpp"
#include "altinity_deploy/fleet/shard.hpp"
#include "altinity_deploy/fleet/waves.hpp"
#include "confirm_destroy.hpp"
#include "print_outcome.hpp"
#include "show_diagnostics.hpp"

namespace altinity_deploy::cli {
namespace {

// A fleet stopped before any target started: one failure document, with an
// empty `targets`, or (invalid manifests) one failed target per file.
int stop_before_start(const actions::Failure& failure, const std::string& verb, bool json,
                      nlohmann::json targets = nlohmann::json::array(),
                      const std::vector<fleet::SkippedFile>& skipped = {}) {
  const ExitCode code = failure.error.code;
  if (json) {
    nlohmann::json document = failure_document(verb, code, failure);
    document["targets"] = std::move(targets);
    if (!skipped.empty()) document["skippedFiles"] = skipped_files_json(skipped);
    write_json(document);
  }
  show_failure(failure);
  return static_cast<int>(code);
}

int stop_before_start(const Error& error, const std::string& verb, bool json,
                      const std::vector<fleet::SkippedFile>& skipped = {}) {
  return stop_before_start(actions::Failure{error, {}, {}}, verb, json, nlohmann::json::array(), skipped);
}

// Manifests that did not load stop every verb but validate before anything
// starts; validate runs them all, each saying what is wrong.
int stop_for_invalid(const std::vector<fleet::InvalidManifest>& invalid, const std::string& verb, bool json,
                     const std::vector<fleet::SkippedFile>& skipped) {
  nlohmann::json targets = nlohmann::json::array();
  const Error not_valid{ExitCode::invalid_input, "the manifest is not valid", "fix the problems in diagnostics"};
  for (const auto& manifest : invalid) {
    const actions::Failure failure{not_valid, manifest.manifest_path, manifest.diagnostics};
    nlohmann::json document = failure_document(verb, ExitCode::invalid_input, failure);
    document["target"] = {{"manifest", manifest.manifest_path}, {"state", "skipped"}};
    targets.push_back(std::move(document));
    show_diagnostics(manifest.manifest_path, manifest.diagnostics);
  }
  const Error error{ExitCode::invalid_input,
                    fmt::format("{} of the fleet's manifests {} not valid; nothing was started", invalid.size(),
                                invalid.size() == 1 ? "is" : "are"),
                    "fix them (altinity-deploy validate -f FILE shows each), then run again"};
  return stop_before_start(actions::Failure{error, {}, {}}, verb, json, std::move(targets), skipped);
}

}  // namespace

std::vector<std::string> target_arguments(const std::vector<std::string>& arguments) {
  // Options that take a value, and flags, that belong to the fleet.
  static const std::vector<std::string> with_value = {"-f", "--manifest", "-j", "--parallel", "--max-failures",
                                                      "--waves", "--shard", "-l", "--selector"};
  std::vector<std::string> kept;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (word == "--") {
      kept.insert(kept.end(), arguments.begin() + static_cast<long>(i), arguments.end());
      break;
    }
    if (word == "--list" || word == "--same-cluster") continue;
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
  auto files = fleet::expand_manifest_arguments(request.manifest_arguments);
  if (!files) return stop_before_start(files.error(), request.verb, request.json);
  // A folder or pattern never skips a file silently: each is named here,
  // counted in the summary and listed in JSON (skippedFiles).
  for (const auto& skipped : files->skipped) log::info("skipped {}: {}", skipped.path, skipped.reason);
  fleet::LoadedTargets loaded = fleet::load_targets(files->paths, request.access);
  const bool validating = request.verb == "validate";
  if (!loaded.invalid.empty() && !validating) return stop_for_invalid(loaded.invalid, request.verb, request.json, files->skipped);
  // Only the selected targets count from here on: the checks, the shards, the waves.
  std::vector<fleet::Target> targets = loaded.targets;
  if (!request.selector.empty()) {
    auto selector = fleet::parse_selector(request.selector);
    if (!selector) return stop_before_start(selector.error(), request.verb, request.json, files->skipped);
    auto selected = fleet::select_targets(targets, *selector);
    if (!selected) return stop_before_start(selected.error(), request.verb, request.json, files->skipped);
    targets = std::move(*selected);
  }
  // Before the duplicate check: a collapsed fleet would show as duplicates.
  const bool reaches_clusters = !validating && request.verb != "render";
  const bool cluster_overridden = !request.access.kubeconfig_flag.empty() || !request.access.context_flag.empty();
  if (reaches_clusters && cluster_overridden && !request.same_cluster) {
    if (auto separate = fleet::check_no_cluster_collapse(targets, request.access); !separate) {
      return stop_before_start(separate.error(), request.verb, request.json, files->skipped);
    }
  }
  if (auto unique = fleet::check_unique_targets(targets); !unique) {
    return stop_before_start(unique.error(), request.verb, request.json, files->skipped);
  }
  // validate reports on the manifests that did not load too, by file.
  for (const auto& invalid : loaded.invalid) {
    targets.push_back(fleet::Target{invalid.manifest_path, invalid.manifest_path, invalid.manifest_path, "", "", {}, "", {}});
  }
  std::optional<fleet::WaveOrder> order;
  if (!request.waves.empty()) {
    auto parsed = fleet::parse_waves(request.waves);
    if (!parsed) return stop_before_start(parsed.error(), request.verb, request.json, files->skipped);
    order = std::move(*parsed);
  }
  if (!request.shard.empty()) {
    auto shard = fleet::parse_shard(request.shard);
    if (!shard) return stop_before_start(shard.error(), request.verb, request.json, files->skipped);
    if (auto one_wave = fleet::check_shard_of_one_wave(order ? &*order : nullptr); !one_wave) {
      return stop_before_start(one_wave.error(), request.verb, request.json, files->skipped);
    }
    targets = fleet::targets_of_shard(targets, *shard);
  }
  auto waves = fleet::group_in_waves(targets, order ? &*order : nullptr);
  if (!waves) return stop_before_start(waves.error(), request.verb, request.json, files->skipped);
  if (request.list) {
    write_stdout(fleet_listing(*waves));
    return 0;
  }

  // One question for the whole fleet; each target's deployer then runs off a terminal and asks nothing.
  if (request.ask_before_destroy &&
      !ask_yes_no(fleet_destroy_text(*waves, request.keep_namespace, request.delete_crds), stdin, stderr)) {
    return stop_before_start(actions::destroy_not_confirmed(), request.verb, request.json);
  }
  fleet::FleetSettings settings{request.binary, request.child_words, request.parallel, request.max_failures};
  auto display = make_fleet_display(request.terminal, stderr, request.json ? nullptr : stdout);
  const auto outcomes = fleet::run_fleet(*waves, settings, *display);
  display.reset();
  const int code = fleet::fleet_exit_code(outcomes);
  if (request.json) {
    write_json(fleet_document(outcomes, code, request.verb, files->skipped));
  } else {
    write_stdout(core::escaped_format("\n") + fleet_summary(outcomes, files->skipped));
  }
  return code;
}

}  // namespace altinity_deploy::cli
