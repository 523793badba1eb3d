#include "altinity_deploy/actions/saved_plan_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "altinity_deploy/actions/chart_digest.hpp"
#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/outputs/atomic_file.hpp"
#include "altinity_deploy/plan_json/saved_plan.hpp"

namespace altinity_deploy::actions {
namespace {

Error unreadable(const std::string& path, const std::string& why) {
  return Error{ExitCode::invalid_input, fmt::format("cannot read the saved plan '{}': {}", path, why),
               "pass the file `altinity-deploy plan --out FILE` wrote; nothing was changed"};
}

// At most kSavedPlanMaxBytes + 1 bytes: one more says it is too big.
Result<std::string> bounded_text(const std::string& path) {
  core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.is_open()) return tl::unexpected(unreadable(path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return tl::unexpected(unreadable(path, std::strerror(errno)));
  if (!S_ISREG(info.st_mode)) return tl::unexpected(unreadable(path, "not a regular file"));
  std::string text;
  if (!core::read_all(fd.get(), text, plan_json::kSavedPlanMaxBytes + 1)) {
    return tl::unexpected(unreadable(path, std::strerror(errno)));
  }
  if (text.size() > plan_json::kSavedPlanMaxBytes) {
    return tl::unexpected(
        unreadable(path, fmt::format("it is larger than {} MiB, which no saved plan is", plan_json::kSavedPlanMaxBytes >> 20)));
  }
  return text;
}

}  // namespace

Result<nlohmann::json> read_saved_plan(const std::string& path) {
  auto text = bounded_text(path);
  if (!text) return tl::unexpected(text.error());
  return plan_json::open_saved_plan(*text, path);
}

std::optional<nlohmann::json> saved_plan_in(const std::string& path) {
  auto text = bounded_text(path);
  if (!text) return std::nullopt;
  auto document = nlohmann::json::parse(*text, nullptr, false);
  const auto kind = document.is_object() ? document.find("kind") : document.end();
  if (!document.is_object() || kind == document.end() || *kind != plan_json::kSavedPlanKind) return std::nullopt;
  return document;
}

std::string saved_plan_manifest(const nlohmann::json& saved) {
  const nlohmann::json::json_pointer where("/manifest/path");
  if (!saved.contains(where) || !saved.at(where).is_string()) return {};
  const auto& path = saved.at(where).get_ref<const std::string&>();
  return path == kStdinManifest ? std::string{} : path;
}

Result<nlohmann::json> read_saved_plan_and_manifest(const std::string& path, GlobalOptions& options,
                                                    std::optional<nlohmann::json> already_read) {
  auto saved = already_read ? plan_json::check_saved_plan_document(std::move(*already_read), path) : read_saved_plan(path);
  if (!saved || !options.manifest_path.empty() || options.manifest_text) return saved;
  options.manifest_path = saved_plan_manifest(*saved);
  if (options.manifest_path.empty()) {
    return fail(ExitCode::invalid_input,
                fmt::format("the saved plan '{}' was made from a manifest on stdin, and no manifest is given", path),
                "pass the manifest with -f FILE");
  }
  return saved;
}

Result<nlohmann::json> saved_plan_for(const Connection& connection, const LoadedManifest& manifest,
                                      const plan::ReleasePlan& plan, const std::string& tool_version) {
  auto chart = chart_source_digest(manifest.spec.chart);
  if (!chart) return tl::unexpected(chart.error());
  plan_json::SavedPlanContext context;
  context.manifest_path = manifest.path;
  context.kube_context = connection.target.context;
  context.server = connection.target.server;
  context.chart_digest = std::move(*chart);
  context.tool_version = tool_version;
  return plan_json::saved_plan_document(plan, manifest.spec, context);
}

Status write_saved_plan(const std::string& path, const nlohmann::json& document) {
  return outputs::write_private_file(path, document.dump(2) + "\n");
}

Status check_saved_plan(const nlohmann::json& saved, const nlohmann::json& now, const std::string& file) {
  const auto moves = plan_json::compare_saved_plans(saved, now);
  if (moves.empty()) return {};
  return tl::unexpected(plan_json::stale_plan_error(moves, file));
}

}  // namespace altinity_deploy::actions
