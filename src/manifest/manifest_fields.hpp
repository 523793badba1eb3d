#pragma once
// The manifest's fields, mapping by mapping: the one table the readers
// (read_*.cpp) match keys with and `altinity-deploy schema` is written from.
#include <array>
#include <string_view>
#include <vector>

#include "field_map.hpp"

namespace altinity_deploy::manifest {

inline constexpr long long kMaxTimeoutSeconds = 86400;  // a day; longer is a hung install

// The kinds Planton's kubernetes_cluster_selector.cluster_kind allows (its
// CloudResourceKind enum names): the four it allowed when the kind was
// renamed AltinityOperator, and the three it added on 2025-11-23. Names
// only: the enum numbers changed meaning (218 is now AwsIamUser).
inline constexpr std::array<std::string_view, 7> kClusterKinds = {
    "AwsEksCluster",   "AwsEksClusterCore",     "AzureAksCluster", "CivoKubernetesCluster",
    "DigitalOceanKubernetesCluster", "GcpGkeCluster", "GcpGkeClusterCore"};

// CloudResourceRelationship.RelationshipType, by name.
inline constexpr std::array<std::string_view, 5> kRelationshipTypes = {"unspecified", "depends_on", "runs_on",
                                                                       "managed_by", "uses"};

const std::vector<FieldName>& document_fields();  // apiVersion, kind, metadata, spec, status
const std::vector<FieldName>& metadata_fields();
const std::vector<FieldName>& relationship_fields();
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
