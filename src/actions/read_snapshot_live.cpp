// read_snapshot's live objects: in the batch, one `kubectl get` by Helm's
// instance label, or the stored objects the last run remembered by name
// (with the namespace and the CRDs); after it, the stored objects neither
// returned nor asked for (another kind, a label edited away, a new object of
// the revision), by name, in one more get.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <map>
#include <set>
#include <utility>

#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/redact/redaction.hpp"
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

// The objects of `refs` in `ns`. A kind the API server does not serve (a
// stored ServiceMonitor whose CRD was removed) fails the whole get: each
// kind is then read alone, and such a kind has no live object.
Result<std::vector<json>> named_objects(Connection& c, const std::vector<std::string>& refs, const std::string& ns) {
  auto named = c.kubectl.release_objects(refs, ns);
  if (named || named.error().kind != ToolErrorKind::kind_not_served) return named;
  std::map<std::string, std::vector<std::string>> by_kind;
  for (const auto& resource : refs) by_kind[resource.substr(0, resource.find('/'))].push_back(resource);
  std::vector<json> found;
  for (const auto& [kind, of_kind] : by_kind) {
    auto read = by_kind.size() == 1 ? Result<std::vector<json>>(tl::unexpected(named.error()))
                                    : c.kubectl.release_objects(of_kind, ns);
    if (!read && read.error().kind == ToolErrorKind::kind_not_served) {
      log::debug("drift: {} not served by the API server ({}); its stored objects count as missing",
                 redact::excerpt(kind, 200), redact::excerpt(redact::safe_message(read.error().message), 200));
      continue;
    }
    if (!read) return read;
    for (auto& object : *read) found.push_back(std::move(object));
  }
  return found;
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

std::optional<std::vector<tools::ObjectRef>> stored_object_refs(const std::string& stored_manifest,
                                                                const std::string& release_namespace) {
  auto stored = plan::parse_rendered_objects(stored_manifest);
  if (!stored) return std::nullopt;
  std::vector<tools::ObjectRef> refs;
  for (const auto& object : *stored) {
    const std::string kind = plan::member_text(object.object, "kind");
    const yaml::Node* metadata = object.object.find("metadata");
    const std::string name = metadata != nullptr ? plan::member_text(*metadata, "name") : std::string();
    if (kind.empty() || name.empty()) continue;
    std::string ns = metadata != nullptr ? plan::member_text(*metadata, "namespace") : std::string();
    if (ns.empty()) ns = release_namespace;
    tools::ObjectRef ref{plan::member_text(object.object, "apiVersion"), kind, name, ns};
    // The stored manifest is anyone's who may write the release's Secrets:
    // a ref that is no Kubernetes name never becomes a kubectl argument.
    if (!ref.is_kubernetes_name()) {
      log::warn("drift: a stored object is not read: its kind or name is not a Kubernetes name ({}/{})",
                redact::excerpt(kind, 60), redact::excerpt(name, 60));
      continue;
    }
    refs.push_back(std::move(ref));
  }
  return refs;
}

std::map<std::string, std::vector<std::string>> stored_objects_missing(const std::vector<tools::ObjectRef>& stored,
                                                                      const std::vector<json>& live,
                                                                      const std::vector<tools::ObjectRef>& asked) {
  // (kind, name) -> the namespaces it was read in; "" for a cluster-wide
  // object, which stands for any namespace the chart wrote on it.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> seen;
  for (const auto& object : live) {
    seen[{object.value("kind", std::string{}), object.value("/metadata/name"_json_pointer, std::string{})}].insert(
        object.value("/metadata/namespace"_json_pointer, std::string{}));
  }
  std::map<std::string, std::vector<std::string>> missing;
  for (const auto& ref : stored) {
    if (std::find(asked.begin(), asked.end(), ref) != asked.end()) continue;  // asked by name: absent if not live
    auto found = seen.find({ref.kind, ref.name});
    if (found != seen.end() && (found->second.count("") != 0 || found->second.count(ref.namespace_name) != 0)) continue;
    missing[ref.namespace_name].push_back(ref.resource());
  }
  return missing;
}

std::vector<tools::ObjectRef> refs_to_ask(const tools::RememberedRefs& remembered, const std::string& release_namespace) {
  std::vector<tools::ObjectRef> asked;
  if (!remembered.read_by_name) return asked;
  // kubectl resolves kinds in any case: `namespace` is a Namespace too.
  const auto is = [](const std::string& kind, std::string_view name) {
    return std::equal(kind.begin(), kind.end(), name.begin(), name.end(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
  };
  for (const auto& ref : remembered.refs) {
    if (ref.namespace_name == release_namespace && !is(ref.kind, "Namespace") && !is(ref.kind, "CustomResourceDefinition")) {
      asked.push_back(ref);
    }
  }
  return asked;
}

void read_live_objects(Connection& c, Result<std::vector<json>> labelled, const RememberedRead& remembered,
                       snapshot::ClusterSnapshot& snapshot) {
  const bool deployed = snapshot.release && snapshot.record && snapshot.release->status != "uninstalled" &&
                        !snapshot.release->is_pending();
  if (!deployed || (!labelled && labelled.error().kind != ToolErrorKind::forbidden)) {
    snapshot.live_objects = std::move(labelled);
    return;
  }
  const tools::ReleaseRef& ref = c.kubectl.release();
  std::vector<json> live;
  // An account that may not list one of the kinds (ClusterRoles, for one
  // limited to the release's namespace) still gets every stored object by name.
  if (labelled) {
    live = objects_of_release(std::move(*labelled), ref);
  } else {
    log::debug("drift: the release's objects could not be listed by label ({}); reading them by name",
               redact::excerpt(redact::safe_message(labelled.error().message), 200));
  }
  const auto stored = stored_object_refs(snapshot.record->manifest, ref.namespace_name);
  if (!stored) {
    snapshot.live_objects = std::move(live);
    return;
  }
  // This revision's refs for the next run; by name only while that works
  // (a failed get with them is not paid again on every run of the revision).
  tools::RememberedRefs now{snapshot.release->revision, *stored};
  if (remembered.fell_back) {
    now.read_by_name = false;
  } else if (remembered.remembered && remembered.remembered->revision == now.revision) {
    now.read_by_name = remembered.remembered->read_by_name;
  }
  if (!stored->empty() && remembered.remembered != now) c.kubectl.remember_release_refs(now);
  for (const auto& [ns, refs] : stored_objects_missing(*stored, live, remembered.asked)) {
    auto named = named_objects(c, refs, ns);
    if (!named) {
      snapshot.live_objects = tl::unexpected(named.error());
      return;
    }
    for (auto& object : objects_of_release(std::move(*named), ref)) live.push_back(std::move(object));
  }
  snapshot.live_objects = std::move(live);
}

void remember_upgraded_release(Connection& connection, long revision, const std::string& manifest) {
  const auto stored = stored_object_refs(manifest, connection.kubectl.release().namespace_name);
  if (stored && !stored->empty()) connection.kubectl.remember_release_refs({revision, *stored});
}

}  // namespace altinity_deploy::actions
