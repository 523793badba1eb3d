// Parsing kubectl's JSON into the structs of kube_objects.hpp.
#include "altinity_deploy/tools/kube_objects.hpp"

#include <map>

#include <fmt/format.h>

#include "altinity_deploy/core/try.hpp"
#include "json_fields.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

// "Pod op-0" (or "a Pod" when it has no readable name), for errors.
std::string describe(const json& object, const char* kind) {
  if (object.is_object()) {
    if (auto meta = object.find("metadata"); meta != object.end() && meta->is_object()) {
      if (auto name = meta->find("name"); name != meta->end() && name->is_string()) {
        return fmt::format("{} {}", kind, name->get<std::string>());
      }
    }
  }
  return fmt::format("a {}", kind);
}

// A Kubernetes object needs its name.
// A name is required (a wrong-typed field is fields' own error, reported by
// fields.result()).
Status require_name(const JsonFields& fields, const std::string& name, const std::string& what) {
  if (fields.error() || !name.empty()) return {};
  return fail(ExitCode::failed, what + ": /metadata/name is missing",
              "the cluster's JSON is not of the shape Kubernetes documents; run with -v to see the command");
}

// The name (or uid) of the controlling owner of this kind.
Result<std::string> controller(JsonFields& fields, const std::string& what, const char* kind, const char* field) {
  const json* owners = fields.array("/metadata/ownerReferences");
  if (fields.error()) return tl::unexpected(*fields.error());
  if (owners == nullptr) return std::string{};
  for (size_t i = 0; i < owners->size(); ++i) {
    JsonFields owner((*owners)[i], fmt::format("{} ownerReferences[{}]", what, i));
    const bool is_controller = owner.boolean("/controller");
    const std::string owner_kind = owner.string("/kind");
    const std::string value = owner.string(field);
    if (owner.error()) return tl::unexpected(*owner.error());
    if (is_controller && owner_kind == kind) return value;
  }
  return std::string{};
}

std::optional<ContainerEnd> container_end(JsonFields& status, const char* pointer) {
  const json* node = status.node(pointer);
  if (node == nullptr || node->is_null()) return std::nullopt;
  const std::string at(pointer);
  ContainerEnd end;
  end.reason = status.string((at + "/reason").c_str());
  end.exit_code = status.integer((at + "/exitCode").c_str());
  return end;
}

// name -> resources.limits.memory of the pod spec's containers (or initContainers).
Result<std::map<std::string, std::string>> memory_limits(JsonFields& pod, const std::string& what, const char* field) {
  std::map<std::string, std::string> limits;
  const json* containers = pod.array(field);
  if (pod.error()) return tl::unexpected(*pod.error());
  if (containers == nullptr) return limits;
  for (size_t i = 0; i < containers->size(); ++i) {
    JsonFields container((*containers)[i], fmt::format("{} {}[{}]", what, field, i));
    const std::string name = container.string("/name");
    const std::string memory = container.string("/resources/limits/memory");
    if (container.error()) return tl::unexpected(*container.error());
    limits[name] = memory;
  }
  return limits;
}

Status add_containers(JsonFields& pod, const std::string& what, bool init, Pod& into) {
  auto limits = memory_limits(pod, what, init ? "/spec/initContainers" : "/spec/containers");
  if (!limits) return tl::unexpected(limits.error());
  const char* field = init ? "/status/initContainerStatuses" : "/status/containerStatuses";
  const json* statuses = pod.array(field);
  if (pod.error()) return tl::unexpected(*pod.error());
  if (statuses == nullptr) return {};
  for (size_t i = 0; i < statuses->size(); ++i) {
    JsonFields status((*statuses)[i], fmt::format("{} {}[{}]", what, field + 8, i));
    ContainerState state;
    state.name = status.string("/name");
    state.init = init;
    state.restarts = status.integer("/restartCount").value_or(0);
    state.waiting_reason = status.string("/state/waiting/reason");
    state.waiting_message = status.string("/state/waiting/message");
    state.terminated = container_end(status, "/state/terminated");
    state.last_terminated = container_end(status, "/lastState/terminated");
    if (status.error()) return tl::unexpected(*status.error());
    if (auto limit = limits->find(state.name); limit != limits->end()) state.memory_limit = limit->second;
    into.containers.push_back(std::move(state));
  }
  return {};
}

std::string kind_of(const json& object) {
  if (auto kind = object.find("kind"); kind != object.end() && kind->is_string()) return kind->get<std::string>();
  return {};
}

bool looks_like_pod(const json& object) {
  const auto status = object.find("status");
  return status != object.end() && status->is_object() && status->contains("containerStatuses");
}

// The objects of a List, the one object, or an array's elements.
std::vector<const json*> objects_of(const json& list, std::vector<std::string>& skipped) {
  std::vector<const json*> objects;
  const json* items = nullptr;
  if (list.is_array()) {
    items = &list;
  } else if (list.is_object()) {
    if (auto found = list.find("items"); found != list.end()) {
      if (!found->is_array()) {
        skipped.push_back(fmt::format("the List's items are a {}, not an array", found->type_name()));
        return objects;
      }
      items = &*found;
    } else if (list.contains("metadata") && kind_of(list) != "List") {
      objects.push_back(&list);
    }
  } else if (!list.is_null()) {
    skipped.push_back(fmt::format("the answer is a {}, not a List", list.type_name()));
  }
  if (items == nullptr) return objects;
  for (size_t i = 0; i < items->size(); ++i) {
    if ((*items)[i].is_object()) {
      objects.push_back(&(*items)[i]);
    } else {
      skipped.push_back(fmt::format("item {} is a {}, not an object", i, (*items)[i].type_name()));
    }
  }
  return objects;
}

template <class T>
void keep(Result<T> parsed, std::vector<T>& into, std::vector<std::string>& skipped) {
  if (parsed) {
    into.push_back(std::move(*parsed));
  } else {
    skipped.push_back(parsed.error().message);
  }
}

}  // namespace

std::string Pod::id() const { return uid.empty() ? namespace_name + "/" + name : uid; }

std::string ClickHouseInstallation::describe() const { return fmt::format("{}/{} ({})", namespace_name, name, kind); }

Result<Pod> parse_pod(const json& object) {
  const std::string what = describe(object, "Pod");
  JsonFields fields(object, what);
  Pod pod;
  pod.name = fields.string("/metadata/name");
  pod.namespace_name = fields.string("/metadata/namespace");
  pod.uid = fields.string("/metadata/uid");
  const json* deletion = fields.node("/metadata/deletionTimestamp");
  pod.being_deleted = deletion != nullptr && !deletion->is_null();
  if (const json* conditions = fields.array("/status/conditions")) {
    for (size_t i = 0; i < conditions->size(); ++i) {
      JsonFields condition((*conditions)[i], fmt::format("{} conditions[{}]", what, i));
      PodCondition entry{condition.string("/type"), condition.string("/status"), condition.string("/reason"),
                         condition.string("/message")};
      if (condition.error()) return tl::unexpected(*condition.error());
      pod.conditions.push_back(std::move(entry));
    }
  }
  TRY(require_name(fields, pod.name, what));
  TRY_ASSIGN(owner, controller(fields, what, "ReplicaSet", "/name"));
  pod.replica_set = std::move(owner);
  for (bool init : {true, false}) TRY(add_containers(fields, what, init, pod));
  return fields.result(std::move(pod));
}

Result<ReplicaSet> parse_replica_set(const json& object) {
  const std::string what = describe(object, "ReplicaSet");
  JsonFields fields(object, what);
  ReplicaSet set;
  set.name = fields.string("/metadata/name");
  const std::string revision = fields.string("/metadata/annotations/deployment.kubernetes.io~1revision");
  TRY(require_name(fields, set.name, what));
  TRY_ASSIGN(owner, controller(fields, what, "Deployment", "/uid"));
  set.deployment_uid = std::move(owner);
  if (!revision.empty()) {
    try {
      set.revision = std::stoll(revision);
    } catch (const std::exception&) {
      set.revision = std::nullopt;  // not a number: no revision to compare
    }
  }
  return fields.result(std::move(set));
}

Result<Deployment> parse_deployment(const json& object) {
  const std::string what = describe(object, "Deployment");
  JsonFields fields(object, what);
  Deployment deployment;
  deployment.name = fields.string("/metadata/name");
  deployment.replicas = fields.integer("/spec/replicas").value_or(0);
  deployment.ready_replicas = fields.integer("/status/readyReplicas").value_or(0);
  deployment.available_replicas = fields.integer("/status/availableReplicas").value_or(0);
  TRY(require_name(fields, deployment.name, what));
  return fields.result(std::move(deployment));
}

Result<ClickHouseInstallation> parse_installation(const json& object) {
  const std::string what = describe(object, "ClickHouse installation");
  JsonFields fields(object, what);
  ClickHouseInstallation installation{fields.string("/metadata/namespace"), fields.string("/metadata/name"),
                                      fields.string("/kind")};
  if (installation.kind.empty()) installation.kind = "ClickHouseInstallation";
  TRY(require_name(fields, installation.name, what));
  return fields.result(std::move(installation));
}

Workloads parse_workloads(const json& list) {
  Workloads workloads;
  for (const json* object : objects_of(list, workloads.skipped)) {
    const std::string kind = kind_of(*object);
    if (kind == "Pod" || (kind.empty() && looks_like_pod(*object))) {
      keep(parse_pod(*object), workloads.pods, workloads.skipped);
    } else if (kind == "ReplicaSet") {
      keep(parse_replica_set(*object), workloads.replica_sets, workloads.skipped);
    } else if (kind == "Deployment") {
      keep(parse_deployment(*object), workloads.deployments, workloads.skipped);
    }
  }
  return workloads;
}

ClickHouseInstallations parse_installations(const json& list) {
  ClickHouseInstallations found;
  for (const json* object : objects_of(list, found.skipped)) {
    keep(parse_installation(*object), found.items, found.skipped);
  }
  return found;
}

}  // namespace altinity_deploy::tools
