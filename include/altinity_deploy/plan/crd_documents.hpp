#pragma once
// The chart's CRDs as `helm show crds` prints them, split into documents and
// fingerprinted. The fingerprint (SHA-256 of the document's content as
// kubectl reads it, as compact JSON with sorted keys, so that comments,
// layout and the way helm joins the files do not matter) goes onto each CRD
// as an annotation when the deployer applies it, so that a later plan
// knows, without comparing 270 KB of schema, whether the cluster holds
// exactly this chart's CRD.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"

namespace altinity_deploy::plan {

inline constexpr const char* kCrdHashAnnotation = "altinity-deploy/crd-sha256";
// The operator's own version label on its CRDs, shown in plans (the Keeper
// CRD of some versions carries only the second).
inline constexpr const char* kCrdVersionLabel = "clickhouse.altinity.com/chop";
inline constexpr const char* kKeeperCrdVersionLabel = "clickhouse-keeper.altinity.com/chop";

// A CRD object's operator version from those labels; empty when it has none.
std::string crd_version(const nlohmann::json& object);

// The struct is the snapshot's (a ClusterSnapshot holds the chart's CRDs).
using snapshot::CrdDocument;

// The documents of a multi-document YAML stream: split at lines that are
// "---" (alone or followed by a space and more) or "...", without the
// separators; documents holding only blank lines and comments are left out.
// Each keeps its text as written, blank lines around it trimmed, ending in
// one newline. A top-level key that comes again also starts a new document
// (with the comment lines right above it): Helm 3's `helm show crds` prints
// the chart's CRD files without "---" between them.
//
// RepeatedKey::stays_in_document turns that off, for text whose writer always
// separates documents (`helm template`): there a repeated key is one
// document with a duplicate key, which the loader then refuses, rather than
// two documents (a Secret's `stringData` must not land in a ConfigMap that
// is printed unmasked).
enum class RepeatedKey { starts_document, stays_in_document };
std::vector<std::string> split_yaml_documents(const std::string& text,
                                              RepeatedKey repeated_key = RepeatedKey::starts_document);

// Every document must be a CustomResourceDefinition with a name; anything
// else is an error naming the document.
Result<std::vector<CrdDocument>> parse_crd_documents(const std::string& helm_show_crds);

// The one document `kubectl apply` gets: a v1 List of the annotated CRDs.
std::string crd_apply_document(const std::vector<CrdDocument>& crds);

}  // namespace altinity_deploy::plan
