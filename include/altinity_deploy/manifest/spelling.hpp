#pragma once
// Field-name spellings: snake_case twins of lowerCamel names, and the
// nearest known name for a typo.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altinity_deploy::manifest {

// "timeoutSeconds" -> "timeout_seconds", "createCRD" -> "create_crd".
std::string to_snake_case(std::string_view camel);

// Optimal string alignment distance (a swap of neighbours counts as one
// edit), ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typo`, when it is close enough to be a likely
// misspelling.
std::optional<std::string> nearest(std::string_view typo, const std::vector<std::string>& candidates);

}  // namespace altinity_deploy::manifest
