#!/usr/bin/env bash
# `up` against fake helm/kubectl: the exact command sequence for Helm 3 and
# Helm 4, the byte-preserving status write-back, and what happens on failure.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

RELEASE=altinity-operator-prod
NS=altinity-operator
REPO_CHART="altinity-clickhouse-operator --repo https://docs.altinity.com/clickhouse-operator/ --version"

manifest() {  # a manifest with comments, quoting and odd spacing
  cat > "$SCRATCH/op.yaml" <<'YAML'
# production operator
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod   # the release name
spec:

  namespace: "altinity-operator"
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '1', memory: 1Gi}
YAML
  cp "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
}

LOCK_TAKE="kubectl create --filename - --output json --request-timeout=10s"
# A first install: the namespace and the lock's Lease in one call.
NAMESPACE_AND_LOCK_TAKE="kubectl create --filename - --output json --request-timeout=30s"
RELEASE_RECHECK="helm history $RELEASE --namespace $NS --max 1 --output json"
LOCK_GIVE="kubectl delete --raw /apis/coordination.k8s.io/v1/namespaces/$NS/leases/altinity-deploy-$RELEASE --filename - --request-timeout=10s"

helm_flags() {  # the upgrade flags of helm major $1
  if [ "$1" = 3 ]; then echo "--atomic --wait --cleanup-on-fail"
  else echo "--rollback-on-failure --wait=watcher --server-side=false --cleanup-on-fail"; fi
}

upgrade_call() {  # MAJOR VERSION: the helm upgrade of this suite's manifest
  echo "helm upgrade --install $RELEASE altinity-clickhouse-operator --namespace $NS" \
    "--repo https://docs.altinity.com/clickhouse-operator/ --version $2" \
    "--values $(cat "$FAKE_STATE/values.path") --skip-crds $(helm_flags "$1") --timeout 300s --output json"
}

up_sequence() {  # the calls of a fresh install, for helm major $1
  local plan
  mapfile -t plan < <(plan_calls "$RELEASE" "$NS" "$REPO_CHART 0.23.6")
  expect_batches "${CONNECT_CALLS[@]}" "${plan[@]}" -- \
    "$NAMESPACE_AND_LOCK_TAKE" "$SIMULATED_NODES_CALL" -- \
    "kubectl apply --server-side --field-manager=altinity-deploy --filename - --request-timeout=30s --force-conflicts" -- \
    "$(upgrade_call "$1" 0.23.6)" -- "$LOCK_GIVE"
}

for major in 3 4; do
  begin "fresh up with Helm $major runs the exact sequence and writes status.outputs"
  manifest
  export FAKE_HELM_VERSION="v$major.1.0"
  run_deployer up -f "$SCRATCH/op.yaml"
  expect_code 0
  up_sequence "$major"
  expect_in "$FAKE_STATE/values.mode" "600"
  check "values file removed" test ! -e "$(cat "$FAKE_STATE/values.path")"
  expect_in "$FAKE_STATE/values.yaml" 'config.yaml:'
  expect_in "$FAKE_STATE/values.yaml" '- ".*"'
  expect_in "$FAKE_STATE/namespace.json" '"app.kubernetes.io/managed-by": "altinity-deploy"'
  expect_in "$SCRATCH/op.yaml" "    releaseName: altinity-operator-prod"
  expect_in "$SCRATCH/op.yaml" "    namespace: altinity-operator"
  expect_in "$SCRATCH/op.yaml" '    chartVersion: "0.23.6"'
  expect_in "$SCRATCH/err" "target: context 'fake', API server https://127.0.0.1:6443"
  expect_prefix_kept "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
  # The plan comes before the first change (the namespace the lock lives in).
  plan_at=$(grep -n -m1 '^changes:' "$SCRATCH/err" | cut -d: -f1)
  change_at=$(grep -n -m1 "^creating namespace" "$SCRATCH/err" | cut -d: -f1)
  check "plan ('changes:' line ${plan_at:-none}) before 'creating namespace' (line ${change_at:-none})" \
    test -n "$plan_at" -a -n "$change_at" -a "${plan_at:-0}" -lt "${change_at:-0}"
  check "the plan is printed once" test "$(grep -c '^changes:' "$SCRATCH/err")" = 1
  end
done
unset FAKE_HELM_VERSION

begin "no-op up: no helm upgrade, no new revision, status.outputs still written"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
cp "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"   # status.outputs gone: up must write them again
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
# helm version and helm show crds answered from the read cache the first up filled.
mapfile -t plan < <(plan_calls "$RELEASE" "$NS" "$REPO_CHART 0.23.6" cached)
# A no-op reads no nodes (the simulated kubelet's note is for a run that deploys): one batch.
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${plan[@]}"
expect_in "$SCRATCH/out" "no changes (revision 1, chart 0.23.6, status deployed)"
expect_in "$SCRATCH/op.yaml" 'revision: "1"'
expect_in "$SCRATCH/op.yaml" "    releaseName: altinity-operator-prod"
expect_prefix_kept "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
end

begin "drift only: up corrects it with the helm upgrade, says what it restored, records driftCorrected"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
printf 'kind: Deployment\nmetadata: {name: op}\nspec: {paused: false}\n' > "$FAKE_STATE/manifest"
printf '{"kind": "List", "items": [{"kind": "Deployment", "metadata": {"name": "op"}, "spec": {"paused": true}}]}\n' \
  > "$FAKE_STATE/live.json"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.action == "driftCorrected" and .driftCorrected == ["Deployment/op"] and .revision == 2'
expect_json_field '.outputs.driftCorrected == "1"'
check "one helm upgrade" test "$(grep -c '^helm upgrade' "$FAKE_LOG")" = 1
expect_in "$SCRATCH/op.yaml" 'driftCorrected: "1"'
rm "$FAKE_STATE/live.json"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "no changes (revision 2"
expect_not_in "$SCRATCH/op.yaml" "driftCorrected"
end

begin "up --force upgrades and re-applies the CRDs although nothing changed"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml" --force
expect_code 0
mapfile -t plan < <(plan_calls "$RELEASE" "$NS" "$REPO_CHART 0.23.6" cached)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${plan[@]}" -- "$LOCK_TAKE" "$SIMULATED_NODES_CALL" -- \
  "kubectl apply --server-side --field-manager=altinity-deploy --filename - --request-timeout=30s --force-conflicts" -- \
  "$(upgrade_call 3 0.23.6)" -- "$LOCK_GIVE"
expect_in "$SCRATCH/op.yaml" 'revision: "2"'
check "one status block" test "$(grep -c '^status:' "$SCRATCH/op.yaml")" = 1
expect_prefix_kept "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
end

for major in 3 4; do
  begin "a changed value upgrades (Helm $major) and bumps the revision in status.outputs"
  manifest
  export FAKE_HELM_VERSION="v$major.1.0"
  run_deployer up -f "$SCRATCH/op.yaml"
  sed -i "s/limits: {cpu: '1', memory: 1Gi}/limits: {cpu: '2', memory: 1Gi}/" "$SCRATCH/op.yaml"
  : > "$FAKE_LOG"
  run_deployer up -f "$SCRATCH/op.yaml"
  expect_code 0
  mapfile -t plan < <(plan_calls "$RELEASE" "$NS" "$REPO_CHART 0.23.6" cached)
  # Helm 4 keeps the release's apply method: only `helm status` tells it.
  apply_method=(); [ "$major" = 4 ] && apply_method=("helm status $RELEASE --namespace $NS --output json" --)
  expect_batches "${CACHED_CONNECT_CALLS[@]}" "${plan[@]}" -- "$LOCK_TAKE" "$SIMULATED_NODES_CALL" -- "${apply_method[@]}" \
    "$(upgrade_call "$major" 0.23.6)" -- "$LOCK_GIVE"
  expect_in "$SCRATCH/err" 'value operator.resources.limits.cpu: "1" -> "2"'
  expect_in "$SCRATCH/op.yaml" 'revision: "2"'
  check "one status block" test "$(grep -c '^status:' "$SCRATCH/op.yaml")" = 1
  end
done
unset FAKE_HELM_VERSION

begin "chart upgrade 0.23.6 -> 0.26.0 applies the 0.26.0 CRDs before helm"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
cp "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
printf '  chart:\n    version: 0.26.0\n' >> "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/err" "chart altinity-clickhouse-operator: 0.23.6 -> 0.26.0"
expect_in "$SCRATCH/err" "crd clickhouseinstallations.clickhouse.altinity.com: will be updated (0.23.6 -> 0.26.0)"
check "CRD apply before helm upgrade" test "$(grep -n 'apply --server-side' "$FAKE_LOG" | cut -d: -f1)" -lt "$(grep -n 'helm upgrade' "$FAKE_LOG" | cut -d: -f1)"
expect_in "$FAKE_LOG" "--version 0.26.0 --values"
for crd in "$FAKE_STATE"/crds/*.json; do
  check "$(basename "$crd") labelled 0.26.0 and fingerprinted" jq -e \
    '.metadata.labels["clickhouse.altinity.com/chop"] == "0.26.0" and (.metadata.annotations["altinity-deploy/crd-sha256"] | length) == 64' "$crd"
done
check "status.outputs.chartVersion is 0.26.0" grep -qE '^    chartVersion: "?0\.26\.0"?$' "$SCRATCH/op.yaml"
end

begin "only a CRD differs: up applies the CRDs and starts no helm upgrade"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
rm "$FAKE_STATE/crds/clickhouseinstallations.clickhouse.altinity.com.json"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$FAKE_LOG" "kubectl apply --server-side"
expect_not_in "$FAKE_LOG" "helm upgrade"
expect_in "$SCRATCH/out" "CRDs updated, release unchanged"
check "the CRD is back" test -f "$FAKE_STATE/crds/clickhouseinstallations.clickhouse.altinity.com.json"
end

begin "createCrds: false leaves the CRDs alone and helm skips them"
manifest
printf '  createCrds: false\n' >> "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "helm show crds"
expect_not_in "$FAKE_LOG" "customresourcedefinition"
expect_not_in "$FAKE_LOG" "apply --server-side"
expect_in "$FAKE_LOG" "kubectl get namespace/altinity-operator --ignore-not-found"
expect_in "$FAKE_LOG" "--skip-crds"
end

begin "the values turn the chart's CRD hook Job off"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
check "crdHook.enabled is false" python3 -c 'import sys, yaml; v = yaml.safe_load(open(sys.argv[1])); sys.exit(v["crdHook"]["enabled"] is not False)' "$FAKE_STATE/values.yaml"
end

begin "helm failure: exit 1, helm's stderr shown, manifest untouched, values file removed"
manifest
export FAKE_HELM_FAIL=upgrade
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "has been rolled back due to atomic being set"
expect_in "$SCRATCH/err" "helm upgrade --install failed (exit 1)"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
check "no temp file left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
end
unset FAKE_HELM_FAIL

begin "invalid manifest: exit 3, located error, no process started"
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: Bad_Name\n' > "$SCRATCH/bad.yaml"
run_deployer up -f "$SCRATCH/bad.yaml"
expect_code 3
expect_no_calls
expect_in "$SCRATCH/err" "$SCRATCH/bad.yaml:4:"
end

begin "unreachable cluster: exit 4 before anything changes"
manifest
export FAKE_KUBECTL_UNREACHABLE=1
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 4
expect_in "$SCRATCH/err" "does not answer"
expect_not_in "$FAKE_LOG" "helm upgrade"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end
unset FAKE_KUBECTL_UNREACHABLE

begin "missing helm: exit 4 naming the tool"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --helm /nonexistent/helm
expect_code 4
expect_in "$SCRATCH/err" "/nonexistent/helm"
expect_no_changing_call
end

begin "--no-write-status prints the outputs and leaves the manifest alone"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end

begin "a flow-style manifest cannot take a status block: a warning, the outputs on stdout, the file untouched"
printf '%s\n' '{apiVersion: kubernetes.project-planton.org/v1, kind: AltinityOperatorKubernetes,' \
  ' metadata: {name: altinity-operator-prod}, spec: {namespace: altinity-operator}}' > "$SCRATCH/op.yaml"
cp "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/err" "status.outputs not written"
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end

begin "ALTINITY_DEPLOY_MANIFEST stands in for --manifest; --output json is one document"
manifest
ALTINITY_DEPLOY_MANIFEST="$SCRATCH/op.yaml" run_deployer up --output json
expect_code 0
check "stdout is the expected JSON" jq -e '.ok == true and .outputs.releaseName == "altinity-operator-prod" and .exitCode == 0' "$SCRATCH/out"
end

begin "kubeconfig and context go to every helm and kubectl call"
manifest
: > "$SCRATCH/kubeconfig"  # must exist; the fake tools do not read it
run_deployer up -f "$SCRATCH/op.yaml" --kubeconfig "$SCRATCH/kubeconfig" --kube-context prod
expect_code 0
while read -r line; do
  case "$line" in
    "helm version"*|"helm show"*) ;;  # read the helm binary or the chart, not the cluster
    helm*) [[ "$line" == *"--kubeconfig $SCRATCH/kubeconfig --kube-context prod" ]] || fail_now "helm call without access: $line" ;;
    kubectl*) [[ "$line" == *"--kubeconfig $SCRATCH/kubeconfig --context prod" ]] || fail_now "kubectl call without access: $line" ;;
  esac
done < "$FAKE_LOG"
end

begin "a release locked by another live run: exit 5 naming the holder, nothing changed"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
cp "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
sed -i 's/limits: {cpu: .1., memory: 1Gi}/limits: {cpu: "2", memory: 1Gi}/' "$SCRATCH/op.yaml"
now=$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)
printf '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"altinity-deploy-%s","namespace":"%s","resourceVersion":"7"},"spec":{"holderIdentity":"ci-runner-7/4242/2026-11-25T10:00:00Z","leaseDurationSeconds":3600,"acquireTime":"%s","renewTime":"%s"}}' \
  "$RELEASE" "$NS" "$now" "$now" > "$FAKE_STATE/lease.json"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 5
expect_in "$SCRATCH/err" "ci-runner-7/4242/2026-11-25T10:00:00Z"
expect_in "$SCRATCH/err" "--lock-timeout"
expect_not_in "$FAKE_LOG" "helm upgrade"
expect_in "$FAKE_STATE/lease.json" "ci-runner-7/4242"
end

begin "an expired lock of a dead run is taken over, and the release is read again under it"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
sed -i 's/limits: {cpu: .1., memory: 1Gi}/limits: {cpu: "2", memory: 1Gi}/' "$SCRATCH/op.yaml"
printf '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"altinity-deploy-%s","namespace":"%s","resourceVersion":"7"},"spec":{"holderIdentity":"dead-runner/1/2026-11-25T10:00:00Z","leaseDurationSeconds":30,"acquireTime":"2026-11-25T10:00:00.000000Z","renewTime":"2026-11-25T10:00:00.000000Z"}}' \
  "$RELEASE" "$NS" > "$FAKE_STATE/lease.json"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$FAKE_LOG" "kubectl replace --filename -"
expect_in "$FAKE_LOG" "$RELEASE_RECHECK"
expect_in "$FAKE_LOG" "helm upgrade --install"
check "the lock is given back" test ! -f "$FAKE_STATE/lease.json"
end

begin "a release left pending-upgrade is rolled back under the lock, then upgraded"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml" --force
echo "pending-upgrade" > "$FAKE_STATE/release.status"
sed -i 's/limits: {cpu: .1., memory: 1Gi}/limits: {cpu: "2", memory: 1Gi}/' "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/err" "from pending-upgrade revision 2 to revision 1"
expect_in "$FAKE_LOG" "helm rollback $RELEASE"
expect_in "$SCRATCH/err" "recovered: "
expect_in "$FAKE_LOG" "helm upgrade --install"
end

begin "--no-recover: a pending release fails the run with the manual fix"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
echo "pending-upgrade" > "$FAKE_STATE/release.status"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml" --no-recover
expect_code 1
expect_in "$SCRATCH/err" "pending-upgrade"
expect_not_in "$FAKE_LOG" "helm rollback"
expect_not_in "$FAKE_LOG" "helm upgrade"
end

begin "bad durations are usage errors"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --lock-timeout soon
expect_code 3
expect_in "$SCRATCH/err" "is not a duration"
expect_no_calls
end

SIMULATED_NOTE="deployed; the kubelet is simulated: pods are reported ready, no container runs"
begin "on a node labelled simulated, up and status say no container runs; a listing refused leaves the note out"
manifest
echo altinity-deploy-node > "$FAKE_STATE/simulated-node"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "note: $SIMULATED_NOTE (node altinity-deploy-node labelled altinity-deploy/simulated)"
# A no-op up reads no nodes (one batch, no fourth process): no note; status says it.
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "no changes"
expect_not_in "$SCRATCH/out" "simulated"
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "note        $SIMULATED_NOTE (node altinity-deploy-node labelled altinity-deploy/simulated)"
rm "$FAKE_STATE/simulated-node"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$SCRATCH/out" "simulated"
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$SCRATCH/out" "simulated"
echo altinity-deploy-node > "$FAKE_STATE/simulated-node"
touch "$FAKE_STATE/nodes-forbidden"
run_deployer up -f "$SCRATCH/op.yaml" -v --force  # an up that deploys reads them
expect_code 0
expect_not_in "$SCRATCH/out" "simulated"
expect_in "$SCRATCH/err" "could not list the nodes labelled altinity-deploy/simulated"
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$SCRATCH/out" "simulated"
end

begin "status of a release not installed on a simulated node says nothing was deployed, no note"
manifest
echo altinity-deploy-node > "$FAKE_STATE/simulated-node"
run_deployer status -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "not installed"
expect_not_in "$SCRATCH/out" "simulated"
end

finish
