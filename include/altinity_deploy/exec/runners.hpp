#pragma once
// The two runners a tool client holds: one for the calls that only read the
// cluster or the chart, one for the calls that change something. `up` passes
// the same runner twice; a dry run (render, and later `up --dry-run`) passes
// a DryRunRunner for the changes, so that the preview is made by the very
// code that makes the change (ninja's DryRunCommandRunner is the model).
#include "altinity_deploy/exec/command_runner.hpp"

namespace altinity_deploy::exec {

struct Runners {
  // The same runner for reads and changes: a real run.
  Runners(CommandRunner& both) : reads(&both), changes(&both) {}  // NOLINT: implicit on purpose
  Runners(CommandRunner& reads_with, CommandRunner& changes_with) : reads(&reads_with), changes(&changes_with) {}

  CommandRunner* reads;
  CommandRunner* changes;
};

}  // namespace altinity_deploy::exec
