#pragma once
// The Kubernetes objects of a release as `helm template` prints them, one
// per document, in a stable order (render --manifests). Parsed into trees so
// that masking (secret_masking.hpp) works on data, not on text, and so that
// the printers write them with the project's own YAML emitter.
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::plan {

struct RenderedObject {
  std::string source;  // the template it came from (helm's "# Source:" comment); empty when none
  yaml::Node object;   // one document's root mapping, comments dropped
  std::string note;    // said above it when printed (what masking did); empty: nothing to say
};

// The documents of a multi-document YAML stream (`helm template`'s stdout),
// those holding only comments left out, each parsed. A document that does
// not parse, or is not a mapping with `kind`, is an error naming its source.
// `helm template` separates every document, so a repeated top-level key is
// a duplicate key (refused); Helm 3's `helm show crds` does not, so its text
// is split at one (split_yaml_documents).
Result<std::vector<RenderedObject>> parse_rendered_objects(
    const std::string& text, RepeatedKey repeated_key = RepeatedKey::stays_in_document);

// Where `kind` comes in Helm's install order (Namespace, ..., ServiceAccount,
// Secret, ConfigMap, ..., Deployment, ...); a kind Helm does not list comes
// after all listed ones.
int install_rank(const std::string& kind);

// Sorted by install_rank, then kind, namespace and name: the same objects
// print in the same order whichever Helm major rendered them.
void sort_for_install(std::vector<RenderedObject>& objects);

// A string member of a mapping (`kind`, `metadata.name`); empty when absent.
std::string member_text(const yaml::Node& mapping, std::string_view key);

}  // namespace altinity_deploy::plan
