#!/usr/bin/env bash
# plan/ is pure (issue 21): (spec, snapshot) -> plan, no process. Fails on, in
# ROOT/src/plan and ROOT/include/altinity_deploy/plan:
#   - an include of exec/ (runners, processes, run_concurrently);
#   - a tool client (HelmClient, KubectlClient, LeaseClient) or run_concurrently named in code.
# actions::read_snapshot reads; plan::make_plan compares.
#
# TEMPORARY, until the in-process drift (branch 21-drift) replaces `kubectl diff`:
# the one client call left, add_drift(tools::KubectlClient&, ...), is allowed. The
# lead deletes ALLOWED at that merge.
#
# Usage: plan_starts_no_process.sh ROOT
set -u
root=${1:?usage: $0 ROOT}
dirs=()
for d in "$root/src/plan" "$root/include/altinity_deploy/plan"; do [ -d "$d" ] && dirs+=("$d"); done
[ ${#dirs[@]} -gt 0 ] || { echo "FAIL: no plan folder under $root"; exit 1; }
ALLOWED='(src/plan/release_plan_drift\.cpp|include/altinity_deploy/plan/release_plan\.hpp):[0-9]+:Status add_drift\(tools::KubectlClient& kubectl'

found=0
if hits=$(grep -rnE '#include[[:space:]]+"altinity_deploy/exec/' "${dirs[@]}"); then
  echo "FAIL: plan/ includes exec/ (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
if hits=$(grep -rnE '\b(HelmClient|KubectlClient|LeaseClient|run_concurrently)\b' "${dirs[@]}" |
          grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' | sed "s|^$root/||" | grep -vE "^$ALLOWED"); then
  echo "FAIL: plan/ calls a tool client (plan starts no process; read in actions::read_snapshot):"
  echo "$hits"
  found=1
fi
[ "$found" = 0 ] && echo "ok: plan/ starts no process"
exit "$found"
