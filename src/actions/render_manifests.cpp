#include "altinity_deploy/actions/render_manifests.hpp"

#include <fmt/format.h>

#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/plan/operator_password.hpp"
#include "altinity_deploy/plan/secret_masking.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::actions {
namespace {

using yaml::Node;

constexpr const char* kCrdSource = "CRDs of the chart (helm show crds), applied by altinity-deploy";

// The chart's CRDs as `up` applies them: each with the fingerprint
// annotation parse_crd_documents computes.
Result<std::vector<plan::RenderedObject>> crd_objects(tools::HelmClient& helm, const spec::Chart& chart) {
  TRY_ASSIGN(text, helm.show_crds(chart));
  TRY_ASSIGN(crds, plan::parse_crd_documents(text));
  // Every document is a CRD (parse_crd_documents checked): split as it was.
  TRY_ASSIGN(objects, plan::parse_rendered_objects(text, plan::RepeatedKey::starts_document));
  if (objects.size() != crds.size()) {
    return fail(ExitCode::failed, fmt::format("internal error: {} CRDs read as {} objects", crds.size(), objects.size()));
  }
  for (size_t i = 0; i < objects.size(); ++i) {
    objects[i].source = kCrdSource;
    Node* metadata = objects[i].object.find("metadata");
    if (metadata == nullptr || !metadata->is_mapping()) continue;  // parse_crd_documents found a name in it
    Node* annotations = metadata->find("annotations");
    if (annotations == nullptr || !annotations->is_mapping()) annotations = &metadata->set("annotations", Node::mapping());
    annotations->set(plan::kCrdHashAnnotation, Node::quoted(crds[i].sha256));
  }
  return objects;
}

bool password_is_generated(const Node& values) {
  const Node* secret = values.find("secret");
  const Node* password = secret != nullptr ? secret->find("password") : nullptr;
  return password != nullptr && password->is_scalar() && password->text() == redact::kGenerated;
}

// With --show-secrets the operator's Secret shows render's stand-in for the
// password `up` generates: said above it.
void note_generated_password(std::vector<plan::RenderedObject>& objects, const spec::OperatorSpec& spec,
                             const Node& values) {
  if (!password_is_generated(values)) return;
  const auto secret =
      plan::operator_secret(spec.release_name(), spec.namespace_name, spec.chart.name, yaml::to_json(values));
  for (auto& rendered : objects) {
    const Node* metadata = rendered.object.find("metadata");
    if (plan::member_text(rendered.object, "kind") != "Secret" || metadata == nullptr ||
        plan::member_text(*metadata, "name") != secret.name) {
      continue;
    }
    rendered.note = fmt::format(
        "password: the base64 of \"{}\": render cannot know the password up generates (or keeps from the "
        "release); after up, read it with: {}",
        redact::kGenerated, plan::read_password_command(secret));
  }
}

void mask(std::vector<plan::RenderedObject>& objects) {
  for (auto& rendered : objects) {
    if (plan::mask_secrets(rendered.object)) {
      rendered.note = fmt::format("Secret data masked: each data value is the base64 of \"{}\", each stringData "
                                  "value \"{}\" (--show-secrets shows them)",
                                  redact::kRedacted, redact::kRedacted);
    }
  }
}

}  // namespace

Result<RenderedManifests> render_manifests(tools::HelmClient& helm, const spec::OperatorSpec& spec,
                                           const yaml::Node& values, const ManifestsRequest& request) {
  RenderedManifests rendered;
  if (spec.create_crds) {
    TRY_ASSIGN(crds, crd_objects(helm, spec.chart));
    rendered.objects = std::move(crds);
  }
  // The values helm reads, as `up` writes them: in a 0600 file, removed when done.
  TRY_ASSIGN(values_file, ValuesFile::create(request.temp_dir, yaml::emit(values)));
  TRY_ASSIGN(text, helm.template_release({spec.chart, values_file.path(), request.kube_version}));
  TRY_ASSIGN(release_objects, plan::parse_rendered_objects(text));
  plan::sort_for_install(release_objects);
  if (request.show_secrets) {
    note_generated_password(release_objects, spec, values);
  } else {
    mask(release_objects);
  }
  for (auto& object : release_objects) rendered.objects.push_back(std::move(object));

  const std::string helm_version = fmt::format("Helm {}", helm.major());
  rendered.capabilities =
      request.kube_version.empty()
          ? fmt::format("rendered for helm template's default capabilities (the Kubernetes version and API "
                        "versions built into {}), not a cluster's; give --kube-version to render for yours",
                        helm_version)
          : fmt::format("rendered for Kubernetes {} (--kube-version) with {}'s built-in API versions, not a "
                        "cluster's",
                        request.kube_version, helm_version);
  return rendered;
}

}  // namespace altinity_deploy::actions
