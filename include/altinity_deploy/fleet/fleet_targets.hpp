#pragma once
// A fleet: many manifests, each one target (a release on a cluster). Which
// files the command line names, what each one targets, and the check that no
// two manifests deploy the same release to the same place.
#include <map>
#include <string>
#include <vector>

#include "altinity_deploy/cluster/kube_target.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/manifest/diagnostic.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::fleet {

// A file a folder or pattern found that is not a manifest of ours.
struct SkippedFile {
  std::string path;
  std::string reason;  // "kind Deployment", "not a .yaml or .yml file", ...
};

struct ManifestFiles {
  std::vector<std::string> paths;    // the manifests, each once
  std::vector<SkippedFile> skipped;  // every other file found, in order
};

// Each --manifest argument as files, in a stable order: a file as given
// (whatever its kind: loading it says when it is not ours); a folder as the
// files directly in it, a glob pattern (quoted so the shell left it alone)
// as its matches, each sorted, keeping the *.yaml/*.yml files whose `kind`
// is ours (or which do not parse, so that their errors show) and listing
// every other one as skipped (found_file.hpp). A folder or pattern that
// names no manifest is an error (ExitCode::invalid_input) naming the skips.
Result<ManifestFiles> expand_manifest_arguments(const std::vector<std::string>& arguments);

// True when the arguments name a fleet rather than one manifest: more than
// one argument, or a folder, or a pattern. One plain file runs exactly as it
// always did.
bool names_a_fleet(const std::vector<std::string>& arguments);

struct Target {
  std::string manifest_path;
  std::string name;            // metadata.name: the Helm release
  std::string label;           // the name in every line: `name`, or `name/file` where names repeat
  std::string namespace_name;
  std::string cluster;         // which cluster, as far as the manifest and flags say (no secrets)
  std::map<std::string, std::string> labels;  // metadata.labels, plus metadata.env/org as `env`/`org` when unset
  std::string manifest_cluster;  // the cluster as the manifest alone names it; empty when it names none
  std::vector<std::string> tags;  // metadata.tags: the selector's `tag` key (selector.hpp)

  // cluster, namespace and release: what must be unique in a fleet.
  std::string identity() const;
};

// A manifest that did not load: its errors, located in its own file.
struct InvalidManifest {
  std::string manifest_path;
  std::vector<manifest::Diagnostic> diagnostics;
};

struct LoadedTargets {
  std::vector<Target> targets;
  std::vector<InvalidManifest> invalid;
};

// Loads every manifest; the cluster of each comes from the same precedence
// a single run uses (cluster::choose_kube_target: flags, then the manifest's
// credential id and cluster name, then KUBECONFIG), named without reading
// any kubeconfig.
LoadedTargets load_targets(const std::vector<std::string>& manifest_paths, const cluster::AccessInputs& access);

// Sets each target's label: its name where that is unique in the fleet,
// else name/file-stem (the same release on several clusters).
void label_targets(std::vector<Target>& targets);

// Two manifests for one cluster, namespace and release would fight over one
// release: refused before anything starts (ExitCode::invalid_input).
Status check_unique_targets(const std::vector<Target>& targets);

// --kubeconfig or --context given to a fleet whose manifests name different
// clusters would run them all on one: refused (ExitCode::invalid_input),
// naming the targets, unless --same-cluster says they are one cluster (the
// caller then skips this check). Manifests that name no cluster do not count.
Status check_no_cluster_collapse(const std::vector<Target>& targets, const cluster::AccessInputs& access);

// How the cluster of a target is named: "credential prod-eu", "kubeconfig
// /path context ctx", "kubectl's default".
std::string cluster_name_of(const spec::TargetCluster& target, const cluster::AccessInputs& access);

}  // namespace altinity_deploy::fleet
