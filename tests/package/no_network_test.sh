#!/usr/bin/env bash
# When the clean root cannot be made (here: an unreachable mirror and an empty cache), the
# package suite never passes: exit 77 (CTest: skipped) with the reason, or exit 1 under CI=true.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIST=${1:?usage: $0 DIST_DIR}
WORK=$(mktemp -d /tmp/altinity-deploy-no-network.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILED=0

run_suite() {  # run_suite CI-VALUE: the package suite with no way to make its root
  env CI="$1" ALTINITY_DEPLOY_CACHE="$WORK/cache" ALTINITY_DEPLOY_DEBIAN_MIRROR=http://127.0.0.1:9/debian \
    bash "$HERE/package_test.sh" "$DIST" "$WORK/roots" > "$WORK/out" 2>&1
}
expect() {  # expect WHAT CODE TEXT
  if [ "$CODE" = "$2" ] && grep -qF -- "$3" "$WORK/out"; then echo "ok: $1"
  else echo "FAIL: $1: exit $CODE, expected $2 with '$3'"; cat "$WORK/out"; FAILED=$((FAILED + 1)); fi
}

run_suite ""; CODE=$?
expect "without CI: skipped loudly (77)" 77 "SKIPPED: the package suite did not run"
run_suite true; CODE=$?
expect "under CI=true: failed" 1 "CI=true: the package suite cannot run, and that is a failure"
[ ! -e "$WORK/cache/package-test-root-bookworm-minbase-v1.tar" ] || { echo "FAIL: a broken root was cached"; FAILED=$((FAILED + 1)); }
echo "$((2 - FAILED)) passed, $FAILED failed"
[ "$FAILED" = 0 ]
