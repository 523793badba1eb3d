#!/usr/bin/env bash
# Command-line mistakes and conveniences: did-you-mean for verbs and flags,
# global flags in a verb's --help, --version, Go durations, up --dry-run,
# and -f - (the manifest from stdin). Fake helm/kubectl.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/call_batches.sh"

begin "a mistyped verb: did you mean, exit 3, nothing run"
run_deployer upp -f x.yaml
expect_code 3
expect_in "$SCRATCH/err" "error: unknown command 'upp'; did you mean 'up'?"
expect_not_in "$SCRATCH/err" "A subcommand is required"
check "stdout empty" test ! -s "$SCRATCH/out"
expect_no_calls
end

begin "a mistyped flag: did you mean, before or after the verb"
run_deployer --manfest x.yaml validate
expect_code 3
expect_in "$SCRATCH/err" "error: unknown flag '--manfest'; did you mean '--manifest'?"
run_deployer up --lock-timout 5m
expect_code 3
expect_in "$SCRATCH/err" "unknown flag '--lock-timout'; did you mean '--lock-timeout'?"
expect_in "$SCRATCH/err" "hint: see altinity-deploy up --help"
end

begin "no verb at all says so and lists the verbs"
run_deployer -f x.yaml
expect_code 3
expect_in "$SCRATCH/err" "error: no command given"
expect_in "$SCRATCH/err" "validate, render, plan, up, destroy, status"
end

begin "--version prints the version; a verb's --help lists the global flags"
run_deployer --version
expect_code 0
expect_in "$SCRATCH/out" "altinity-deploy "
expect_in "$SCRATCH/out" "commit:"
run_deployer up --help
expect_code 0
expect_in "$SCRATCH/out" "Global options:"
expect_in "$SCRATCH/out" "--kubeconfig FILE"
expect_in "$SCRATCH/out" "-f,--manifest FILE"
expect_in "$SCRATCH/out" "--dry-run"
end

begin "durations in Go's form are taken; others are usage errors"
minimal_manifest
for duration in 1m30s 90s 5m 1h 90; do
  run_deployer up -f "$SCRATCH/op.yaml" --lock-timeout "$duration" --fail-fast-after "$duration" --dry-run
  expect_code 0
done
run_deployer up -f "$SCRATCH/op.yaml" --lock-timeout 1.5m
expect_code 3
expect_in "$SCRATCH/err" "'1.5m' is not a duration; write e.g. 0, 90, 90s, 1m30s, 5m or 1h"
end

begin "up --dry-run prints the plan and changes nothing"
minimal_manifest
cp "$SCRATCH/op.yaml" "$SCRATCH/before.yaml"
run_deployer up --dry-run -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "+ release altinity-operator-prod: will be installed"
expect_in "$SCRATCH/out" "dry run: nothing was changed"
expect_no_changing_call
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/before.yaml"
run_deployer up --dry-run -f "$SCRATCH/op.yaml" --color always
expect_in "$SCRATCH/out" $'\033[32m+ release altinity-operator-prod: will be installed'
end

begin "-f - reads the manifest from stdin for validate, render and plan; nothing is written"
minimal_manifest
run_deployer_with_stdin "$SCRATCH/op.yaml" validate -f -
expect_code 0
expect_in "$SCRATCH/out" "<stdin>: valid"
run_deployer_with_stdin "$SCRATCH/op.yaml" render --manifest -
expect_code 0
expect_in "$SCRATCH/out" "helm upgrade --install altinity-operator-prod"
run_deployer_with_stdin "$SCRATCH/op.yaml" plan -f -
expect_code 0
expect_in "$SCRATCH/out" "will be installed"
expect_no_changing_call
printf 'spec:\n  namspace: x\n' | "$BIN" validate -f - > "$SCRATCH/out" 2> "$SCRATCH/err"
CODE=$?
expect_code 3
expect_in "$SCRATCH/err" "error: <stdin>:2:3: spec.namspace:"
end

begin "-f - is refused by up, destroy and status, before anything runs"
minimal_manifest
for verb in up destroy status; do
  run_deployer_with_stdin "$SCRATCH/op.yaml" "$verb" -f -
  expect_code 3
  expect_in "$SCRATCH/err" "error: \`$verb\` cannot read the manifest from stdin (--manifest -)"
done
expect_no_calls
end

begin "-f - reads at most 1 MiB"
head -c 2000000 /dev/zero | tr '\0' '#' > "$SCRATCH/big.yaml"
run_deployer_with_stdin "$SCRATCH/big.yaml" validate -f -
expect_code 3
expect_in "$SCRATCH/err" "the manifest on stdin is larger than 1048576 bytes"
# An endless stream stops at the limit too.
timeout 20 bash -c "yes '#' | '$BIN' validate -f - > /dev/null 2> '$SCRATCH/err'"
CODE=$?
expect_code 3
expect_in "$SCRATCH/err" "larger than 1048576 bytes"
end

finish
