#!/usr/bin/env bash
# Day-2 operations against the local Kubernetes 1.20 cluster with the real helm and kubectl of one
# Helm major. One release (and namespace) e2e-day2-hMAJOR goes through:
#   1. plan on a fresh cluster (lists namespace, release, CRDs; exit 2; creates nothing); after up:
#      plan exit 0 and a no-op up (same revision); a changed value: plan exit 2 and names it
#   2. up at the old chart version, then at the new one (real 0.23.6 -> 0.26.0, else the fixture
#      0.23.6-fixture -> 0.26.0-fixture): the CRDs carry the new version (label, schema, sha256)
#   3. helm SIGKILLed mid-upgrade leaves the release pending-upgrade; the next up recovers it
#   4. two concurrent ups: one upgrades, the other exits 5 naming the holder; with --lock-timeout
#      both succeed and the second finds nothing to do
#   6. an unpullable image: the default fail-fast stops helm within 60 s, rolled back, manifest kept
#   7. SIGTERM to up during helm's wait: exit 130, rolled back, lock released, no temp values file
#   5. (last: it destroys) destroy refuses while a ClickHouseInstallation exists in a watched
#      namespace; once it is deleted, destroy works
#
#   bash tests/e2e/day2_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-day2-h$MAJOR
NS=e2e-day2-h$MAJOR
CHI_NS=e2e-day2-chi-h$MAJOR   # a second watched namespace, for the ClickHouseInstallation
CHI_NAME=day2-chi
M="$WORK/op.yaml"
GOOD_IMAGE=altinity/clickhouse-operator   # the chart's default, set explicitly so helm get values shows it
BAD_IMAGE=example.invalid/does-not-exist  # the simulated kubelet answers ImagePullBackOff
LEASE=altinity-deploy-$NAME
CHI_CRD=clickhouseinstallations.clickhouse.altinity.com
CHK_CRD=clickhousekeeperinstallations.clickhouse-keeper.altinity.com
# Every deployer run of this suite writes its temporary values files here, so that a leftover shows.
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"

# The upgrade pair: the real charts when the repository serves both, else the fixture pair.
# DAY2_FIXTURE_UPGRADE=1 takes the fixture pair even then (to exercise that path by hand).
upgrade_versions=" $REAL_CHART_VERSIONS "
[ "${DAY2_FIXTURE_UPGRADE:-0}" = 0 ] || upgrade_versions=""
case "$upgrade_versions" in
  *" 0.23.6 "*" 0.26.0 "*|*" 0.26.0 "*" 0.23.6 "*) OLD=0.23.6; NEW=0.26.0; UPGRADE_REAL=1 ;;
  *) OLD=$FIXTURE_CHART_VERSION; NEW=$FIXTURE_CHART_UPGRADE_VERSION; UPGRADE_REAL=0 ;;
esac
if [ "$UPGRADE_REAL" = 1 ]; then
  loud "$SUITE (Helm $MAJOR): every test uses the REAL published charts; upgrade test $OLD -> $NEW"
elif [ -n "$REAL_CHART_VERSIONS" ]; then
  loud "$SUITE (Helm $MAJOR): DAY2_FIXTURE_UPGRADE=1 (or the repository lacks 0.23.6/0.26.0): every test" \
       "uses the FIXTURE chart; upgrade test $OLD -> $NEW. This run does NOT prove the published charts work."
  skip_untested "the upgrade of the real charts 0.23.6 -> 0.26.0" \
    "DAY2_FIXTURE_UPGRADE=1 or REAL_CHART_VERSIONS='$REAL_CHART_VERSIONS' lacks one; upgrade test on the fixture pair"
else
  real_chart_missing "Every test uses the FIXTURE chart; upgrade test $OLD -> $NEW instead of the real 0.23.6 -> 0.26.0."
fi

# ---- helpers -----------------------------------------------------------------------------------
# write_manifest FILE VERSION LIMIT_CPU TIMEOUT_SECONDS IMAGE_REPOSITORY: the spec; a status block
# already in FILE is kept (as when a user edits the spec of a deployed manifest).
write_manifest() {
  local file=$1 status=""
  [ -f "$file" ] && status=$(sed -n '/^status:/,$p' "$file")
  {
    cat <<EOF
# day2_test.sh (Helm $MAJOR)
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $NAME
spec:
  namespace: $NS
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: $3, memory: 1Gi}
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$2"
  watchNamespaces: ["$NS", "$CHI_NS"]
  helm: {timeoutSeconds: $4, atomic: true, cleanupOnFail: true}
  values:
    operator:
      image:
        repository: $5
EOF
    [ -z "$status" ] || printf '%s\n' "$status"
  } > "$file.new" && mv "$file.new" "$file"
}

helm_json() { "$HELM" status "$NAME" -n "$NS" -o json 2>/dev/null; }
release_status() { helm_json | jq -r '.info.status // "absent"'; }
release_revision() { helm_json | jq -r '.version // 0'; }
release_is() { [ "$(release_status)" = "$1" ]; }
release_not_pending() { case "$(release_status)" in pending-*|absent) return 1 ;; esac; }
image_values() { "$HELM" get values "$NAME" -n "$NS" -o json 2>/dev/null | jq -r '.operator.image.repository // "none"'; }
lease_gone() { ! k -n "$NS" get lease "$LEASE" > /dev/null 2>&1; }
helm_child() { pgrep -f "helm upgrade --install $NAME " | head -n 1; }
values_files() { find "$TMPDIR" -maxdepth 1 -name 'altinity-deploy-values-*' 2>/dev/null; }
pod_pull_backoff() {
  k -n "$NS" get pods -l "app.kubernetes.io/instance=$NAME" -o json \
    | jq -e '[.items[].status.containerStatuses[]?.state.waiting.reason] | index("ImagePullBackOff") != null'
}
# crd_versions: the distinct values of every */chop label over the four CRDs ("missing" for a
# CRD without one), space-separated.
crd_versions() {
  k get crd "${CRDS[@]}" -o json | jq -r '[.items[] | [(.metadata.labels // {}) | to_entries[]
    | select(.key | endswith("/chop")) | .value] | if length == 0 then "missing" else .[] end] | unique | join(" ")'
}
# crd_hashes: "name=sha256" of the four CRDs, one a line
crd_hashes() {
  k get crd "${CRDS[@]}" -o json \
    | jq -r '.items[] | .metadata.name + "=" + (.metadata.annotations["altinity-deploy/crd-sha256"] // "none")' | sort
}
# crd_has_spec_field CRD FIELD: the v1 schema of CRD has spec.FIELD
crd_has_spec_field() {
  k get crd "$1" -o json | jq -e --arg f "$2" \
    '[.spec.versions[] | select(.name == "v1") | .schema.openAPIV3Schema.properties.spec.properties | has($f)] | any'
}

# Background deployer runs: `start_up TAG ARGS...` runs the binary itself (so that $! is its pid)
# with stdout/stderr in $WORK/TAG.out/.err; `finish_up PID TAG` waits and logs it.
BG_PIDS=()
start_up() {
  local tag=$1; shift
  "$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" "$@" > "$WORK/$tag.out" 2> "$WORK/$tag.err" &
  LAST_PID=$!
  BG_PIDS+=("$LAST_PID")
}
finish_up() {  # finish_up PID TAG -> CODE
  wait "$1"
  CODE=$?
  { echo "\$ [background $2] -> exit $CODE"; sed 's/^/  err| /' "$WORK/$2.err"; } >> "$WORK/deployer.log"
}

# ---- leaving the cluster as found ----------------------------------------------------------------
CRDS_SAVED=""
day2_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${BG_PIDS[@]}"; do
    if kill -0 "$pid" 2> /dev/null; then
      echo "cleanup: stopping background deployer $pid" >&2
      kill -TERM "$pid" 2> /dev/null
      wait "$pid" 2> /dev/null
    fi
  done
  # The CHI: no operator runs here to process a finalizer; remove any, then delete it.
  if k get namespace "$CHI_NS" > /dev/null 2>&1; then
    if k -n "$CHI_NS" get chi "$CHI_NAME" > /dev/null 2>&1; then
      k -n "$CHI_NS" patch chi "$CHI_NAME" --type=merge -p '{"metadata":{"finalizers":null}}' >> "$WORK/cleanup.log" 2>&1
      k -n "$CHI_NS" delete chi "$CHI_NAME" --wait --timeout=30s >> "$WORK/cleanup.log" 2>&1
    fi
    k delete namespace "$CHI_NS" --wait --timeout=60s >> "$WORK/cleanup.log" 2>&1 \
      || echo "cleanup: could not delete namespace $CHI_NS (see $WORK/cleanup.log)" >&2
  fi
  # The CRDs were there before (at some version): put that version back (test 2 changed them).
  if [ -n "$CRDS_SAVED" ] && [ "$(crd_hashes 2>/dev/null)" != "$(cat "$WORK/crd-hashes-before" 2>/dev/null)" ]; then
    jq '.items |= map(del(.status, .metadata.resourceVersion, .metadata.uid, .metadata.creationTimestamp,
          .metadata.generation, .metadata.managedFields, .metadata.selfLink))' "$CRDS_SAVED" \
      | k apply --server-side --force-conflicts --field-manager=altinity-deploy -f - >> "$WORK/cleanup.log" 2>&1 \
      || echo "cleanup: could not restore the operator CRDs as they were (see $WORK/cleanup.log)" >&2
  fi
  [ -z "${DAY2_KEEP_LOG:-}" ] || cp "$WORK/deployer.log" "$DAY2_KEEP_LOG" 2>/dev/null
  (exit "$rc")
  cleanup  # lib.sh's: destroys the release, deletes its namespace, the CRDs when absent before
}
trap day2_cleanup EXIT

# ---- 1 ------------------------------------------------------------------------------------------
begin "1a. plan on a fresh cluster: namespace, release and CRDs listed, exit 2, nothing created"
remember_crds
if [ "$CRDS_BEFORE" != 0 ]; then
  k get crd "${CRDS[@]}" -o json > "$WORK/crds-before.json" 2>/dev/null && CRDS_SAVED="$WORK/crds-before.json"
  crd_hashes > "$WORK/crd-hashes-before"
fi
cleanup_release "$M" "$NAME" "$NS"
namespace_gone "$NS" || fail_now "namespace $NS exists before the test (left over from an earlier run?)"
namespace_gone "$CHI_NS" || fail_now "namespace $CHI_NS exists before the test (left over from an earlier run?)"
write_manifest "$M" "$OLD" 1000m 60 "$GOOD_IMAGE"
cp "$M" "$WORK/m1-before-plan.yaml"
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_match "$OUT" "namespace $NS: will be created"
expect_match "$OUT" "release $NAME: will be installed .*$OLD"
if [ "$CRDS_BEFORE" = 0 ]; then
  for crd in "${CRDS[@]}"; do expect_match "$OUT" "crd $crd: will be created"; done
else
  echo "   (the CRDs were already in the cluster: not checking that plan lists them)"
fi
namespace_gone "$NS" || fail_now "plan created namespace $NS"
"$HELM" status "$NAME" -n "$NS" > /dev/null 2>&1 && fail_now "plan installed release $NAME"
[ "$CRDS_BEFORE" != 0 ] || expect_eq "operator CRDs after plan" "$(crd_count)" 0
expect_same_file "$M" "$WORK/m1-before-plan.yaml"
end

begin "1b. up, then plan --detailed-exitcode exits 0 and a second up adds no revision"
t=$SECONDS
deployer up -f "$M" --fail-fast-after 10s
echo "   (install took $((SECONDS - t))s)"
expect_code 0
expect_eq "release status" "$(release_status)" deployed
rev=$(release_revision)
expect_eq "revision after install" "$rev" 1
deployer plan -f "$M" --detailed-exitcode
expect_code 0
grep -qE "^  [~+-] " "$OUT" && fail_now "plan lists changes right after up"
history_before=$("$HELM" history "$NAME" -n "$NS" -o json 2>/dev/null | jq length)
deployer up -f "$M" --fail-fast-after 10s
expect_code 0
expect_in "$OUT" "no changes"
expect_eq "revision after the second up" "$(release_revision)" "$rev"
expect_eq "helm history entries after the second up" \
  "$("$HELM" history "$NAME" -n "$NS" -o json 2>/dev/null | jq length)" "$history_before"
expect_eq "status.outputs.revision" "$(output revision "$M")" "$rev"
end

begin "1c. a changed value (limits.cpu 1000m -> 1500m): plan --detailed-exitcode exits 2 and names it"
write_manifest "$M" "$OLD" 1500m 60 "$GOOD_IMAGE"
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_match "$OUT" 'operator\.resources\.limits\.cpu: "?1000m"? -> "?1500m"?'
# The plan's own lines (before the object-level section, which lists the Deployment the value changes).
expect_eq "changes listed" "$(sed '/^Objects (/,$d' "$OUT" | grep -cE '^  [~+-] ')" 1
expect_match "$OUT" 'resources\.limits\.cpu: "1000m" -> "1500m"'
expect_in "$OUT" "~ Deployment/"
expect_eq "revision after plan" "$(release_revision)" "$rev"
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2a. up at the old chart version $OLD: CRDs at $OLD"
deployer up -f "$M" --fail-fast-after 10s
expect_code 0
expect_in "$OUT" "upgraded"
expect_eq "revision" "$(release_revision)" $((rev + 1))
expect_eq "CRD version labels" "$(crd_versions 2>&1)" "$OLD"
crd_hashes > "$WORK/crd-hashes-old"
expect_eq "CRDs with the altinity-deploy/crd-sha256 annotation" "$(grep -vc '=none$' "$WORK/crd-hashes-old")" 4
if [ "$UPGRADE_REAL" = 1 ]; then
  crd_has_spec_field "$CHI_CRD" suspend > /dev/null && fail_now "the $OLD CHI CRD already has spec.suspend; pick another 0.26.0-only field"
fi
end

begin "2b. up at the new chart version $NEW: the CRDs carry $NEW"
write_manifest "$M" "$NEW" 1500m 60 "$GOOD_IMAGE"
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_match "$OUT" "$OLD.*->.*$NEW"
for crd in "${CRDS[@]}"; do expect_match "$OUT" "crd $crd: will be updated"; done
t=$SECONDS
deployer up -f "$M" --fail-fast-after 10s
echo "   (upgrade $OLD -> $NEW took $((SECONDS - t))s)"
expect_code 0
expect_eq "chart version in status.outputs" "$(output chartVersion "$M")" "$NEW"
expect_eq "release status" "$(release_status)" deployed
expect_eq "CRD version labels" "$(crd_versions 2>&1)" "$NEW"
crd_hashes > "$WORK/crd-hashes-new"
for crd in "${CRDS[@]}"; do
  old_sha=$(grep "^$crd=" "$WORK/crd-hashes-old"); new_sha=$(grep "^$crd=" "$WORK/crd-hashes-new")
  [ "${new_sha#*=}" != none ] || fail_now "$crd has no altinity-deploy/crd-sha256 annotation"
  [ "$old_sha" != "$new_sha" ] || fail_now "$crd: altinity-deploy/crd-sha256 unchanged by the upgrade"
done
if [ "$UPGRADE_REAL" = 1 ]; then
  # spec.suspend exists only from 0.26.0 (diff of `helm show crds` of both versions)
  check "the CHI CRD's v1 schema has spec.suspend (0.26.0 only)" crd_has_spec_field "$CHI_CRD" suspend
  check "the CHK CRD's v1 schema has spec.suspend (0.26.0 only)" crd_has_spec_field "$CHK_CRD" suspend
fi
deployer plan -f "$M" --detailed-exitcode
expect_code 0
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. helm SIGKILLed mid-upgrade leaves pending-upgrade; the next up rolls it back"
rev=$(release_revision)
cp "$M" "$WORK/m3-stuck.yaml"
write_manifest "$WORK/m3-stuck.yaml" "$NEW" 1500m 300 "$BAD_IMAGE"
start_up stuck up -f "$WORK/m3-stuck.yaml" --fail-fast-after 0
stuck_pid=$LAST_PID
if eventually 40 "helm status says pending-upgrade" release_is pending-upgrade \
   && eventually 10 "a helm upgrade child runs" helm_child; then
  helm_pid=$(helm_child)
  echo "   (SIGKILL to helm $helm_pid)"
  kill -KILL "$helm_pid"
else
  kill -TERM "$stuck_pid" 2> /dev/null
fi
finish_up "$stuck_pid" stuck
[ "$CODE" != 0 ] || fail_now "the up whose helm was killed exited 0"
expect_eq "release status after the SIGKILL" "$(release_status)" pending-upgrade
check "the lock was released by the failed run" lease_gone
deployer plan -f "$M" --detailed-exitcode
expect_code 2
expect_match "$OUT" "release $NAME: .*pending-upgrade"
cp "$M" "$WORK/m3-good.yaml"
deployer up -f "$M" --no-recover --fail-fast-after 10s
expect_code 1
expect_match "$ERR" "stuck in pending-upgrade"
expect_eq "release status after up --no-recover" "$(release_status)" pending-upgrade
expect_same_file "$M" "$WORK/m3-good.yaml"
t=$SECONDS
deployer up -f "$M" --fail-fast-after 10s
echo "   (the recovering up took $((SECONDS - t))s)"
expect_code 0
expect_match "$ERR" "recovered: rolled back"
expect_match "$ERR" "pending-upgrade"
expect_eq "release status" "$(release_status)" deployed
expect_eq "image in helm get values" "$(image_values)" "$GOOD_IMAGE"
"$HELM" history "$NAME" -n "$NS" -o json > "$WORK/history3.json" 2>/dev/null
expect_json "$WORK/history3.json" "any(.[]; .revision == $((rev + 2)) and (.description | test(\"^Rollback to $rev\")))"
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "4a. two ups at once: one upgrades, the other exits 5 naming the holder; one revision more"
write_manifest "$M" "$NEW" 1200m 60 "$GOOD_IMAGE"
cp "$M" "$WORK/m4-a.yaml"; cp "$M" "$WORK/m4-b.yaml"
rev=$(release_revision)
start_up race-a up -f "$WORK/m4-a.yaml" --fail-fast-after 10s; pid_a=$LAST_PID
start_up race-b up -f "$WORK/m4-b.yaml" --fail-fast-after 10s; pid_b=$LAST_PID
finish_up "$pid_a" race-a; code_a=$CODE
finish_up "$pid_b" race-b; code_b=$CODE
echo "   (exit codes: $code_a and $code_b)"
if [ "$code_a" = 0 ] && [ "$code_b" = 5 ]; then winner=race-a; loser=race-b; winner_pid=$pid_a
elif [ "$code_a" = 5 ] && [ "$code_b" = 0 ]; then winner=race-b; loser=race-a; winner_pid=$pid_b
else fail_now "exit codes $code_a and $code_b, expected 0 and 5"; winner=""; fi
if [ -n "$winner" ]; then
  expect_in "$WORK/$winner.out" "upgraded"
  expect_match "$WORK/$loser.err" "locked by [^ ]*/$winner_pid/"
  expect_same_file "$WORK/m4-${loser#race-}.yaml" "$M"   # the locked-out run wrote no status
  cp "$WORK/$winner.err" "$ERR"   # for fail_now's tail
  cp "$WORK/m4-${winner#race-}.yaml" "$M"
fi
expect_eq "revision" "$(release_revision)" $((rev + 1))
expect_eq "release status" "$(release_status)" deployed
check "the lock was released" lease_gone
end

begin "4b. two ups at once with --lock-timeout 120s: both exit 0, the second finds nothing to do"
write_manifest "$M" "$NEW" 1300m 60 "$GOOD_IMAGE"
cp "$M" "$WORK/m4-a.yaml"; cp "$M" "$WORK/m4-b.yaml"
rev=$(release_revision)
start_up wait-a up -f "$WORK/m4-a.yaml" --fail-fast-after 10s --lock-timeout 120s; pid_a=$LAST_PID
start_up wait-b up -f "$WORK/m4-b.yaml" --fail-fast-after 10s --lock-timeout 120s; pid_b=$LAST_PID
finish_up "$pid_a" wait-a; code_a=$CODE
finish_up "$pid_b" wait-b; code_b=$CODE
echo "   (exit codes: $code_a and $code_b)"
{ [ "$code_a" = 0 ] && [ "$code_b" = 0 ]; } || fail_now "exit codes $code_a and $code_b, expected 0 and 0"
cat "$WORK/wait-a.out" "$WORK/wait-b.out" > "$WORK/wait-both.out"
expect_eq "runs that upgraded" "$(grep -c "upgraded" "$WORK/wait-both.out")" 1
expect_eq "runs that found no changes" "$(grep -c "no changes" "$WORK/wait-both.out")" 1
if grep -q "waiting up to" "$WORK/wait-a.err" "$WORK/wait-b.err"; then
  echo "   (one run waited for the other's lock)"
else
  echo "   (the runs did not overlap at the lock: the second planned after the first finished)"
fi
expect_eq "revision" "$(release_revision)" $((rev + 1))
expect_eq "release status" "$(release_status)" deployed
check "the lock was released" lease_gone
cp "$WORK/m4-a.yaml" "$M"
end

# ---- 6 ------------------------------------------------------------------------------------------
begin "6. an unpullable image: the default fail-fast (30 s) stops helm in under 60 s, rolled back"
cp "$M" "$WORK/m6-good.yaml"
write_manifest "$M" "$NEW" 1300m 90 "$BAD_IMAGE"
cp "$M" "$WORK/m6-bad.yaml"
rev=$(release_revision)
t=$SECONDS
deployer up -f "$M"
took=$((SECONDS - t))
echo "   (the failing up took ${took}s)"
expect_code 1
[ "$took" -lt 60 ] || fail_now "up took ${took}s, not under 60 s"
[ "$took" -ge 30 ] || fail_now "up gave up after ${took}s, before the default 30 s of fail-fast"
expect_in "$ERR" "ImagePullBackOff"
expect_match "$ERR" "pod ${NAME}[a-z0-9-]* container altinity-clickhouse-operator: ImagePullBackOff"
expect_same_file "$M" "$WORK/m6-bad.yaml"
expect_eq "release status right after up" "$(release_status)" deployed
expect_eq "image in helm get values" "$(image_values)" "$GOOD_IMAGE"
"$HELM" history "$NAME" -n "$NS" -o json > "$WORK/history6.json" 2>/dev/null
expect_json "$WORK/history6.json" ".[-1].revision == $((rev + 2)) and (.[-1].description | test(\"^Rollback to $rev\"))"
cp "$WORK/m6-good.yaml" "$M"
end

# ---- 7 ------------------------------------------------------------------------------------------
begin "7. SIGTERM to up during helm's wait: exit 130, rolled back, lock released, no temp values file"
rm -f "$TMPDIR"/altinity-deploy-values-*
cp "$M" "$WORK/m7-term.yaml"
write_manifest "$WORK/m7-term.yaml" "$NEW" 1300m 90 "$BAD_IMAGE"
cp "$WORK/m7-term.yaml" "$WORK/m7-term-before.yaml"
rev=$(release_revision)
start_up term up -f "$WORK/m7-term.yaml" --fail-fast-after 0
term_pid=$LAST_PID
eventually 40 "helm status says pending-upgrade" release_is pending-upgrade
eventually 30 "the new operator pod is in ImagePullBackOff" pod_pull_backoff
[ -n "$(values_files)" ] || fail_now "no altinity-deploy-values-* file in TMPDIR while helm runs (TMPDIR not used?)"
t=$SECONDS
kill -TERM "$term_pid"
finish_up "$term_pid" term
echo "   (exited $((SECONDS - t))s after SIGTERM)"
cp "$WORK/term.err" "$ERR"
expect_eq "exit code after SIGTERM" "$CODE" 130
eventually 60 "the release is no longer pending" release_not_pending
expect_eq "release status" "$(release_status)" deployed
expect_eq "image in helm get values" "$(image_values)" "$GOOD_IMAGE"
check "the lock (Lease $LEASE) is gone" lease_gone
expect_eq "altinity-deploy-values-* files left in TMPDIR" "$(values_files | wc -l)" 0
expect_same_file "$WORK/m7-term.yaml" "$WORK/m7-term-before.yaml"
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "5a. destroy refuses while a ClickHouseInstallation exists in a watched namespace"
check "create namespace $CHI_NS" k create namespace "$CHI_NS"
check "create ClickHouseInstallation $CHI_NS/$CHI_NAME" k apply -f - <<EOF
apiVersion: clickhouse.altinity.com/v1
kind: ClickHouseInstallation
metadata:
  name: $CHI_NAME
  namespace: $CHI_NS
spec: {}
EOF
deployer destroy -f "$M"
expect_code 1
expect_in "$ERR" "$CHI_NS/$CHI_NAME (ClickHouseInstallation)"
expect_in "$ERR" "refusing"
check "the operator Deployment still exists" operator_deployment "$NAME" "$NS"
expect_eq "release status" "$(release_status)" deployed
check "the lock was released" lease_gone
grep -q '^status:' "$M" || fail_now "the refused destroy removed the status block"
end

begin "5b. with the ClickHouseInstallation deleted, destroy works"
check "delete ClickHouseInstallation $CHI_NS/$CHI_NAME" k -n "$CHI_NS" delete chi "$CHI_NAME" --wait --timeout=30s
deployer destroy -f "$M"
expect_code 0
"$HELM" status "$NAME" -n "$NS" > /dev/null 2>&1 && fail_now "release $NAME still installed"
namespace_gone "$NS" || fail_now "namespace $NS still exists"
grep -q '^status:' "$M" && fail_now "the status block is still in the manifest"
end

finish
