// The release's stored object refs in the read cache: a JSON entry of the
// revision they belong to and each object's apiVersion, kind, name and
// namespace (nothing of its content).
#include "altinity_deploy/tools/release_object_refs.hpp"

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<RememberedRefs> refs_of_entry(const std::string& entry) {
  const json doc = json::parse(entry, nullptr, false);
  if (!doc.is_object() || !doc.contains("revision") || !doc["revision"].is_number_integer() ||
      !doc.contains("refs") || !doc["refs"].is_array()) {
    return std::nullopt;
  }
  RememberedRefs remembered{doc["revision"].get<long>(), {}};
  for (const auto& ref : doc["refs"]) {
    if (!ref.is_object()) return std::nullopt;
    ObjectRef object{text_of(ref, "apiVersion"), text_of(ref, "kind"), text_of(ref, "name"), text_of(ref, "namespace")};
    if (object.kind.empty() || object.name.empty()) return std::nullopt;
    remembered.refs.push_back(std::move(object));
  }
  return remembered;
}

// Under the kubeconfig's identity (its files' content, --context, the
// in-cluster variables): another cluster or context is another entry.
std::optional<std::string> refs_key(const KubeAccess& access, const ReleaseRef& release) {
  const auto kubeconfig = kubeconfig_cache_identity(access.kubeconfig, access.context);
  if (!kubeconfig) return std::nullopt;
  return "kubectl release-refs " + core::sha256_hex(*kubeconfig + "\n" + release.name + "\n" + release.namespace_name);
}

}  // namespace

std::string ObjectRef::resource() const {
  const auto slash = api_version.find('/');
  return (slash == std::string::npos ? kind : kind + "." + api_version.substr(0, slash)) + "/" + name;
}

std::optional<RememberedRefs> KubectlClient::remembered_release_refs() const {
  if (!cache_.enabled()) return std::nullopt;
  const auto key = refs_key(access_, release_);
  if (!key) return std::nullopt;
  auto entry = cache_.get(*key);
  if (!entry) return std::nullopt;
  return refs_of_entry(*entry);
}

void KubectlClient::remember_release_refs(const RememberedRefs& remembered) const {
  if (!cache_.enabled()) return;
  const auto key = refs_key(access_, release_);
  if (!key) return;
  json refs = json::array();
  for (const auto& ref : remembered.refs) {
    refs.push_back({{"apiVersion", ref.api_version}, {"kind", ref.kind}, {"name", ref.name}, {"namespace", ref.namespace_name}});
  }
  cache_.put(*key, json{{"revision", remembered.revision}, {"refs", refs}}.dump());
  log::debug("read cache: the refs of the release's {} stored objects (revision {}) kept in {}", remembered.refs.size(),
             remembered.revision, cache_.folder());
}

}  // namespace altinity_deploy::tools
