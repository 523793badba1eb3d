#!/usr/bin/env bash
# plan/ is pure (issue 21): (spec, snapshot) -> plan, no process. Fails on, in
# ROOT/src/plan and ROOT/include/altinity_deploy/plan:
#   - an include of exec/ (runners, processes, run_concurrently);
#   - a tool client (HelmClient, KubectlClient, LeaseClient) or run_concurrently named in code.
# actions::read_snapshot reads; plan::make_plan compares.
#
# Usage: plan_starts_no_process.sh ROOT
set -u
root=${1:?usage: $0 ROOT}
dirs=()
for d in "$root/src/plan" "$root/include/altinity_deploy/plan"; do [ -d "$d" ] && dirs+=("$d"); done
[ ${#dirs[@]} -gt 0 ] || { echo "FAIL: no plan folder under $root"; exit 1; }

found=0
if hits=$(grep -rnE '#include[[:space:]]+"altinity_deploy/exec/' "${dirs[@]}"); then
  echo "FAIL: plan/ includes exec/ (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
if hits=$(grep -rnE '\b(HelmClient|KubectlClient|LeaseClient|run_concurrently)\b' "${dirs[@]}" |
          grep -vE '^[^:]+:[0-9]+:[[:space:]]*//'); then
  echo "FAIL: plan/ calls a tool client (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
[ "$found" = 0 ] && echo "ok: plan/ starts no process"
exit "$found"
