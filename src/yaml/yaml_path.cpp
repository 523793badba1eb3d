#include "altinity_deploy/yaml/yaml_path.hpp"

#include <fmt/format.h>

namespace altinity_deploy::yaml {

namespace {

// A key that is not one dotted segment ("config.yaml", "", "a b") is quoted.
bool needs_quotes(std::string_view key) {
  if (key.empty()) return true;
  for (char c : key) {
    if (c == '.' || c == ' ' || c == '"' || c == '[' || c == ']') return true;
  }
  return false;
}

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
  std::string segment = needs_quotes(key) ? fmt::format("\"{}\"", key) : std::string(key);
  if (parent.empty()) return segment;
  return fmt::format("{}.{}", parent, segment);
}

std::string item_path(std::string_view parent, std::size_t index) { return fmt::format("{}[{}]", parent, index); }

}  // namespace altinity_deploy::yaml
