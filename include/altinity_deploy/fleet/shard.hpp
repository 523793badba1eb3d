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
#include "altinity_deploy/fleet/waves.hpp"

namespace altinity_deploy::fleet {

struct Shard {
  int index = 1;  // 1-based, like GitLab's CI_NODE_INDEX
  int count = 1;
};

// "K/N" with 1 <= K <= N <= 1000.
Result<Shard> parse_shard(const std::string& text);

// 1..count: the shard that runs the target with this identity.
int shard_of(const std::string& identity, int count);

// --shard with --waves of more than one wave is refused (ExitCode::invalid_input):
// each CI job would run its share of every wave, so one job's prod could
// start before another job's dev finished. One wave (or a selector) per CI
// stage, each stage sharded and after the previous one, is the safe pattern.
Status check_shard_of_one_wave(const WaveOrder* order);

std::vector<Target> targets_of_shard(const std::vector<Target>& targets, const Shard& shard);

}  // namespace altinity_deploy::fleet
