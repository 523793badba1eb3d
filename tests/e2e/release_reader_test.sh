#!/usr/bin/env bash
# The release reader (issue 10; docs/how-up-works.md, "Reading the release") against releases the
# real helm of one Helm major writes on the local Kubernetes 1.20 cluster. In each state `plan -o json`
# and `status -o json` answer the same with the default reader (one `kubectl get` of the release's
# Secrets) as with ALTINITY_DEPLOY_RELEASE_READER=helm (helm history + helm status), and -v shows that
# the default run read the Secrets and asked helm nothing about the release:
#   1. not installed
#   2. installed (by up)
#   3. upgraded (values changed by up: revision 2)
#   4. failed (helm upgrade to an image that never pulls, with a short --timeout)
#   5. pending-upgrade (helm SIGKILLed mid-upgrade), and pending-install (a first install SIGKILLed)
#   7. uninstalled with history (helm uninstall --keep-history)
# The fallbacks: the default reader asks helm, says why with -v, and answers as the helm reader does:
#   6. a tampered release Secret (helm skips a record it cannot decode: both answer with the newest
#      readable revision)
#   8. an account that may not list Secrets (helm needs them too: both fail the same clear way)
#   9. HELM_DRIVER=configmap (a release Helm keeps in ConfigMaps)
#
#   bash tests/e2e/release_reader_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-reader-h$MAJOR
NS=e2e-reader-h$MAJOR
M="$WORK/op.yaml"
CM_NAME=e2e-reader-cm-h$MAJOR
CM_NS=e2e-reader-cm-h$MAJOR
CM_M="$WORK/cm.yaml"
PI_NAME=e2e-reader-pi-h$MAJOR
PI_NS=e2e-reader-pi-h$MAJOR
PI_M="$WORK/pi.yaml"
# The account of test 8 and its grants (the cluster-scoped ones are removed at exit).
LIMITED=e2e-reader-no-secrets-h$MAJOR
LIMITED_KUBECONFIG="$WORK/no-secrets.kubeconfig"
CHART=(altinity-clickhouse-operator --repo "$CHART_REPO_URL" --version "$CHART_VERSION")
BAD_IMAGE=altinity/does-not-exist-operator

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "reading releases of the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

release_manifest "$M" "$NAME" "$NS"
release_manifest "$CM_M" "$CM_NAME" "$CM_NS"
release_manifest "$PI_M" "$PI_NAME" "$PI_NS"

h() { "$HELM" "$@"; }
release_status() { h status "${1:-$NAME}" -n "${2:-$NS}" -o json 2>/dev/null | jq -r '.info.status // "absent"'; }
release_is() { [ "$(release_status "${@:2}")" = "$1" ]; }  # release_is STATUS [RELEASE NAMESPACE]
# kill_helm_when PID STATUS [RELEASE NAMESPACE]: SIGKILL helm (PID) once the release is STATUS.
kill_helm_when() {
  local pid=$1; shift
  if eventually 60 "helm status says $1" release_is "$@"; then kill -KILL "$pid" 2>/dev/null
  else kill -TERM "$pid" 2>/dev/null; fi
  wait "$pid" 2>/dev/null
}
# The newest of the release's Secrets (Helm's record of its newest revision).
newest_secret() {
  k get secrets -n "$NS" -l "owner=helm,name=$NAME" -o json \
    | jq -er '.items | max_by(.metadata.labels.version | tonumber) | .metadata.name'
}

# read_with READER VERB TAG [ARGS...]: `VERB -f $M -o json -v ARGS` with READER `secrets` (the
# default) or `helm` (ALTINITY_DEPLOY_RELEASE_READER=helm); stdout, stderr and the exit code kept as
# $WORK/TAG.READER.{json,err,code}.
read_with() {
  local reader=$1 verb=$2 tag=$3; shift 3
  if [ "$reader" = helm ]; then
    ALTINITY_DEPLOY_RELEASE_READER=helm deployer "$verb" -o json -v "$@"
  else
    deployer "$verb" -o json -v "$@"
  fi
  cp "$OUT" "$WORK/$tag.$reader.json"
  cp "$ERR" "$WORK/$tag.$reader.err"
  echo "$CODE" > "$WORK/$tag.$reader.code"
}

# The reader's own calls, as -v prints them (the binary's path before them).
READER_HELM_CALLS="helm (history|status) $NAME "

# What may differ between two runs: the API server's uid and creation time of a dry-run object that
# drift shows in place of a deleted one (each plan generates it anew), and for a release
# helm installed without an operator password the fingerprint of the one each plan generates anew
# (as a value change, and as the Deployment's pod annotation in the object-level plan).
SAME='walk(if type == "object" and (.metadata | type) == "object"
              then .metadata |= del(.uid, .creationTimestamp) else . end)
      | (.changes[]? | select(.subject == "podAnnotations.altinity-deploy/operator-login-fingerprint"))
        |= del(.after, .text)
      | (.objects[]?.changes[]? | select(.path | test("operator-login-fingerprint"))) |= del(.after)'

# same_answers VERB TAG HOW [ARGS...]: VERB with both readers; the same exit code and the same JSON.
# HOW `secrets`: the default run read the release's Secrets (one kubectl get) and ran neither
# `helm history` nor `helm status` of the release. Any other HOW: the default run fell back, and its
# -v line says why with HOW in it.
same_answers() {
  local verb=$1 tag=$2 how=$3; shift 3
  read_with secrets "$verb" "$tag" "$@"
  read_with helm "$verb" "$tag" "$@"
  local mine="$WORK/$tag.secrets" helms="$WORK/$tag.helm" release=${READ_RELEASE:-$NAME}
  expect_eq "$verb exit code, default reader vs helm reader" "$(cat "$mine.code")" "$(cat "$helms.code")"
  expect_json_contract "$mine.json" "$(cat "$mine.code")"
  if ! diff <(jq -S "$SAME" "$mine.json") <(jq -S "$SAME" "$helms.json") > "$WORK/$tag.diff"; then
    fail_now "$verb -o json differs between the readers (< default, > helm):"
    head -n 40 "$WORK/$tag.diff"
  fi
  grep -qE -- "$READER_HELM_CALLS|helm history $release " "$helms.err" \
    || fail_now "the helm reader's run ran no helm history ($helms.err)"
  if [ "$how" = secrets ]; then
    expect_in "$mine.err" "release '$release': read from its Secrets"
    # plan reads every current record in all namespaces (the other-operator look), which holds the
    # release's too; status reads its namespace's Secrets.
    if [ "$verb" = plan ]; then
      expect_in "$mine.err" "kubectl get secrets --all-namespaces --selector 'owner=helm,status!=superseded' "
    else
      expect_in "$mine.err" "kubectl get secrets --selector owner=helm,name=$release "
    fi
    if grep -E -- "helm (history|status) $release " "$mine.err"; then
      fail_now "the default reader's run asked helm about the release"
    fi
  else
    grep -qF -- "release '$release': not read from its Secrets (" "$mine.err" \
      || fail_now "-v does not say why the Secrets were not read ($mine.err)"
    grep -F -- "release '$release': not read from its Secrets (" "$mine.err" | grep -qF -- "$how" \
      || fail_now "the fallback's reason does not mention '$how': $(grep -F "not read from its Secrets" "$mine.err")"
    expect_in "$mine.err" "asking helm"
  fi
}
both_verbs() {  # both_verbs TAG HOW: same_answers for plan and status of $M
  same_answers plan "$1.plan" "$2" -f "$M"
  same_answers status "$1.status" "$2" -f "$M"
}

# Cluster-scoped grants of test 8, removed whatever happens; then lib.sh's cleanup.
reader_cleanup() {
  local rc=$?
  k delete clusterrolebinding "$LIMITED" --ignore-not-found > /dev/null 2>&1
  k delete clusterrole "$LIMITED" --ignore-not-found > /dev/null 2>&1
  (exit "$rc")
  cleanup
}
trap reader_cleanup EXIT

remember_crds
cleanup_release "$M" "$NAME" "$NS"
cleanup_release "$CM_M" "$CM_NAME" "$CM_NS"
cleanup_release "$PI_M" "$PI_NAME" "$PI_NS"

# ---- 1 ------------------------------------------------------------------------------------------
begin "1. not installed: both readers answer the same"
both_verbs absent secrets
expect_json "$WORK/absent.status.secrets.json" '.installed == false'
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "2. installed by up: the same plan and status, read from the release's Secret"
deployer up -f "$M" --no-write-status
expect_code 0
both_verbs installed secrets
expect_json "$WORK/installed.status.secrets.json" '.installed and .helmStatus == "deployed" and .revision == 1'
expect_json "$WORK/installed.plan.secrets.json" '.changesPending == false'
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "3. upgraded (values changed, revision 2): the same plan (the values back) and status"
release_manifest "$WORK/op2.yaml" "$NAME" "$NS" "  container:
    resources:
      requests: {cpu: 150m, memory: 300Mi}"
deployer up -f "$WORK/op2.yaml" --no-write-status
expect_code 0
both_verbs upgraded secrets
expect_json "$WORK/upgraded.status.secrets.json" '.helmStatus == "deployed" and .revision == 2'
expect_json "$WORK/upgraded.plan.secrets.json" '.changesPending and any(.changes[]; .kind == "value")'
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "4. failed (an image that never pulls, helm's own short --timeout): the same answers"
h upgrade "$NAME" "${CHART[@]}" -n "$NS" --reuse-values --set "operator.image.repository=$BAD_IMAGE" \
  --wait --timeout 15s > "$WORK/failed-upgrade.log" 2>&1 \
  && fail_now "helm upgrade to an image that never pulls succeeded"
expect_eq "release status after the failed upgrade" "$(release_status)" failed
both_verbs failed secrets
expect_json "$WORK/failed.status.secrets.json" '.helmStatus == "failed" and .revision == 3'
expect_json "$WORK/failed.plan.secrets.json" 'any(.changes[]; .kind == "releaseStatus")'
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "5. pending-upgrade and pending-install (helm SIGKILLed): the same answers"
h upgrade "$NAME" "${CHART[@]}" -n "$NS" --reuse-values --set "operator.image.repository=$BAD_IMAGE-2" \
  --wait --timeout 300s > "$WORK/pending-upgrade.log" 2>&1 &
kill_helm_when $! pending-upgrade
expect_eq "release status after the SIGKILL" "$(release_status)" pending-upgrade
both_verbs pending secrets
expect_json "$WORK/pending.status.secrets.json" '.helmStatus == "pending-upgrade" and .revision == 4'
# A first install killed: revision 1 pending-install, nothing deployed before it. Helm 4 installs
# with client-side apply here (server-side fails on this API server, see deploy_test.sh).
[ "$MAJOR" = 4 ] && PI_APPLY=(--server-side=false) || PI_APPLY=()
h install "$PI_NAME" "${CHART[@]}" -n "$PI_NS" --create-namespace "${PI_APPLY[@]}" \
  --set "operator.image.repository=$BAD_IMAGE" --wait --timeout 300s > "$WORK/pending-install.log" 2>&1 &
kill_helm_when $! pending-install "$PI_NAME" "$PI_NS"
expect_eq "release status after the SIGKILL" "$(release_status "$PI_NAME" "$PI_NS")" pending-install
M_SAVED=$M
M=$PI_M
READ_RELEASE=$PI_NAME both_verbs pending-install secrets
expect_json "$WORK/pending-install.status.secrets.json" '.helmStatus == "pending-install" and .revision == 1'
expect_json "$WORK/pending-install.plan.secrets.json" 'any(.changes[]; .kind == "releaseStatus" and .before == "pending-install")'
M=$M_SAVED
h uninstall "$PI_NAME" -n "$PI_NS" --wait --timeout 120s > "$WORK/pending-install-uninstall.log" 2>&1 \
  || fail_now "helm uninstall of the pending-install release failed: $(tail -n 3 "$WORK/pending-install-uninstall.log")"
k delete namespace "$PI_NS" --wait --timeout=120s > /dev/null || fail_now "could not delete namespace $PI_NS"
end

# ---- 6 ------------------------------------------------------------------------------------------
begin "6. a tampered release Secret: the fallback, said with -v; the same answers as helm's"
# helm skips a record it cannot decode: both readers answer with the newest readable revision.
SECRET=$(newest_secret) || fail_now "no release Secret of $NAME"
k get secret "$SECRET" -n "$NS" -o json | jq 'del(.metadata.resourceVersion)' > "$WORK/saved-secret.json"
GARBAGE=$(printf 'not a release record' | base64 -w0)
k patch secret "$SECRET" -n "$NS" --type=json \
  -p "[{\"op\":\"replace\",\"path\":\"/data/release\",\"value\":\"$GARBAGE\"}]" > /dev/null \
  || fail_now "could not patch $SECRET"
same_answers plan tampered.plan "not a Helm release record" -f "$M"
same_answers status tampered.status "not a Helm release record" -f "$M"
expect_json "$WORK/tampered.status.secrets.json" '.helmStatus == "failed" and .revision == 3'
k replace -f "$WORK/saved-secret.json" > /dev/null || fail_now "could not restore $SECRET"
deployer status -f "$M" -o json
expect_code 0
expect_json "$OUT" '.helmStatus == "pending-upgrade" and .revision == 4'
end

# ---- 7 ------------------------------------------------------------------------------------------
begin "7. uninstalled with history (helm uninstall --keep-history): the same answers"
# Deployed again first (up recovers the pending release), so that a deployed release is uninstalled.
deployer up -f "$M" --no-write-status
expect_code 0
h uninstall "$NAME" -n "$NS" --keep-history --timeout 120s > "$WORK/uninstall.log" 2>&1 \
  || fail_now "helm uninstall --keep-history failed: $(tail -n 3 "$WORK/uninstall.log")"
expect_eq "release status after uninstall --keep-history" "$(release_status)" uninstalled
both_verbs uninstalled secrets
expect_json "$WORK/uninstalled.status.secrets.json" '.helmStatus == "uninstalled"'
expect_json "$WORK/uninstalled.plan.secrets.json" 'any(.changes[]; .kind == "release" and .action == "create")'
end

# ---- 8 ------------------------------------------------------------------------------------------
begin "8. an account that may not list Secrets: the fallback, said with -v; the same answer as helm's"
# What plan and status read besides the release: the namespace, the CRDs, the operator's Deployment.
k apply -f - > "$WORK/rbac.log" 2>&1 <<EOF || fail_now "could not create the limited account: $(tail -n 3 "$WORK/rbac.log")"
apiVersion: v1
kind: ServiceAccount
metadata: {name: $LIMITED, namespace: $NS}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: $LIMITED}
rules:
  - {apiGroups: [""], resources: [namespaces], verbs: [get, list]}
  - {apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: $LIMITED}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: $LIMITED}
subjects: [{kind: ServiceAccount, name: $LIMITED, namespace: $NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: $LIMITED, namespace: $NS}
rules:
  - {apiGroups: [apps], resources: [deployments], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: $LIMITED, namespace: $NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: $LIMITED}
subjects: [{kind: ServiceAccount, name: $LIMITED, namespace: $NS}]
EOF
# Kubernetes 1.20 gives each ServiceAccount a token Secret; the kubeconfig holding it is 0600.
sa_token_secret() { k get serviceaccount "$LIMITED" -n "$NS" -o jsonpath='{.secrets[0].name}' | grep .; }
eventually 60 "the ServiceAccount has its token" sa_token_secret
(umask 077 && cp "$KUBECONFIG" "$LIMITED_KUBECONFIG")
USER_NAME=$(k config view --kubeconfig "$LIMITED_KUBECONFIG" -o jsonpath='{.contexts[0].context.user}')
k config set-credentials "$USER_NAME" --kubeconfig "$LIMITED_KUBECONFIG" \
  --token="$(k get secret "$(sa_token_secret)" -n "$NS" -o jsonpath='{.data.token}' | base64 -d)" > /dev/null
check "the account may not list Secrets" bash -c "! '$KUBECTL' --kubeconfig '$LIMITED_KUBECONFIG' -n '$NS' get secrets"
check "the account may read the namespace" "$KUBECTL" --kubeconfig "$LIMITED_KUBECONFIG" get namespace "$NS"
KUBECONFIG=$LIMITED_KUBECONFIG same_answers plan no-rbac.plan forbidden -f "$M"
KUBECONFIG=$LIMITED_KUBECONFIG same_answers status no-rbac.status forbidden -f "$M"
for verb in plan status; do
  expect_json "$WORK/no-rbac.$verb.secrets.json" '.ok == false and (.error | test("forbidden"))'
done
end

# ---- 9 ------------------------------------------------------------------------------------------
begin "9. HELM_DRIVER=configmap: helm keeps the release in ConfigMaps; the reader asks helm, says why"
HELM_DRIVER=configmap deployer up -f "$CM_M" --no-write-status
expect_code 0
check "the release is in ConfigMaps" bash -c "'$KUBECTL' get configmaps -n '$CM_NS' -l 'owner=helm,name=$CM_NAME' -o name | grep -q ."
check "and not in Secrets" bash -c "! '$KUBECTL' get secrets -n '$CM_NS' -l 'owner=helm,name=$CM_NAME' -o name | grep -q ."
M_SAVED=$M
M=$CM_M
HELM_DRIVER=configmap READ_RELEASE=$CM_NAME both_verbs configmap "HELM_DRIVER=configmap"
expect_json "$WORK/configmap.status.secrets.json" '.installed and .helmStatus == "deployed" and .revision == 1'
expect_json "$WORK/configmap.plan.secrets.json" '.changesPending == false'
# Without HELM_DRIVER both look for Secrets: neither finds the release.
READ_RELEASE=$CM_NAME both_verbs configmap-unset secrets
expect_json "$WORK/configmap-unset.status.secrets.json" '.installed == false'
HELM_DRIVER=configmap deployer destroy -f "$CM_M"
expect_code 0
M=$M_SAVED
end

finish
