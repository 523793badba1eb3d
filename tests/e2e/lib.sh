# shellcheck shell=bash
# shellcheck disable=SC2034,SC2153  # variables for the suites; HELM3 etc. come from the env file
# Shared by the end-to-end suites: the local cluster's environment, the real
# helm/kubectl of one Helm major, assertions, cleanup, and the closing
# "N passed, N failed, N skipped" line.
#
# Honest accounting (CTest's SKIP_RETURN_CODE is 77, tests/e2e/CMakeLists.txt):
#   - a test whose step cannot run here calls `skip_step REASON`: it counts as skipped, not passed,
#     and the closing line lists it (`!!! SKIPPED step: ...`; scripts/test's summary shows those lines);
#   - a suite that ran on the FIXTURE chart because the real charts are absent (real_chart_missing)
#     has not proved what it is for: with no failure it exits 77 with `!!! SKIPPED: reason`
#     (CTest: skipped); under CI=true it fails instead (the cluster fixture already refuses to start).
#
#   bash tests/e2e/SUITE_test.sh path/to/altinity-deploy 3|4 [CLUSTER_DIR]
#
# CLUSTER_DIR defaults to ${ALTINITY_DEPLOY_CLUSTER_DIR:-/tmp/altinity-deploy-cluster}, the
# default of `tests/e2e/cluster/local-cluster up`. Each suite uses its own namespaces and release
# names (with the Helm major in them) and leaves the cluster as it found it.
set -u
BIN=${1:?usage: $0 path/to/altinity-deploy 3|4 [cluster dir]}
MAJOR=${2:?usage: $0 path/to/altinity-deploy 3|4 [cluster dir]}
CLUSTER=${3:-${ALTINITY_DEPLOY_CLUSTER_DIR:-/tmp/altinity-deploy-cluster}}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SUITE=$(basename "$0" .sh)
PASSED=0
FAILED=0
SKIPPED=0
SKIPPED_STEPS=()
CURRENT=""
TEST_FAILED=0
TEST_SKIPPED=""

case "$MAJOR" in 3|4) ;; *) echo "$0: the Helm major must be 3 or 4, not '$MAJOR'" >&2; exit 2 ;; esac
[ -x "$BIN" ] || { echo "$0: no deployer binary at $BIN" >&2; exit 2; }
if [ ! -f "$CLUSTER/env" ]; then
  echo "$0: no local cluster in $CLUSTER (no env file)." >&2
  echo "  Start one: tests/e2e/cluster/local-cluster up --dir $CLUSTER" >&2
  echo "  (ctest -L e2e starts and stops it itself; it needs tests/e2e/cluster/local-cluster build once)" >&2
  exit 2
fi
# shellcheck disable=SC1091
source "$CLUSTER/env"
if [ "$MAJOR" = 3 ]; then HELM=$HELM3; KUBECTL=$KUBECTL3; else HELM=$HELM4; KUBECTL=$KUBECTL4; fi
# A clean environment for the deployer: no manifest or credentials from the caller.
unset ALTINITY_DEPLOY_MANIFEST ALTINITY_DEPLOY_CREDENTIALS_DIR NO_COLOR

WORK=$(mktemp -d "/tmp/altinity-deploy-e2e-$SUITE-h$MAJOR.XXXXXX")
# The deployer's read cache (and helm's own) in the scratch folder: never the user's ~/.cache.
export XDG_CACHE_HOME="$WORK/cache"
unset ALTINITY_DEPLOY_NO_CACHE
OUT="$WORK/out"
ERR="$WORK/err"
CODE=0
echo "== $SUITE with Helm $MAJOR ($("$HELM" version --template '{{.Version}}' 2>/dev/null)) against $K8S_SERVER; scratch $WORK"

CRDS=(clickhouseinstallations.clickhouse.altinity.com
      clickhouseinstallationtemplates.clickhouse.altinity.com
      clickhouseoperatorconfigurations.clickhouse.altinity.com
      clickhousekeeperinstallations.clickhouse-keeper.altinity.com)

# The chart version to take from the loopback repository: the real 0.23.6 when ../shared/charts
# was there at `local-cluster up`, else the project's fixture chart (said loudly).
loud() {
  {
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    printf '!!! %s\n' "$@"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  } >&2
}
REAL_CHART=0
FIXTURE_ONLY=0
case " $REAL_CHART_VERSIONS " in *" 0.23.6 "*) REAL_CHART=1 ;; esac
if [ "$REAL_CHART" = 1 ]; then
  CHART_VERSION=0.23.6
else
  CHART_VERSION=$FIXTURE_CHART_VERSION
fi
FIXTURE_REASON=""
real_chart_missing() {  # real_chart_missing WHAT: the loud fallback notice; the suite then exits 77
  FIXTURE_ONLY=1
  FIXTURE_REASON=$1
  loud "$SUITE (Helm $MAJOR): the real Altinity charts are ABSENT (no ../shared/charts, or" \
       "ALTINITY_DEPLOY_SHARED_CHARTS names an empty or missing folder). $1" \
       "This run does NOT prove the deployer works with the published chart."
}

# release_manifest FILE NAME NAMESPACE [SPEC-LINES]: a manifest of release NAME in NAMESPACE with the
# chart from the loopback repository and a 120 s helm timeout; SPEC-LINES (indented two spaces) are
# appended under spec.
release_manifest() {
  cat > "$1" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $2
spec:
  namespace: $3
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$CHART_VERSION"
  helm: {timeoutSeconds: 120}
${4:-}
YAML
}

# deployer ARGS...: the real binary with this major's helm and kubectl and the cluster's kubeconfig;
# keeps stdout, stderr and the exit code.
deployer() {
  "$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" "$@" > "$OUT" 2> "$ERR"
  CODE=$?
  {
    echo "\$ altinity-deploy $* -> exit $CODE"
    sed 's/^/  err| /' "$ERR"
  } >> "$WORK/deployer.log"
}
k() { "$KUBECTL" "$@"; }
# revision: the revision helm reports for release $NAME in $NS.
revision() { "$HELM" status "$NAME" -n "$NS" -o json | jq -r .version; }

begin() { CURRENT=$1; TEST_FAILED=0; TEST_SKIPPED=""; : > "$OUT"; : > "$ERR"; echo "-- $CURRENT"; }
# skip_step REASON: the current test (begin ... end) cannot run here; end counts it as skipped.
skip_step() {
  TEST_SKIPPED=$1
  loud "SKIPPED step: $SUITE (Helm $MAJOR): $CURRENT: $1"
}
fail_now() {
  echo "FAIL: $CURRENT: $*"
  if [ "$TEST_FAILED" = 0 ]; then
    echo "--- last deployer stdout"; tail -n 30 "$OUT" 2>/dev/null
    echo "--- last deployer stderr"; tail -n 30 "$ERR" 2>/dev/null
  fi
  TEST_FAILED=1
  return 1
}
# skip_untested WHAT REASON: a part of the suite outside any one test did not run here; counted
# as one skipped step and listed at the end.
skip_untested() {
  SKIPPED=$((SKIPPED + 1))
  SKIPPED_STEPS+=("$1: $2")
  loud "SKIPPED step: $SUITE (Helm $MAJOR): $1: $2"
}
# end: counts the test once, whatever number of its checks failed; a skipped test that failed
# nothing counts as skipped, never as passed.
end() {
  if [ "$TEST_FAILED" != 0 ]; then FAILED=$((FAILED + 1))
  elif [ -n "$TEST_SKIPPED" ]; then
    echo "skipped: $CURRENT"
    SKIPPED=$((SKIPPED + 1))
    SKIPPED_STEPS+=("$CURRENT: $TEST_SKIPPED")
  else echo "ok: $CURRENT"; PASSED=$((PASSED + 1)); fi
}
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  local out
  out=$("$@" 2>&1) || { fail_now "$what"; printf '%s\n' "$out" | tail -n 10 | sed 's/^/    | /'; return 1; }
}
# eventually SECONDS DESCRIPTION COMMAND...: poll every 0.5 s
eventually() {
  local t=$1 what=$2; shift 2
  local end=$((SECONDS + t))
  until "$@" > /dev/null 2>&1; do
    if [ "$SECONDS" -ge "$end" ]; then check "$what (within ${t}s)" "$@"; return 1; fi
    sleep 0.5
  done
}
expect_code() { [ "$CODE" = "$1" ] || fail_now "exit code $CODE, expected $1"; }
expect_in() {  # FILE TEXT
  grep -qF -- "$2" "$1" 2>/dev/null || fail_now "'$2' not in $(basename "$1")"
}
expect_match() {  # FILE EXTENDED-REGEX
  grep -qE -- "$2" "$1" 2>/dev/null || fail_now "/$2/ does not match $(basename "$1")"
}
expect_eq() {  # DESCRIPTION ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail_now "$1: '$2', expected '$3'"
}
expect_same_file() { cmp -s "$1" "$2" || { fail_now "$(basename "$1") differs from $(basename "$2")"; diff "$1" "$2" | head -n 20; }; }
expect_json() {  # FILE JQ-FILTER: the filter must yield true
  jq -e "$2" "$1" > /dev/null 2>&1 || { fail_now "$(basename "$1"): not ($2)"; head -c 2000 "$1"; echo; }
}
# expect_json_contract FILE [EXIT-CODE]: FILE (a run's stdout under -o json) is exactly
# one document that docs/json-output.schema.json accepts, its exitCode the run's.
expect_json_contract() {
  local problems
  problems=$(python3 "$REPO/tests/support/check_json_output.py" "$@" 2>&1) \
    || fail_now "$(basename "$1") breaks the JSON contract: $problems"
}

# image_manifest FILE IMAGE TIMEOUT: release $NAME in namespace $NS from the loopback repository's
# $CHART_VERSION, atomic, with the operator's image repository IMAGE (the simulated kubelet reacts
# to slow-start, does-not-exist, crashloop in it).
image_manifest() {
  cat > "$1" <<EOM
# $SUITE (Helm $MAJOR)
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $NAME
spec:
  namespace: $NS
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$CHART_VERSION"
  helm: {timeoutSeconds: $3, atomic: true, cleanupOnFail: true}
  values:
    operator:
      image:
        repository: $2
EOM
}

# before_status FILE: the manifest up to (not including) its `status:` line.
before_status() { sed '/^status:/,$d' "$1"; }
# expect_rest_kept ORIGINAL NEW: NEW is ORIGINAL byte for byte, then only a status block.
expect_rest_kept() {
  local size; size=$(stat -c %s "$1")
  cmp -s -n "$size" "$1" "$2" || { fail_now "the manifest outside status changed"; diff "$1" "$2" | head -n 20; return 1; }
  tail -c +"$((size + 1))" "$2" | head -n 1 | grep -qx 'status:' \
    || fail_now "after the original bytes comes '$(tail -c +"$((size + 1))" "$2" | head -n 1)', not 'status:'"
}

# Canonical quantities, to compare what the API server stores (1000m -> "1") with what the manifest says.
cpu_milli() {  # 100m -> 100, 1 -> 1000, 1.5 -> 1500
  awk -v q="$1" 'BEGIN { if (q ~ /m$/) { sub(/m$/, "", q); printf "%d\n", q } else printf "%d\n", q * 1000 }'
}
mem_bytes() {  # 256Mi -> 268435456, 1G -> 1000000000
  awk -v q="$1" 'BEGIN {
    n = split("Ki Mi Gi Ti k M G T", s, " "); split("1024 1048576 1073741824 1099511627776 1000 1000000 1000000000 1000000000000", f, " ")
    for (i = 1; i <= n; i++) if (substr(q, length(q) - length(s[i]) + 1) == s[i]) { printf "%.0f\n", substr(q, 1, length(q) - length(s[i])) * f[i]; exit }
    printf "%.0f\n", q }'
}
# canonical_resources JSON-OF-RESOURCES -> "req cpu/mem lim cpu/mem" in millicores and bytes
canonical_resources() {
  local rc rm lc lm
  rc=$(jq -r '.requests.cpu // "0"' <<<"$1"); rm=$(jq -r '.requests.memory // "0"' <<<"$1")
  lc=$(jq -r '.limits.cpu // "0"' <<<"$1"); lm=$(jq -r '.limits.memory // "0"' <<<"$1")
  echo "requests $(cpu_milli "$rc")m/$(mem_bytes "$rm") limits $(cpu_milli "$lc")m/$(mem_bytes "$lm")"
}

# The operator Deployment of release $1 in namespace $2, as JSON (first match).
operator_deployment() {
  k -n "$2" get deployment -l "app.kubernetes.io/instance=$1" -o json | jq -e '.items[0]'
}
deployment_available() {
  operator_deployment "$1" "$2" | jq -e '(.status.conditions // []) | any(.type == "Available" and .status == "True")'
}
# deployment_settled RELEASE NS: rolled out (no old pods left), available
deployment_settled() {
  operator_deployment "$1" "$2" | jq -e '.status.observedGeneration >= .metadata.generation
    and (.status.updatedReplicas // 0) == .spec.replicas and (.status.replicas // 0) == .spec.replicas
    and (.status.availableReplicas // 0) == .spec.replicas'
}
# operator_resources RELEASE NS: the canonical resources of the operator container in the Deployment
operator_resources() {
  local r
  r=$(operator_deployment "$1" "$2" | jq -ce '.spec.template.spec.containers[] | select(.name == "altinity-clickhouse-operator") | .resources') || return 1
  canonical_resources "$r"
}
# pod_resources RELEASE NS: the same for each live operator pod, one line each
pod_resources() {
  local r
  k -n "$2" get pods -l "app.kubernetes.io/instance=$1" -o json \
    | jq -c '.items[] | select(.metadata.deletionTimestamp == null) | .spec.containers[] | select(.name == "altinity-clickhouse-operator") | .resources' \
    | while read -r r; do canonical_resources "$r"; done
}
# watch_namespaces NS: watch.namespaces of the operator's config.yaml (from the one ConfigMap whose
# data holds config.yaml), one entry per line. Reads block (`- .*`) and flow (`[".*"]`) lists.
watch_namespaces() {
  local config
  config=$(k -n "$1" get configmap -o json | jq -er '[.items[] | select(.data["config.yaml"] != null)]
    | if length == 1 then .[0].data["config.yaml"] else error("\(length) ConfigMaps hold config.yaml") end') || return 1
  awk '
    function unquote(x) { gsub(/^[ \t"\x27]+|[ \t"\x27]+$/, "", x); return x }
    /^watch:/ { w = 1; next }
    w && /^[^ #]/ { exit }
    w && !l && /^ +namespaces:/ {
      v = $0; sub(/^ +namespaces:[ \t]*/, "", v)
      if (v ~ /^\[/) { gsub(/[][]/, "", v); n = split(v, a, ","); for (i = 1; i <= n; i++) if (unquote(a[i]) != "") print unquote(a[i]); exit }
      l = 1; next }
    l && /^ *- / { x = $0; sub(/^ *- */, "", x); print unquote(x); next }
    l { exit }' <<<"$config"
}
# output KEY FILE: a value of the manifest's status.outputs, without quotes
output() {
  awk -v k="$1" '/^status:/ { s = 1; next } s && /^  outputs:/ { o = 1; next }
    o && /^[^ ]/ { exit }
    o && $1 == k ":" { v = $0; sub(/^[^:]*:[ ]*/, "", v); gsub(/^"|"$/, "", v); print v; exit }' "$2"
}
namespace_gone() { ! k get namespace "$1" > /dev/null 2>&1; }
crd_count() { k get crd "${CRDS[@]}" --ignore-not-found -o name 2>/dev/null | grep -c . ; }

# ---- leaving the cluster as found -------------------------------------------------------------
# remember_crds: call once before the first install; cleanup deletes the operator's CRDs again
# when they were absent (destroy keeps them on purpose).
CRDS_BEFORE=unknown
# The simulated kubelet's label on the node (tests/e2e/cluster/lib/kubelet.py), and what up and
# status say because of it (actions/simulated_kubelet.hpp).
SIMULATED_LABEL=altinity-deploy/simulated
SIMULATED_NOTE="deployed; the kubelet is simulated: pods are reported ready, no container runs"
RESTORE_SIMULATED_LABEL=0
restore_simulated_label() {  # after a test took the label off the node
  [ "$RESTORE_SIMULATED_LABEL" = 1 ] || return 0
  k label node "$K8S_NODE_NAME" "$SIMULATED_LABEL=true" --overwrite > /dev/null \
    || { echo "cleanup: could not put $SIMULATED_LABEL=true back on node $K8S_NODE_NAME" >&2; return 1; }
  RESTORE_SIMULATED_LABEL=0
}
remember_crds() { CRDS_BEFORE=$(crd_count); }
CLEANUP=()
# cleanup_release MANIFEST RELEASE NAMESPACE: destroyed again at exit, whatever happened.
cleanup_release() { CLEANUP+=("$1|$2|$3"); }
cleanup() {
  local rc=$? entry m rel ns
  trap - EXIT INT TERM
  restore_simulated_label || true
  for entry in "${CLEANUP[@]}"; do
    IFS='|' read -r m rel ns <<<"$entry"
    if [ -f "$m" ]; then
      "$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" -q destroy -f "$m" \
        > /dev/null 2>> "$WORK/cleanup.log" || echo "cleanup: destroy -f $m failed (see $WORK/cleanup.log)" >&2
    fi
    # belt and braces, in case the deployer itself is what is broken
    if "$HELM" status "$rel" -n "$ns" > /dev/null 2>&1; then
      echo "cleanup: release $rel still installed; helm uninstall" >&2
      "$HELM" uninstall "$rel" -n "$ns" --wait --timeout 60s >> "$WORK/cleanup.log" 2>&1
    fi
    if k get namespace "$ns" > /dev/null 2>&1; then
      echo "cleanup: namespace $ns still there; deleting it" >&2
      k delete namespace "$ns" --wait --timeout=60s >> "$WORK/cleanup.log" 2>&1
    fi
  done
  if [ "$CRDS_BEFORE" = 0 ] && [ "$(crd_count)" != 0 ]; then
    k delete crd "${CRDS[@]}" --ignore-not-found --wait --timeout=60s >> "$WORK/cleanup.log" 2>&1 \
      || echo "cleanup: could not delete the operator CRDs (see $WORK/cleanup.log)" >&2
  fi
  if [ "$FAILED" = 0 ] && { [ "$rc" = 0 ] || [ "$rc" = 77 ]; }; then rm -rf "$WORK"; else echo "scratch kept for inspection: $WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# finish: the closing count and the suite's exit code: 1 on a failure; 77 (CTest: skipped) when the
# suite ran on the fixture chart only, 1 then under CI=true; else 0 (skipped steps listed).
finish() {
  local note="" step
  [ "$FIXTURE_ONLY" = 0 ] || note=" (partly with the FIXTURE chart only: the real charts are absent)"
  echo "$SUITE (Helm $MAJOR): $PASSED passed, $FAILED failed, $SKIPPED skipped$note"
  for step in "${SKIPPED_STEPS[@]}"; do echo "!!! SKIPPED step: $SUITE (Helm $MAJOR): $step"; done
  [ "$FAILED" -eq 0 ] || return 1
  if [ "$FIXTURE_ONLY" = 1 ]; then
    if [ "${CI:-}" = true ]; then
      echo "!!! FAILED under CI=true: $SUITE (Helm $MAJOR) ran on the FIXTURE chart only: $FIXTURE_REASON"
      return 1
    fi
    echo "!!! SKIPPED: $SUITE (Helm $MAJOR): the real Altinity charts are absent; $FIXTURE_REASON" \
         "($PASSED tests passed on the fixture chart; exit 77, CTest shows it as skipped)"
    exit 77
  fi
}
