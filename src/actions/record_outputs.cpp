#include "altinity_deploy/actions/record_outputs.hpp"

#include <fstream>
#include <sstream>

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::actions {
namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

outputs::Outputs release_outputs(const std::string& namespace_name, const tools::ReleaseInfo& release) {
  return {{"namespace", namespace_name},
          {"releaseName", release.name},
          {"chartVersion", release.chart_version},
          {"appVersion", release.app_version},
          {"revision", std::to_string(release.revision)},
          {"helmStatus", release.status},
          {"lastDeployed", release.last_deployed}};
}

nlohmann::json outputs_json(const outputs::Outputs& outputs) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : outputs) object[key] = value;
  return object;
}

bool record_outputs(const std::string& manifest_path, const outputs::Outputs* outputs, bool write_status) {
  if (!write_status) return false;
  auto text = read_file(manifest_path);
  Status written = text ? outputs::write_file_atomically(
                              manifest_path, outputs != nullptr ? outputs::with_status_outputs(*text, *outputs)
                                                                : outputs::without_status(*text))
                        : fail(ExitCode::failed, "cannot read the manifest " + manifest_path);
  if (written) return true;
  log::warn("status.outputs not written: {}", written.error().message);
  return false;
}

}  // namespace altinity_deploy::actions
