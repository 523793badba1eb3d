#pragma once
// A saved plan (`plan --out FILE`, docs/saved-plans.md): what the manifest
// resolved to, what the plan read from the cluster, and the changes, as one
// versioned JSON document sealed by a SHA-256 over itself. `up --plan FILE`
// (and `apply FILE`) makes the plan again and applies it only when the new
// document says the same (compare_saved_plans finds nothing that moved).
//
// No secret is ever in it: the values and the spec appear as digests only,
// the generated operator password (chosen anew by every plan of a release
// that has none) is left out of the values digest, and the changes are
// changes_json's (release_plan_json.hpp), the same as `plan -o json`'s,
// secrets "<redacted>".
//
// Pure data: no files, no processes (actions/saved_plan_file.hpp reads and
// writes the file). Here, not in plan/, because the changes are the JSON of
// `plan -o json` (release_plan_json.hpp): one serialisation for both.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::plan_json {

inline constexpr const char* kSavedPlanKind = "AltinityDeploySavedPlan";
inline constexpr int kSavedPlanVersion = 1;
// A saved plan larger than this is not one (read bounded).
inline constexpr std::size_t kSavedPlanMaxBytes = 8 * 1024 * 1024;

// What the plan was made for, besides the manifest and the cluster's state.
struct SavedPlanContext {
  std::string manifest_path;  // as given to plan; "<stdin>" for -f -
  std::string kube_context;   // the context in effect
  std::string server;         // the API server's URL
  std::string chart_digest;   // actions::chart_source_digest (actions/chart_digest.hpp)
  std::string tool_version;   // informational, not compared
};

// "sha256:" + 64 hex digits of `data`.
std::string digest_of(std::string_view data);

// The validated spec in a canonical form (every typed field, the values as
// Helm reads them, keys sorted) and its digest.
nlohmann::json canonical_spec(const spec::OperatorSpec& spec);
std::string spec_digest(const spec::OperatorSpec& spec);

// The digest of the values helm would get, the generated (or recorded)
// operator password replaced by "<generated>" (its pod annotation by that
// stand-in's fingerprint): a
// plan made before the first install stays valid although the next plan
// generates another password. A password the manifest sets is part of it.
std::string values_digest(const plan::DesiredState& desired);

// The changes a saved plan holds: {"changes": changes_json(plan)}. The one
// place more planned detail (the object list) is added; its digest is
// "changesDigest".
nlohmann::json planned_changes(const plan::ReleasePlan& plan);

// The document for `plan --out`, sealed (its "digest" set).
nlohmann::json saved_plan_document(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec,
                                   const SavedPlanContext& context);

// The digest over the whole document but its "digest" member.
std::string document_digest(const nlohmann::json& document);

// The text of a saved plan file, checked: JSON, an object of kind
// kSavedPlanKind and version kSavedPlanVersion, its digest matching.
// ExitCode::invalid_input saying which check failed.
Result<nlohmann::json> open_saved_plan(std::string_view text, const std::string& file);
// The same checks over a document already parsed (`apply FILE` read it to
// learn that it is a saved plan).
Result<nlohmann::json> check_saved_plan_document(nlohmann::json document, const std::string& file);

// One thing that differs between the saved plan and the plan made now.
struct PlanMove {
  std::string what;    // "the release's revision", "the chart", ...
  std::string before;  // as saved: a value, or a short digest
  std::string after;   // now
};

// Everything compared (all but the manifest's path, the kube context's name
// (a reader's and a deployer's kubeconfig name the same server apart) and
// the tool's version), in document order; empty: the plan still holds.
std::vector<PlanMove> compare_saved_plans(const nlohmann::json& saved, const nlohmann::json& now);

// The error for up when something moved: ExitCode::stale_plan, naming each.
Error stale_plan_error(const std::vector<PlanMove>& moves, const std::string& file);

}  // namespace altinity_deploy::plan_json
