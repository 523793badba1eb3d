#pragma once
// Durations in Go's form (what kubectl and helm take), on the command line
// and in the manifest (spec.helm.timeout):
// 90s, 1m30s, 5m, 1h, 1h2m3s; a plain integer is seconds (90).
#include <chrono>
#include <optional>
#include <string_view>

namespace altinity_deploy::core {

// nullopt for anything else: an empty text, a negative or fractional
// number, an unknown unit (ms: these flags count whole seconds), or more
// than kMaxDuration.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

inline constexpr std::chrono::seconds kMaxDuration = std::chrono::hours(24 * 366);

// Why parse_duration refused a text: so that "9000h" is told its range, not
// that it is no duration.
enum class DurationProblem { none, malformed, too_long };
DurationProblem duration_problem(std::string_view text);

}  // namespace altinity_deploy::core
