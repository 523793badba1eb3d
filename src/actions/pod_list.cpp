// Reading a release's pod List (see the header).
#include "pod_list.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace altinity_deploy::actions::pod_list {

using nlohmann::json;

const json* at(const json& object, std::initializer_list<const char*> path) {
  const json* node = &object;
  for (const char* key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string string_at(const json& object, std::initializer_list<const char*> path) {
  const json* node = at(object, path);
  return node != nullptr && node->is_string() ? node->get<std::string>() : std::string{};
}

namespace {

// The name or uid of the controlling owner of this kind.
std::string controller(const json& item, std::string_view kind, const char* field) {
  const json* owners = at(item, {"metadata", "ownerReferences"});
  if (owners == nullptr || !owners->is_array()) return {};
  for (const auto& owner : *owners) {
    if (!owner.is_object()) continue;
    const json* is_controller = at(owner, {"controller"});
    if (is_controller == nullptr || !is_controller->is_boolean() || !is_controller->get<bool>()) continue;
    if (string_at(owner, {"kind"}) == kind) return string_at(owner, {field});
  }
  return {};
}

// ReplicaSets that a newer ReplicaSet of the same Deployment replaces.
std::set<std::string> older_replica_sets(const std::vector<const json*>& items) {
  struct Revision {
    std::string name;
    std::string deployment;
    long long revision;
  };
  std::vector<Revision> sets;
  std::map<std::string, long long> newest;
  for (const json* item : items) {
    if (string_at(*item, {"kind"}) != "ReplicaSet") continue;
    const std::string deployment = controller(*item, "Deployment", "uid");
    const std::string text = string_at(*item, {"metadata", "annotations", "deployment.kubernetes.io/revision"});
    if (deployment.empty() || text.empty()) continue;
    long long revision = 0;
    try {
      revision = std::stoll(text);
    } catch (const std::exception&) {
      continue;
    }
    sets.push_back({string_at(*item, {"metadata", "name"}), deployment, revision});
    auto& top = newest[deployment];
    top = std::max(top, revision);
  }
  std::set<std::string> older;
  for (const auto& set : sets) {
    if (set.revision < newest[set.deployment]) older.insert(set.name);
  }
  return older;
}

bool being_deleted(const json& pod) {
  const json* deletion = at(pod, {"metadata", "deletionTimestamp"});
  return deletion != nullptr && !deletion->is_null();
}

}  // namespace

std::string pod_id(const json& pod) {
  std::string uid = string_at(pod, {"metadata", "uid"});
  return uid.empty() ? string_at(pod, {"metadata", "namespace"}) + "/" + string_at(pod, {"metadata", "name"}) : uid;
}

std::vector<const json*> items_of(const json& list) {
  std::vector<const json*> items;
  if (const json* array = at(list, {"items"}); array != nullptr && array->is_array()) {
    for (const auto& item : *array) {
      if (item.is_object()) items.push_back(&item);
    }
  } else if (list.is_object() && list.contains("metadata")) {
    items.push_back(&list);
  }
  return items;
}

bool is_pod(const json& item) {
  const std::string kind = string_at(item, {"kind"});
  return kind == "Pod" || (kind.empty() && at(item, {"status", "containerStatuses"}) != nullptr);
}

std::vector<const json*> live_pods(const json& list) {
  std::vector<const json*> pods;
  const auto items = items_of(list);
  const auto older = older_replica_sets(items);
  for (const json* pod : items) {
    if (!is_pod(*pod) || being_deleted(*pod)) continue;
    if (const std::string set = controller(*pod, "ReplicaSet", "name"); !set.empty() && older.count(set) > 0) continue;
    pods.push_back(pod);
  }
  return pods;
}

}  // namespace altinity_deploy::actions::pod_list
