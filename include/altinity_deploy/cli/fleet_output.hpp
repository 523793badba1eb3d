#pragma once
// How a fleet run looks. Off a terminal (CI logs) every line carries its
// target's name, and a target's report is printed whole when it ends, so
// nothing interleaves mid-line. On a terminal a live table (target, cluster,
// phase, elapsed) is redrawn in place, with errors and finished reports
// printed above it. Either way a summary table closes the run; under
// `-o json` one document holds every target's own document.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/fleet/fleet_run.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"

namespace altinity_deploy::cli {

// `stream` gets the progress (stderr); reports go to `reports` (stdout),
// unless null (-o json: only the final document goes to stdout).
std::unique_ptr<fleet::FleetDisplay> make_fleet_display(bool terminal, std::FILE* stream, std::FILE* reports);

// target, cluster, action, revision, duration, result: one row per target;
// then how many files the folders and patterns skipped.
core::EscapedText fleet_summary(const std::vector<fleet::TargetOutcome>& outcomes,
                                const std::vector<fleet::SkippedFile>& skipped = {});

// The JSON document of docs/json-output.md with `targets`: each target's own
// document plus a `target` object (manifest, name, label, namespace, cluster,
// wave, state, durationSeconds, skippedBecause), and `skippedFiles`: the
// files the folders and patterns found that are not manifests of ours.
nlohmann::json fleet_document(const std::vector<fleet::TargetOutcome>& outcomes, int exit_code,
                              const std::string& verb, const std::vector<fleet::SkippedFile>& skipped = {});

// `skippedFiles`: [{path, reason}], in order.
nlohmann::json skipped_files_json(const std::vector<fleet::SkippedFile>& skipped);

// `--list`: what a shard would run, one target per line.
core::EscapedText fleet_listing(const std::vector<fleet::Wave>& waves);

}  // namespace altinity_deploy::cli
