#pragma once
// The leaf-by-leaf difference between the release's Helm values and the
// manifest's, both as Helm itself holds them (JSON: yaml::to_json).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace altinity_deploy::plan {

// One leaf that differs. `path` names it the way validation messages do:
// configs.files."config.yaml".watch.namespaces. Lists are leaves (Helm
// replaces them whole). nullopt: the key is absent on that side. Shown
// values are redacted (redact/redaction.hpp): a value the policy hides is
// "<redacted>", as is a secret inside a shown string.
struct ValueChange {
  std::string path;
  std::optional<nlohmann::json> before;
  std::optional<nlohmann::json> after;
};

// `deployed`: `helm get values -o json` of the current revision (null: no
// user values). `desired`: yaml::to_json(plan::build_values(spec)). Numbers
// compare by value (Helm stores every number as a float: 1 == 1.0), types
// strictly ("1" != 1). In path order.
std::vector<ValueChange> diff_values(const nlohmann::json& deployed, const nlohmann::json& desired);

}  // namespace altinity_deploy::plan
