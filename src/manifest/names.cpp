#include "names.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::manifest {

namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> dns_label_problem(std::string_view name, std::size_t max_length,
                                             std::string_view why_max) {
  const bool valid_chars = std::all_of(name.begin(), name.end(), [](char c) { return lower_alnum(c) || c == '-'; });
  if (name.empty() || !valid_chars || !lower_alnum(name.front()) || !lower_alnum(name.back())) {
    return fmt::format(
        "'{}' is not a valid DNS-1123 label: use only lowercase letters, digits and '-', and start and end with a "
        "letter or digit",
        redact::excerpt(name));
  }
  if (name.size() > max_length) {
    return fmt::format("must be at most {} characters ({}), got {}", max_length, why_max, name.size());
  }
  return std::nullopt;
}

}  // namespace altinity_deploy::manifest
