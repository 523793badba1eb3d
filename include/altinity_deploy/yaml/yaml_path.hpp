#pragma once
// Dotted paths that name a place in a YAML tree in messages, e.g.
// spec.values.configs.files."config.yaml".watch.namespaces[0]. A key that
// holds a dot is quoted so that the path stays unambiguous.
#include <cstddef>
#include <string>
#include <string_view>

namespace altinity_deploy::yaml {

std::string child_path(std::string_view parent, std::string_view key);
std::string item_path(std::string_view parent, std::size_t index);

}  // namespace altinity_deploy::yaml
