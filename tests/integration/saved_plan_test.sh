#!/usr/bin/env bash
# Saved plans against fake helm/kubectl: `plan --out FILE` writes it (0600,
# no secret), `up --plan FILE` and `apply FILE` apply it, and refuse (exit 6,
# nothing changed) once the manifest, the chart or the release moved; a
# tampered or foreign file is refused (exit 3).
source "$(dirname "$0")/lib.sh"
BIN=$(realpath "$BIN")  # the tests below also run it from the scratch folder

manifest() {  # VERSION [CPU-LIMIT]
  cat > "$SCRATCH/op.yaml" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod
spec:
  namespace: altinity-operator
  chart:
    version: ${1:-0.23.6}
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '${2:-1}', memory: 1Gi}
  values:
    extra:
      dbPassword: ManifestSecretValue42
YAML
}

# No helm upgrade, no kubectl create/apply/patch/delete since the log was emptied.
expect_nothing_changed() {
  ! grep -E '^helm (upgrade|rollback|uninstall)|^kubectl (create|apply|patch|delete|replace|label)' "$FAKE_LOG" \
    > /dev/null || fail_now "a changing call ran: $(grep -E '^helm (upgrade|rollback|uninstall)|^kubectl (create|apply|patch|delete)' "$FAKE_LOG")"
}

installed() {  # VERSION: deployed by up, the call log emptied
  manifest "$1"
  run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
  [ "$CODE" = 0 ] || fail_now "up before the plan failed with exit $CODE"
  : > "$FAKE_LOG"
}

saved_plan() {  # plan --out $SCRATCH/plan.json of op.yaml
  run_deployer plan -f "$SCRATCH/op.yaml" --out "$SCRATCH/plan.json"
  [ "$CODE" = 0 ] || fail_now "plan --out failed with exit $CODE"
  : > "$FAKE_LOG"
}

begin "plan --out writes a sealed 0600 plan with digests, the reads and the changes, and no secret"
installed 0.23.6
manifest 0.25.6
umask 022
saved_plan
check "the plan file exists" test -f "$SCRATCH/plan.json"
[ "$(stat -c %a "$SCRATCH/plan.json")" = 600 ] || fail_now "mode $(stat -c %a "$SCRATCH/plan.json"), expected 600"
cp "$SCRATCH/plan.json" "$SCRATCH/out"
expect_json_field '.kind == "AltinityDeploySavedPlan" and .version == 1'
expect_json_field '.digest | test("^sha256:[0-9a-f]{64}$")'
expect_json_field '.manifest.specDigest | test("^sha256:")'
expect_json_field '.desired.chart.version == "0.25.6" and (.desired.chart.digest | test("^sha256:"))'
expect_json_field '.desired.valuesDigest | test("^sha256:")'
expect_json_field '.read.release.revision == 1 and .read.release.status == "deployed"'
expect_json_field '.read.namespace.exists == true'
expect_json_field '.read.crds | length == 4'
expect_json_field '.changesPending == true and ([.changes[] | select(.kind == "chart")] | length == 1)'
expect_not_in "$SCRATCH/plan.json" "ManifestSecretValue42"
password=$(jq -r '.secret.password // empty' "$FAKE_STATE/values.json" 2>/dev/null)
[ -n "$password" ] || fail_now "the fake release holds no operator password"
expect_not_in "$SCRATCH/plan.json" "$password"
expect_nothing_changed
expect_in "$SCRATCH/err" "plan saved to '$SCRATCH/plan.json'"
end

begin "up --plan applies the saved plan: the upgrade it lists runs"
installed 0.23.6
manifest 0.25.6
saved_plan
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
expect_in "$SCRATCH/err" "the saved plan '$SCRATCH/plan.json' still holds"
grep -q "^helm upgrade --install altinity-operator-prod .*--version 0.25.6" "$FAKE_LOG" || fail_now "no helm upgrade to 0.25.6"
end

begin "apply FILE takes the manifest the plan was made from and writes status back into it"
installed 0.23.6
manifest 0.25.6
(cd "$SCRATCH" && "$BIN" plan -f op.yaml --out plan.json > out 2> err) || fail_now "plan --out failed"
: > "$FAKE_LOG"
(cd "$SCRATCH" && "$BIN" apply plan.json > out 2> err); CODE=$?
expect_code 0
grep -q "^helm upgrade --install altinity-operator-prod .*--version 0.25.6" "$FAKE_LOG" || fail_now "no helm upgrade to 0.25.6"
expect_in "$SCRATCH/op.yaml" "status:"
end

begin "a first install's saved plan applies although each plan generates another password"
manifest 0.23.6
saved_plan
run_deployer apply "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
grep -q "^helm upgrade --install" "$FAKE_LOG" || fail_now "no install"
end

begin "the release moved since the plan (revision changed by hand): exit 6, nothing changed"
installed 0.23.6
manifest 0.25.6
saved_plan
echo 2 > "$FAKE_STATE/release"
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 6
expect_in "$SCRATCH/err" "is stale"
expect_in "$SCRATCH/err" "the release in the cluster"
expect_in "$SCRATCH/err" "nothing was changed"
expect_nothing_changed
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status -o json
expect_code 6
expect_json_contract
expect_json_field '.exitCode == 6 and .ok == false and (.error | test("is stale"))'
end

begin "the release's status moved (failed by hand): exit 6"
installed 0.23.6
saved_plan
echo failed > "$FAKE_STATE/release.status"
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 6
expect_in "$SCRATCH/err" "the release in the cluster"
expect_nothing_changed
end

begin "checked again under the lock: a plan of a pending release is stale once up recovered it (exit 6, no upgrade)"
installed 0.23.6
manifest 0.25.6
echo 2 > "$FAKE_STATE/release"  # revision 1 deployed, 2 left pending by a killed run
echo pending-upgrade > "$FAKE_STATE/release.status"
saved_plan
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 6
expect_in "$SCRATCH/err" "recovered"
expect_in "$SCRATCH/err" "is stale"
expect_in "$SCRATCH/err" "the release in the cluster"
! grep -q '^helm upgrade' "$FAKE_LOG" || fail_now "helm upgrade ran after the plan went stale"
grep -q "^kubectl delete --raw /apis/coordination.k8s.io/v1/namespaces/altinity-operator/leases/" "$FAKE_LOG" \
  || fail_now "the lock was not given back"
end

begin "an edited manifest is refused: exit 6 naming the spec and the values"
installed 0.23.6
manifest 0.25.6
saved_plan
manifest 0.25.6 2
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 6
expect_in "$SCRATCH/err" "the manifest's spec"
expect_in "$SCRATCH/err" "the values helm would get"
expect_nothing_changed
end

begin "a plan for another manifest is refused: exit 6"
installed 0.23.6
saved_plan
named_manifest "$SCRATCH/other.yaml" another-release
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/other.yaml" --no-write-status
expect_code 6
expect_in "$SCRATCH/err" "the release name"
expect_nothing_changed
end

begin "a tampered plan file is refused before any process: exit 3"
installed 0.23.6
manifest 0.25.6
saved_plan
jq '.read.release.revision = 7' "$SCRATCH/plan.json" > "$SCRATCH/tampered.json"
run_deployer up --plan "$SCRATCH/tampered.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 3
expect_in "$SCRATCH/err" "digest does not match"
expect_no_calls
end

begin "malformed, foreign, huge or missing plan files are refused: exit 3"
manifest 0.23.6
printf '{"kind": "AltinityDeploySavedPlan", ' > "$SCRATCH/cut.json"
run_deployer up --plan "$SCRATCH/cut.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 3
expect_in "$SCRATCH/err" "not JSON"
echo '{"kind": "Other", "version": 1}' > "$SCRATCH/other.json"
run_deployer up --plan "$SCRATCH/other.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 3
expect_in "$SCRATCH/err" "kind is not AltinityDeploySavedPlan"
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' ' ' > "$SCRATCH/huge.json"
run_deployer up --plan "$SCRATCH/huge.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 3
expect_in "$SCRATCH/err" "larger than"
run_deployer up --plan "$SCRATCH/missing.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 3
expect_in "$SCRATCH/err" "cannot read the saved plan"
expect_no_calls
end

begin "a saved plan with no changes is a no-op: no lock, no upgrade"
installed 0.23.6
saved_plan
jq -e '.changesPending == false' "$SCRATCH/plan.json" > /dev/null || fail_now "the plan has changes"
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
expect_nothing_changed
end

begin "up --plan --dry-run checks the plan and changes nothing; stale: exit 6"
installed 0.23.6
manifest 0.25.6
saved_plan
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --dry-run
expect_code 0
expect_in "$SCRATCH/err" "still holds"
expect_nothing_changed
echo 3 > "$FAKE_STATE/release"
run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" --dry-run
expect_code 6
end

begin "up --plan refuses --force and --rotate-operator-password: exit 3"
manifest 0.23.6
echo '{}' > "$SCRATCH/plan.json"
for flag in --force --rotate-operator-password; do
  run_deployer up --plan "$SCRATCH/plan.json" -f "$SCRATCH/op.yaml" $flag
  expect_code 3
  expect_in "$SCRATCH/err" "up --plan cannot be used with $flag"
done
expect_no_calls
end

begin "a saved plan is for one manifest: a fleet is refused (exit 3)"
manifest 0.23.6
cp "$SCRATCH/op.yaml" "$SCRATCH/op2.yaml"
run_deployer plan -f "$SCRATCH/op.yaml" -f "$SCRATCH/op2.yaml" --out "$SCRATCH/plan.json"
expect_code 3
expect_in "$SCRATCH/err" "not a fleet"
check "no plan file" test ! -e "$SCRATCH/plan.json"
end

finish
