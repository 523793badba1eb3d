#!/usr/bin/env bash
# render and plan are made by up's own steps with the changes recorded instead of run
# (docs/how-up-works.md, "Tool clients and the dry run"). Against the local cluster, with the real
# helm and kubectl of one Helm major and the real chart (fixture chart when ../shared is absent):
#   1. fresh install: the command lines `render` prints, and `plan -o json`'s .commands, are the
#      changing commands a real `up -v` then runs, in order
#   2. upgrade (changed resources): `plan -o json`'s .commands are what `up -v` then runs
#   3. nothing to do: `plan -o json` predicts no command and `up -v` runs none
#
# Compared: the changing commands of `up -v` ("  $ helm upgrade|rollback|uninstall ...",
# "  $ kubectl apply ..." and, on a fresh install, the one `kubectl create ... --request-timeout=30s`
# that makes the namespace together with the lock's Lease), not its reads and not the lock's own
# Lease calls (kubectl create/replace/delete --raw with --request-timeout=10s), which render and
# plan leave out. Normalised on both sides before comparing:
#   - argv[0] to its basename (helm, kubectl);
#   - the word after --values to <values-file> (up writes a fresh 0600 temp file each run; render
#     and plan print the placeholder, shell-quoted);
#   - the word after --kubeconfig / --kube-context / --context to <kubeconfig> / <context> (both
#     sides get the same --kubeconfig here, so this only guards against a path spelt two ways).
#
#   bash tests/e2e/dry_run_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-dryrun-h$MAJOR
NS=e2e-dryrun-h$MAJOR
M="$WORK/op.yaml"

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "comparing with the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

release_manifest "$M" "$NAME" "$NS" "  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}"

# normalise: one command line per input line (shell-quoted words as Command::display prints them)
normalise() {
  awk '{
    out = ""; n = split($0, w, " ")
    for (i = 1; i <= n; i++) {
      word = w[i]
      if (i == 1) { sub(/.*\//, "", word) }
      else if (prev == "--values") { word = "<values-file>" }
      else if (prev == "--kubeconfig") { word = "<kubeconfig>" }
      else if (prev == "--kube-context" || prev == "--context") { word = "<context>" }
      out = out (i == 1 ? "" : " ") word; prev = w[i]
    }
    print out
  }'
}
# ran_changes STDERR_FILE: the changing commands an `up -v` logged, in order
ran_changes() {
  sed -n 's/^  \$ //p' "$1" |
    grep -E '^[^ ]*(helm (upgrade|rollback|uninstall)|kubectl (apply|delete namespace|delete customresourcedefinition)) |^[^ ]*kubectl create --filename - --output json --request-timeout=30s ' |
    normalise
}
rendered() { grep -E '^[^# ][^ ]*(helm|kubectl) ' "$1" | normalise; }
planned() { jq -r '.commands[]' "$1" | normalise; }

compare() {  # compare WHAT EXPECTED_FILE ACTUAL_FILE
  if ! cmp -s "$2" "$3"; then
    fail_now "$1 differ"
    diff -u "$2" "$3" | head -n 30
  fi
}

# ---- 1 ------------------------------------------------------------------------------------------
begin "1. fresh install: render's and plan's command lines are what up -v runs"
remember_crds
cleanup_release "$M" "$NAME" "$NS"
namespace_gone "$NS" || fail_now "namespace $NS exists before the test (left over from an earlier run?)"
deployer render -f "$M" --helm-major "$MAJOR"
expect_code 0
rendered "$OUT" > "$WORK/render.txt"
deployer plan -f "$M" -o json
expect_code 0
planned "$OUT" > "$WORK/plan1.txt"
deployer -v up -f "$M" --no-write-status
expect_code 0
ran_changes "$ERR" > "$WORK/up1.txt"
# A fresh install changes the namespace and the release at least; with the operator's CRDs
# already in the cluster (another suite's run) the CRD apply may or may not be due.
grep -q '^kubectl create --filename - --output json --request-timeout=30s ' "$WORK/up1.txt" ||
  fail_now "up -v logged no namespace creation"
grep -q '^helm upgrade --install ' "$WORK/up1.txt" || fail_now "up -v logged no helm upgrade"
compare "plan -o json's commands and up -v's" "$WORK/plan1.txt" "$WORK/up1.txt"
if [ "$CRDS_BEFORE" = 0 ]; then
  # render assumes a fresh cluster, CRDs missing: exactly this case
  compare "render's command lines and up -v's" "$WORK/render.txt" "$WORK/up1.txt"
else
  # the CRDs were there already (up skipped them): render's lines less its CRD apply
  grep -v -- '--server-side --field-manager' "$WORK/render.txt" > "$WORK/render-no-crds.txt"
  grep -v -- '--server-side --field-manager' "$WORK/up1.txt" > "$WORK/up1-no-crds.txt"
  compare "render's command lines (CRDs aside) and up -v's" "$WORK/render-no-crds.txt" "$WORK/up1-no-crds.txt"
fi
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2. upgrade: plan -o json's commands are what up -v runs"
sed -i 's/requests: {cpu: 100m, memory: 256Mi}/requests: {cpu: 200m, memory: 512Mi}/' "$M"
grep -q 'cpu: 200m' "$M" || fail_now "could not change the manifest"
deployer plan -f "$M" -o json
expect_code 0
expect_json "$OUT" '.changesPending == true and (.commands | length) >= 1'
planned "$OUT" > "$WORK/plan2.txt"
deployer -v up -f "$M" --no-write-status
expect_code 0
ran_changes "$ERR" > "$WORK/up2.txt"
grep -q '^helm upgrade --install ' "$WORK/up2.txt" || fail_now "up -v logged no helm upgrade"
compare "plan -o json's commands and up -v's" "$WORK/plan2.txt" "$WORK/up2.txt"
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. nothing to do: plan predicts no command and up runs none"
deployer plan -f "$M" -o json
expect_code 0
expect_json "$OUT" '.changesPending == false and .commands == []'
deployer -v up -f "$M" --no-write-status
expect_code 0
ran_changes "$ERR" > "$WORK/up3.txt"
[ ! -s "$WORK/up3.txt" ] || fail_now "up -v ran changes on a converged release: $(cat "$WORK/up3.txt")"
end

finish
