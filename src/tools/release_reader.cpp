#include "altinity_deploy/tools/release_reader.hpp"

#include <cstdlib>
#include <string>
#include <string_view>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/tools/helm_release_secret.hpp"

namespace altinity_deploy::tools {

std::string why_not_in_secrets() {
  const char* reader = std::getenv("ALTINITY_DEPLOY_RELEASE_READER");
  if (reader != nullptr && std::string_view(reader) == "helm") return "ALTINITY_DEPLOY_RELEASE_READER=helm";
  const char* driver = std::getenv("HELM_DRIVER");
  const std::string_view name = driver != nullptr ? driver : "";
  if (name.empty() || name == "secret" || name == "secrets") return {};
  return "HELM_DRIVER=" + redact::excerpt(name, 40) + ": Helm keeps releases elsewhere";
}

bool release_in_secrets() { return why_not_in_secrets().empty(); }

std::vector<nlohmann::json> secrets_of_release(const std::vector<nlohmann::json>& secrets, const ReleaseRef& ref) {
  std::vector<nlohmann::json> ours;
  for (const auto& secret : secrets) {
    if (secret.value("/metadata/namespace"_json_pointer, std::string{}) == ref.namespace_name &&
        secret.value("/metadata/labels/name"_json_pointer, std::string{}) == ref.name) {
      ours.push_back(secret);
    }
  }
  return ours;
}

Result<ReleaseFromSecrets> release_from_secrets(const std::vector<nlohmann::json>& secrets, const ReleaseRef& ref) {
  auto newest = newest_stored_release(secrets, ref.name, ref.namespace_name);
  if (!newest) return tl::unexpected(newest.error());
  ReleaseFromSecrets found;
  if (!*newest) return found;
  StoredRelease& stored = **newest;
  found.record = ReleaseContents{std::move(stored.user_values), std::move(stored.manifest), stored.info.apply_method};
  found.release = std::move(stored.info);
  return found;
}

}  // namespace altinity_deploy::tools
