#!/usr/bin/env bash
# ALTINITY_DEPLOY_RUSAGE=1 (what bench/ reads): the deployer's own peak RSS, even when its
# parent process is large (getrusage's ru_maxrss would report the parent's peak: it survives
# exec), and how many processes it started.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/integration/lib.sh
source "$HERE/lib.sh"

begin "peak RSS is the deployer's own, not its 80 MiB parent's"
ALTINITY_DEPLOY_RUSAGE=1 python3 - "$BIN" "$REPO/examples/basic.yaml" > "$SCRATCH/out" 2> "$SCRATCH/err" <<'PY'
import subprocess, sys
ballast = bytearray(80 * 1024 * 1024)
for i in range(0, len(ballast), 4096):
    ballast[i] = 1  # touched, so it is resident
sys.exit(subprocess.run([sys.argv[1], "validate", "-f", sys.argv[2]]).returncode)
PY
CODE=$?
expect_code 0
kib=$(sed -n 's/^altinity-deploy: peak RSS \([0-9]*\) KiB, 0 processes started$/\1/p' "$SCRATCH/err")
[ -n "$kib" ] || fail_now "no peak RSS line"
[ "${kib:-0}" -gt 1000 ] && [ "${kib:-0}" -lt 40000 ] || fail_now "peak RSS ${kib} KiB: not the deployer's own"
end

begin "the processes started are counted: one per helm/kubectl call the fakes saw"
minimal_manifest
ALTINITY_DEPLOY_RUSAGE=1 run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
started=$(sed -n 's/^altinity-deploy: peak RSS [0-9]* KiB, \([0-9]*\) processes started$/\1/p' "$SCRATCH/err")
calls=$(wc -l < "$FAKE_LOG")
[ "$calls" -gt 0 ] || fail_now "the fakes saw no call"
[ "$started" = "$calls" ] || fail_now "reported ${started:-nothing} processes started, the fakes saw $calls"
end

begin "without ALTINITY_DEPLOY_RUSAGE nothing is reported"
run_deployer validate -f "$REPO/examples/basic.yaml"
expect_code 0
expect_not_in "$SCRATCH/err" "peak RSS"
end

finish
