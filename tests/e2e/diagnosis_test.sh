#!/usr/bin/env bash
# Diagnosis on the local Kubernetes 1.20 cluster (issue 18), with the real helm and kubectl of one
# Helm major. The simulated kubelet (cluster/lib/kubelet.py) reports a container whose memory limit
# is under 64Mi as OOMKilled (exit code 137), restarting, not ready. One release e2e-diag-hMAJOR:
#   1. up at the old chart version (0.25.6 from the real charts, else the fixture chart)
#   2. limits.memory 32Mi: up fails (fail-fast), naming OOMKilled and
#      spec.container.resources.limits.memory with 32Mi; rolled back
#   3. the same with atomic: false: the failed release keeps its OOMKilled pod, and status says so
#   4. an upgrade to the new chart (0.26.0) with an unpullable image: up fails, helm rolls back,
#      and up says the CRDs stay at the new chart's version and what that means
#
#   bash tests/e2e/diagnosis_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-diag-h$MAJOR
NS=e2e-diag-h$MAJOR
M="$WORK/op.yaml"
BAD_IMAGE=example.invalid/does-not-exist  # the simulated kubelet answers ImagePullBackOff

# (Each version on its own: in " 0.25.6 0.26.0 " the two share the space between them.)
if [[ " $REAL_CHART_VERSIONS " == *" 0.25.6 "* && " $REAL_CHART_VERSIONS " == *" 0.26.0 "* ]]; then
  OLD=0.25.6; NEW=0.26.0
  echo "   (the REAL published charts: $OLD -> $NEW)"
else
  OLD=$FIXTURE_CHART_VERSION; NEW=$FIXTURE_CHART_UPGRADE_VERSION
  real_chart_missing "The diagnosis tests use the FIXTURE charts $OLD -> $NEW instead of the real 0.25.6 -> 0.26.0."
fi

# write_manifest VERSION MEMORY_LIMIT ATOMIC [IMAGE]: the whole spec (no status block: --no-write-status).
write_manifest() {
  local image_values=""
  [ -z "${4:-}" ] || image_values="  values: {operator: {image: {repository: $4}}}"
  cat > "$M" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $NAME
spec:
  namespace: $NS
  container:
    resources:
      requests: {cpu: 100m, memory: 16Mi}
      limits: {cpu: 500m, memory: $2}
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$1"
  helm: {timeout: 2m, atomic: $3}
$image_values
YAML
}
helm_json() { "$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null; }
release_status() { helm_json | jq -r '.info.status // "absent"'; }

remember_crds
cleanup_release "$M" "$NAME" "$NS"

begin "1. up at chart $OLD with limits.memory 256Mi: deployed"
write_manifest "$OLD" 256Mi true
deployer up -f "$M" --no-write-status
expect_code 0
expect_eq "release status" "$(release_status)" deployed
end

begin "2. limits.memory 32Mi: up fails naming OOMKilled and spec.container.resources.limits.memory (32Mi); rolled back"
write_manifest "$OLD" 32Mi true
deployer up -f "$M" --no-write-status --fail-fast-after 5s
expect_code 1
expect_match "$ERR" "container altinity-clickhouse-operator of pod $NAME[a-z0-9-]* was OOMKilled \(exit code 137\), restarted [0-9]+ times?; its memory limit is 32Mi"
expect_in "$ERR" "hint: out of memory: raise spec.container.resources.limits.memory (now 32Mi), then run up again"
expect_eq "release status after the rollback" "$(release_status)" deployed
end

begin "3. atomic: false keeps the OOMKilled pod; status names it and the field to raise"
write_manifest "$OLD" 32Mi false
deployer up -f "$M" --no-write-status --fail-fast-after 5s
expect_code 1
expect_in "$ERR" "was OOMKilled (exit code 137)"
expect_eq "release status (not rolled back)" "$(release_status)" failed
deployer status -f "$M"
expect_code 0
expect_match "$OUT" "restarted   container altinity-clickhouse-operator of pod $NAME[a-z0-9-]* was OOMKilled \(exit code 137\)"
expect_in "$OUT" "hint        out of memory: raise spec.container.resources.limits.memory (now 32Mi), then run up again"
deployer status -f "$M" -o json
expect_code 0
expect_json "$OUT" '[.operator.restarts[] | select(.reason == "OOMKilled" and .exitCode == 137 and .memoryLimit == "32Mi"
  and .memoryField == "spec.container.resources.limits.memory")] | length >= 1'
write_manifest "$OLD" 256Mi true
deployer up -f "$M" --no-write-status
expect_code 0
deployer status -f "$M" -o json
expect_json "$OUT" '.operator.restarts == []'
end

begin "4. upgrade $OLD -> $NEW with an unpullable image: rolled back, up says the CRDs stay at $NEW"
write_manifest "$NEW" 256Mi true "$BAD_IMAGE"
deployer up -f "$M" --no-write-status --fail-fast-after 5s
expect_code 1
expect_in "$ERR" "ImagePullBackOff"
expect_in "$ERR" "the CRDs stay at chart $NEW's version: up applied them before helm, and helm's rollback leaves CRDs alone. The operator of chart $OLD, which the release is back on, keeps working with them"
expect_eq "release status after the rollback" "$(release_status)" deployed
expect_eq "chart after the rollback" "$("$HELM" list -n "$NS" -o json 2>/dev/null | jq -r '.[0].chart')" "altinity-clickhouse-operator-$OLD"
labels=$(k get crd clickhouseinstallations.clickhouse.altinity.com -o json | jq -r '.metadata.labels["clickhouse.altinity.com/chop"]')
expect_eq "the CHI CRD's version label" "$labels" "$NEW"
end

finish
