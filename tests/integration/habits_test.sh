#!/usr/bin/env bash
# The command-line habits of helm, kubectl and terraform (issue 18): manifests as arguments,
# help, apply, --timeout, -o yaml, up --dry-run --detailed-exitcode, -f - with
# --no-write-status, and -v with -q refused. Against fake helm/kubectl.
source "$(dirname "$0")/lib.sh"

upgrade_calls() { grep -c "^helm upgrade" "$FAKE_LOG"; }

begin "manifests as arguments: validate op.yaml; a folder and -f mixed make one fleet"
minimal_manifest
run_deployer validate "$SCRATCH/op.yaml"
expect_code 0
mkdir "$SCRATCH/fleet"
sed 's/altinity-operator-prod/op-a/' "$SCRATCH/op.yaml" > "$SCRATCH/fleet/a.yaml"
sed 's/altinity-operator-prod/op-b/' "$SCRATCH/op.yaml" > "$SCRATCH/b.yaml"
run_deployer validate "$SCRATCH/fleet" -f "$SCRATCH/b.yaml" --list
expect_code 0
expect_in "$SCRATCH/out" "op-a"
expect_in "$SCRATCH/out" "op-b"
run_deployer plan "$SCRATCH/fleet" -f "$SCRATCH/b.yaml"
expect_code 0
[ "$(grep -c "^helm history op-\(a\|b\)" "$FAKE_LOG")" = 2 ] || fail_now "each target did not run once"
end

begin "a bare altinity-deploy and help [COMMAND] print the help, exit 0"
run_deployer
expect_code 0
expect_in "$SCRATCH/out" "Usage:"
expect_in "$SCRATCH/out" "Exit codes:"
cp "$SCRATCH/out" "$SCRATCH/bare"
run_deployer help
expect_code 0
expect_same_file "$SCRATCH/out" "$SCRATCH/bare"
run_deployer help up
expect_code 0
expect_in "$SCRATCH/out" "--dry-run"
expect_in "$SCRATCH/out" "--timeout"
run_deployer help nope
expect_code 3
end

begin "apply is up"
minimal_manifest
run_deployer apply -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
[ "$(upgrade_calls)" = 1 ] || fail_now "apply ran no helm upgrade"
run_deployer --help
expect_in "$SCRATCH/out" "apply"
end

begin "up --timeout 10m overrides spec.helm.timeoutSeconds; a bad one is refused"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status --timeout 10m
expect_code 0
grep -q "^helm upgrade .*--timeout 600s" "$FAKE_LOG" || fail_now "helm was not given --timeout 600s"
run_deployer up -f "$SCRATCH/op.yaml" --timeout soon
expect_code 3
expect_in "$SCRATCH/err" "'soon' is not a duration"
run_deployer destroy -f "$SCRATCH/op.yaml" --timeout 25h
expect_code 3
expect_in "$SCRATCH/err" "longer than a day"
end

begin "spec.helm.timeout as a Go duration reaches helm; --timeout still wins; with timeoutSeconds it is refused"
named_manifest "$SCRATCH/op.yaml" altinity-operator-prod "  helm:
    timeout: 20m"
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
grep -q "^helm upgrade .*--timeout 1200s" "$FAKE_LOG" || fail_now "helm was not given --timeout 1200s"
: > "$FAKE_LOG"
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status --timeout 10m --force
expect_code 0
grep -q "^helm upgrade .*--timeout 600s" "$FAKE_LOG" || fail_now "--timeout 10m did not win over spec.helm.timeout"
named_manifest "$SCRATCH/both.yaml" altinity-operator-prod "  helm:
    timeout: 20m
    timeoutSeconds: 600"
run_deployer validate "$SCRATCH/both.yaml"
expect_code 3
expect_in "$SCRATCH/err" "both.yaml:9:5: spec.helm.timeoutSeconds: 'timeoutSeconds' and 'timeout' (line 8) say the same thing"
named_manifest "$SCRATCH/ms.yaml" altinity-operator-prod "  helm: {timeout: 300ms}"
run_deployer validate "$SCRATCH/ms.yaml"
expect_code 3
expect_in "$SCRATCH/err" "spec.helm.timeout: '300ms' is finer than helm's timeout counts here: whole seconds only; write e.g. 10m"
end

begin "-o yaml is the -o json document"
minimal_manifest
run_deployer validate -f "$SCRATCH/op.yaml" -o json
cp "$SCRATCH/out" "$SCRATCH/json"
run_deployer validate -f "$SCRATCH/op.yaml" -o yaml
expect_code 0
python3 -c 'import json, sys, yaml; sys.exit(json.load(open(sys.argv[1])) != yaml.safe_load(open(sys.argv[2])))' \
  "$SCRATCH/json" "$SCRATCH/out" || fail_now "the YAML document differs from the JSON one"
run_deployer plan -f "$SCRATCH/op.yaml" -o yaml
expect_code 0
python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); sys.exit(d["exitCode"] != 0 or "formatVersion" not in d)' \
  "$SCRATCH/out" || fail_now "plan -o yaml is not the document"
end

begin "up --dry-run --detailed-exitcode exits 2 with changes; without --dry-run it is refused"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml" --dry-run --detailed-exitcode
expect_code 2
[ "$(upgrade_calls)" = 0 ] || fail_now "the dry run upgraded"
run_deployer up -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 3
expect_in "$SCRATCH/err" "up --detailed-exitcode needs --dry-run"
end

begin "-f - for up and destroy with --no-write-status; refused without it"
minimal_manifest
run_deployer_with_stdin "$SCRATCH/op.yaml" up -f - --no-write-status
expect_code 0
[ "$(upgrade_calls)" = 1 ] || fail_now "up -f - ran no helm upgrade"
run_deployer_with_stdin "$SCRATCH/op.yaml" up -f -
expect_code 3
expect_in "$SCRATCH/err" "or --no-write-status"
run_deployer_with_stdin "$SCRATCH/op.yaml" destroy -f - --no-write-status
expect_code 0
grep -q "^helm uninstall" "$FAKE_LOG" || fail_now "destroy -f - uninstalled nothing"
end

begin "-v with -q is an error with a hint, and nothing runs"
minimal_manifest
run_deployer plan -f "$SCRATCH/op.yaml" -v -q
expect_code 3
expect_in "$SCRATCH/err" "-v/--verbose and -q/--quiet cannot be used together"
expect_in "$SCRATCH/err" "pass one"
expect_no_calls
end

finish
