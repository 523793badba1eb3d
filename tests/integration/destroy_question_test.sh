#!/usr/bin/env bash
# `destroy` on a terminal (issue 18): it lists what it will remove and asks once; no runs
# nothing, y runs it, -y/--yes and no terminal (CI) skip the question. The terminal is a real
# pty made by script(1); the answer is typed into it.
source "$(dirname "$0")/lib.sh"

command -v script > /dev/null || { echo "FAIL: script(1) (util-linux) is needed for the pty tests"; exit 1; }

deployed() {  # the example manifest, installed by up; the call log emptied
  cp "$REPO/examples/basic.yaml" "$SCRATCH/op.yaml"
  run_deployer up -f "$SCRATCH/op.yaml"
  [ "$CODE" = 0 ] || fail_now "up before destroy failed with exit $CODE"
  : > "$FAKE_LOG"
}

# on_a_terminal ANSWER ARGS...: the deployer on a pty (stdin, stdout and stderr), ANSWER typed
# once it asks; everything it printed in $SCRATCH/out, its exit code in CODE.
on_a_terminal() {
  local answer=$1; shift
  local command
  command=$(printf '%q ' "$BIN" "$@")
  # The answer waits a moment so that it is typed after the question, as a person would.
  { sleep 2; printf '%s\n' "$answer"; sleep 1; } \
    | script -qefc "$command; echo \"exit=\$?\"" /dev/null > "$SCRATCH/out" 2> "$SCRATCH/err"
  CODE=$(grep -ao 'exit=[0-9]*' "$SCRATCH/out" | tail -n 1 | cut -d= -f2)
}

uninstalls() { grep -c "helm uninstall" "$FAKE_LOG"; }

begin "destroy on a terminal lists release, namespace and cluster, asks; n runs nothing (exit 1)"
deployed
on_a_terminal n destroy -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/out" "destroy will remove, on context 'fake' (API server https://127.0.0.1:6443):"
expect_in "$SCRATCH/out" "the Helm release 'altinity-operator-prod' (revision 1) in namespace 'altinity-operator'"
expect_in "$SCRATCH/out" "the namespace 'altinity-operator' and everything in it"
expect_in "$SCRATCH/out" "(the CRDs stay; --delete-crds removes them"
expect_in "$SCRATCH/out" "Remove them? [y/N]"
expect_in "$SCRATCH/out" "destroy was not confirmed; nothing was changed"
[ "$(uninstalls)" = 0 ] || fail_now "helm uninstall ran after no"
grep -E "kubectl (delete|create|apply|replace)" "$FAKE_LOG" && fail_now "something was changed after no"
grep -q "^status:" "$SCRATCH/op.yaml" || fail_now "the manifest's status was removed after no"
end

begin "destroy on a terminal, answered y: uninstalls; --delete-crds lists the CRDs"
deployed
on_a_terminal y destroy -f "$SCRATCH/op.yaml" --delete-crds
expect_code 0
expect_in "$SCRATCH/out" "the CRD clickhouseinstallations.clickhouse.altinity.com"
[ "$(uninstalls)" = 1 ] || fail_now "helm uninstall did not run once after y"
end

begin "destroy -y on a terminal asks nothing"
deployed
on_a_terminal "" destroy -f "$SCRATCH/op.yaml" --yes
expect_code 0
expect_not_in "$SCRATCH/out" "Remove them?"
[ "$(uninstalls)" = 1 ] || fail_now "helm uninstall did not run"
end

begin "destroy off a terminal (CI) asks nothing, as before"
deployed
run_deployer destroy -f "$SCRATCH/op.yaml" < /dev/null
expect_code 0
expect_not_in "$SCRATCH/err" "Remove them?"
[ "$(uninstalls)" = 1 ] || fail_now "helm uninstall did not run"
end

begin "destroy of a fleet on a terminal: one question for every target; n runs nothing"
mkdir "$SCRATCH/fleet"
for name in a b; do
  sed "s/name: altinity-operator-prod/name: op-$name/" "$REPO/examples/basic.yaml" > "$SCRATCH/fleet/$name.yaml"
done
grep -q "name: op-a" "$SCRATCH/fleet/a.yaml" || fail_now "the fleet's manifests were not made"
on_a_terminal n destroy -f "$SCRATCH/fleet"
expect_code 1
expect_in "$SCRATCH/out" "destroy will remove, on 2 targets:"
expect_in "$SCRATCH/out" "op-a: the Helm release 'op-a' and the namespace"
[ "$(grep -o "Remove them?" "$SCRATCH/out" | wc -l)" = 1 ] || fail_now "not asked exactly once"
expect_no_calls
on_a_terminal y destroy -f "$SCRATCH/fleet"
expect_code 0
[ "$(grep -o "Remove them?" "$SCRATCH/out" | wc -l)" = 1 ] || fail_now "not asked exactly once"
end

finish
