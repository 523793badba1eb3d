#include "altinity_deploy/tools/cluster_releases.hpp"

#include <charconv>
#include <map>
#include <utility>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/helm_release_secret.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

std::string text_at(const json& object, const json::json_pointer& pointer) {
  if (!object.contains(pointer)) return {};
  const json& value = object.at(pointer);
  return value.is_string() ? value.get<std::string>() : std::string();
}

int revision_of(const json& secret) {
  const std::string text = text_at(secret, json::json_pointer("/metadata/labels/version"));
  int revision = 0;
  std::from_chars(text.data(), text.data() + text.size(), revision);
  return revision;
}

}  // namespace

std::vector<ReleaseInfo> current_releases(const std::vector<json>& secrets) {
  // (namespace, release) -> its newest Secret.
  std::map<std::pair<std::string, std::string>, const json*> newest;
  for (const json& secret : secrets) {
    const std::pair key{text_at(secret, json::json_pointer("/metadata/namespace")),
                        text_at(secret, json::json_pointer("/metadata/labels/name"))};
    const json*& kept = newest[key];
    if (kept == nullptr || revision_of(*kept) < revision_of(secret)) kept = &secret;
  }
  std::vector<ReleaseInfo> releases;
  for (const auto& [key, secret] : newest) {
    auto decoded = decode_release_secret(*secret, key.second, key.first);
    if (!decoded) {
      log::debug("release '{}' in namespace '{}': left out of the releases looked through ({})", key.second,
                 key.first, decoded.error().message);
      continue;
    }
    releases.push_back(std::move(decoded->info));
  }
  return releases;
}

}  // namespace altinity_deploy::tools
