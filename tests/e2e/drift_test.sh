#!/usr/bin/env bash
# Drift detection and correction (issue 12, docs/drift.md) against the local Kubernetes 1.20 cluster
# with the real helm and kubectl of one Helm major:
#   1. a clean release: plan --detailed-exitcode 0, a second up keeps the revision
#   2. the operator Deployment's image changed by hand: plan exits 2 naming the field; up restores it
#      (one new revision, driftCorrected in status.outputs); plan exits 0 afterwards
#   3. the operator's ConfigMap deleted: plan names it deleted; up brings it back
#   4. `kubectl rollout restart`: no drift
#   5. mode: warn: drift reported, exit 0, up changes nothing
#   6. an ignore path hides exactly that field (another drifted field still shows); spec.replicas
#      under a HorizontalPodAutoscaler is not drift
#   7. a hand-edited CRD: plan names it; up re-applies the chart's CRDs (no new revision)
#   8. destroy
#
#   bash tests/e2e/drift_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-drift-h$MAJOR
NS=e2e-drift-h$MAJOR
M="$WORK/op.yaml"
DEPLOYMENT=$NAME-altinity-clickhouse-operator
HAND_IMAGE=altinity/clickhouse-operator:0.23.5

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "deploying the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

manifest() { release_manifest "$M" "$NAME" "$NS" "${1:-}"; }  # manifest [DRIFT-DETECTION-YAML]

expect_not_in() { ! grep -qF -- "$2" "$1" || fail_now "'$2' unexpectedly in $(basename "$1")"; }
container() { k get deployment "$DEPLOYMENT" -n "$NS" -o jsonpath='{.spec.template.spec.containers[0].name}'; }
image() { k get deployment "$DEPLOYMENT" -n "$NS" -o jsonpath='{.spec.template.spec.containers[0].image}'; }
hand_edit_image() { k set image "deployment/$DEPLOYMENT" -n "$NS" "$(container)=$HAND_IMAGE" > /dev/null; }

remember_crds
cleanup_release "$M" "$NAME" "$NS"
manifest

# ---- 1 ------------------------------------------------------------------------------------------
begin "a clean release: no drift, and a second up writes no revision"
deployer up -f "$M"
expect_code 0
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
REV=$(revision)
CHART_IMAGE=$(image)
CONTAINER=$(container)
deployer plan -f "$M" --detailed-exitcode -v
expect_code 0
expect_in "$OUT" "No changes"
# The live objects come with the first batch: up kept the refs of the revision helm printed in the
# read cache, so they are read by name with the namespace and the CRDs (no label read); no kubectl diff.
grep -qE "kubectl get namespace/$NS .*Deployment\.apps/[^ ]+ .*--namespace $NS --ignore-not-found" "$ERR" ||
  fail_now "the live objects were not read by name with the namespace"
grep -qF -- "--selector app.kubernetes.io/instance=$NAME --namespace $NS" "$ERR" && fail_now "a label read with a warm cache"
grep -qF "kubectl diff" "$ERR" && fail_now "kubectl diff was started"
deployer up -f "$M" -o json
expect_code 0
expect_json "$OUT" '.action == "unchanged" and (.drift | length) == 0 and (.driftCorrected | length) == 0'
expect_eq "revision after a no-op up" "$(revision)" "$REV"
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "a hand-changed image: plan exits 2 naming the field; up restores it; plan exits 0"
hand_edit_image
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_in "$OUT" "~ Deployment/$DEPLOYMENT: spec.template.spec.containers[$CONTAINER].image: chart \"$CHART_IMAGE\" -> live \"$HAND_IMAGE\""
expect_in "$OUT" "1 change;"
deployer up -f "$M"
expect_code 0
expect_in "$OUT" "drift corrected"
expect_in "$OUT" "restored Deployment/$DEPLOYMENT"
expect_in "$M" "driftCorrected: \"1\""
expect_eq "the image after up" "$(image)" "$CHART_IMAGE"
expect_eq "revision after the correction" "$(revision)" "$((REV + 1))"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "a deleted ConfigMap: plan names it; up brings it back"
CONFIGMAP=$("$HELM" get manifest "$NAME" -n "$NS" | awk '/^kind: ConfigMap/ {c=1} c && /^  name:/ {print $2; exit}')
[ -n "$CONFIGMAP" ] || fail_now "the release has no ConfigMap"
k delete configmap "$CONFIGMAP" -n "$NS" > /dev/null
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_in "$OUT" "! ConfigMap/$CONFIGMAP: deleted"
deployer up -f "$M"
expect_code 0
check "the ConfigMap is back" k get configmap "$CONFIGMAP" -n "$NS"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "kubectl rollout restart is not drift"
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
REV=$(revision)
k rollout restart "deployment/$DEPLOYMENT" -n "$NS" > /dev/null
deployer plan -f "$M" --detailed-exitcode
expect_code 0
expect_in "$OUT" "No changes"
deployer up -f "$M"
expect_code 0
expect_eq "revision after up" "$(revision)" "$REV"
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "mode: warn reports drift, exits 0, and up changes nothing"
manifest "  driftDetection: {mode: warn}"
hand_edit_image
deployer plan -f "$M" --detailed-exitcode
expect_code 0
expect_in "$OUT" "Drift (driftDetection.mode: warn; not a change, up leaves it):"
expect_in "$OUT" "spec.template.spec.containers[$CONTAINER].image: chart \"$CHART_IMAGE\" -> live \"$HAND_IMAGE\""
deployer up -f "$M"
expect_code 0
expect_in "$OUT" "no changes"
expect_eq "the image after up in warn mode" "$(image)" "$HAND_IMAGE"
expect_eq "revision after up in warn mode" "$(revision)" "$REV"
end

# ---- 6 ------------------------------------------------------------------------------------------
begin "an ignore path hides exactly that field"
manifest "  driftDetection:
    ignore:
      - paths: [/spec/template/spec/containers/0/image]
        target: {kind: Deployment}"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
expect_not_in "$OUT" "$HAND_IMAGE"
k scale "deployment/$DEPLOYMENT" -n "$NS" --replicas=2 > /dev/null
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_in "$OUT" "~ Deployment/$DEPLOYMENT: spec.replicas: chart 1 -> live 2"
expect_not_in "$OUT" "$HAND_IMAGE"
end

begin "spec.replicas of a Deployment a HorizontalPodAutoscaler scales is not drift"
k autoscale "deployment/$DEPLOYMENT" -n "$NS" --min=1 --max=3 > /dev/null
deployer plan -f "$M" --detailed-exitcode -v
expect_code 0
expect_in "$ERR" "get horizontalpodautoscalers"
expect_not_in "$OUT" "spec.replicas"
k delete hpa "$DEPLOYMENT" -n "$NS" > /dev/null
manifest
deployer up -f "$M"
expect_code 0
expect_eq "the image after up without the ignore rule" "$(image)" "$CHART_IMAGE"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 7 ------------------------------------------------------------------------------------------
begin "a hand-edited CRD (createCrds): plan names it; up re-applies the chart's CRDs, no new revision"
CRD=clickhouseinstallations.clickhouse.altinity.com
REV=$(revision)
k patch crd "$CRD" --type=json -p '[{"op":"add","path":"/spec/names/shortNames/-","value":"handmade"}]' > /dev/null
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_in "$OUT" "~ crd $CRD: will be updated (changed in the cluster: spec.names.shortNames)"
deployer up -f "$M"
expect_code 0
expect_in "$OUT" "CRDs updated, release unchanged"
expect_in "$OUT" "restored CustomResourceDefinition/$CRD"
check "the hand-added short name is gone" bash -c "! '$KUBECTL' get crd '$CRD' -o jsonpath='{.spec.names.shortNames}' | grep -q handmade"
expect_eq "revision after the CRD correction" "$(revision)" "$REV"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 8 ------------------------------------------------------------------------------------------
begin "destroy"
deployer destroy -f "$M"
expect_code 0
eventually 120 "namespace $NS gone" namespace_gone "$NS"
end

finish
