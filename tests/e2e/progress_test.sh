#!/usr/bin/env bash
# What `up` shows while helm waits, against the local Kubernetes 1.20 cluster with the real helm
# and kubectl of one Helm major. One release (and namespace) e2e-progress-hMAJOR:
#   1. a fresh install of a slow rollout (an image the simulated kubelet starts after 15 s),
#      stderr a file (CI): plain "waiting for the rollout" lines at most every 10 s with the
#      elapsed time, pods ready x/y and the waiting reason; no status-line bytes; the plan
#      ("changes:") before the first change ("creating namespace")
#   2. an upgrade to an image that never pulls, fail-fast off, on a terminal (`script` gives a
#      pty): one updating status line naming ImagePullBackOff, never sharing a line with a log
#      line, gone before the error; helm times out and rolls back
#   3. the same under -q, off a terminal: no progress at all
#
#   bash tests/e2e/progress_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-progress-h$MAJOR
NS=e2e-progress-h$MAJOR
M="$WORK/op.yaml"
SLOW_IMAGE=altinity/clickhouse-operator-slow-start   # Ready 15 s after it starts (lib/kubelet.py)
BROKEN_IMAGE=example.invalid/does-not-exist           # never Ready (ImagePullBackOff)
TIMEOUT=30
[ "$REAL_CHART" = 1 ] || real_chart_missing "The test uses the FIXTURE chart $CHART_VERSION."
command -v script > /dev/null || { echo "$0: needs script(1) from util-linux for a pty" >&2; exit 2; }

write_manifest() { image_manifest "$M" "$1" "$TIMEOUT"; }  # write_manifest IMAGE
release_status() { "$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null | jq -r '.info.status // "absent"'; }
line_of() { grep -n -m1 -- "$2" "$1" | cut -d: -f1; }  # FILE TEXT: the first line holding TEXT

# ---- 1 ------------------------------------------------------------------------------------------
begin "1. off a terminal: plain progress lines at most every 10 s; the plan before the first change"
remember_crds
cleanup_release "$M" "$NAME" "$NS"
namespace_gone "$NS" || fail_now "namespace $NS exists before the test (left over from an earlier run?)"
write_manifest "$SLOW_IMAGE"
deployer up -f "$M" --fail-fast-after 0
expect_code 0
expect_eq "release status" "$(release_status)" deployed
expect_match "$ERR" '^waiting for the rollout: 1[0-9]s, pods ready 0/1, ContainerCreating \(pod [^ ]+ container [^ ]+\)'
# The elapsed seconds of the progress lines, at least 10 apart.
mapfile -t at < <(sed -n 's/^waiting for the rollout: \([0-9]*\)s,.*/\1/p' "$ERR")
[ "${#at[@]}" -ge 1 ] || fail_now "no progress line"
for ((i = 1; i < ${#at[@]}; i++)); do
  [ $((at[i] - at[i - 1])) -ge 10 ] || fail_now "progress lines ${at[i - 1]}s and ${at[i]}s: less than 10 s apart"
done
grep -q $'\r' "$ERR" && fail_now "a carriage return (status line) in stderr off a terminal"
plan_at=$(line_of "$ERR" "changes:")
change_at=$(line_of "$ERR" "creating namespace")
[ -n "$plan_at" ] && [ -n "$change_at" ] && [ "$plan_at" -lt "$change_at" ] \
  || fail_now "'changes:' (line ${plan_at:-none}) is not before 'creating namespace' (line ${change_at:-none})"
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2. on a terminal: one updating status line naming ImagePullBackOff, never mixed with log lines"
write_manifest "$BROKEN_IMAGE"
printf -v cmd '%q ' env NO_COLOR=1 "$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" \
  up -f "$M" --fail-fast-after 0
script -qec "$cmd" "$WORK/tty.log" > /dev/null 2>&1
CODE=$?
cp "$WORK/tty.log" "$ERR"
[ "$CODE" != 0 ] || fail_now "up of an image that never pulls succeeded"
expect_eq "release status (rolled back)" "$(release_status)" deployed
# What the terminal shows: each line as the last carriage return left it. The status line must
# have been drawn several times, name the waiting reason, and never share a line with a log line.
check "status line drawn and cleared properly" python3 - "$WORK/tty.log" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace").replace("\r\n", "\n")
draws = re.findall(r"\r\x1b\[Kwaiting for the rollout: [^\r\n]*", raw)
assert len(draws) >= 3, f"status line drawn {len(draws)} times"
assert any("ImagePullBackOff" in d for d in draws), "no ImagePullBackOff in the status line"
lines = raw.split("\n")
for line in lines[:-1]:  # every line a newline ended: what stays on screen
    visible = line.split("\r")[-1].replace("\x1b[K", "")
    assert "waiting for the rollout" not in visible, f"a log line shares the status line: {line!r}"
errors = [l for l in raw.split("\n") if "error:" in l]
assert errors, "no error line"
assert all(l.split("\r")[-1].replace("\x1b[K", "").startswith("error:") for l in errors), errors
PY
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. -q: no progress"
deployer -q up -f "$M" --fail-fast-after 12s
[ "$CODE" != 0 ] || fail_now "up of an image that never pulls succeeded"
expect_in "$ERR" "ImagePullBackOff"   # the fail-fast error, which -q keeps
grep -q "waiting for the rollout" "$ERR" && fail_now "a progress line under -q"
eventually 60 "release rolled back" test "$(release_status)" = deployed
end

finish
