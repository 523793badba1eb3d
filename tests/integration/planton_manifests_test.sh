#!/usr/bin/env bash
# Project Planton's manifests as its users hold them (issue 23): both kinds
# side by side in a folder, the files that are not ours named as skipped,
# never skipped silently, in text and in JSON.
source "$(dirname "$0")/lib.sh"

# planton_folder: $SCRATCH/fleet with one manifest of each kind, a
# Deployment and a file that is not YAML.
planton_folder() {
  mkdir -p "$SCRATCH/fleet"
  cat > "$SCRATCH/fleet/current.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperator
metadata:
  name: op-current
  slug: op-current
  env: dev
  tags: [clickhouse]
spec:
  target_cluster:
    kubernetes_cluster_selector: {cluster_kind: GcpGkeClusterCore, cluster_name: fake}
  namespace: ops-current
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 1000m, memory: 1Gi}
YAML
  cat > "$SCRATCH/fleet/older.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: op-older
spec:
  namespace: ops-older
  container:
    resources: {}
YAML
  cat > "$SCRATCH/fleet/deployment.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
YAML
  echo "notes, not YAML" > "$SCRATCH/fleet/README.md"
}

begin "validate on a folder: both kinds run, the Deployment and the README are named as skipped"
planton_folder
run_deployer validate -f "$SCRATCH/fleet"
expect_code 0
expect_no_calls
expect_in "$SCRATCH/out" "op-current"
expect_in "$SCRATCH/out" "op-older"
expect_in "$SCRATCH/err" "skipped $SCRATCH/fleet/deployment.yaml: kind Deployment"
expect_in "$SCRATCH/err" "skipped $SCRATCH/fleet/README.md: not a .yaml or .yml file"
expect_in "$SCRATCH/out" "2 files skipped: not AltinityOperator or AltinityOperatorKubernetes manifests"
[ "$(grep -c '^op-' "$SCRATCH/out")" = 2 ] || fail_now "expected two targets in the summary"
end

begin "-o json on a folder lists the skips and the two targets"
planton_folder
run_deployer validate -f "$SCRATCH/fleet" -o json
expect_code 0
expect_json_contract
expect_json_field '.targets | length == 2'
expect_json_field '[.targets[].target.name] | sort == ["op-current", "op-older"]'
jq -e --arg dir "$SCRATCH/fleet" \
  '.skippedFiles == [{"path": ($dir + "/README.md"), "reason": "not a .yaml or .yml file"}, {"path": ($dir + "/deployment.yaml"), "reason": "kind Deployment"}]' \
  "$SCRATCH/out" > /dev/null || fail_now "skippedFiles: $(jq -c .skippedFiles "$SCRATCH/out")"
end

begin "a quoted pattern skips the same way; an explicit -f of another kind stays an error"
planton_folder
run_deployer validate -f "$SCRATCH/fleet/*.yaml"
expect_code 0
expect_in "$SCRATCH/err" "skipped $SCRATCH/fleet/deployment.yaml: kind Deployment"
expect_in "$SCRATCH/out" "1 file skipped"
run_deployer validate -f "$SCRATCH/fleet/deployment.yaml"
expect_code 3
expect_in "$SCRATCH/err" "must be 'AltinityOperator' (or the older 'AltinityOperatorKubernetes'), got 'Deployment'"
end

begin "a folder of no manifest names what it skipped"
planton_folder
rm "$SCRATCH/fleet/current.yaml" "$SCRATCH/fleet/older.yaml"
run_deployer plan -f "$SCRATCH/fleet" -o json
expect_code 3
expect_no_calls
expect_json_contract
expect_json_field '.error | contains("deployment.yaml (kind Deployment)")'
end

begin "a Planton manifest renders Planton's values: createCRD, its resources, every namespace watched"
planton_folder
run_deployer render --helm-major 3 -f "$SCRATCH/fleet/current.yaml"
expect_code 0
expect_in "$SCRATCH/out" "createCRD: true"
expect_in "$SCRATCH/out" '".*"'
expect_in "$SCRATCH/out" "helm upgrade --install op-current"
end

begin "spec.helm.releaseName names the release every command works on"
planton_folder
printf '  helm: {releaseName: altinity-clickhouse-operator}\n' >> "$SCRATCH/fleet/older.yaml"
run_deployer render --helm-major 3 -f "$SCRATCH/fleet/older.yaml"
expect_code 0
expect_in "$SCRATCH/out" "helm upgrade --install altinity-clickhouse-operator"
run_deployer validate -f "$SCRATCH/fleet/older.yaml" -o json
expect_json_field '.release == "altinity-clickhouse-operator"'
end

# planton_release: the fake cluster holds the release Planton's module installs, revision 2,
# in namespace planton-ns (what `helm list --all-namespaces -o json` prints).
planton_release() {
  echo '[{"name":"altinity-clickhouse-operator","namespace":"planton-ns","revision":"2","updated":"now","status":"deployed","chart":"altinity-clickhouse-operator-0.25.4","app_version":"0.25.4"}]' \
    > "$FAKE_STATE/other-releases.json"
}
PLANTON_LINE="! another operator: release 'altinity-clickhouse-operator' in namespace 'planton-ns' (chart altinity-clickhouse-operator 0.25.4, deployed, revision 2)"

begin "another operator in the cluster: plan names it (text and JSON), in its first batch of reads"
minimal_manifest
planton_release
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "$PLANTON_LINE"
expect_in "$SCRATCH/out" "up refuses to install beside it"
expect_in "$FAKE_LOG" "helm list --all-namespaces --deployed --failed --pending --max 0 --output json"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.otherOperatorsChecked and .otherOperators == [{"release":"altinity-clickhouse-operator","namespace":"planton-ns","chart":"altinity-clickhouse-operator","chartVersion":"0.25.4","status":"deployed","revision":2}]'
end

begin "up refuses to install beside another operator: exit 1, the hint, nothing created"
minimal_manifest
planton_release
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "another ClickHouse operator runs in this cluster: release 'altinity-clickhouse-operator' in namespace 'planton-ns'"
expect_in "$SCRATCH/err" "spec.helm.releaseName: altinity-clickhouse-operator"
expect_in "$SCRATCH/err" "spec.namespace: planton-ns"
expect_in "$SCRATCH/err" "--allow-second-operator"
expect_not_in "$FAKE_LOG" "helm upgrade"
expect_not_in "$FAKE_LOG" "kubectl create"
expect_not_in "$FAKE_LOG" "kubectl apply"
check "no release installed" test ! -f "$FAKE_STATE/release"
expect_not_in "$SCRATCH/op.yaml" "status:"
run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 1
expect_json_contract
expect_json_field '.ok == false and (.hint | contains("--allow-second-operator"))'
end

begin "--allow-second-operator installs beside it, with a warning; later runs upgrade with one"
minimal_manifest
planton_release
run_deployer up -f "$SCRATCH/op.yaml" --allow-second-operator
expect_code 0
expect_in "$SCRATCH/err" "--allow-second-operator: another operator runs in this cluster ('altinity-clickhouse-operator' in namespace 'planton-ns')"
expect_in "$FAKE_LOG" "helm upgrade --install altinity-operator-prod"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/err" "another operator runs in this cluster"
end

begin "taking Planton's release over: releaseName and namespace are its; no other operator"
planton_release
named_manifest "$SCRATCH/op.yaml" planton-prod "  helm: {releaseName: altinity-clickhouse-operator}"
sed -i 's/^  namespace: altinity-operator$/  namespace: planton-ns/' "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_field '.otherOperators == [] and .release == "altinity-clickhouse-operator"'
end

begin "an account that may not list every release: plan and up warn and go ahead"
minimal_manifest
export FAKE_HELM_FAIL=list FAKE_HELM_FAIL_TEXT='Error: list: failed to list: secrets is forbidden: User "dev" cannot list resource "secrets" in API group "" at the cluster scope'
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/err" "could not look for another ClickHouse operator in the cluster"
expect_in "$SCRATCH/err" "cannot list resource"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_field '.otherOperatorsChecked == false and .otherOperators == []'
unset FAKE_HELM_FAIL FAKE_HELM_FAIL_TEXT
end

finish
