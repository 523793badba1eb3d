#!/usr/bin/env bash
# plan's object-level view with the real helm of one Helm major and the real charts (issue 20,
# item 1), against the local Kubernetes 1.20 API server:
#   1. after up at 0.23.6, plan for 0.25.6 lists the operator's image change and the objects;
#      then up, and the objects Helm really has (`helm get manifest`) are the plan's predicted set
#   2. a values change (the container's resources) lists exactly the Deployment's resources
#
#   bash tests/e2e/object_plan_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-objplan-h$MAJOR
NS=e2e-objplan-h$MAJOR
M="$WORK/op.yaml"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"

case " $REAL_CHART_VERSIONS " in
  *" 0.23.6 "*" 0.25.6 "*) ;;
  # Nothing here runs on the fixture chart: finish exits 77 (skipped), or 1 under CI=true.
  *) real_chart_missing "object_plan needs the real 0.23.6 and 0.25.6; nothing was tested."; finish; exit 1 ;;
esac

# write VERSION CPU_LIMIT: the manifest; the 0.25.6 CRD hook Job is off (its bitnami/kubectl
# image is not pulled on the local cluster; up applies the CRDs itself).
write() {
  release_manifest "$M" "$NAME" "$NS" "  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '$2', memory: 1Gi}
  values:
    crdHook: {enabled: false}"
  sed -i "s/version: \"$CHART_VERSION\"/version: \"$1\"/" "$M"
}
# Kind/name of each object of a YAML stream on stdin, sorted.
object_set() {
  python3 -c 'import sys, yaml
for d in yaml.safe_load_all(sys.stdin):
    if d and d.get("kind"): print(d["kind"] + "/" + d["metadata"]["name"])' | sort
}

remember_crds
cleanup_release "$M" "$NAME" "$NS"

begin "plan for 0.25.6 after up at 0.23.6: the image change and the object set; up makes it so"
write 0.23.6 1
deployer up -f "$M" --no-write-status
expect_code 0
write 0.25.6 1
deployer plan -f "$M" -o json
expect_code 0
cp "$OUT" "$WORK/plan.json"
expect_json_contract "$OUT" "$CODE"
expect_json "$OUT" '.objectsRendered == true'
expect_json "$OUT" '[.objects[] | select(.kind == "Deployment" and .source == "chart") | .changes[]
  | select(.path | test("^spec\\.template\\.spec\\.containers\\[[0-9]+\\]\\.image$"))
  | select(.before == "altinity/clickhouse-operator:0.23.6" and .after == "altinity/clickhouse-operator:0.25.6")] | length == 1'
deployer plan -f "$M"
expect_in "$OUT" 'image: "altinity/clickhouse-operator:0.23.6" -> "altinity/clickhouse-operator:0.25.6"'
if grep -q $'\e' "$OUT"; then fail_now "a raw ESC on stdout"; fi
# The predicted set: the stored objects, minus deleted, plus created.
"$HELM" get manifest "$NAME" -n "$NS" | object_set > "$WORK/before.set"
jq -r '.objects[] | select(.source == "chart" and .kind != "CustomResourceDefinition" and .action == "delete") | .kind + "/" + .name' \
  "$WORK/plan.json" | sort > "$WORK/deleted.set"
jq -r '.objects[] | select(.source == "chart" and .kind != "CustomResourceDefinition" and .action == "create") | .kind + "/" + .name' \
  "$WORK/plan.json" | sort > "$WORK/created.set"
{ comm -23 "$WORK/before.set" "$WORK/deleted.set"; cat "$WORK/created.set"; } | sort > "$WORK/predicted.set"
deployer up -f "$M" --no-write-status
expect_code 0
"$HELM" get manifest "$NAME" -n "$NS" | object_set > "$WORK/after.set"
[ -s "$WORK/after.set" ] || fail_now "helm get manifest listed no object"
expect_same_file "$WORK/after.set" "$WORK/predicted.set"
image=$(k -n "$NS" get deployment -l "app.kubernetes.io/instance=$NAME" -o json | jq -r '.items[0].spec.template.spec.containers[0].image')
expect_eq "the live operator image" "$image" "altinity/clickhouse-operator:0.25.6"
end

begin "a values change (the container's cpu limit): exactly the Deployment's resources"
write 0.25.6 2
deployer plan -f "$M" -o json
expect_code 0
expect_json_contract "$OUT" "$CODE"
expect_json "$OUT" '[.objects[] | .kind + " " + .action + " " + .source] == ["Deployment update chart"]'
expect_json "$OUT" '[.objects[0].changes[] | .path] | length > 0 and all(test("^spec\\.template\\.spec\\.containers\\[[0-9]+\\]\\.resources\\.limits\\.cpu$"))'
expect_json "$OUT" '[.objects[0].changes[] | .after] | all(. == "2" or . == 2)'
end

finish
