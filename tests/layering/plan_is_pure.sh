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
if hits=$(grep -rnE '#include[[:space:]]+"altinity_deploy/exec/' "${dirs[@]}"); then
  echo "FAIL: plan/ includes exec/ (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
if hits=$(grep -rnE '\b(HelmClient|KubectlClient|LeaseClient|run_concurrently)\b' "${dirs[@]}" | code_only); then
  echo "FAIL: plan/ calls a tool client (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
if hits=$(grep -rnE '#include[[:space:]]+(<(fstream|filesystem|cstdio|fcntl\.h|unistd\.h)>|"altinity_deploy/core/file_io\.hpp")' \
          "${dirs[@]}"); then
  echo "FAIL: plan/ touches files (plan opens no file; read in actions, e.g. actions/chart_digest.cpp):"
  echo "$hits"
  found=1
fi
terminal_includes='#include[[:space:]]+(<iostream>|<fmt/color\.h>|"[./]*cli/|"altinity_deploy/(cli|plan_json)/|"altinity_deploy/core/log\.hpp")'
if hits=$(grep -rnE "$terminal_includes" "${shown[@]}"); then
  echo "FAIL: plan/ or drift/ includes the terminal, the log, cli/ or plan_json/ (a plan's text and colour are cli/'s, its JSON plan_json/'s):"
  echo "$hits"
  found=1
fi
if hits=$(grep -rnE '\\033|\\x1[bB]|\bisatty\b|std::cout|std::cerr' "${shown[@]}" | code_only); then
  echo "FAIL: plan/ or drift/ writes to a terminal (colour and printing are cli/'s):"
  echo "$hits"
  found=1
fi
[ "$found" = 0 ] && echo "ok: plan/ starts no process, opens no file; plan/ and drift/ print nothing"
exit "$found"
