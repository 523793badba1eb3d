#!/usr/bin/env bash
# What happens when things fail or the deployer is stopped, against fake
# helm/kubectl: local failures before any change to the cluster, SIGHUP and
# SIGKILL during `up`, a chart without CRDs, a hung kubectl, a missing
# kubeconfig (docs/failure-handling.md).
source "$(dirname "$0")/lib.sh"

RELEASE=altinity-operator-prod
NS=altinity-operator

manifest() {
  minimal_manifest
  cp "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
}

# No call that changes the cluster was made: no namespace apply, no Lease
# create/replace/delete, no CRD apply, no helm upgrade.
expect_cluster_untouched() {
  if grep -E '^kubectl (apply|create|replace|delete)|^helm (upgrade|install|rollback|uninstall)' "$FAKE_LOG"; then
    fail_now "the cluster was changed"
  fi
}

# wait_for_file FILE SECONDS
wait_for_file() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do [ -s "$1" ] && return 0; sleep 0.1; done
  fail_now "$(basename "$1") did not appear within $2 s"
}

# The deployer in the background; DEPLOYER holds its pid.
start_deployer() {
  "$BIN" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err" &
  DEPLOYER=$!
}
finish_deployer() { { wait "$DEPLOYER"; } 2>/dev/null; CODE=$?; }

# Kills what a failed test may have left: the fake helm's process group.
stop_fake_helm() {
  local pid
  pid=$(cat "$FAKE_STATE/upgrade.pid" 2>/dev/null) && kill -KILL -- "-$pid" 2>/dev/null
  return 0
}

# ---------------------------------------------------------------------------
begin "an unusable TMPDIR fails up before the namespace, lock or CRDs are touched"
manifest
export TMPDIR="$SCRATCH/no-such-folder"  # (as root, a read-only mode would not stop us)
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "cannot create the values file in $SCRATCH/no-such-folder"
expect_in "$SCRATCH/err" "nothing was changed in the cluster"
expect_cluster_untouched
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end

begin "createCrds with a chart that has no CRDs is an error, before any change"
manifest
export FAKE_HELM_NO_CRDS=1
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "printed no CRDs, but the manifest asks for them (createCrds: true)"
expect_in "$SCRATCH/err" "helm show crds altinity-clickhouse-operator"
expect_cluster_untouched
end

begin "a missing KUBECONFIG file is named"
manifest
export KUBECONFIG="$SCRATCH/no-such-kubeconfig"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 4
expect_in "$SCRATCH/err" "the kubeconfig $SCRATCH/no-such-kubeconfig (from KUBECONFIG) cannot be read: No such file or directory"
expect_no_calls
end

begin "a missing --kubeconfig file is named"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --kubeconfig "$SCRATCH/gone"
expect_code 4
expect_in "$SCRATCH/err" "the kubeconfig $SCRATCH/gone (from --kubeconfig) cannot be read"
expect_cluster_untouched
end

begin "a hung kubectl is reported with its command and how long it was given (60 s for the read, 15 s for the check)"
manifest
export FAKE_KUBECTL_HANG=1
: > "$SCRATCH/kubeconfig"
run_deployer plan -f "$SCRATCH/op.yaml" --kubeconfig "$SCRATCH/kubeconfig"
expect_code 4
expect_in "$SCRATCH/err" "the Kubernetes API server does not answer: \`kubectl get --raw /version --request-timeout=30s --kubeconfig $SCRATCH/kubeconfig\` gave no answer in 15 s and was stopped"
hung=$(cat "$FAKE_STATE/kubectl-hang.pid" 2>/dev/null)
[ -n "$hung" ] && ! kill -0 "$hung" 2>/dev/null || fail_now "the hung kubectl (pid $hung) still runs"
end

begin "plan stops at once on Ctrl-C while kubectl hangs, and the kubectl goes too"
manifest
export FAKE_KUBECTL_HANG=1
start_deployer plan -f "$SCRATCH/op.yaml"
wait_for_file "$FAKE_STATE/kubectl-hang.pid" 10
started=$SECONDS
kill -INT "$DEPLOYER"
finish_deployer
expect_code 130
[ $((SECONDS - started)) -le 3 ] || fail_now "plan took $((SECONDS - started)) s to stop"
hung=$(cat "$FAKE_STATE/kubectl-hang.pid")
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$hung" 2>/dev/null || break; sleep 0.2; done
! kill -0 "$hung" 2>/dev/null || { kill -KILL "$hung"; fail_now "kubectl outlived plan"; }
end

# A dropped SSH session sends SIGHUP: it must unwind like SIGTERM (helm told
# to stop and roll back, the lock given back, the values file removed).
begin "SIGHUP during up stops helm with SIGTERM, releases the lock and removes the values file"
manifest
export FAKE_HELM_UPGRADE_WAIT=30
start_deployer up -f "$SCRATCH/op.yaml"
wait_for_file "$FAKE_STATE/upgrade.pid" 15
[ -f "$FAKE_STATE/lease.json" ] || fail_now "no lock while helm runs"
values=$(cat "$FAKE_STATE/values.path")
kill -HUP "$DEPLOYER"
finish_deployer
expect_code 130
expect_in "$FAKE_STATE/upgrade.signal" "TERM"
[ ! -e "$FAKE_STATE/lease.json" ] || fail_now "the lock (Lease) is still held"
[ ! -e "$values" ] || fail_now "the values file $values is still on disk"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
stop_fake_helm
end

begin "SIGKILL during up: helm gets SIGTERM (it rolls back) instead of living on"
manifest
export FAKE_HELM_UPGRADE_WAIT=30
start_deployer up -f "$SCRATCH/op.yaml"
wait_for_file "$FAKE_STATE/upgrade.pid" 15
helm_pid=$(cat "$FAKE_STATE/upgrade.pid")
kill -KILL "$DEPLOYER"
finish_deployer
wait_for_file "$FAKE_STATE/upgrade.signal" 5
expect_in "$FAKE_STATE/upgrade.signal" "TERM"
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$helm_pid" 2>/dev/null || break; sleep 0.2; done
! kill -0 "$helm_pid" 2>/dev/null || fail_now "helm outlived the deployer"
stop_fake_helm
end

finish
