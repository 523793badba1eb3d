#!/usr/bin/env bash
# plan's object-level view against fake helm/kubectl: a chart or values change renders the new
# release (one `kubectl get --raw /version`, then one `helm template --kube-version`, after the
# reads) and lists the objects that change; a plan without one renders nothing; Secret data never
# shows; -o json carries the objects; --diff full prints unified diffs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

RELEASE=altinity-operator-prod
NS=altinity-operator
DEPLOYMENT=Deployment/altinity-operator-prod-altinity-clickhouse-operator
TEMPLATE_0256="helm template $RELEASE altinity-clickhouse-operator --namespace $NS --repo https://docs.altinity.com/clickhouse-operator/ --version 0.25.6"

manifest() {  # [MORE-SPEC-LINES]
  named_manifest "$SCRATCH/op.yaml" "$RELEASE" "  values:
    secret:
      password: hunter2
    note: first
${1:-}"
}

# The manifest deployed by up at 0.23.6; the release's stored manifest is what the fake
# helm template makes of the values up passed (as Helm stores its rendering); the log emptied.
installed() {
  manifest
  run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
  [ "$CODE" = 0 ] || fail_now "up failed with exit $CODE"
  helm template "$RELEASE" altinity-clickhouse-operator --namespace "$NS" --version 0.23.6 \
    --values "$FAKE_STATE/values.yaml" > "$FAKE_STATE/manifest"
  : > "$FAKE_LOG"
}

begin "a chart change: the image change, the new object and the hook, one helm template for the cluster's version"
installed
manifest "  chart:
    version: 0.25.6"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
values_path=$(cat "$FAKE_STATE/template-values.path")
case "$values_path" in "$TMPDIR"/altinity-deploy-values-*.yaml) ;; *) fail_now "values file $values_path" ;; esac
[ ! -e "$values_path" ] || fail_now "the values file was left behind"
[ "$(cat "$FAKE_STATE/template-values.mode")" = 600 ] || fail_now "values file mode"
# The reads (one batch, drift's live objects in it: plan_test.sh checks it), then the server's
# version, then the rendering.
[ "$(tail -n 2 "$FAKE_LOG" | head -1)" = "$SERVER_VERSION_CALL" ] || fail_now "no server version before helm template"
[ "$(tail -n 1 "$FAKE_LOG")" = "$TEMPLATE_0256 --values $values_path --skip-tests --kube-version v1.20.2" ] \
  || fail_now "last call: $(tail -n 1 "$FAKE_LOG")"
[ "$(grep -c '^helm template' "$FAKE_LOG")" = 1 ] || fail_now "not one helm template"
expect_in "$SCRATCH/out" "Objects (the release's stored manifest against helm template for Kubernetes v1.20.2, the cluster's version):"
expect_in "$SCRATCH/out" "  ~ $DEPLOYMENT (chart)"
expect_in "$SCRATCH/out" '      spec.template.spec.containers[0].image: "altinity/clickhouse-operator:0.23.6" -> "altinity/clickhouse-operator:0.25.6"'
expect_in "$SCRATCH/out" "  + ConfigMap/$RELEASE-altinity-clickhouse-operator-keeper-files (chart)"
expect_in "$SCRATCH/out" "  hook Job/$RELEASE-crd-install (pre-install,pre-upgrade): runs during up, not kept in the release"
expect_not_in "$SCRATCH/out" "Secret/$RELEASE"
expect_not_in "$SCRATCH/out" "hunter2"
expect_no_changing_call
end

begin "-o json: the objects list in the versioned document"
installed
manifest "  chart:
    version: 0.25.6"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.objectsRendered == true'
expect_json_field "[.objects[] | select(.kind != \"CustomResourceDefinition\") | \"\\(.action) \\(.kind)/\\(.name) \\(.source)\"] == [\"update $DEPLOYMENT chart\", \"create ConfigMap/$RELEASE-altinity-clickhouse-operator-keeper-files chart\"]"
expect_json_field '.objects[0].changes == [{"path": "spec.template.spec.containers[0].image", "before": "altinity/clickhouse-operator:0.23.6", "after": "altinity/clickhouse-operator:0.25.6"}]'
expect_json_field '.objects[0].namespace == "altinity-operator"'
expect_json_field '.objectHooks[0].events == "pre-install,pre-upgrade"'
# The fake's CRDs carry the chart version only in a label: updated, same served versions, and the
# fake kubectl keeps no status, so stored versions are unknown (and said so).
expect_json_field '[.objects[] | select(.kind == "CustomResourceDefinition") | .action] == ["update", "update", "update", "update"]'
expect_json_field '[.objects[] | select(.kind == "CustomResourceDefinition") | .note][0] == "versions unchanged (v1); stored versions unknown (the CRD read has no status.storedVersions)"'
end

begin "a values change: exactly the objects it changes; a changed password shows as <redacted>"
installed
sed -i 's/note: first/note: second/; s/password: hunter2/password: hunter3/' "$SCRATCH/op.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field "[.objects[] | \"\\(.action) \\(.kind)/\\(.name)\"] | sort == [\"update ConfigMap/$RELEASE-altinity-clickhouse-operator-files\", \"update $DEPLOYMENT\", \"update Secret/$RELEASE-altinity-clickhouse-operator\"]"
expect_json_field '[.objects[] | select(.kind == "ConfigMap") | .changes[]] == [{"path": "data.note", "before": "first", "after": "second"}]'
expect_json_field '[.objects[] | select(.kind == "Secret") | .changes[] | .path] == ["data.password"]'
expect_json_field '[.objects[] | select(.kind == "Deployment") | .changes[] | [.path, .before, .after]] == [["spec.template.spec.containers[0].env[0].value", "<redacted>", "<redacted> (changed)"]]'
expect_not_in "$SCRATCH/out" "hunter"
expect_not_in "$SCRATCH/out" "aHVudGVyMw=="
expect_not_in "$SCRATCH/out" "aHVudGVyMg=="
run_deployer plan -f "$SCRATCH/op.yaml" --diff full
expect_code 0
expect_in "$SCRATCH/out" "--- ConfigMap/$RELEASE-altinity-clickhouse-operator-files (now)"
expect_in "$SCRATCH/out" '-  note: "first"'
expect_in "$SCRATCH/out" '+  note: "second"'
expect_not_in "$SCRATCH/out" "hunter"
expect_not_in "$SCRATCH/out" "aHVudGVyMw=="
end

begin "no chart or values change: no helm template, no server version, no objects section"
installed
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.objectsRendered == false and .objects == []'
expect_not_in "$FAKE_LOG" "helm template"
expect_not_in "$FAKE_LOG" "$SERVER_VERSION_CALL"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_not_in "$SCRATCH/out" "Objects"
end

begin "a fresh install renders nothing (no stored manifest to compare with)"
manifest
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_not_in "$FAKE_LOG" "helm template"
end

begin "--diff takes fields or full"
installed
run_deployer plan -f "$SCRATCH/op.yaml" --diff everything
expect_code 3
expect_in "$SCRATCH/err" "--diff"
end

finish
