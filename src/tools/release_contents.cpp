// HelmClient::release_contents: the values and the manifest Helm stored for the
// release, from `helm status -o json` (both majors print `config` and
// `manifest`; `helm get values` and `helm get manifest` would be two calls).
#include <fmt/format.h>

#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::tools {

Result<ReleaseContents> parse_release_contents(const std::string& status_json) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(status_json);
  } catch (const std::exception& e) {
    return fail(ExitCode::failed, std::string("cannot read the JSON of `helm status`: ") + e.what());
  }
  if (!document.is_object()) return fail(ExitCode::failed, "`helm status -o json` printed no JSON object");
  ReleaseContents stored;
  if (auto config = document.find("config"); config != document.end() && !config->empty()) stored.values = *config;
  if (auto manifest = document.find("manifest"); manifest != document.end() && manifest->is_string()) {
    stored.manifest = manifest->get<std::string>();
  }
  if (auto method = document.find("apply_method"); method != document.end() && method->is_string()) {
    stored.apply_method = method->get<std::string>();
  }
  return stored;
}

Result<std::optional<ReleaseContents>> HelmClient::release_contents() {
  TRY_ASSIGN(printed, status_json());
  if (!printed) return std::optional<ReleaseContents>{};
  TRY_ASSIGN(stored, parse_release_contents(*printed));
  return std::optional<ReleaseContents>{std::move(stored)};
}

}  // namespace altinity_deploy::tools
