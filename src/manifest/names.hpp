#pragma once
// Kubernetes name rules.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace altinity_deploy::manifest {

// Helm refuses release names longer than 53 characters.
inline constexpr std::size_t kMaxReleaseName = 53;

// What is wrong with `name` as a DNS-1123 label of at most `max_length`
// characters (`why_max` says where a limit below 63 comes from), or nothing.
std::optional<std::string> dns_label_problem(std::string_view name, std::size_t max_length,
                                             std::string_view why_max);

}  // namespace altinity_deploy::manifest
