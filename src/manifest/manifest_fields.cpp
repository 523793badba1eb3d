// The field table (see the header). Defaults come from a default-made
// spec::OperatorSpec, so they are what the loader leaves when a field is
// absent; descriptions are what docs/manifest.md says, in short.
#include "manifest_fields.hpp"

#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::manifest {
namespace {

// GCC 12 at -O3 (the portable build) warns that a string member may be used
// uninitialised in the static's clean-up path: a false positive of its
// -Wmaybe-uninitialized on aggregates with many string members.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
const spec::OperatorSpec& defaults() {
  static const spec::OperatorSpec made{};
  return made;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

std::vector<FieldName> resource_list_fields(const spec::ResourceList& list) {
  return {
      {.name = "cpu",
       .type = FieldType::quantity,
       .description = "CPU as a Kubernetes quantity: cores (0.5, 2) or millicores (500m)",
       .default_value = list.cpu},
      {.name = "memory",
       .type = FieldType::quantity,
       .description = "Memory as a Kubernetes quantity: bytes with a suffix such as 256Mi, 1Gi or 129M",
       .default_value = list.memory},
  };
}

}  // namespace

const std::vector<FieldName>& document_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "apiVersion", .choices = {spec::kApiVersion}, .required = true},
      {.name = "kind",
       .description = "AltinityOperator, or AltinityOperatorKubernetes as Planton named it before 2025-11-13; same spec",
       .choices = {spec::kKind, spec::kOlderKind},
       .required = true},
      {.name = "metadata",
       .type = FieldType::mapping,
       .description = "The release: its name, and informational labels",
       .fields = &metadata_fields(),
       .required = true},
      {.name = "spec",
       .type = FieldType::mapping,
       .description = "What to deploy, where and how",
       .fields = &spec_fields()},
      {.name = "status",
       .type = FieldType::open_mapping,
       .description = "Written by altinity-deploy (status.outputs); keys other than outputs are ignored with a "
                      "warning"},
  };
  return fields;
}

const std::vector<FieldName>& metadata_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "name",
       .description = "The Helm release name (unless spec.helm.releaseName): a DNS-1123 label of at most 53 characters",
       .required = true},
      {.name = "slug", .description = "Informational (Planton's)"},
      {.name = "id", .description = "Informational (Planton's)"},
      {.name = "org", .description = "Informational (Planton's)"},
      {.name = "env", .description = "Informational; names the target in a fleet as label env"},
      {.name = "group", .description = "Informational (Planton's)"},
      {.name = "labels", .type = FieldType::string_map, .description = "Informational; select targets in a fleet"},
      {.name = "annotations", .type = FieldType::string_map, .description = "Informational"},
      {.name = "tags", .type = FieldType::string_list, .description = "Informational (Planton's)"},
      {.name = "relationships",
       .type = FieldType::mapping_list,
       .description = "Informational (Planton's): the resources this one relates to",
       .fields = &relationship_fields()},
  };
  return fields;
}

const std::vector<FieldName>& relationship_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "kind", .description = "The related resource's kind (a Planton CloudResourceKind name)", .required = true},
      {.name = "env", .description = "Its environment"},
      {.name = "name", .description = "Its name", .required = true},
      {.name = "type",
       .description = "How this resource relates to it",
       .choices = {kRelationshipTypes.begin(), kRelationshipTypes.end()}},
      {.name = "group", .description = "Informational (Planton's until it moved to metadata.group)"},
  };
  return fields;
}

const std::vector<FieldName>& spec_fields() {
  const spec::OperatorSpec& d = defaults();
  static const std::vector<FieldName> fields = {
      {.name = "targetCluster",
       .type = FieldType::mapping,
       .description = "Which cluster: a credential id or a kube context (default: kubectl's current context)",
       .fields = &target_cluster_fields()},
      {.name = "namespace",
       .description = "The namespace of the release: a DNS-1123 label",
       .default_value = d.namespace_name},
      {.name = "container",
       .type = FieldType::mapping,
       .description = "The operator container",
       .fields = &container_fields()},
      {.name = "chart", .type = FieldType::mapping, .description = "Where the chart comes from", .fields = &chart_fields()},
      {.name = "watchNamespaces",
       .type = FieldType::string_list,
       .description = "Namespaces (regular expressions in Go's syntax) the operator watches; at least one",
       .default_value = d.watch_namespaces},
      {.name = "createCrds",
       .aliases = {"createCRD"},  // Planton's module and the chart say createCRD
       .type = FieldType::boolean,
       .description = "true: up applies the chart's CRDs itself before helm runs; false: the CRDs are left alone",
       .default_value = d.create_crds},
      {.name = "helm", .type = FieldType::mapping, .description = "How helm runs", .fields = &helm_fields()},
      {.name = "driftDetection",
       .type = FieldType::mapping,
       .description = "Whether plan compares the release's live objects with the ones Helm stored, and up "
                      "restores them (docs/drift.md)",
       .fields = &drift_detection_fields()},
      {.name = "values",
       .type = FieldType::open_mapping,
       .description = "Free-form Helm values, merged last; may not contradict a typed field"},
  };
  return fields;
}

const std::vector<FieldName>& target_cluster_fields() {
  static const std::vector<FieldName> fields = {
      // Planton's oneof credential_source. credentialId is what its older
      // docs wrote; kubernetesClusterCredentialId what this tool (and an
      // older Planton addon message) read before.
      {.name = "kubernetesCredentialId",
       .aliases = {"credentialId", "kubernetesClusterCredentialId"},
       .description = "A kubeconfig file named so in the credentials folder; exclusive with the selector"},
      {.name = "kubernetesClusterSelector",
       .type = FieldType::mapping,
       .description = "A kube context; exclusive with the credential id",
       .fields = &cluster_selector_fields()},
  };
  return fields;
}

const std::vector<FieldName>& cluster_selector_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "clusterKind",
       .description = "Informational: the kind of the cluster, one of Planton's",
       .choices = {kClusterKinds.begin(), kClusterKinds.end()}},
      {.name = "clusterName", .description = "The kube context of that name", .required = true},
  };
  return fields;
}

const std::vector<FieldName>& chart_fields() {
  const spec::Chart& d = defaults().chart;
  static const std::vector<FieldName> fields = {
      {.name = "repo",
       .description = "An http(s):// chart repository or an oci:// registry; exclusive with path",
       .default_value = d.repo},
      {.name = "name", .description = "The chart's name in that repository", .default_value = d.name},
      {.name = "version", .description = "The chart version", .default_value = d.version},
      {.name = "path",
       .description = "A local .tgz or chart folder, relative to the manifest's folder; exclusive with repo"},
  };
  return fields;
}

const std::vector<FieldName>& container_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "resources",
       .type = FieldType::mapping,
       .description = "Requests and limits; a missing key keeps its default",
       .fields = &resources_fields()},
  };
  return fields;
}

const std::vector<FieldName>& resources_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "requests", .type = FieldType::mapping, .description = "No larger than the limits", .fields = &requests_fields()},
      {.name = "limits", .type = FieldType::mapping, .description = "The limits", .fields = &limits_fields()},
  };
  return fields;
}

const std::vector<FieldName>& requests_fields() {
  static const std::vector<FieldName> fields = resource_list_fields(defaults().resources.requests);
  return fields;
}

const std::vector<FieldName>& limits_fields() {
  static const std::vector<FieldName> fields = resource_list_fields(defaults().resources.limits);
  return fields;
}

const std::vector<FieldName>& helm_fields() {
  const spec::HelmSettings& d = defaults().helm;
  static const std::vector<FieldName> fields = {
      {.name = "releaseName",
       .description = "The Helm release's name (default: metadata.name); altinity-clickhouse-operator takes over "
                      "the release Planton's module made"},
      {.name = "timeoutSeconds",
       .type = FieldType::integer,
       .description = "How long helm waits for the rollout, in seconds",
       .default_value = d.timeout_seconds,
       .minimum = 1,
       .maximum = kMaxTimeoutSeconds},
      {.name = "timeout",
       .description = "timeoutSeconds as a Go duration (10m, 1h30m, 90s; whole seconds, at most 24h); not with "
                      "timeoutSeconds",
       .excludes = "timeoutSeconds",
       .pattern = "^([0-9]+[hms])+$"},
      {.name = "atomic",
       .type = FieldType::boolean,
       .description = "Roll back a failed upgrade (--atomic on Helm 3, --rollback-on-failure on Helm 4)",
       .default_value = d.atomic},
      {.name = "cleanupOnFail",
       .type = FieldType::boolean,
       .description = "helm --cleanup-on-fail",
       .default_value = d.cleanup_on_fail},
  };
  return fields;
}

const std::vector<FieldName>& drift_detection_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "mode",
       .description = "enabled: drift is a change up corrects; warn: reported, not a change; disabled: not "
                      "looked for",
       .default_value = "enabled",
       .choices = {"enabled", "warn", "disabled"}},
      {.name = "ignore",
       .type = FieldType::mapping_list,
       .description = "Fields that are never drift: JSON pointers, for every object or a target's",
       .fields = &drift_ignore_rule_fields()},
  };
  return fields;
}

const std::vector<FieldName>& drift_ignore_rule_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "paths",
       .type = FieldType::string_list,
       .description = "JSON pointers (RFC 6901) such as /spec/replicas; each hides that field and what is under it",
       .required = true},
      {.name = "target",
       .type = FieldType::mapping,
       .description = "The objects the rule applies to; absent: every object of the release",
       .fields = &drift_target_fields()},
  };
  return fields;
}

const std::vector<FieldName>& drift_target_fields() {
  static const std::vector<FieldName> fields = {
      {.name = "kind", .description = "The objects' kind, e.g. Deployment; absent: any"},
      {.name = "name", .description = "The object's name; absent: any"},
  };
  return fields;
}

}  // namespace altinity_deploy::manifest
