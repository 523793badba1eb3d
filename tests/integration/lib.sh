# Shared by the integration suites: a scratch folder with the fake tools on
# PATH, assertions, and the closing "N passed, N failed" line.
set -u
BIN=${1:?usage: $0 path/to/altinity-deploy}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PASSED=0
FAILED=0
CURRENT=""

new_scratch() {
  SCRATCH=$(mktemp -d /tmp/altinity-deploy-it.XXXXXX)
  export FAKE_STATE="$SCRATCH/state" FAKE_LOG="$SCRATCH/calls.log"
  mkdir -p "$FAKE_STATE"
  : > "$FAKE_LOG"
  export PATH="$HERE/fake-bin:$PATH"
  export TMPDIR="$SCRATCH/tmp"
  mkdir -p "$TMPDIR"
  unset KUBECONFIG ALTINITY_DEPLOY_MANIFEST FAKE_HELM_VERSION FAKE_HELM_FAIL FAKE_KUBECTL_UNREACHABLE \
    FAKE_HELM_NO_CRDS FAKE_HELM_FAIL_TEXT FAKE_HELM_UPGRADE_WAIT FAKE_HELM_UPGRADE_HOOK FAKE_KUBECTL_HANG FAKE_RENDEZVOUS ALTINITY_DEPLOY_NO_CACHE
  export HOME="$SCRATCH/home"
  # The read cache (helm version, helm show) of this test alone: never the user's ~/.cache.
  export XDG_CACHE_HOME="$SCRATCH/cache"
  # The fakes model helm's own reads of the release; reading it from its Secrets is covered by
  # the unit tests (ComputePlanFromSecrets) and the e2e suites against real Helm.
  export ALTINITY_DEPLOY_RELEASE_READER=helm
}

# run_deployer ARGS...: runs the binary, keeping stdout, stderr and the exit code.
run_deployer() {
  "$BIN" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
  CODE=$?
}

# run_deployer_with_stdin INPUT-FILE ARGS...: run_deployer with INPUT-FILE on stdin (-f -).
run_deployer_with_stdin() {
  local input=$1; shift
  "$BIN" "$@" < "$input" > "$SCRATCH/out" 2> "$SCRATCH/err"
  CODE=$?
}

# named_manifest FILE NAME [SPEC-LINES]: the smallest valid manifest of release NAME in
# namespace altinity-operator; SPEC-LINES (indented two spaces) are appended under spec.
named_manifest() {
  cat > "$1" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $2
spec:
  namespace: altinity-operator
${3:-}
YAML
}

# The smallest valid manifest, as $SCRATCH/op.yaml: release altinity-operator-prod in
# namespace altinity-operator, everything else defaulted.
minimal_manifest() { named_manifest "$SCRATCH/op.yaml" altinity-operator-prod; }

begin() { CURRENT=$1; TEST_FAILED=0; new_scratch; }
fail_now() {
  echo "FAIL: $CURRENT: $*"
  if [ "$TEST_FAILED" = 0 ]; then
    echo "--- stdout"; cat "$SCRATCH/out" 2>/dev/null
    echo "--- stderr"; cat "$SCRATCH/err" 2>/dev/null
    echo "--- calls"; cat "$FAKE_LOG" 2>/dev/null
  fi
  TEST_FAILED=1
  return 1
}
# end: counts the test once, whatever number of its checks failed.
end() {
  if [ "$TEST_FAILED" = 0 ]; then echo "ok: $CURRENT"; PASSED=$((PASSED + 1)); rm -rf "$SCRATCH"
  else FAILED=$((FAILED + 1)); fi
}

check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  "$@" > /dev/null 2>&1 || fail_now "$what"
}
expect_code() { [ "$CODE" = "$1" ] || fail_now "exit code $CODE, expected $1"; }
expect_calls() {  # expected call lines, exactly and in order
  local expected
  expected=$(printf '%s\n' "$@")
  [ "$(cat "$FAKE_LOG")" = "$expected" ] || { fail_now "calls differ:"; diff <(echo "$expected") "$FAKE_LOG"; }
}
expect_no_calls() { [ ! -s "$FAKE_LOG" ] || fail_now "expected no helm/kubectl process"; }
expect_in() {  # FILE TEXT
  grep -qF -- "$2" "$1" 2>/dev/null || fail_now "'$2' not in $(basename "$1")"
}
expect_not_in() { ! grep -qF -- "$2" "$1" 2>/dev/null || fail_now "'$2' unexpectedly in $(basename "$1")"; }
expect_same_file() { cmp -s "$1" "$2" || fail_now "$(basename "$1") differs from $(basename "$2")"; }
# The manifest kept byte for byte up to where its new status block starts.
expect_prefix_kept() {  # ORIGINAL NEW
  local size; size=$(stat -c %s "$1")
  [ "$(head -c "$size" "$2")" = "$(cat "$1")" ] || fail_now "the manifest outside status changed"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# expect_json_contract: $SCRATCH/out is exactly one JSON document that
# docs/json-output.schema.json accepts, and its exitCode is $CODE.
expect_json_contract() {
  local problems
  problems=$(python3 "$REPO/tests/support/check_json_output.py" "$SCRATCH/out" "$CODE" 2>&1) \
    || fail_now "stdout breaks the JSON contract: $problems"
}
# expect_json_field FILTER: a jq filter over $SCRATCH/out that must yield true.
expect_json_field() {
  jq -e "$1" "$SCRATCH/out" > /dev/null 2>&1 || fail_now "stdout: not ($1)"
}
