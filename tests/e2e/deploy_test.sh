#!/usr/bin/env bash
# `up`, `status` and `destroy` of examples/basic.yaml against the local Kubernetes 1.20 cluster with
# the real helm and kubectl of one Helm major (issue 3's list):
#   1. fresh install from the loopback chart repository: namespace + label, Deployment available,
#      operator resources, the four CRDs, watch.namespaces, status.outputs, rest of the file kept
#   2. changed resources: revision 2, the pod spec changed
#   3. an image that cannot be pulled: exit 1 with helm's cause, rolled back, manifest untouched
#   4. `status` / `status -o json` agree with helm and kubectl after every step
#   5. destroy: release and namespace gone, CRDs kept; destroy again: exit 0
#   7. Helm 4 on a 1.20 server: the fresh install works; -v names the apply method and why
#
#   bash tests/e2e/deploy_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-deploy-h$MAJOR
NS=e2e-deploy-h$MAJOR
M="$WORK/op.yaml"
OLD_RES="requests 100m/268435456 limits 1000m/1073741824"   # 100m/256Mi, 1000m/1Gi
NEW_RES="requests 200m/536870912 limits 1500m/2147483648"   # 200m/512Mi, 1500m/2Gi

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "deploying the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

# A copy of examples/basic.yaml with this run's names, the loopback chart repository, and extra
# comments, blank lines and quoting, so that "the rest of the file is kept" means something.
write_manifest() {
  local basic="$REPO/examples/basic.yaml"
  for line in "  name: altinity-operator-prod" "  namespace: altinity-operator" "        cpu: 100m" \
              "        memory: 256Mi" "        cpu: 1000m" "        memory: 1Gi"; do
    grep -qxF -- "$line" "$basic" || { fail_now "examples/basic.yaml no longer has the line '$line'; update $0"; return 1; }
  done
  {
    echo "# e2e copy of examples/basic.yaml (Helm $MAJOR)   "
    echo
    sed -e "s|^  name: altinity-operator-prod\$|  name: $NAME    # the Helm release name|" \
        -e "s|^  namespace: altinity-operator\$|  namespace: \"$NS\"|" "$basic"
    cat <<EOF

  # the chart from the local cluster's repository on loopback
  chart:
    repo: $CHART_REPO_URL   # served by local-cluster
    name: 'altinity-clickhouse-operator'
    version: "$CHART_VERSION"

  watchNamespaces: [".*"]       # every namespace
  helm: {timeoutSeconds: 120, atomic: true, cleanupOnFail: true}
  values: {}
# trailing comment: the status block goes below
EOF
  } > "$M"
}

pods_have() { [ "$(pod_resources "$NAME" "$NS")" = "$1" ]; }

# expect_status_true REVISION: `status -o json` and `status` tell what helm and kubectl say.
expect_status_true() {
  local rev=$1 helm_json deploy ready
  deployer status -f "$M" -o json
  expect_code 0
  cp "$OUT" "$WORK/status.json"
  expect_json_contract "$WORK/status.json" 0
  expect_json "$WORK/status.json" ".installed == true and .release == \"$NAME\" and .namespace == \"$NS\"
    and .revision == $rev and .helmStatus == \"deployed\" and .chartVersion == \"$CHART_VERSION\""
  helm_json=$("$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null)
  expect_eq "helm's revision" "$(jq -r .version <<<"$helm_json")" "$rev"
  expect_eq "helm's status" "$(jq -r .info.status <<<"$helm_json")" deployed
  deploy=$(operator_deployment "$NAME" "$NS") || { fail_now "no operator Deployment"; return 1; }
  ready=$(jq '.status.readyReplicas // 0' <<<"$deploy")
  expect_json "$WORK/status.json" ".operator.found == true and .operator.name == $(jq .metadata.name <<<"$deploy")
    and .operator.readyReplicas == $ready and .operator.ready == ($ready >= 1)"
  expect_json "$WORK/status.json" "(.crds | keys | sort) == $(printf '%s\n' "${CRDS[@]}" | jq -R . | jq -sc 'sort')"
  deployer status -f "$M"
  expect_code 0
  expect_match "$OUT" "^revision[[:space:]]+$rev\$"
  expect_match "$OUT" "^status[[:space:]]+deployed"
  for crd in "${CRDS[@]}"; do expect_in "$OUT" "$crd"; done
}

# ---- 1 ------------------------------------------------------------------------------------------
begin "1. fresh up of examples/basic.yaml (chart $CHART_VERSION from the loopback repository)"
remember_crds
write_manifest
cp "$M" "$WORK/original.yaml"
cleanup_release "$M" "$NAME" "$NS"
namespace_gone "$NS" || fail_now "namespace $NS exists before the test (left over from an earlier run?)"
t=$SECONDS
deployer -v up -f "$M"
echo "   (up took $((SECONDS - t))s)"
expect_code 0
expect_eq "namespace label app.kubernetes.io/managed-by" \
  "$(k get namespace "$NS" -o jsonpath='{.metadata.labels.app\.kubernetes\.io/managed-by}' 2>&1)" altinity-deploy
eventually 20 "the operator Deployment is available" deployment_available "$NAME" "$NS"
expect_eq "operator container resources" "$(operator_resources "$NAME" "$NS" 2>&1)" "$OLD_RES"
expect_eq "operator CRDs present" "$(crd_count)" 4
expect_eq "watch.namespaces in the operator ConfigMap" "$(watch_namespaces "$NS" 2>&1 | paste -sd' ')" ".*"
expect_eq "status.outputs.releaseName" "$(output releaseName "$M")" "$NAME"
expect_eq "status.outputs.namespace" "$(output namespace "$M")" "$NS"
expect_eq "status.outputs.revision" "$(output revision "$M")" 1
expect_eq "status.outputs.helmStatus" "$(output helmStatus "$M")" deployed
expect_eq "status.outputs.chartVersion" "$(output chartVersion "$M")" "$CHART_VERSION"
expect_rest_kept "$WORK/original.yaml" "$M"
expect_in "$OUT" "note: $SIMULATED_NOTE (node $K8S_NODE_NAME labelled $SIMULATED_LABEL)"
if [ "$MAJOR" = 4 ]; then
  # 7. Helm 4 against Kubernetes 1.20: server-side apply would fail on the metrics Service
  expect_match "$ERR" "apply method.*(client-side|csa)"
  expect_match "$ERR" "apply method.*(protocol|1\.20|older)"
  expect_eq "the release's apply method" "$("$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null | jq -r .apply_method)" csa
fi
end

begin "4. status after the install"
expect_status_true 1
end

begin "6. status says the kubelet is simulated, from the node's label; on a node without it, it does not"
deployer status -f "$M"
expect_code 0
expect_match "$OUT" "^note +$SIMULATED_NOTE \\(node $K8S_NODE_NAME labelled $SIMULATED_LABEL\\)\$"
check "the node carries $SIMULATED_LABEL=true" test "$(k get node "$K8S_NODE_NAME" -o json | jq -r --arg l "$SIMULATED_LABEL" '.metadata.labels[$l]')" = true
RESTORE_SIMULATED_LABEL=1  # the cluster is shared with the other suites: cleanup puts it back
k label node "$K8S_NODE_NAME" "$SIMULATED_LABEL-" > /dev/null || fail_now "could not remove the node's label"
deployer status -f "$M"
expect_code 0
expect_match "$OUT" "^status[[:space:]]+deployed"
expect_not_in "$OUT" "simulated"
restore_simulated_label
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2. changed resources: up upgrades to revision 2 and changes the pod spec"
sed -i -e 's/^        cpu: 100m$/        cpu: 200m/' -e 's/^        memory: 256Mi$/        memory: 512Mi/' \
       -e 's/^        cpu: 1000m$/        cpu: 1500m/' -e 's/^        memory: 1Gi$/        memory: 2Gi/' "$M"
before_status "$M" > "$WORK/step2-spec.yaml"
grep -q 'cpu: 1500m' "$WORK/step2-spec.yaml" || fail_now "could not edit the resources in the manifest"
generation=$(operator_deployment "$NAME" "$NS" | jq .metadata.generation)
deployer -v up -f "$M"
expect_code 0
expect_eq "status.outputs.revision" "$(output revision "$M")" 2
expect_eq "status.outputs.helmStatus" "$(output helmStatus "$M")" deployed
expect_eq "operator container resources" "$(operator_resources "$NAME" "$NS" 2>&1)" "$NEW_RES"
[ "$(operator_deployment "$NAME" "$NS" | jq .metadata.generation)" -gt "$generation" ] \
  || fail_now "the Deployment's generation did not change"
eventually 30 "the operator pod runs with the new resources" pods_have "$NEW_RES"
expect_eq "the manifest outside status" "$(before_status "$M" | cmp - "$WORK/step2-spec.yaml" && echo same)" same
if [ "$MAJOR" = 4 ]; then expect_match "$ERR" "apply method"; fi
# Same helm, same pinned chart as step 1: its helm version and helm show crds come from the read cache.
expect_match "$ERR" "cache hit: .*helm.* version --template"
expect_match "$ERR" "cache hit: .*helm.* show crds"
! grep -qE '\$ [^ ]*helm[^ ]* (version|show) ' "$ERR" || fail_now "helm version/show ran: $(grep -E '\$ [^ ]*helm[^ ]* (version|show) ' "$ERR" | head -1)"
end

begin "4. status after the upgrade"
expect_status_true 2
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. an image that cannot be pulled: exit 1 with helm's cause, rolled back, status untouched"
cp "$M" "$WORK/step2.yaml"
sed -i -e 's/^  helm: {timeoutSeconds: 120,/  helm: {timeoutSeconds: 40,/' \
       -e 's|^  values: {}$|  values: {operator: {image: {repository: example.invalid/does-not-exist}}}|' "$M"
if ! grep -q 'example.invalid/does-not-exist' "$M" || ! grep -q 'timeoutSeconds: 40' "$M"; then
  fail_now "could not edit the image and the timeout in the manifest"
fi
cp "$M" "$WORK/step3.yaml"
t=$SECONDS
deployer up -f "$M"
echo "   (the failing up took $((SECONDS - t))s)"
expect_code 1
# helm's own words, or the deployer's fail-fast diagnosis of the pull failure
expect_match "$ERR" "UPGRADE FAILED|rolled back|rollback|ImagePullBackOff|ErrImagePull"
expect_match "$ERR" "timed out|deadline|not ready|ImagePullBackOff|ErrImagePull|does-not-exist"
expect_same_file "$M" "$WORK/step3.yaml"
"$HELM" history "$NAME" -n "$NS" -o json > "$WORK/history.json" 2>/dev/null
expect_json "$WORK/history.json" '.[-1].status == "deployed" and (.[-1].description | test("^Rollback to 2"))'
expect_json "$WORK/history.json" '[.[] | select(.status == "deployed")] | length == 1'
"$HELM" get values "$NAME" -n "$NS" -o json > "$WORK/values.json" 2>/dev/null
expect_json "$WORK/values.json" '(.operator.image.repository // "") != "example.invalid/does-not-exist"
  and .operator.resources.limits.cpu == "1500m" and .operator.resources.requests.memory == "512Mi"'
eventually 60 "the Deployment rolled back and available" deployment_settled "$NAME" "$NS"
image=$(operator_deployment "$NAME" "$NS" | jq -r '.spec.template.spec.containers[] | select(.name == "altinity-clickhouse-operator") | .image')
case "$image" in *does-not-exist*) fail_now "the Deployment still has the image $image" ;; esac
expect_eq "operator container resources" "$(operator_resources "$NAME" "$NS" 2>&1)" "$NEW_RES"
cp "$WORK/step2.yaml" "$M"   # back to the deployable manifest
end

begin "4. status after the failed upgrade and its rollback"
expect_status_true "$("$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null | jq .version)"
expect_json "$WORK/status.json" '.revision == 4 and .operator.ready == true'
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "5. destroy: release and namespace gone, CRDs kept, status block removed"
before_status "$M" > "$WORK/spec-before-destroy.yaml"
deployer destroy -f "$M"
expect_code 0
"$HELM" status "$NAME" -n "$NS" > /dev/null 2>&1 && fail_now "release $NAME still installed"
namespace_gone "$NS" || fail_now "namespace $NS still exists"
expect_eq "operator CRDs kept" "$(crd_count)" 4
grep -q '^status:' "$M" && fail_now "the status block is still in the manifest"
expect_same_file "$M" "$WORK/spec-before-destroy.yaml"
end

begin "4. status after destroy"
deployer status -f "$M" -o json
expect_code 0
cp "$OUT" "$WORK/status.json"
expect_json_contract "$WORK/status.json" 0
expect_json "$WORK/status.json" ".installed == false and .release == \"$NAME\" and .operator.found == false
  and (.crds | keys | length) == 4"
deployer status -f "$M"
expect_code 0
expect_match "$OUT" "not installed"
end

begin "5. destroy again: nothing to do, exit 0"
deployer destroy -f "$M"
expect_code 0
cat "$OUT" "$ERR" > "$WORK/destroy2.txt"
expect_match "$WORK/destroy2.txt" "absent|not installed"
end

finish
