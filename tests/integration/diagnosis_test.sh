#!/usr/bin/env bash
# Diagnosis (issue 18): an operator container OOMKilled or restarting is named, with the field
# to raise, by up's failure (from the pods the fail-fast watcher read) and by status (from its
# one read of the operator's Deployment and pods). The pods come from $FAKE_STATE/pods.json.
source "$(dirname "$0")/lib.sh"

# pods_json MEMORY REASON CODE RESTARTS: one pod of the operator, its container crash-looping
# after ending with REASON (exit CODE), its memory limit MEMORY.
pods_json() {
  jq -n --arg memory "$1" --arg reason "$2" --argjson code "$3" --argjson restarts "$4" '{
    apiVersion: "v1", kind: "List", items: [{
      kind: "Pod",
      metadata: {name: "op-7c9d", namespace: "altinity-operator", uid: "u1"},
      spec: {containers: [{name: "altinity-clickhouse-operator", resources: {limits: {memory: $memory}}},
                          {name: "metrics-exporter"}]},
      status: {phase: "Running", containerStatuses: [
        {name: "altinity-clickhouse-operator", ready: false, restartCount: $restarts,
         state: {waiting: {reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container"}},
         lastState: {terminated: {reason: $reason, exitCode: $code}}},
        {name: "metrics-exporter", ready: true, restartCount: 0, state: {running: {}}}]}}]}'
}

begin "up: an OOMKilled operator stops helm and names spec.container.resources.limits.memory with its value"
named_manifest "$SCRATCH/op.yaml" altinity-operator-prod "  container:
    resources:
      requests: {memory: 16Mi}
      limits: {memory: 32Mi}"
pods_json 32Mi OOMKilled 137 3 > "$FAKE_STATE/pods.json"
FAKE_HELM_UPGRADE_WAIT=60 run_deployer up -f "$SCRATCH/op.yaml" --no-write-status --fail-fast-after 1s
expect_code 1
expect_in "$SCRATCH/err" "stopped helm: a container has been stuck"
expect_in "$SCRATCH/err" "container altinity-clickhouse-operator of pod op-7c9d was OOMKilled (exit code 137), restarted 3 times; its memory limit is 32Mi"
expect_in "$SCRATCH/err" "hint: out of memory: raise spec.container.resources.limits.memory (now 32Mi), then run up again"
end

begin "up: a container restarting for another reason is named with its last reason and exit code, no memory hint"
minimal_manifest
pods_json 1Gi Error 2 5 > "$FAKE_STATE/pods.json"
FAKE_HELM_UPGRADE_WAIT=60 run_deployer up -f "$SCRATCH/op.yaml" --no-write-status --fail-fast-after 1s
expect_code 1
expect_in "$SCRATCH/err" "container altinity-clickhouse-operator of pod op-7c9d restarted 5 times; it last ended: Error (exit code 2)"
expect_not_in "$SCRATCH/err" "out of memory"
end

begin "status: the OOMKilled container and the field to raise, in text and in JSON"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
pods_json 32Mi OOMKilled 137 4 > "$FAKE_STATE/pods.json"
: > "$FAKE_LOG"
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "restarted   container altinity-clickhouse-operator of pod op-7c9d was OOMKilled (exit code 137), restarted 4 times; its memory limit is 32Mi"
expect_in "$SCRATCH/out" "hint        out of memory: raise spec.container.resources.limits.memory (now 32Mi), then run up again"
grep -q "^kubectl get deployments,replicasets,pods " "$FAKE_LOG" || fail_now "status did not read the pods with the Deployment"
[ "$(grep -c "^kubectl get .*pods" "$FAKE_LOG")" = 1 ] || fail_now "status read pods more than once"
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.operator.restarts == [{pod: "op-7c9d", container: "altinity-clickhouse-operator", restarts: 4,
  reason: "OOMKilled", exitCode: 137, memoryLimit: "32Mi", memoryField: "spec.container.resources.limits.memory",
  fix: "raise spec.container.resources.limits.memory (now 32Mi)"}]'
end

begin "status: healthy pods add no restart lines; restarts is []"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$SCRATCH/out" "restarted"
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_json_field '.operator.restarts == []'
end

begin "status: an account that may not list pods still gets the Deployment's status, restarts left out"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
pods_json 32Mi OOMKilled 137 4 > "$FAKE_STATE/pods.json"
touch "$FAKE_STATE/pods-forbidden"
run_deployer status -f "$SCRATCH/op.yaml" -v
expect_code 0
expect_in "$SCRATCH/err" "the pods could not be listed, so no restarts are shown"
expect_not_in "$SCRATCH/out" "restarted"
grep -q "^kubectl get deployments --selector" "$FAKE_LOG" || fail_now "status did not fall back to the Deployments alone"
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_field '.operator.restarts == []'
rm -f "$FAKE_STATE/pods-forbidden"
end

# A termination reason is cluster text inside an error message: one line, however it is written.
begin "up: a container's termination reason with a newline cannot add a line to the error"
minimal_manifest
pods_json 1Gi $'Error\n::error::forged' 2 5 > "$FAKE_STATE/pods.json"
FAKE_HELM_UPGRADE_WAIT=60 run_deployer up -f "$SCRATCH/op.yaml" --no-write-status --fail-fast-after 1s
expect_code 1
expect_in "$SCRATCH/err" 'it last ended: Error… (exit code 2)'
expect_not_in "$SCRATCH/err" "forged"
end

begin "a failed upgrade 0.23.6 -> 0.26.0 rolled back: up says the CRDs stay at 0.26.0 and what that means"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
printf '  chart:\n    version: 0.26.0\n' >> "$SCRATCH/op.yaml"
FAKE_HELM_FAIL=upgrade run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 1
expect_in "$SCRATCH/err" "has been rolled back due to atomic being set"
expect_in "$SCRATCH/err" "the CRDs stay at chart 0.26.0's version: up applied them before helm, and helm's rollback leaves CRDs alone. The operator of chart 0.23.6, which the release is back on, keeps working with them"
expect_in "$SCRATCH/err" "running up again once the failure is fixed brings the operator to them"
check "the CRDs are 0.26.0's" jq -e '.metadata.labels["clickhouse.altinity.com/chop"] == "0.26.0"' \
  "$FAKE_STATE/crds/clickhouseinstallations.clickhouse.altinity.com.json"
end

begin "a failed upgrade that applied no newer CRDs says nothing about them"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
printf '  watchNamespaces: [a]\n' >> "$SCRATCH/op.yaml"
FAKE_HELM_FAIL=upgrade run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 1
expect_not_in "$SCRATCH/err" "CRDs stay"
end

finish
