#pragma once
// A saved plan's file (plan_json/saved_plan.hpp, docs/saved-plans.md): `plan
// --out FILE` writes it, `up --plan FILE` (and `apply FILE`) reads it and
// applies it only while the plan made now says the same.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

// The saved plan in `path`, read bounded (plan_json::kSavedPlanMaxBytes) and
// checked (plan_json::open_saved_plan). ExitCode::invalid_input when it cannot be
// read or is not an intact saved plan.
Result<nlohmann::json> read_saved_plan(const std::string& path);

// The document in `path` when it holds a saved plan (JSON of its kind), not
// a manifest: `apply FILE` takes either. nullopt for anything unreadable.
// Not yet checked: read_saved_plan_and_manifest checks it.
std::optional<nlohmann::json> saved_plan_in(const std::string& path);

// The manifest a saved plan was made from, as plan was given it; empty for
// a manifest read from stdin.
std::string saved_plan_manifest(const nlohmann::json& saved);

// read_saved_plan (or, given the document saved_plan_in already read, its
// checks), and without a manifest in `options` (no -f, no
// ALTINITY_DEPLOY_MANIFEST) the one the plan was made from.
// ExitCode::invalid_input when that was stdin.
Result<nlohmann::json> read_saved_plan_and_manifest(const std::string& path, GlobalOptions& options,
                                                    std::optional<nlohmann::json> already_read = std::nullopt);

// The document for what this run planned (the chart digest read from a
// local chart's files).
Result<nlohmann::json> saved_plan_for(const Connection& connection, const LoadedManifest& manifest,
                                      const plan::ReleasePlan& plan, const std::string& tool_version);

// Writes the document to `path` (mode 0600, atomically).
Status write_saved_plan(const std::string& path, const nlohmann::json& document);

// ExitCode::stale_plan naming what moved when `now` (saved_plan_for of the
// plan made now) differs from `saved`.
Status check_saved_plan(const nlohmann::json& saved, const nlohmann::json& now, const std::string& file);

}  // namespace altinity_deploy::actions
