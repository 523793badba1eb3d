#pragma once
// Kubernetes resource quantities ("100m", "0.5", "256Mi", "1e3", "129M").
#include <optional>
#include <string_view>

namespace altinity_deploy::manifest {

// The quantity's value in base units (cores, bytes), or nothing when `text`
// is not a valid non-negative Kubernetes quantity.
std::optional<long double> parse_quantity(std::string_view text);

// Whether both are valid quantities of the same amount ("2" and "2000m",
// "1Gi" and "1073741824").
bool same_quantity(std::string_view a, std::string_view b);

}  // namespace altinity_deploy::manifest
