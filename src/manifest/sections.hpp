#pragma once
// Readers for the parts of the manifest. Each fills its part of the spec
// from the field (keeping the defaults where nothing valid was given) and
// reports every problem it finds.
#include "altinity_deploy/spec/operator_spec.hpp"
#include "field_map.hpp"
#include "report.hpp"

namespace altinity_deploy::manifest {

void read_metadata(const Field& field, spec::Metadata& out, Report& report);
void read_spec(const Field& field, spec::OperatorSpec& out, Report& report);
void read_target_cluster(const Field& field, spec::TargetCluster& out, Report& report);
void read_chart(const Field& field, spec::Chart& out, Report& report);
void read_container(const Field& field, spec::ContainerResources& out, Report& report);
void read_helm(const Field& field, spec::HelmSettings& out, Report& report);
void read_drift_detection(const Field& field, spec::DriftDetection& out, Report& report);

// spec.values must not set, in the chart's own terms, what a typed field
// of `typed` already says differently.
void check_values_against_typed(const Field& values, const spec::OperatorSpec& typed, Report& report);

}  // namespace altinity_deploy::manifest
