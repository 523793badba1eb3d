#pragma once
// `--shard K/N`: N CI jobs (a GitHub Actions matrix, GitLab `parallel:`)
// each take a stable share of the fleet, together every target exactly once.
// A target's shard is chosen by rendezvous hashing of its identity (cluster,
// namespace, release): adding or removing a target moves no other target, and
// going from N to N+1 shards moves only about 1/(N+1) of them.
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"

namespace altinity_deploy::fleet {

struct Shard {
  int index = 1;  // 1-based, like GitLab's CI_NODE_INDEX
  int count = 1;
};

// "K/N" with 1 <= K <= N <= 1000.
Result<Shard> parse_shard(const std::string& text);

// 1..count: the shard that runs the target with this identity.
int shard_of(const std::string& identity, int count);

std::vector<Target> targets_of_shard(const std::vector<Target>& targets, const Shard& shard);

}  // namespace altinity_deploy::fleet
