#!/usr/bin/env bash
# plan/ is pure (issue 21): (spec, snapshot) -> plan, no process, no file, no
# terminal. Fails on, in ROOT/src/plan and ROOT/include/altinity_deploy/plan:
#   - an include of exec/ (runners, processes, run_concurrently);
#   - a tool client (HelmClient, KubectlClient, LeaseClient) or run_concurrently named in code;
#   - an include that reads or writes files (<fstream>, <filesystem>, <cstdio>, <fcntl.h>,
#     <unistd.h>, core/file_io.hpp);
# and, there and in ROOT/src/drift and ROOT/include/altinity_deploy/drift:
#   - an include of cli/ or plan_json/, of the log, of a terminal header (fmt/color.h,
#     <iostream>), or a terminal escape (\033, \x1b) or isatty/std::cout/std::cerr in code.
# actions::read_snapshot reads; plan::make_plan compares; cli/ prints (text, colour),
# plan_json/ serialises.
#
# Usage: plan_is_pure.sh ROOT
set -u
root=${1:?usage: $0 ROOT}
dirs=()
for d in "$root/src/plan" "$root/include/altinity_deploy/plan"; do [ -d "$d" ] && dirs+=("$d"); done
[ ${#dirs[@]} -gt 0 ] || { echo "FAIL: no plan folder under $root"; exit 1; }
shown=("${dirs[@]}")
for d in "$root/src/drift" "$root/include/altinity_deploy/drift"; do [ -d "$d" ] && shown+=("$d"); done

code_only() { grep -vE '^[^:]+:[0-9]+:[[:space:]]*//'; }

found=0
# rule MESSAGE FILTER PATTERN DIR...: each line of DIR... matching PATTERN (after FILTER) is a violation.
rule() {
  local message=$1 filter=$2 pattern=$3 hits
  shift 3
  hits=$(grep -rnE "$pattern" "$@" | "$filter" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $message:"
    echo "$hits"
    found=1
  fi
}
rule "plan/ includes exec/ (plan starts no process; read in actions::read_snapshot)" cat \
  '#include[[:space:]]+"altinity_deploy/exec/' "${dirs[@]}"
rule "plan/ calls a tool client (plan starts no process; read in actions::read_snapshot)" code_only \
  '\b(HelmClient|KubectlClient|LeaseClient|run_concurrently)\b' "${dirs[@]}"
rule "plan/ touches files (plan opens no file; read in actions, e.g. actions/chart_digest.cpp)" cat \
  '#include[[:space:]]+(<(fstream|filesystem|cstdio|fcntl\.h|unistd\.h)>|"altinity_deploy/core/file_io\.hpp")' "${dirs[@]}"
rule "plan/ or drift/ includes the terminal, the log, cli/ or plan_json/ (a plan's text and colour are cli/'s, its JSON plan_json/'s)" cat \
  '#include[[:space:]]+(<iostream>|<fmt/color\.h>|"[./]*cli/|"altinity_deploy/(cli|plan_json)/|"altinity_deploy/core/log\.hpp")' "${shown[@]}"
rule "plan/ or drift/ writes to a terminal (colour and printing are cli/'s)" code_only \
  '\\033|\\x1[bB]|\bisatty\b|std::cout|std::cerr' "${shown[@]}"
[ "$found" = 0 ] && echo "ok: plan/ starts no process, opens no file; plan/ and drift/ print nothing"
exit "$found"
