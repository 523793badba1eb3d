#pragma once
// Whether a file that a folder or a glob pattern found is a manifest of
// ours. A folder or pattern skips the others, and names each one it skips
// with the reason: never silently.
#include <cstddef>
#include <optional>
#include <string>

namespace altinity_deploy::fleet {

// How much of a file is read to find its kind. A folder of large YAML files
// of other kinds (1 MiB each) is skipped without parsing them.
inline constexpr std::size_t kKindPeekBytes = 8 * 1024;

// Which names a folder keeps: only *.yaml and *.yml; a pattern's matches
// are what the user's pattern chose, whatever their names.
enum class NameCheck { yaml_extension, any_name };

// Why the file at `path` is not a manifest of ours ("kind Deployment", "a
// folder: folders are not searched"), or nothing when it is one or may be:
// a file that cannot be read or parsed stays, so that loading it shows its
// errors. A FIFO or device is never opened.
std::optional<std::string> why_not_a_manifest(const std::string& path, NameCheck names);

}  // namespace altinity_deploy::fleet
