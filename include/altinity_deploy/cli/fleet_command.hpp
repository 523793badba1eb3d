#pragma once
// A verb over many manifests (issue 11, docs/fleet.md): expands the
// --manifest arguments, loads every target, refuses two manifests for one
// release before anything starts, picks this shard's targets, orders them in
// waves, then runs one deployer per target (fleet/fleet_run.hpp) and prints
// the summary or one JSON document.
#include <string>
#include <vector>

#include "altinity_deploy/cluster/kube_target.hpp"

namespace altinity_deploy::cli {

struct FleetRequest {
  std::string binary;                          // this deployer, run once per target
  std::string verb;                            // validate, render, plan, up, destroy, status
  std::vector<std::string> manifest_arguments;  // files, folders, patterns
  std::vector<std::string> child_words;        // each target's argv after the binary, without manifests
  cluster::AccessInputs access;
  int parallel = 0;
  int max_failures = 0;
  std::string waves;  // LABEL=v1,v2
  std::string shard;  // K/N
  std::string selector;  // -l: which targets run (fleet/selector.hpp)
  bool list = false;
  bool same_cluster = false;  // --same-cluster: --kubeconfig/--context may replace the manifests' clusters
  bool ask_before_destroy = false;  // destroy on a terminal without -y: list the targets, ask once
  bool keep_namespace = false;      // destroy's flags, for that list
  bool delete_crds = false;
  bool json = false;
  bool terminal = false;  // stderr is a terminal: the live table
};

int run_fleet_command(const FleetRequest& request);

// The command line each target runs: the original arguments without the
// manifests and the fleet's own flags (-j/--parallel, --max-failures,
// --waves, --shard, -l/--selector, --list, --same-cluster), in every spelling CLI11 accepts.
std::vector<std::string> target_arguments(const std::vector<std::string>& arguments);

}  // namespace altinity_deploy::cli
