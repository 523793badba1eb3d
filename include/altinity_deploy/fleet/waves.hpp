#pragma once
// `--waves LABEL=v1,v2,...`: the targets whose label LABEL is v1 run first;
// those of v2 start only after every target of v1 succeeded, and so on
// (dev before staging before prod). The label is read from metadata.labels,
// and `env` also from metadata.env.
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"

namespace altinity_deploy::fleet {

struct WaveOrder {
  std::string label;
  std::vector<std::string> values;
};

struct Wave {
  std::string name;  // "env=dev"; empty when there are no waves
  std::vector<Target> targets;
};

Result<WaveOrder> parse_waves(const std::string& text);

// The targets in waves, in the order given. A target whose label is missing
// or not in the list is an error (ExitCode::invalid_input) rather than
// deployed at some guessed moment. Without an order: one wave of all.
Result<std::vector<Wave>> group_in_waves(const std::vector<Target>& targets, const WaveOrder* order);

}  // namespace altinity_deploy::fleet
