#include "altinity_deploy/actions/chart_digest.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/plan_json/saved_plan.hpp"

namespace altinity_deploy::actions {
namespace {

namespace fs = std::filesystem;

Error unreadable(const std::string& path, const std::string& why) {
  return Error{ExitCode::invalid_input, fmt::format("cannot read the local chart '{}' to digest it: {}", path, why),
               "check spec.chart.path"};
}

Result<std::string> file_content(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(unreadable(path.string(), "cannot open it"));
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return tl::unexpected(unreadable(path.string(), "read error"));
  return content;
}

// One line per entry: "relative-path\0kind:sha256\n", sorted by path.
Result<std::string> folder_listing(const fs::path& root) {
  std::error_code error;
  std::vector<std::pair<std::string, std::string>> entries;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    const fs::path relative = it->path().lexically_relative(root);
    if (it->is_symlink(error)) {
      entries.emplace_back(relative.generic_string(), "link:" + fs::read_symlink(it->path(), error).string());
    } else if (it->is_regular_file(error)) {
      auto content = file_content(it->path());
      if (!content) return tl::unexpected(content.error());
      entries.emplace_back(relative.generic_string(), "file:" + core::sha256_hex(*content));
    }
  }
  if (error) return tl::unexpected(unreadable(root.string(), error.message()));
  std::sort(entries.begin(), entries.end());
  std::string listing;
  for (const auto& [path, what] : entries) listing += path + '\0' + what + '\n';
  return listing;
}

}  // namespace

Result<std::string> chart_source_digest(const spec::Chart& chart) {
  if (!chart.is_local()) return plan_json::digest_of(chart.repo + '\0' + chart.name + '\0' + chart.version);
  std::error_code error;
  const fs::path path(chart.path);
  if (fs::is_directory(path, error)) {
    auto listing = folder_listing(path);
    if (!listing) return tl::unexpected(listing.error());
    return plan_json::digest_of(*listing);
  }
  auto content = file_content(path);
  if (!content) return tl::unexpected(content.error());
  return plan_json::digest_of(*content);
}

}  // namespace altinity_deploy::actions
