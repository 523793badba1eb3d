#pragma once
// The manifest's fields, mapping by mapping: the one table the readers
// (read_*.cpp) match keys with and `altinity-deploy schema` is written from.
#include <vector>

#include "field_map.hpp"

namespace altinity_deploy::manifest {

inline constexpr long long kMaxTimeoutSeconds = 86400;  // a day; longer is a hung install

const std::vector<FieldName>& document_fields();  // apiVersion, kind, metadata, spec, status
const std::vector<FieldName>& metadata_fields();
const std::vector<FieldName>& spec_fields();
const std::vector<FieldName>& target_cluster_fields();
const std::vector<FieldName>& cluster_selector_fields();
const std::vector<FieldName>& chart_fields();
const std::vector<FieldName>& container_fields();
const std::vector<FieldName>& resources_fields();
const std::vector<FieldName>& requests_fields();
const std::vector<FieldName>& limits_fields();
const std::vector<FieldName>& helm_fields();
const std::vector<FieldName>& drift_detection_fields();
const std::vector<FieldName>& drift_ignore_rule_fields();
const std::vector<FieldName>& drift_target_fields();

// The keys of `status` that mean something (outputs); others draw a warning.
inline constexpr const char* kStatusOutputs = "outputs";

}  // namespace altinity_deploy::manifest
