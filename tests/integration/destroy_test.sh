#!/usr/bin/env bash
# `destroy` against fake helm/kubectl.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

manifest() {
  cp "$REPO/examples/basic.yaml" "$SCRATCH/op.yaml"
}

# The reads destroy adds to connect's batch.
DESTROY_READS=(
  "kubectl get namespace altinity-operator --ignore-not-found --output json --request-timeout=30s"
  "helm history altinity-operator-prod --namespace altinity-operator --max 1 --output json"
  "kubectl get clickhouseinstallations.clickhouse.altinity.com,clickhousekeeperinstallations.clickhouse-keeper.altinity.com --all-namespaces --output json --request-timeout=30s"
)

LEASE_PATH=/apis/coordination.k8s.io/v1/namespaces/altinity-operator/leases/altinity-deploy-altinity-operator-prod

# lease HOLDER RENEW_TIME: another run's lock on the release.
lease() {
  jq -n --arg h "$1" --arg t "$2" '{apiVersion: "coordination.k8s.io/v1", kind: "Lease",
    metadata: {name: "altinity-deploy-altinity-operator-prod", namespace: "altinity-operator", resourceVersion: "7"},
    spec: {holderIdentity: $h, leaseDurationSeconds: 30, acquireTime: "2026-11-25T20:00:00.000000Z",
           renewTime: $t, leaseTransitions: 0}}' > "$FAKE_STATE/lease.json"
}

# installations: a ClickHouseInstallation and a ClickHouseKeeperInstallation
# the operator (watching every namespace) still manages.
installations() {
  jq -n '{apiVersion: "v1", kind: "List", items: [
    {apiVersion: "clickhouse.altinity.com/v1", kind: "ClickHouseInstallation",
     metadata: {name: "events", namespace: "analytics", finalizers: ["finalizer.clickhouseinstallation.altinity.com"]}},
    {apiVersion: "clickhouse-keeper.altinity.com/v1", kind: "ClickHouseKeeperInstallation",
     metadata: {name: "keeper", namespace: "analytics"}}]}' > "$FAKE_STATE/chi.json"
}


begin "destroy after up: uninstall --wait, namespace deleted, status cleared, CRDs kept"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
# helm version from the read cache that up filled; no /version: no read failed.
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${DESTROY_READS[@]}" -- \
  "kubectl create --filename - --output json --request-timeout=10s" -- \
  "helm uninstall altinity-operator-prod --namespace altinity-operator --wait --timeout 300s" -- \
  "kubectl delete namespace altinity-operator --ignore-not-found --wait --timeout=300s"
expect_same_file "$SCRATCH/op.yaml" "$REPO/examples/basic.yaml"
# The one line names everything destroy removed, and what it kept.
expect_in "$SCRATCH/out" "release 'altinity-operator-prod': uninstalled; namespace 'altinity-operator': deleted; CRDs: kept; status block: removed from $SCRATCH/op.yaml"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "release 'altinity-operator-prod': absent"
expect_not_in "$SCRATCH/out" "status block"
end

begin "destroy of an absent release succeeds and starts no uninstall"
manifest
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "helm uninstall"
expect_in "$SCRATCH/out" "release 'altinity-operator-prod': absent"
end

begin "a namespace altinity-deploy did not create is kept"
manifest
printf '{"metadata":{"name":"altinity-operator","labels":{}},"status":{"phase":"Active"}}' > "$FAKE_STATE/namespace.json"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "kubectl delete namespace"
expect_in "$SCRATCH/out" "kept (not created by altinity-deploy)"
end

begin "--keep-namespace and --delete-crds"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml" --keep-namespace --delete-crds
expect_code 0
expect_not_in "$FAKE_LOG" "delete namespace"
expect_in "$FAKE_LOG" "kubectl delete customresourcedefinition --ignore-not-found --wait clickhouseinstallations.clickhouse.altinity.com"
expect_in "$SCRATCH/err" "every ClickHouse cluster they describe is deleted"
end

begin "bare destroy with ALTINITY_DEPLOY_MANIFEST"
manifest
ALTINITY_DEPLOY_MANIFEST="$SCRATCH/op.yaml" run_deployer destroy
expect_code 0
end

begin "a second destroy leaves the manifest alone and says so"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
run_deployer destroy -f "$SCRATCH/op.yaml"
cp "$SCRATCH/op.yaml" "$SCRATCH/after-first.yaml"
run_deployer destroy -f "$SCRATCH/op.yaml" -o json
expect_code 0
check "manifestUpdated is false" jq -e '.manifestUpdated == false and .releaseResult == "absent"' "$SCRATCH/out"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/after-first.yaml"
end

begin "the release lock is taken in an existing namespace and given back when the namespace stays"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml" --keep-namespace
expect_code 0
expect_in "$FAKE_LOG" "kubectl create --filename - --output json --request-timeout=10s"
expect_in "$FAKE_LOG" "kubectl delete --raw $LEASE_PATH --filename - --request-timeout=10s"
check "the lease is gone" test ! -f "$FAKE_STATE/lease.json"
end

begin "no namespace, no lock"
manifest
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "kubectl create"
expect_not_in "$FAKE_LOG" "leases"
end

begin "another run's live lock: exit 5 naming the holder, nothing uninstalled"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
lease "ci-runner/4242/2026-11-25T20:00:00Z" "$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 5
expect_in "$SCRATCH/err" "release 'altinity-operator-prod' is locked by ci-runner/4242/2026-11-25T20:00:00Z since 2026-11-25T20:00:00Z (expires in"
expect_in "$SCRATCH/err" "--lock-timeout"
expect_not_in "$FAKE_LOG" "helm uninstall"
expect_not_in "$FAKE_LOG" "kubectl delete"
check "the other run's lease stays" test -f "$FAKE_STATE/lease.json"
end

begin "an expired lock is taken over with replace, then destroy goes on"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
lease "crashed/1/2026-11-25T20:00:00Z" "2026-11-25T20:00:00.000000Z"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$FAKE_LOG" "kubectl replace --filename - --output json --request-timeout=10s"
expect_in "$SCRATCH/err" "took over the expired lock of release 'altinity-operator-prod' from crashed/1/2026-11-25T20:00:00Z"
expect_in "$FAKE_LOG" "helm uninstall"
# Another run held the lock when this one asked: the release and the installations are read again.
check "the release is read again under the lock" test "$(grep -c '^helm history' "$FAKE_LOG")" = 2
check "the installations are read again under the lock" test "$(grep -c '^kubectl get clickhouseinstallations' "$FAKE_LOG")" = 2
end

begin "destroy refuses while the operator still manages ClickHouse installations"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
cp "$SCRATCH/op.yaml" "$SCRATCH/op.before.yaml"
installations
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "refusing to uninstall the operator: it still manages 2 ClickHouse installations"
expect_in "$SCRATCH/err" "analytics/events (ClickHouseInstallation)"
expect_in "$SCRATCH/err" "analytics/keeper (ClickHouseKeeperInstallation)"
expect_in "$SCRATCH/err" "while the operator still runs"
expect_in "$SCRATCH/err" "--force"
expect_not_in "$FAKE_LOG" "helm uninstall"
expect_not_in "$FAKE_LOG" "delete namespace"
expect_in "$FAKE_LOG" "kubectl delete --raw $LEASE_PATH"
check "the lock is given back" test ! -f "$FAKE_STATE/lease.json"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/op.before.yaml"
end

begin "destroy --force uninstalls anyway and says what is left hanging"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
installations
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml" --force
expect_code 0
expect_in "$FAKE_LOG" "helm uninstall altinity-operator-prod"
expect_in "$SCRATCH/err" "finalizers will never be processed"
expect_in "$SCRATCH/err" "hang in Terminating"
expect_in "$SCRATCH/out" "left behind (--force)"
expect_in "$SCRATCH/out" "analytics/events (ClickHouseInstallation)"
end

finish
