#!/usr/bin/env bash
# Manifests a careless or hostile user could write: every verb ends fast with
# a located error (exit 3) or does its job; nothing hangs or crashes. Each run
# is under `timeout`, so a regression fails instead of hanging the suite.
source "$(dirname "$0")/lib.sh"

# run_bounded SECONDS ARGS...: run_deployer, killed after SECONDS (exit 124).
run_bounded() {
  local limit=$1; shift
  timeout -k 1 "$limit" "$BIN" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err" < /dev/null
  CODE=$?
}

HEADER='apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: op'

begin "the 6-byte yaml-cpp hang ends every verb with exit 3 within a second"
printf ' a:\n,\n' > "$SCRATCH/hang.yaml"
for verb in validate render plan up status destroy; do
  run_bounded 1 "$verb" -f "$SCRATCH/hang.yaml"
  [ "$CODE" = 3 ] || fail_now "$verb: exit $CODE, expected 3"
done
expect_in "$SCRATCH/err" "$SCRATCH/hang.yaml:2:1: YAML syntax error: did not find expected <document start>"
expect_no_calls
end

begin "validate refuses /dev/zero, a FIFO and a directory fast"
run_bounded 2 validate -f /dev/zero
expect_code 3
expect_in "$SCRATCH/err" "/dev/zero: is a character device, not a manifest file"
mkfifo "$SCRATCH/fifo.yaml"
run_bounded 2 validate -f "$SCRATCH/fifo.yaml"
expect_code 3
expect_in "$SCRATCH/err" "is a FIFO (named pipe), not a manifest file"
run_bounded 2 validate -f "$SCRATCH"
expect_code 3
expect_in "$SCRATCH/err" "holds no AltinityOperator or AltinityOperatorKubernetes manifest"  # a folder is a fleet
expect_in "$SCRATCH/err" "fifo.yaml (a FIFO (named pipe): not opened)"  # named as skipped, never opened
end

begin "a manifest over 1 MiB is refused before parsing"
{ echo "$HEADER"; head -c 1100000 /dev/zero | tr '\0' '#'; echo; } > "$SCRATCH/big.yaml"
run_bounded 5 validate -f "$SCRATCH/big.yaml"
expect_code 3
expect_in "$SCRATCH/err" "more than the 1048576 bytes (1 MiB) a manifest may hold"
end

begin "an open quote or a colon-less last key is a located error and the file is untouched"
printf '%s\nspec:\n  namespace: "ops\n  chart: {version: 0.23.6}\n' "$HEADER" > "$SCRATCH/quote.yaml"
cp "$SCRATCH/quote.yaml" "$SCRATCH/quote.orig"
run_bounded 5 up -f "$SCRATCH/quote.yaml"
expect_code 3
expect_in "$SCRATCH/err" "while scanning a quoted scalar that starts at 6:14"
check "the manifest is unchanged" cmp "$SCRATCH/quote.yaml" "$SCRATCH/quote.orig"
expect_no_calls
printf '%s\nspec' "$HEADER" > "$SCRATCH/colon.yaml"
run_bounded 5 validate -f "$SCRATCH/colon.yaml"
expect_code 3
expect_in "$SCRATCH/err" "could not find expected ':', while scanning a simple key that starts at 5:1"
expect_not_in "$SCRATCH/err" "valid"
end

begin "30,000 digits in a plain scalar do not crash render or plan"
digits=$(head -c 30000 /dev/zero | tr '\0' '7')
printf '%s\n  org: %s\n  labels: {a: %s}\nspec:\n  values:\n    big: %s\n' "$HEADER" "$digits" "$digits" "$digits" \
  > "$SCRATCH/digits.yaml"
run_bounded 10 render -f "$SCRATCH/digits.yaml"
expect_code 0
expect_in "$SCRATCH/out" "big: $digits"
run_bounded 10 plan -f "$SCRATCH/digits.yaml"
[ "$CODE" = 0 ] || [ "$CODE" = 2 ] || fail_now "plan exit $CODE"
end

begin "deep nesting is a located error, not a crash"
{ echo "$HEADER"; printf 'spec:\n  values:\n    x: '; head -c 100000 /dev/zero | tr '\0' '['; echo; } > "$SCRATCH/deep.yaml"
run_bounded 5 validate -f "$SCRATCH/deep.yaml"
expect_code 3
expect_in "$SCRATCH/err" "collections nest more than 256 levels deep"
end

begin "a merge key cannot slip a namespaceOverride past the values check"
printf '%s\nspec:\n  values:\n    <<: {namespaceOverride: kube-system}\n' "$HEADER" > "$SCRATCH/merge.yaml"
run_bounded 5 validate -f "$SCRATCH/merge.yaml"
expect_code 3
expect_in "$SCRATCH/err" "spec.values.namespaceOverride: contradicts spec.namespace (kube-system vs altinity-operator)"
end

finish
