// read_snapshot's live objects: one `kubectl get` by Helm's instance label in
// the batch; the stored objects it did not return (another kind, a label
// edited away, a deleted object), by name, in one more get.
#include <map>
#include <set>
#include <utility>

#include "altinity_deploy/plan/rendered_objects.hpp"
#include "read_snapshot_parts.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;

constexpr const char* kReleaseNameAnnotation = "meta.helm.sh/release-name";
constexpr const char* kReleaseNamespaceAnnotation = "meta.helm.sh/release-namespace";

std::string annotation(const json& object, const char* key) {
  const json::json_pointer where("/metadata/annotations");
  if (!object.contains(where) || !object.at(where).is_object()) return {};
  const json& annotations = object.at(where);
  auto it = annotations.find(key);
  return it != annotations.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// KIND[.GROUP] of an apiVersion and kind: what `kubectl get` resolves.
std::string resource_of(const std::string& api_version, const std::string& kind) {
  const auto slash = api_version.find('/');
  return slash == std::string::npos ? kind : kind + "." + api_version.substr(0, slash);
}

}  // namespace

std::vector<json> objects_of_release(std::vector<json> live, const tools::ReleaseRef& ref) {
  std::vector<json> kept;
  for (auto& object : live) {
    if (annotation(object, kReleaseNameAnnotation) == ref.name &&
        annotation(object, kReleaseNamespaceAnnotation) == ref.namespace_name) {
      kept.push_back(std::move(object));
    }
  }
  return kept;
}

std::map<std::string, std::vector<std::string>> stored_objects_missing(const std::string& stored_manifest,
                                                                      const std::vector<json>& labelled,
                                                                      const std::string& release_namespace) {
  // (kind, name) -> the namespaces it was read in; "" for a cluster-wide
  // object, which stands for any namespace the chart wrote on it.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> seen;
  for (const auto& object : labelled) {
    seen[{object.value("kind", std::string{}), object.value("/metadata/name"_json_pointer, std::string{})}].insert(
        object.value("/metadata/namespace"_json_pointer, std::string{}));
  }
  auto stored = plan::parse_rendered_objects(stored_manifest);
  if (!stored) return {};
  std::map<std::string, std::vector<std::string>> missing;
  for (const auto& object : *stored) {
    const std::string kind = plan::member_text(object.object, "kind");
    const yaml::Node* metadata = object.object.find("metadata");
    const std::string name = metadata != nullptr ? plan::member_text(*metadata, "name") : std::string();
    if (kind.empty() || name.empty()) continue;
    std::string ns = metadata != nullptr ? plan::member_text(*metadata, "namespace") : std::string();
    if (ns.empty()) ns = release_namespace;
    auto found = seen.find({kind, name});
    if (found != seen.end() && (found->second.count("") != 0 || found->second.count(ns) != 0)) continue;
    missing[ns].push_back(resource_of(plan::member_text(object.object, "apiVersion"), kind) + "/" + name);
  }
  return missing;
}

}  // namespace altinity_deploy::actions
