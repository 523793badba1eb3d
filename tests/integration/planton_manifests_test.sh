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

finish
