#pragma once
// Runs one verb over a fleet: one deployer process per target (the same
// binary, one manifest each), at most N at a time, wave after wave. Each
// target keeps everything a single run has: its own lock, plan, fail-fast,
// rollback and status write-back. The children are supervised from this one
// thread; a signal to the fleet is passed to every running target, which
// unwinds as a single run does (helm gets it, the lock is given back).
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/fleet/waves.hpp"

namespace altinity_deploy::fleet {

// Each target's run writes its JSON document (the one `-o json` prints) to
// the file this variable names, whatever its output format.
inline constexpr const char* kReportFileVariable = "ALTINITY_DEPLOY_REPORT_FILE";

struct FleetSettings {
  std::string binary;                   // the deployer itself
  std::vector<std::string> verb_words;  // the verb and its own flags, without --manifest
  int parallel = 0;                     // targets at once; 0: as many as targets, at most 4
  int max_failures = 0;                 // stop starting targets after this many failed; 0: never
};

struct TargetOutcome {
  enum class State { succeeded, failed, skipped };
  Target target;
  std::string wave;
  State state = State::skipped;
  int exit_code = 0;
  std::chrono::milliseconds duration{0};
  std::string output;       // what the target's run printed on stdout
  std::string last_line;    // its last line on stderr
  nlohmann::json report;    // its JSON document; null when it wrote none
  std::string skipped_because;
};

// What the fleet shows while it runs (cli/ decides how: prefixed lines, a
// live table).
class FleetDisplay {
 public:
  virtual ~FleetDisplay() = default;
  virtual void started(const Target& target) = 0;
  // One whole line the target wrote on stderr.
  virtual void line(const Target& target, std::string_view text) = 0;
  virtual void finished(const TargetOutcome& outcome) = 0;
  // About every 200 ms while targets run.
  virtual void tick() {}
};

int default_parallelism(size_t targets);

std::vector<TargetOutcome> run_fleet(const std::vector<Wave>& waves, const FleetSettings& settings,
                                     FleetDisplay& display);

// The most severe of the targets' exit codes, in this order: interrupted
// (130), failed (1), unavailable (4), locked (5), invalid input (3), changes
// pending (2), success (0). A skipped target counts as failed.
int fleet_exit_code(const std::vector<TargetOutcome>& outcomes);

}  // namespace altinity_deploy::fleet
