// `helm template`'s stdout as objects, in Helm's install order.
#include "altinity_deploy/plan/rendered_objects.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include <fmt/format.h>

#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::plan {
namespace {

// Helm's InstallOrder (pkg/release/util/kind_sorter.go), the order in which
// helm creates a release's objects.
constexpr std::array<std::string_view, 38> kInstallOrder = {
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
    "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
    "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
    "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler",
    "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService", "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration"};

// The template path of helm's "# Source: chart/templates/x.yaml" comment.
std::string source_of(const std::string& document) {
  constexpr std::string_view kPrefix = "# Source: ";
  size_t start = 0;
  while (start < document.size()) {
    size_t end = document.find('\n', start);
    if (end == std::string::npos) end = document.size();
    const std::string_view line(document.data() + start, end - start);
    if (line.starts_with(kPrefix)) {
      std::string_view path = line.substr(kPrefix.size());
      if (!path.empty() && path.back() == '\r') path.remove_suffix(1);
      return std::string(path);
    }
    start = end + 1;
  }
  return {};
}

std::string named(const std::string& source, size_t index) {
  return source.empty() ? fmt::format("document {}", index + 1)
                        : fmt::format("document {} ({})", index + 1, redact::excerpt(source));
}

}  // namespace

std::string member_text(const yaml::Node& mapping, std::string_view key) {
  if (!mapping.is_mapping()) return {};
  const yaml::Node* value = mapping.find(key);
  return value != nullptr && value->is_scalar() ? value->text() : std::string{};
}

int install_rank(const std::string& kind) {
  const auto found = std::find(kInstallOrder.begin(), kInstallOrder.end(), kind);
  return static_cast<int>(found - kInstallOrder.begin());
}

Result<std::vector<RenderedObject>> parse_rendered_objects(const std::string& text, RepeatedKey repeated_key) {
  std::vector<RenderedObject> objects;
  const auto documents = split_yaml_documents(text, repeated_key);
  for (size_t i = 0; i < documents.size(); ++i) {
    RenderedObject rendered;
    rendered.source = source_of(documents[i]);
    auto loaded = yaml::load(documents[i]);
    if (!loaded.problems.empty()) {
      const auto& problem = loaded.problems.front();
      return fail(ExitCode::failed,
                  fmt::format("helm template's {} does not parse: {}:{}: {}", named(rendered.source, i),
                              problem.mark.line, problem.mark.column, redact::safe_message(problem.message)),
                  "check the chart's template and the values it was given (render shows them without --manifests)");
    }
    if (loaded.root.is_null()) continue;
    if (member_text(loaded.root, "kind").empty()) {
      return fail(ExitCode::failed,
                  fmt::format("helm template's {} is not a Kubernetes object (no kind)", named(rendered.source, i)),
                  "check the chart's template and the values it was given");
    }
    rendered.object = std::move(loaded.root);
    objects.push_back(std::move(rendered));
  }
  return objects;
}

void sort_for_install(std::vector<RenderedObject>& objects) {
  auto key = [](const RenderedObject& rendered) {
    const yaml::Node* metadata = rendered.object.find("metadata");
    const std::string kind = member_text(rendered.object, "kind");
    return std::make_tuple(install_rank(kind), kind,
                           metadata != nullptr ? member_text(*metadata, "namespace") : std::string{},
                           metadata != nullptr ? member_text(*metadata, "name") : std::string{});
  };
  std::stable_sort(objects.begin(), objects.end(),
                   [&](const RenderedObject& a, const RenderedObject& b) { return key(a) < key(b); });
}

}  // namespace altinity_deploy::plan
