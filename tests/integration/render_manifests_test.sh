#!/usr/bin/env bash
# render --manifests against the fake helm: the exact helm argv (show crds, template), the values
# file, the order of the documents, Secrets masked (and shown with --show-secrets), -o json, the
# flags' rules, and the output rule (no raw control character on stdout).
source "$(dirname "$0")/lib.sh"

REPO_URL=https://docs.altinity.com/clickhouse-operator/
# base64 of hunter2, of <generated>, of <redacted>
HUNTER2_B64=aHVudGVyMg==
GENERATED_B64=PGdlbmVyYXRlZD4=
REDACTED_B64=PHJlZGFjdGVkPg==

password_manifest() {  # FILE [MORE-SPEC-LINES]: the operator's password set by the manifest
  named_manifest "$1" altinity-operator-prod "  values:
    secret:
      password: hunter2
${2:-}"
}

# The kinds of the documents on stdout, in order.
kinds() { grep -E '^kind: ' "$SCRATCH/out" | sed 's/^kind: //' | tr '\n' ' '; }

begin "render --manifests runs helm show crds and helm template exactly, CRDs first, Secrets masked"
password_manifest "$SCRATCH/op.yaml"
run_deployer render -f "$SCRATCH/op.yaml" --manifests
expect_code 0
values_path=$(cat "$FAKE_STATE/template-values.path")
case "$values_path" in "$TMPDIR"/altinity-deploy-values-*.yaml) ;; *) fail_now "values file $values_path" ;; esac
expect_calls "helm version --template {{.Version}}" \
  "helm show crds altinity-clickhouse-operator --repo $REPO_URL --version 0.23.6" \
  "helm template altinity-operator-prod altinity-clickhouse-operator --namespace altinity-operator --repo $REPO_URL --version 0.23.6 --values $values_path --skip-tests"
[ "$(cat "$FAKE_STATE/template-values.mode")" = 600 ] || fail_now "values file mode $(cat "$FAKE_STATE/template-values.mode")"
[ ! -e "$values_path" ] || fail_now "the values file was left behind"
[ "$(kinds)" = "CustomResourceDefinition CustomResourceDefinition CustomResourceDefinition CustomResourceDefinition ServiceAccount Secret ConfigMap Deployment " ] \
  || fail_now "document order: $(kinds)"
[ "$(grep -c '^---$' "$SCRATCH/out")" = 8 ] || fail_now "not 8 documents"
expect_in "$SCRATCH/out" "altinity-deploy/crd-sha256"
expect_in "$SCRATCH/out" "# Source: altinity-clickhouse-operator/templates/secret.yaml"
expect_in "$SCRATCH/out" "# Secret data masked"
expect_in "$SCRATCH/out" "password: \"$REDACTED_B64\""
expect_not_in "$SCRATCH/out" "hunter2"
expect_not_in "$SCRATCH/out" "$HUNTER2_B64"
expect_not_in "$SCRATCH/out" "fixture_comment_password"
expect_in "$SCRATCH/err" "helm template's default capabilities"
end

begin "--show-secrets prints the Secrets' data as rendered (no warning off a terminal)"
password_manifest "$SCRATCH/op.yaml"
run_deployer render -f "$SCRATCH/op.yaml" --manifests --show-secrets
expect_code 0
expect_in "$SCRATCH/out" "password: $HUNTER2_B64"
expect_in "$SCRATCH/out" 'value: "hunter2"'
expect_not_in "$SCRATCH/out" "$REDACTED_B64"
expect_not_in "$SCRATCH/err" "--show-secrets:"
end

begin "a generated password is <generated>, said above the operator's Secret"
minimal_manifest
run_deployer render -f "$SCRATCH/op.yaml" --manifests --show-secrets
expect_code 0
expect_in "$SCRATCH/out" "password: $GENERATED_B64"
expect_in "$SCRATCH/out" "render cannot know the password up generates"
expect_in "$SCRATCH/out" "kubectl get secret altinity-operator-prod-altinity-clickhouse-operator --namespace altinity-operator"
run_deployer render -f "$SCRATCH/op.yaml" --manifests
expect_not_in "$SCRATCH/out" "$GENERATED_B64"
end

begin "--kube-version reaches helm template; createCrds: false renders no CRD"
password_manifest "$SCRATCH/op.yaml" "  createCrds: false"
run_deployer render -f "$SCRATCH/op.yaml" --manifests --kube-version 1.20.2
expect_code 0
values_path=$(cat "$FAKE_STATE/template-values.path")
expect_calls "helm version --template {{.Version}}" \
  "helm template altinity-operator-prod altinity-clickhouse-operator --namespace altinity-operator --repo $REPO_URL --version 0.23.6 --values $values_path --skip-tests --kube-version 1.20.2"
expect_not_in "$SCRATCH/out" "CustomResourceDefinition"
expect_in "$SCRATCH/err" "rendered for Kubernetes 1.20.2 (--kube-version)"
end

begin "-o json: render's document with objects, masked, valid against the schema"
password_manifest "$SCRATCH/op.yaml"
run_deployer render -f "$SCRATCH/op.yaml" --manifests -o json
expect_code 0
expect_json_contract
expect_json_field '.secretsShown == false and (.objects | length) == 8'
expect_json_field '.objects[0].object.kind == "CustomResourceDefinition" and .objects[4].object.kind == "ServiceAccount"'
expect_json_field '.objects[5].object.data.password == "'$REDACTED_B64'" and (.objects[5].note | test("masked"))'
expect_json_field '.objects[7].source == "altinity-clickhouse-operator/templates/deployment.yaml" and .objects[4].note == null'
expect_not_in "$SCRATCH/out" "hunter2"
expect_not_in "$SCRATCH/out" "$HUNTER2_B64"
run_deployer render -f "$SCRATCH/op.yaml" --manifests --show-secrets -o json
expect_json_contract
expect_json_field '.secretsShown == true and .objects[5].object.data.password == "'$HUNTER2_B64'"'
end

begin "control characters from the chart or the values are escaped, never raw"
named_manifest "$SCRATCH/op.yaml" altinity-operator-prod '  values:
    note: "red \e[31m bell \a"'
run_deployer render -f "$SCRATCH/op.yaml" --manifests
expect_code 0
if grep -q $'\e\|\a' "$SCRATCH/out"; then fail_now "a raw control character on stdout"; fi
expect_in "$SCRATCH/out" 'note: "red \x1B[31m bell \x07"'
end

begin "the flags' rules: --show-secrets and --kube-version need --manifests, which excludes --helm-major"
minimal_manifest
run_deployer render -f "$SCRATCH/op.yaml" --show-secrets
expect_code 3
expect_in "$SCRATCH/err" "--manifests"
run_deployer render -f "$SCRATCH/op.yaml" --kube-version 1.30.0
expect_code 3
run_deployer render -f "$SCRATCH/op.yaml" --manifests --helm-major 4
expect_code 3
expect_no_calls
end

begin "without helm, render --manifests fails and says what it needs"
minimal_manifest
run_deployer --helm "$SCRATCH/no-such-helm" render -f "$SCRATCH/op.yaml" --manifests
expect_code 4
expect_in "$SCRATCH/err" "render --manifests runs helm template"
end

finish
