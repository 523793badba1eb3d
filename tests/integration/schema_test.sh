#!/usr/bin/env bash
# `schema`: the manifest's JSON Schema. The committed copy (docs/manifest.schema.json, which
# the examples name on their first line) is what the binary prints; it is a valid draft
# 2020-12 schema; every example and test manifest the loader accepts validates against it;
# unknown fields, wrong types and a field given twice (two spellings) are refused.
# Needs python3-jsonschema and python3-yaml (scripts/install-deps).
source "$(dirname "$0")/lib.sh"
SCHEMA="$REPO/docs/manifest.schema.json"

begin "schema prints docs/manifest.schema.json exactly"
run_deployer schema
expect_code 0
cmp -s "$SCRATCH/out" "$SCHEMA" || fail_now "docs/manifest.schema.json is stale: regenerate it with
  build/altinity-deploy schema > docs/manifest.schema.json"
end

begin "every example names the committed schema on its first line"
for example in "$REPO"/examples/*.yaml "$REPO"/examples/fleet/*.yaml; do
  first=$(head -n 1 "$example")
  schema=${first#"# yaml-language-server: \$schema="}
  [[ "$first" =~ ^'# yaml-language-server: $schema='(\.\./)+docs/manifest\.schema\.json$ ]] \
    || fail_now "$(basename "$example"): first line is '$first'"
  [ -f "$(dirname "$example")/$schema" ] || fail_now "$(basename "$example"): $schema does not resolve"
done
end

# validate_all SCHEMA FILE...: each FILE, read as YAML, against the schema; prints FILE: ok|invalid: why
validate_all() {
  python3 - "$@" <<'PY'
import json, sys, yaml
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(yaml.safe_load(open(path))), key=lambda e: list(e.path))
    print(f"{path}: " + ("ok" if not errors else "invalid: " + errors[0].message))
PY
}

begin "the schema is a valid draft 2020-12 schema and accepts every example and valid test manifest"
manifests=("$REPO"/examples/*.yaml "$REPO"/examples/fleet/*.yaml "$REPO"/tests/unit/data/manifests/{full,minimal,snake_case}.yaml)
for m in "${manifests[@]}"; do
  run_deployer validate -f "$m"
  [ "$CODE" = 0 ] || fail_now "the loader refuses $(basename "$m") (exit $CODE)"
done
validate_all "$SCHEMA" "${manifests[@]}" > "$SCRATCH/results" 2>&1 || fail_now "python: $(tail -n 3 "$SCRATCH/results")"
[ "$(grep -c ': ok$' "$SCRATCH/results")" = "${#manifests[@]}" ] || fail_now "$(grep -v ': ok$' "$SCRATCH/results")"
end

begin "the schema refuses what the loader refuses: unknown fields, wrong types, two spellings"
bad() {  # bad NAME SED-EXPRESSION: basic.yaml changed so; both the loader and the schema must refuse it
  sed "$2" "$REPO/examples/basic.yaml" > "$SCRATCH/$1.yaml"
  cmp -s "$SCRATCH/$1.yaml" "$REPO/examples/basic.yaml" && fail_now "$1: the edit changed nothing"
  run_deployer validate -f "$SCRATCH/$1.yaml"
  [ "$CODE" = 3 ] || fail_now "$1: the loader accepts it (exit $CODE)"
  BAD+=("$SCRATCH/$1.yaml")
}
BAD=()
bad unknown-top 's/^spec:/colour: blue\nspec:/'
bad unknown-spec 's/^  namespace: altinity-operator/  namespace: altinity-operator\n  replicas: 2/'
bad unknown-resources 's/^        cpu: 100m/        cpu: 100m\n        gpu: 1/'
bad timeout-string 's/^spec:/spec:\n  helm: {timeoutSeconds: soon}/'
bad timeout-zero 's/^spec:/spec:\n  helm: {timeoutSeconds: 0}/'
bad timeout-and-seconds 's/^spec:/spec:\n  helm: {timeout: 10m, timeout_seconds: 600}/'
bad timeout-milliseconds 's/^spec:/spec:\n  helm: {timeout: 300ms}/'
bad timeout-fraction 's/^spec:/spec:\n  helm: {timeout: 1.5h}/'
bad atomic-string 's/^spec:/spec:\n  helm: {atomic: maybe}/'
bad watch-not-a-list 's/^spec:/spec:\n  watchNamespaces: everything/'
bad wrong-kind 's/^kind: .*/kind: Deployment/'
bad no-name 's/^  name: altinity-operator-prod/  org: acme/'
bad two-spellings 's/^spec:/spec:\n  createCrds: true\n  create_crds: true/'
bad drift-mode 's/^spec:/spec:\n  driftDetection: {mode: strict}/'
bad drift-rule-without-paths 's/^spec:/spec:\n  driftDetection: {ignore: [{target: {kind: Deployment}}]}/'
bad drift-rule-unknown-key 's/^spec:/spec:\n  driftDetection: {ignore: [{paths: [\/spec], kinds: [Deployment]}]}/'
validate_all "$SCHEMA" "${BAD[@]}" > "$SCRATCH/results" 2>&1 || fail_now "python: $(tail -n 3 "$SCRATCH/results")"
if grep ': ok$' "$SCRATCH/results"; then fail_now "the schema accepts what the loader refuses (above)"; fi
[ "$(grep -c ': invalid: ' "$SCRATCH/results")" = "${#BAD[@]}" ] || fail_now "$(cat "$SCRATCH/results")"
end

begin "aliases and snake_case spellings are in the schema as the loader accepts them"
sed 's/^spec:/spec:\n  create_crd: false\n  target_cluster: {credentialId: prod}\n  drift_detection: {mode: warn, ignore: [{paths: [\/spec\/replicas], target: {kind: Deployment}}]}/' \
  "$REPO/examples/basic.yaml" > "$SCRATCH/aliases.yaml"
run_deployer validate -f "$SCRATCH/aliases.yaml"
expect_code 0
validate_all "$SCHEMA" "$SCRATCH/aliases.yaml" > "$SCRATCH/results" 2>&1
expect_in "$SCRATCH/results" "aliases.yaml: ok"
end

finish
