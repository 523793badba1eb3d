#pragma once
// -o yaml: the same document as -o json, written as YAML (block style; every
// string double-quoted, as JSON writes it, so that no value changes type).
#include <string>

#include <nlohmann/json.hpp>

namespace altinity_deploy::cli {

std::string json_as_yaml(const nlohmann::json& document);

}  // namespace altinity_deploy::cli
