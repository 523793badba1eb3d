#!/usr/bin/env bash
# The -o json contract (docs/json-output.md): every verb, success and
# failure, prints exactly one JSON document on stdout that
# docs/json-output.schema.json accepts, with formatVersion 1, the exit code,
# stable types and the manifest's diagnostics. Fake helm/kubectl.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

# Five errors and a warning.
five_errors() {
  cat > "$SCRATCH/bad.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod
  labels:
    tier: 1
spec:
  namspace: altinity-operator
  container:
    resources:
      limits: {cpu: lots, memory: 1Qi}
  helm:
    timeoutSeconds: -5
  chart:
    verison: 1.0
YAML
}

with_secret() {  # the minimal manifest with a secret in values
  minimal_manifest
  printf '  values:\n    secret:\n      password: hunter2\n' >> "$SCRATCH/op.yaml"
}

begin "validate ok: the manifest, release and namespace; warnings as diagnostics"
minimal_manifest
printf '  labels:\n    tier: 1\n' | sed -i '/^  name:/r /dev/stdin' "$SCRATCH/op.yaml"
run_deployer validate -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.command == "validate" and .ok == true and .release == "altinity-operator-prod"'
expect_json_field '.diagnostics | length == 1 and .[0].severity == "warning" and .[0].path == "metadata.labels.tier"'
expect_not_in "$SCRATCH/err" "warning: $SCRATCH/op.yaml:6:11: warning:"
expect_in "$SCRATCH/err" "warning: $SCRATCH/op.yaml:6:11: metadata.labels.tier:"
end

begin "validate with 5 errors: all 5 (and the warning) located in diagnostics, exit 3"
five_errors
run_deployer -o json validate -f "$SCRATCH/bad.yaml"
expect_code 3
expect_json_contract
expect_json_field '.ok == false and (.error | test("5 problems"))'
expect_json_field '[.diagnostics[] | select(.severity == "error")] | length == 5'
expect_json_field '[.diagnostics[] | select(.severity == "warning")] | length == 1'
expect_json_field '.diagnostics[1] == {"file": "'"$SCRATCH"'/bad.yaml", "line": 8, "column": 3, "path": "spec.namspace", "severity": "error", "message": "unknown field '"'namspace'"'", "hint": "did you mean '"'namespace'"'?"}'
expect_json_field '[.diagnostics[].line] == [6, 8, 11, 11, 13, 15]'
end

begin "an unreadable manifest: one diagnostic without a position"
run_deployer validate -f "$SCRATCH/missing.yaml" --output=json
expect_code 3
expect_json_contract
expect_json_field '.diagnostics | length == 1 and .[0].line == null and .[0].column == null and .[0].path == null'
run_deployer -vo json validate -f "$SCRATCH/missing.yaml"  # -o inside combined short flags: CLI11's reading counts
expect_code 3
expect_json_contract
end

begin "render: values redacted, the command lines"
with_secret
run_deployer render -f "$SCRATCH/op.yaml" -ojson
expect_code 0
expect_json_contract
expect_json_field '.command == "render" and .helmMajor == 3 and (.commands | length >= 2)'
expect_not_in "$SCRATCH/out" hunter2
end

begin "plan: changes with an open kind, exit 0; --detailed-exitcode 2 in the document too"
with_secret
run_deployer plan -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.command == "plan" and .dryRun == false and .changesPending == true and (.changes | length > 0)'
expect_not_in "$SCRATCH/out" hunter2
run_deployer plan -f "$SCRATCH/op.yaml" -o json --detailed-exitcode
expect_code 2
expect_json_contract
end

begin "up --dry-run: the plan's document with dryRun true; nothing changed"
with_secret
run_deployer up --dry-run -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.command == "up" and .dryRun == true and .changesPending == true'
expect_no_changing_call
expect_not_in "$SCRATCH/op.yaml" "status:"
end

begin "up install, then a no-op: revision a number at the top and in outputs"
with_secret
run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.action == "installed" and .revision == 1 and .outputs.revision == 1 and .manifestUpdated == true'
expect_not_in "$SCRATCH/out" hunter2
run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.action == "unchanged" and .changes == [] and (.outputs.revision | type) == "number"'
end

begin "up failure: one document, exit 1, error and hint"
minimal_manifest
FAKE_HELM_FAIL=upgrade run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 1
expect_json_contract
expect_json_field '.ok == false and .command == "up" and (.error | length > 0) and .diagnostics == []'
end

begin "status: not installed, installed, unreachable (exit 4)"
minimal_manifest
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.installed == false and (.revision == null)'
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.installed == true and .revision == 1'
FAKE_KUBECTL_UNREACHABLE=1 run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 4
expect_json_contract
end

begin "status: the release, the operator's Deployment and the CRDs are read side by side with connect's checks"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
: > "$FAKE_LOG"
# Each of these calls waits until all have started: one after another, the first fails after 20 s.
# (helm version and kubectl config view: from the read cache that up filled; the API server's version: only after a failed read.)
FAKE_RENDEZVOUS="helm history|kubectl get deployments,replicasets,pods|kubectl get customresourcedefinition|kubectl get nodes" \
  run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.installed == true and .revision == 1'
expect_batches "${CACHED_CONNECT_CALLS[@]}" "$SIMULATED_NODES_CALL" \
  "helm history altinity-operator-prod --namespace altinity-operator --max 1 --output json" \
  "kubectl get deployments,replicasets,pods --selector app.kubernetes.io/instance=altinity-operator-prod --namespace altinity-operator --ignore-not-found --output json --request-timeout=30s" \
  "kubectl get customresourcedefinition clickhouseinstallations.clickhouse.altinity.com clickhouseinstallationtemplates.clickhouse.altinity.com clickhouseoperatorconfigurations.clickhouse.altinity.com clickhousekeeperinstallations.clickhouse-keeper.altinity.com --ignore-not-found --output json --request-timeout=30s"
end

begin "destroy after up"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml"
run_deployer destroy -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_json_contract
expect_json_field '.releaseResult == "uninstalled" and .leftBehind == []'
end

begin "version -o json is JSON"
run_deployer version -o json
expect_code 0
expect_json_contract
expect_json_field '.command == "version" and (.version | length > 0)'
end

begin "command-line errors under -o json: one document, command null, exit 3"
for args in "-o json upp" "--output json --manfest x validate" "--output=json" "-ojson up --lock-timeout 5ms" \
            "-o json version extra-word"; do
  # shellcheck disable=SC2086
  run_deployer $args
  expect_code 3
  expect_json_contract
  expect_json_field '.command == null and .ok == false'
done
run_deployer -o json upp
expect_json_field '.error == "unknown command '"'upp'; did you mean 'up'"'?"'
end

begin "-f - reads stdin for validate; up refuses it with a document"
minimal_manifest
run_deployer_with_stdin "$SCRATCH/op.yaml" validate -f - -o json
expect_code 0
expect_json_contract
expect_json_field '.manifest == "<stdin>"'
five_errors
run_deployer_with_stdin "$SCRATCH/bad.yaml" validate -f - -o json
expect_code 3
expect_json_contract
expect_json_field '.diagnostics[0].file == "<stdin>" and (.diagnostics | length == 6)'
run_deployer_with_stdin "$SCRATCH/op.yaml" up -f - -o json
expect_code 3
expect_json_contract
expect_json_field '.command == "up" and (.error | test("stdin"))'
expect_no_calls
end

begin "GITHUB_ACTIONS=true: diagnostics also as workflow commands on stderr, escaped; stdout stays one document"
five_errors
BAD="$SCRATCH/we,ird:50%.yaml"  # GitHub's property escaping: , : % in the file name
ESCAPED="$SCRATCH/we%2Cird%3A50%25.yaml"
mv "$SCRATCH/bad.yaml" "$BAD"
GITHUB_ACTIONS=true run_deployer validate -f "$BAD" -o json
expect_code 3
expect_json_contract
expect_in "$SCRATCH/err" "::error file=$ESCAPED,line=8,col=3::spec.namspace: unknown field 'namspace'; did you mean 'namespace'?"
expect_in "$SCRATCH/err" "::warning file=$ESCAPED,line=6,col=11::metadata.labels.tier: '1' is a plain YAML number"
check "one annotation per diagnostic" test "$(grep -c '^::' "$SCRATCH/err")" = 6
expect_not_in "$SCRATCH/out" "::error"
run_deployer validate -f "$BAD"
expect_not_in "$SCRATCH/err" "::error"
end

finish
