#!/usr/bin/env bash
# `plan` (and its aliases `diff`, `preview`) against fake helm/kubectl: what
# it lists, its exit codes, and that it never changes anything.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

RELEASE=altinity-operator-prod
NS=altinity-operator
SHOW_CRDS="altinity-clickhouse-operator --repo https://docs.altinity.com/clickhouse-operator/ --version 0.23.6"

manifest() {
  cat > "$SCRATCH/op.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod
spec:
  namespace: altinity-operator
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '1', memory: 1Gi}
  values:
    secret:
      password: hunter2
YAML
}

installed() {  # the manifest, deployed by up; the call log emptied
  manifest
  run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
  [ "$CODE" = 0 ] || fail_now "up before the plan failed with exit $CODE"
  : > "$FAKE_LOG"
}

begin "plan on an empty cluster lists namespace, release and CRDs; exit 2 with --detailed-exitcode"
manifest
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS")
expect_batches "${CONNECT_CALLS[@]}" "${reads[@]}"
expect_in "$SCRATCH/out" "+ namespace altinity-operator: will be created"
expect_in "$SCRATCH/out" "+ release altinity-operator-prod: will be installed (chart altinity-clickhouse-operator 0.23.6)"
for crd in clickhouseinstallations.clickhouse.altinity.com clickhouseinstallationtemplates.clickhouse.altinity.com \
           clickhouseoperatorconfigurations.clickhouse.altinity.com clickhousekeeperinstallations.clickhouse-keeper.altinity.com; do
  expect_in "$SCRATCH/out" "+ crd $crd: will be created (0.23.6)"
done
expect_in "$SCRATCH/out" "6 changes"
expect_no_changing_call
check "no namespace was created" test ! -e "$FAKE_STATE/namespace.json"
end

begin "plan without --detailed-exitcode exits 0 when it lists changes"
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "will be installed"
end

begin "plan colours its change lines on a terminal: --color, NO_COLOR when non-empty"
manifest
run_deployer plan -f "$SCRATCH/op.yaml" --color always
expect_in "$SCRATCH/out" $'  \033[32m+ namespace altinity-operator: will be created\033[0m'
run_deployer plan -f "$SCRATCH/op.yaml" --color never
grep -q $'\033' "$SCRATCH/out" && fail_now "--color never: escape codes in the plan"
run_deployer plan -f "$SCRATCH/op.yaml"
grep -q $'\033' "$SCRATCH/out" && fail_now "--color auto off a terminal: escape codes in the plan"
# on a terminal (script(1) gives the deployer a pty): auto colours unless NO_COLOR is non-empty
on_tty() {  # on_tty FILE NO_COLOR-VALUE ARGS...
  local file=$1 no_color=$2; shift 2
  printf -v cmd '%q ' env NO_COLOR="$no_color" "$BIN" "$@"
  script -qec "$cmd" "$file" > /dev/null 2>&1
}
on_tty "$SCRATCH/tty-empty" "" plan -f "$SCRATCH/op.yaml"
expect_in "$SCRATCH/tty-empty" $'\033[32m+ namespace altinity-operator'
on_tty "$SCRATCH/tty-set" 1 plan -f "$SCRATCH/op.yaml"
expect_in "$SCRATCH/tty-set" "+ namespace altinity-operator"
grep -q $'\033' "$SCRATCH/tty-set" && fail_now "NO_COLOR=1 on a terminal: escape codes"
on_tty "$SCRATCH/tty-never" "" --color never plan -f "$SCRATCH/op.yaml"
grep -q $'\033' "$SCRATCH/tty-never" && fail_now "--color never on a terminal: escape codes"
end

begin "plan after up: no changes, exit 0 with --detailed-exitcode"
installed
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
expect_in "$SCRATCH/out" "No changes: release 'altinity-operator-prod' in namespace 'altinity-operator' matches the manifest"
expect_no_changing_call
# Exactly these processes, all started together (helm version and helm show crds from the read
# cache): the release (helm's reads here; from Helm's Secrets, the all-namespaces read serves it and
# the other-operator look: tests/unit/read_snapshot_test.cpp), namespace + CRDs, the other-operator
# look and the live objects. No stored manifest here, so no kubectl diff.
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${reads[@]}"
end

begin "a changed value: exit 2 naming it as path: old -> new"
installed
sed -i "s/limits: {cpu: '1', memory: 1Gi}/limits: {cpu: '2', memory: 1Gi}/" "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" '~ value operator.resources.limits.cpu: "1" -> "2"'
expect_in "$SCRATCH/out" "1 change;"
expect_not_in "$SCRATCH/out" "crd "
expect_no_changing_call
end

begin "watch namespaces: the key with a dot is quoted in the path; lists are one leaf"
installed
printf '  watchNamespaces: [team-a, team-b]\n' >> "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" '~ value configs.files."config.yaml".watch.namespaces: [".*"] -> ["team-a","team-b"]'
end

begin "added, removed and retyped values; a quoted \"1\" is not the number 1"
installed
cat >> "$SCRATCH/op.yaml" <<'YAML'
    metrics:
      enabled: false
    podLabels:
      tier: "1"
YAML
run_deployer plan -f "$SCRATCH/op.yaml" -o json --detailed-exitcode
expect_code 2
check "added keys are creates" jq -e '.changes | map(select(.action == "create")) | map(.subject) | sort ==
  ["metrics.enabled", "podLabels.tier"]' "$SCRATCH/out"
check "types kept" jq -e '.changes[] | select(.subject == "podLabels.tier") | .after == "1"' "$SCRATCH/out"
# Now the deployed value is the string "1"; the manifest says the number 1.
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
sed -i 's/tier: "1"/tier: 1/; /metrics:/d; /enabled: false/d' "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_in "$SCRATCH/out" '~ value podLabels.tier: "1" -> 1'
expect_in "$SCRATCH/out" '- value metrics.enabled: false -> (absent)'
end

begin "secrets are redacted in the plan, in text and JSON"
installed
sed -i 's/password: hunter2/password: swordfish/' "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" '~ value secret.password: "<redacted>" -> "<redacted>"'
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_not_in "$SCRATCH/out" "swordfish"
expect_not_in "$SCRATCH/out" "hunter2"
expect_not_in "$SCRATCH/err" "swordfish"
end

begin "--output json: the changes as an array, exitCode included"
manifest
run_deployer plan -f "$SCRATCH/op.yaml" --output json --detailed-exitcode
expect_code 2
check "JSON document" jq -e '.ok == true and .exitCode == 2 and .changesPending == true and (.changes | type) == "array"
  and (.changes | map(.kind) | sort) == ["crd", "crd", "crd", "crd", "namespace", "release"]
  and (.changes[] | select(.kind == "release") | .action == "create" and .after == "altinity-clickhouse-operator 0.23.6")' "$SCRATCH/out"
end

begin "the aliases diff and preview are plan"
installed
for verb in diff preview; do
  run_deployer "$verb" -f "$SCRATCH/op.yaml" --detailed-exitcode
  [ "$CODE" = 0 ] || fail_now "$verb exit $CODE"
  grep -q "No changes" "$SCRATCH/out" || fail_now "$verb did not plan"
done
end

begin "a failed or pending release is a release-status change"
installed
echo failed > "$FAKE_STATE/release.status"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" "! release altinity-operator-prod: status failed; its last operation failed; up upgrades over it"
echo pending-upgrade > "$FAKE_STATE/release.status"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" "status pending-upgrade; an interrupted run left it; up recovers it first"
expect_no_changing_call
end

begin "a newer chart version: the chart and the CRDs change"
installed
printf '  chart:\n    version: 0.26.0\n' >> "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" "~ chart altinity-clickhouse-operator: 0.23.6 -> 0.26.0"
expect_in "$SCRATCH/out" "~ crd clickhouseinstallations.clickhouse.altinity.com: will be updated (0.23.6 -> 0.26.0)"
expect_in "$FAKE_LOG" "helm show crds altinity-clickhouse-operator --repo https://docs.altinity.com/clickhouse-operator/ --version 0.26.0"
end

begin "a local chart: its version comes from helm show chart"
mkdir -p "$SCRATCH/charts"
cp -r "$REPO/tests/fixtures/charts/altinity-clickhouse-operator" "$SCRATCH/charts/op"
manifest
printf '  chart:\n    path: charts/op\n' >> "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$FAKE_LOG" "helm show chart $SCRATCH/charts/op"
expect_in "$FAKE_LOG" "helm show crds $SCRATCH/charts/op"
expect_in "$SCRATCH/out" "will be installed (chart altinity-clickhouse-operator 0.23.6-fixture)"
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
sed -i 's/^version: .*/version: 0.23.7-fixture/' "$SCRATCH/charts/op/Chart.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" "~ chart altinity-clickhouse-operator: 0.23.6-fixture -> 0.23.7-fixture"
end

begin "the API server's version is read with -v only, and only then logged"
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "$SERVER_VERSION_CALL"
expect_in "$SCRATCH/err" "target: context 'fake', API server https://127.0.0.1:6443, kubeconfig from"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/op.yaml" -v
expect_code 0
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "$SERVER_VERSION_CALL" "${reads[@]}"
expect_in "$SCRATCH/err" "target: context 'fake', API server https://127.0.0.1:6443 (Kubernetes v1.20.2), kubeconfig from"
end

begin "createCrds: false: no CRD is read or listed"
manifest
printf '  createCrds: false\n' >> "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "")
expect_batches "${CONNECT_CALLS[@]}" "${reads[@]}"
expect_not_in "$SCRATCH/out" "crd"
end

begin "unreachable cluster: exit 4; invalid manifest: exit 3 and no process"
manifest
export FAKE_KUBECTL_UNREACHABLE=1
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 4
# The batch's kubectl get failed: only then is the API server asked, to say so clearly.
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS")
expect_batches "${CONNECT_CALLS[@]}" "${reads[@]}" -- "$SERVER_VERSION_CALL"
expect_in "$SCRATCH/err" "context 'fake' (server https://127.0.0.1:6443): the Kubernetes API server does not answer: The connection to the server 127.0.0.1:6443 was refused"
unset FAKE_KUBECTL_UNREACHABLE
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: Bad_Name\n' > "$SCRATCH/bad.yaml"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/bad.yaml" --detailed-exitcode
expect_code 3
expect_no_calls
end

begin "drift: one kubectl get of the stored objects after the reads; fields named, Secret data redacted; warn and disabled modes"
installed
cat > "$FAKE_STATE/manifest" <<'YAML'
---
kind: Deployment
metadata: {name: op}
spec:
  template:
    spec:
      containers:
      - image: altinity/clickhouse-operator:0.23.6
        name: operator
---
kind: Secret
metadata: {name: op}
data:
  password: Y2hhcnQtc2VjcmV0
---
kind: ConfigMap
metadata: {name: op-files}
data: {}
YAML
cat > "$FAKE_STATE/live.json" <<'JSON'
{"apiVersion": "v1", "kind": "List", "items": [
  {"kind": "Deployment", "metadata": {"name": "op", "generation": 4},
   "spec": {"template": {"spec": {"containers": [{"image": "hand/edited:1", "name": "operator"}]}}}},
  {"kind": "Secret", "metadata": {"name": "op"}, "data": {"password": "aGFuZC1zZWNyZXQ="}}
]}
JSON
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached)  # after up: helm's answers are cached
# The live objects came with the first batch; the stored ConfigMap the label read did not return
# costs one named get (it is gone: drift).
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${reads[@]}" -- "kubectl get ConfigMap/op-files --namespace $NS --ignore-not-found --output json --request-timeout=30s"
expect_in "$SCRATCH/out" '~ Deployment/op: spec.template.spec.containers[operator].image: chart "altinity/clickhouse-operator:0.23.6" -> live "hand/edited:1"'
expect_in "$SCRATCH/out" '~ Secret/op: data.password: chart "<redacted>" -> live "<redacted>"'
expect_in "$SCRATCH/out" '! ConfigMap/op-files: deleted'
expect_not_in "$SCRATCH/out" "aGFuZC1zZWNyZXQ="
expect_not_in "$SCRATCH/out" "generation"
expect_no_changing_call
run_deployer plan -f "$SCRATCH/op.yaml" -o json --detailed-exitcode
expect_code 2
expect_json_contract
check "three drift changes in JSON" jq -e '[.changes[] | select(.kind == "drift")] | length == 3' "$SCRATCH/out"
check "the drift list names the objects" \
  jq -e '.drift | map(.object) == ["Deployment/op", "Secret/op", "ConfigMap/op-files"]' "$SCRATCH/out"
check "a deleted object is marked" jq -e '.drift[2].deleted == true' "$SCRATCH/out"
expect_not_in "$SCRATCH/out" "Y2hhcnQtc2VjcmV0"
printf '  driftDetection: {mode: warn}\n' >> "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
expect_in "$SCRATCH/out" "Drift (driftDetection.mode: warn; not a change, up leaves it):"
expect_in "$SCRATCH/out" '! ConfigMap/op-files: deleted'
sed -i 's/mode: warn/mode: disabled/' "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
check "disabled: no read of the live objects" bash -c "! grep -q 'app.kubernetes.io/instance' '$FAKE_LOG'"
rm "$FAKE_STATE/live.json"
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached no-drift)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${reads[@]}"
end

begin "drift: the live objects in the first batch; a stored object the label read missed costs one named get"
installed
cat > "$FAKE_STATE/manifest" <<'YAML'
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: op
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: op-metrics
YAML
cat > "$FAKE_STATE/live.json" <<JSON
{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"op",
 "annotations":{"meta.helm.sh/release-name":"$RELEASE","meta.helm.sh/release-namespace":"$NS"}}}]}
JSON
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
# The ServiceMonitor is not in the cluster (the fake's named get finds nothing): drift.
expect_code 2
expect_in "$SCRATCH/out" '! ServiceMonitor/op-metrics: deleted'
mapfile -t reads < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${reads[@]}" -- \
  "kubectl get ServiceMonitor.monitoring.coreos.com/op-metrics --namespace $NS --ignore-not-found --output json --request-timeout=30s"
# That run read the release: the read cache now holds its stored objects' refs, and the next run
# reads them by name with the namespace and the CRDs, in the first batch: no label read, nothing
# after the batch.
jq '.items += [{"apiVersion":"monitoring.coreos.com/v1","kind":"ServiceMonitor","metadata":{"name":"op-metrics",
  "annotations":{"meta.helm.sh/release-name":"'"$RELEASE"'","meta.helm.sh/release-namespace":"'"$NS"'"}}}]' \
  "$FAKE_STATE/live.json" > "$FAKE_STATE/live.next" && mv "$FAKE_STATE/live.next" "$FAKE_STATE/live.json"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
stored_refs=(Deployment.apps/op ServiceMonitor.monitoring.coreos.com/op-metrics)
mapfile -t warm < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached remembered "${stored_refs[@]}")
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${warm[@]}"
check "the cache keeps names only, never an object's content" bash -c "! grep -rq 'meta.helm.sh' '$XDG_CACHE_HOME'"
NAMESPACE_AND_CRDS=$(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached | grep '^kubectl get namespace/')
NAMED="--namespace $NS --ignore-not-found --output json --request-timeout=30s"
# A stored kind the API server no longer serves (the ServiceMonitor's CRD removed): that get fails;
# the namespace and the CRDs are read apart, then the stored objects by name, each kind alone; the
# ServiceMonitor is drift (deleted), the plan does not fail.
echo ServiceMonitor.monitoring.coreos.com > "$FAKE_STATE/kinds.missing"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" '! ServiceMonitor/op-metrics: deleted'
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${warm[@]}" -- "$NAMESPACE_AND_CRDS" -- \
  "kubectl get ${stored_refs[*]} $NAMED" -- "kubectl get Deployment.apps/op $NAMED" -- \
  "kubectl get ServiceMonitor.monitoring.coreos.com/op-metrics $NAMED"
rm "$FAKE_STATE/kinds.missing"
# That failed get is not paid again for this revision: the entry now says "by label", and a kind
# the account may not read is refused there; the stored objects by name, refused too: drift is
# unchecked, not an error.
check "the entry no longer reads by name" bash -c "grep -rq '\"readByName\":false' '$XDG_CACHE_HOME'"
touch "$FAKE_STATE/live.forbidden"
: > "$FAKE_LOG"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
mapfile -t labelled < <(plan_calls "$RELEASE" "$NS" "$SHOW_CRDS" cached)
expect_batches "${CACHED_CONNECT_CALLS[@]}" "${labelled[@]}" -- "kubectl get ${stored_refs[*]} $NAMED"
expect_in "$SCRATCH/err" "drift not checked: the account may not read the release's objects"
# Without the cache: the label read, refused; the stored objects by name, refused too.
: > "$FAKE_LOG"
ALTINITY_DEPLOY_NO_CACHE=1 run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
expect_in "$SCRATCH/err" "drift not checked: the account may not read the release's objects"
check "no cache: the label read" grep -q 'app.kubernetes.io/instance' "$FAKE_LOG"
rm "$FAKE_STATE/live.forbidden" "$FAKE_STATE/live.json"
end

begin "plan --help explains the exit codes"
run_deployer plan --help
expect_code 0
expect_in "$SCRATCH/out" "--detailed-exitcode"
expect_in "$SCRATCH/out" "Example:"
end

finish
