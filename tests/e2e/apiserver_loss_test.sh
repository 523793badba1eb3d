#!/usr/bin/env bash
# The API server lost in the middle of `up`, against the local Kubernetes 1.20 cluster with the
# real helm and kubectl of one Helm major. One release (and namespace) e2e-apiloss-hMAJOR:
#   1. up installs it (a fast rollout)
#   2. up of a slow rollout (an image the simulated kubelet starts after 15 s); while helm waits
#      for it, the API server is killed (`local-cluster apiserver stop`): up ends with exit 1 or 4
#      naming what failed, and the manifest is byte for byte what it was
#   3. the API server is started again; the next up (waiting for the lock the lost run could not
#      give back) recovers the release and finishes the job: deployed with the new image, lock
#      free, no temp values file left, and plan --detailed-exitcode exits 0
#   4. up SIGKILLed while helm waits: helm is not orphaned but gets SIGTERM, marks the upgrade
#      failed and rolls back (atomic); the dead run's Lease stays until it expires
#
#   bash tests/e2e/apiserver_loss_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-apiloss-h$MAJOR
NS=e2e-apiloss-h$MAJOR
M="$WORK/op.yaml"
LEASE=altinity-deploy-$NAME
FAST_IMAGE=altinity/clickhouse-operator
SLOW_IMAGE=altinity/clickhouse-operator-slow-start   # Ready 15 s after it starts (lib/kubelet.py)
BROKEN_IMAGE=example.invalid/does-not-exist           # never Ready (ImagePullBackOff)
TIMEOUT=30
LOCAL_CLUSTER="$HERE/cluster/local-cluster"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"
[ "$REAL_CHART" = 1 ] || real_chart_missing "The test uses the FIXTURE chart $CHART_VERSION."

write_manifest() { image_manifest "$M" "$1" "$TIMEOUT"; }  # write_manifest IMAGE

api_up() { k get --raw /readyz > /dev/null 2>&1; }
release_status() { "$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null | jq -r '.info.status // "absent"'; }
release_is() { [ "$(release_status)" = "$1" ]; }
image_values() { "$HELM" get values "$NAME" -n "$NS" -o json 2>/dev/null | jq -r '.operator.image.repository // "none"'; }
lease_gone() { ! k -n "$NS" get lease "$LEASE" > /dev/null 2>&1; }
no_helm_upgrade() { ! pgrep -f "helm upgrade --install $NAME " > /dev/null; }
values_files() { find "$TMPDIR" -maxdepth 1 -name 'altinity-deploy-values-*' 2>/dev/null; }
slow_pod_waiting() {
  k -n "$NS" get pods -l "app.kubernetes.io/instance=$NAME" -o json \
    | jq -e '[.items[].status.containerStatuses[]?.state.waiting.reason] | index("ContainerCreating") != null'
}

# Whatever happens, the API server runs again before lib.sh's cleanup destroys the release.
UP_PID=""
apiloss_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2> /dev/null; then kill -TERM "$UP_PID"; wait "$UP_PID" 2> /dev/null; fi
  api_up || "$LOCAL_CLUSTER" apiserver start --dir "$CLUSTER" >> "$WORK/cleanup.log" 2>&1 \
    || echo "cleanup: could not start the API server again (see $WORK/cleanup.log)" >&2
  (exit "$rc")
  cleanup
}
trap apiloss_cleanup EXIT

# ---- 1 ------------------------------------------------------------------------------------------
begin "1. up installs the release"
remember_crds
cleanup_release "$M" "$NAME" "$NS"
namespace_gone "$NS" || fail_now "namespace $NS exists before the test (left over from an earlier run?)"
write_manifest "$FAST_IMAGE"
deployer up -f "$M"
expect_code 0
expect_eq "release status" "$(release_status)" deployed
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2. the API server killed while helm waits: up fails naming what failed, manifest untouched"
write_manifest "$SLOW_IMAGE"  # the spec alone: step 3's write-back shows
cp "$M" "$WORK/before.yaml"
"$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" up -f "$M" --fail-fast-after 0 \
  > "$WORK/lost.out" 2> "$WORK/lost.err" &
UP_PID=$!
eventually 40 "helm status says pending-upgrade" release_is pending-upgrade
eventually 20 "the new operator pod waits in ContainerCreating" slow_pod_waiting
kill -0 "$UP_PID" 2> /dev/null || fail_now "up ended before the API server was stopped"
check "local-cluster apiserver stop" "$LOCAL_CLUSTER" apiserver stop --dir "$CLUSTER"
t=$SECONDS
wait "$UP_PID"
CODE=$?
UP_PID=""
echo "   (up ended $((SECONDS - t)) s after the API server was lost, exit $CODE)"
{ echo "\$ [background up, API server lost] -> exit $CODE"; sed 's/^/  err| /' "$WORK/lost.err"; } >> "$WORK/deployer.log"
case "$CODE" in 1|4) ;; *) fail_now "exit code $CODE, expected 1 or 4" ;; esac
expect_in "$WORK/lost.err" "helm upgrade --install"
expect_match "$WORK/lost.err" "connection refused|connect: |unable to connect|the server is currently unable|EOF"
expect_same_file "$M" "$WORK/before.yaml"
[ -z "$(values_files)" ] || fail_now "values file left in TMPDIR: $(values_files)"
sed 's/^/   | /' "$WORK/lost.err" | tail -n 6
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. after the restart, the next up finishes the job"
check "local-cluster apiserver start" "$LOCAL_CLUSTER" apiserver start --dir "$CLUSTER"
echo "   (release status after the loss: $(release_status))"
# As an operator would, let the cluster's controllers catch up with the
# rollout they missed before running up again: on a loaded machine the
# controller-manager takes tens of seconds to resync after the API server
# comes back, and up's recovery (helm rollback --wait, $TIMEOUT s) would
# otherwise wait on a Deployment nobody is reconciling yet.
t=$SECONDS
check "the controllers caught up with the Deployment" \
  k -n "$NS" rollout status "deployment/$NAME-altinity-clickhouse-operator" --timeout=180s
echo "   (the controllers caught up $((SECONDS - t)) s after the restart)"
t=$SECONDS
# The lost run could not delete its Lease: it expires $TIMEOUT + 60 s after its last renewal.
deployer up -f "$M" --lock-timeout 5m --fail-fast-after 20s
echo "   (up took $((SECONDS - t)) s)"
expect_code 0
expect_eq "release status" "$(release_status)" deployed
expect_eq "image in the release's values" "$(image_values)" "$SLOW_IMAGE"
lease_gone || fail_now "the lock (Lease $NS/$LEASE) is still there"
[ -z "$(values_files)" ] || fail_now "values file left in TMPDIR: $(values_files)"
expect_rest_kept "$WORK/before.yaml" "$M"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "4. up SIGKILLed while helm waits: helm gets SIGTERM and rolls the release back"
rev=$("$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null | jq -r '.version // 0')
write_manifest "$BROKEN_IMAGE"
"$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" up -f "$M" --fail-fast-after 0 \
  > "$WORK/killed.out" 2> "$WORK/killed.err" &
UP_PID=$!
eventually 40 "helm status says pending-upgrade" release_is pending-upgrade
kill -KILL "$UP_PID"
wait "$UP_PID" 2> /dev/null
UP_PID=""
t=$SECONDS
eventually $((TIMEOUT + 30)) "helm rolled the release back to deployed" release_is deployed
echo "   (helm rolled back $((SECONDS - t)) s after the deployer was killed)"
[ "$TEST_FAILED" = 0 ] || { "$HELM" history "$NAME" -n "$NS" | tail -n 4 | sed 's/^/   | /'; }
expect_eq "image in the release's values" "$(image_values)" "$SLOW_IMAGE"
expect_eq "revision (the failed upgrade, then the rollback)" \
  "$("$HELM" status "$NAME" -n "$NS" -o json | jq -r .version)" "$((rev + 2))"
eventually 10 "no helm upgrade process left" no_helm_upgrade
lease_gone && fail_now "the dead run's Lease is gone: nothing should have deleted it"
k -n "$NS" delete lease "$LEASE" > /dev/null 2>&1  # so that cleanup's destroy is not locked out
end

finish
