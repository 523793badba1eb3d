#!/usr/bin/env bash
# Saved plans (issue 20, docs/saved-plans.md) against the local Kubernetes 1.20 cluster with the real
# helm and kubectl of one Helm major and the real chart:
#   1. up; plan --out for a values change (the operator's CPU limit); up --plan applies it: one new
#      revision, the Deployment has the new limit
#   2. plan --out; `helm rollback` by hand: up --plan exits 6 naming the release, nothing changed
#   3. plan --out; the operator's image changed by hand (`kubectl set image`): apply FILE exits 6
#      naming the drift, nothing changed (the image stays the hand-set one)
#   4. an edited manifest: exit 6; a plan with no changes: a no-op
#   5. destroy
#
#   bash tests/e2e/saved_plan_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-saved-plan-h$MAJOR
NS=e2e-saved-plan-h$MAJOR
M="$WORK/op.yaml"
P="$WORK/plan.json"
DEPLOYMENT=$NAME-altinity-clickhouse-operator
HAND_IMAGE=altinity/clickhouse-operator:0.23.5

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "deploying the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

manifest() {  # manifest CPU-LIMIT
  release_manifest "$M" "$NAME" "$NS" "  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '$1', memory: 1Gi}"
}
container() { k get deployment "$DEPLOYMENT" -n "$NS" -o jsonpath='{.spec.template.spec.containers[0].name}'; }
image() { k get deployment "$DEPLOYMENT" -n "$NS" -o jsonpath='{.spec.template.spec.containers[0].image}'; }
cpu_limit() { k get deployment "$DEPLOYMENT" -n "$NS" -o jsonpath='{.spec.template.spec.containers[0].resources.limits.cpu}'; }
expect_not_in() { ! grep -qF -- "$2" "$1" || fail_now "'$2' unexpectedly in $(basename "$1")"; }

remember_crds
cleanup_release "$M" "$NAME" "$NS"

# ---- 1 ------------------------------------------------------------------------------------------
begin "plan --out for a values change, then up --plan applies exactly it"
manifest 1
deployer up -f "$M"
expect_code 0
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
REV=$(revision)
manifest 2
deployer plan -f "$M" --out "$P" --detailed-exitcode
expect_code 2
expect_eq "the plan file's mode" "$(stat -c %a "$P")" 600
expect_json "$P" '.kind == "AltinityDeploySavedPlan" and .read.release.revision == '"$REV"
expect_json "$P" '[.changes[] | select(.kind == "value" and (.subject | test("resources.limits.cpu")))] | length == 1'
password=$(k get secret -n "$NS" -o json | jq -r '.items[] | select(.data.password) | .data.password' | head -n 1 | base64 -d)
[ -n "$password" ] || fail_now "no operator password Secret found"
expect_not_in "$P" "$password"
deployer up --plan "$P" -f "$M"
expect_code 0
expect_in "$ERR" "still holds"
expect_eq "revision after up --plan" "$(revision)" "$((REV + 1))"
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
expect_eq "the CPU limit applied" "$(cpu_limit)" 2
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "helm rollback by hand after the plan: up --plan exits 6, nothing changed"
manifest 3
deployer plan -f "$M" --out "$P"
expect_code 0
"$HELM" rollback "$NAME" -n "$NS" > "$WORK/rollback.log" 2>&1 || fail_now "helm rollback failed: $(cat "$WORK/rollback.log")"
REV=$(revision)
LIMIT=$(cpu_limit)
deployer up --plan "$P" -f "$M"
expect_code 6
expect_in "$ERR" "is stale"
expect_in "$ERR" "the release in the cluster"
expect_in "$ERR" "nothing was changed"
expect_eq "revision after the refusal" "$(revision)" "$REV"
expect_eq "the CPU limit after the refusal" "$(cpu_limit)" "$LIMIT"
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "the image changed by hand after the plan: apply FILE exits 6 naming the drift, nothing changed"
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
deployer plan -f "$M" --out "$P"
expect_code 0
k set image "deployment/$DEPLOYMENT" -n "$NS" "$(container)=$HAND_IMAGE" > /dev/null
REV=$(revision)
deployer apply "$P" -f "$M"
expect_code 6
expect_in "$ERR" "the drift of the release's objects"
expect_eq "revision after the refusal" "$(revision)" "$REV"
expect_eq "the hand-set image stays" "$(image)" "$HAND_IMAGE"
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "an edited manifest is refused; a plan without changes is a no-op"
deployer up -f "$M"
expect_code 0
eventually 120 "the operator rolled out" deployment_settled "$NAME" "$NS"
deployer plan -f "$M" --out "$P" --detailed-exitcode
expect_code 0
REV=$(revision)
deployer up --plan "$P" -f "$M" -o json
expect_code 0
expect_json "$OUT" '.action == "unchanged"'
expect_eq "revision after the no-op" "$(revision)" "$REV"
manifest 4
deployer up --plan "$P" -f "$M"
expect_code 6
expect_in "$ERR" "the manifest's spec"
expect_eq "revision after the refusal" "$(revision)" "$REV"
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "destroy"
deployer destroy -f "$M"
expect_code 0
eventually 120 "namespace $NS gone" namespace_gone "$NS"
end

finish
