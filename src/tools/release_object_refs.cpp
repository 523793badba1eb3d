// The release's stored object refs in the read cache: a JSON entry of the
// revision they belong to and each object's apiVersion, kind, name and
// namespace (nothing of its content).
#include "altinity_deploy/tools/release_object_refs.hpp"

#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"
#include "json_fields.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

bool all_of(std::string_view text, bool (*allowed)(char)) {
  for (const char c : text) {
    if (!allowed(c)) return false;
  }
  return true;
}

bool alphanumeric(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
// DNS subdomain characters, upper case too (kubectl lower-cases kinds, not names).
bool name_char(char c) { return alphanumeric(c) || c == '-' || c == '.' || c == '_' || c == ':'; }

// An object or namespace name as kubectl may take it in an argv element:
// not empty, bounded, no flag, no second ref, no separator.
bool plain_name(std::string_view name, bool may_be_empty) {
  if (name.empty()) return may_be_empty;
  return name.size() <= 253 && name.front() != '-' && all_of(name, name_char);
}

// A cache entry is on disk and may have been edited: a wrong type, too many
// refs or one that is not a Kubernetes name makes it unused (the label read
// then runs, and the run rewrites it).
std::optional<RememberedRefs> refs_of_entry(const std::string& entry) {
  const json doc = json::parse(entry, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  JsonFields fields(doc, "the release's remembered refs");
  const auto revision = fields.integer("/revision");
  const json* refs = fields.array("/refs");
  const auto by_name = fields.node("/readByName");
  if (fields.error() || !revision || refs == nullptr || refs->size() > kMaxRememberedRefs ||
      (by_name != nullptr && !by_name->is_boolean())) {
    return std::nullopt;
  }
  RememberedRefs remembered{static_cast<long>(*revision), {}, by_name == nullptr || by_name->get<bool>()};
  for (const auto& ref : *refs) {
    if (!ref.is_object()) return std::nullopt;
    JsonFields of(ref, "a remembered ref");
    ObjectRef object{of.string("/apiVersion"), of.string("/kind"), of.string("/name"), of.string("/namespace")};
    if (of.error() || !object.is_kubernetes_name()) return std::nullopt;
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

bool ObjectRef::is_kubernetes_name() const {
  const auto slash = api_version.find('/');
  const std::string_view group = slash == std::string::npos ? std::string_view() : std::string_view(api_version).substr(0, slash);
  const std::string_view version =
      slash == std::string::npos ? std::string_view(api_version) : std::string_view(api_version).substr(slash + 1);
  const bool kind_ok = !kind.empty() && kind.size() <= 63 && std::isalpha(static_cast<unsigned char>(kind.front())) != 0 &&
                       all_of(kind, alphanumeric);
  const bool api_ok = group.size() <= 253 && (group.empty() || group.front() != '-') &&
                      all_of(group, [](char c) { return alphanumeric(c) || c == '-' || c == '.'; }) &&
                      version.size() <= 63 && all_of(version, alphanumeric);
  return kind_ok && api_ok && plain_name(name, false) && plain_name(namespace_name, true);
}

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
  if (!cache_.enabled() || remembered.refs.size() > kMaxRememberedRefs) return;
  // An empty list is kept too: it says "read by label" (after destroy).
  const auto key = refs_key(access_, release_);
  if (!key) return;
  json refs = json::array();
  for (const auto& ref : remembered.refs) {
    refs.push_back({{"apiVersion", ref.api_version}, {"kind", ref.kind}, {"name", ref.name}, {"namespace", ref.namespace_name}});
  }
  cache_.put(*key, json{{"revision", remembered.revision}, {"refs", refs}, {"readByName", remembered.read_by_name}}.dump());
  log::debug("read cache: the refs of the release's {} stored objects (revision {}) kept in {}", remembered.refs.size(),
             remembered.revision, cache_.folder());
}

}  // namespace altinity_deploy::tools
