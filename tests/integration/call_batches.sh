# Sourced by suites after lib.sh. altinity-deploy runs independent read-only
# calls side by side, so within such a batch the order of the calls in
# $FAKE_LOG is free; the batches themselves follow one another.

# expect_batches CALL... [-- CALL...]...: the calls exactly, batch by batch
# ("--" between batches), in any order within a batch.
BACKGROUND_WATCH_CALLS='^kubectl (get pods,replicasets|replace --filename - --output json)( |$)'
expect_batches() {
  local want="" got="" start=0 line
  local -a batch=() log=()
  # The background watchers' calls during helm's wait (the fail-fast poll of pods and the lock's
  # renewal) come as often as time passes, so a slow machine adds them; they are left out here and
  # checked by their own cases (failure_handling_test.sh, up_test.sh's lock renewal).
  mapfile -t log < <(grep -vE "$BACKGROUND_WATCH_CALLS" "$FAKE_LOG")
  _end_batch() {
    want+="$(printf '%s\n' "${batch[@]}" | sort)"$'\n--\n'
    got+="$(printf '%s\n' "${log[@]:start:${#batch[@]}}" | sort)"$'\n--\n'
    start=$((start + ${#batch[@]}))
    batch=()
  }
  for line in "$@"; do
    if [ "$line" = "--" ]; then _end_batch; else batch+=("$line"); fi
  done
  _end_batch
  if [ "$start" -lt "${#log[@]}" ]; then got+="$(printf '%s\n' "${log[@]:start}")"$'\n'; fi
  [ "$want" = "$got" ] || { fail_now "calls differ (batch by batch, sorted within a batch):"; diff <(echo "$want") <(echo "$got"); }
}

# The calls plan and up start with, in one batch with their reads (the API
# server's version is asked only with -v or when a read failed; status and
# destroy, which read nothing in that batch, ask it there too).
CONNECT_CALLS=(
  "helm version --template {{.Version}}"
  "kubectl config view --minify --output json"
)
SERVER_VERSION_CALL="kubectl get --raw /version --request-timeout=30s"
# The same batch in a run after another one with the same helm, kubectl,
# kubeconfig and chart: `helm version`, `kubectl config view` (and `helm
# show crds`, see plan_calls) answered from the read cache.
CACHED_CONNECT_CALLS=()

# up and status look, in their first batch, for the local test cluster's
# simulated node (actions/simulated_kubelet).
SIMULATED_NODES_CALL="kubectl get nodes --selector altinity-deploy/simulated=true --ignore-not-found --output json --request-timeout=30s"

# plan and up read the release's live objects by Helm's instance label, in their first batch
# (drift detection on, the default): live_objects_call RELEASE NAMESPACE.
live_objects_call() {
  echo "kubectl get configmaps,secrets,services,serviceaccounts,deployments.apps,roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,clusterroles.rbac.authorization.k8s.io,clusterrolebindings.rbac.authorization.k8s.io --selector app.kubernetes.io/instance=$1 --namespace $2 --ignore-not-found --output json --request-timeout=30s"
}

# plan and up look for another operator among every release, in their first batch.
OTHER_OPERATORS_CALL="helm list --all-namespaces --deployed --failed --pending --max 0 --output json"

# plan_calls RELEASE NAMESPACE SHOW_CRDS_WORDS [cached] [no-drift | remembered REF...]: the
# plan's reads, one call per line. SHOW_CRDS_WORDS empty: createCrds is false. "cached":
# the chart's CRDs come from the read cache (no `helm show crds`). "no-drift":
# driftDetection.mode disabled (no live objects read). "remembered REF...": the read cache
# holds the refs (KIND[.GROUP]/NAME) of the release's stored objects from the last run: they are
# read by name with the namespace and the CRDs, and there is no label read.
plan_calls() {
  local release=$1 ns=$2 show=$3 cached=${4:-} drift=${5:-} objects="namespace/$2"
  shift $(( $# < 5 ? $# : 5 ))
  local remembered=("$@")
  if [ -n "$show" ]; then
    objects+=" customresourcedefinition/clickhouseinstallations.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhouseinstallationtemplates.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhouseoperatorconfigurations.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhousekeeperinstallations.clickhouse-keeper.altinity.com"
  fi
  echo "helm history $release --namespace $ns --max 1 --output json"
  echo "helm status $release --namespace $ns --output json"  # values and stored manifest
  if [ "$drift" = remembered ]; then
    echo "kubectl get $objects ${remembered[*]} --namespace $ns --ignore-not-found --output json --request-timeout=30s"
  else
    echo "kubectl get $objects --ignore-not-found --output json --request-timeout=30s"
  fi
  echo "$OTHER_OPERATORS_CALL"
  if [ -z "$drift" ]; then live_objects_call "$release" "$ns"; fi
  if [ -n "$show" ] && [ -z "$cached" ]; then echo "helm show crds $show"; fi
}

# Calls that change something in the cluster.
CHANGING_CALLS='^(helm (upgrade|install|uninstall|rollback)|kubectl (apply|create|replace|patch|delete|label|annotate))'
expect_no_changing_call() {
  ! grep -qE "$CHANGING_CALLS" "$FAKE_LOG" || fail_now "a changing call was started: $(grep -E "$CHANGING_CALLS" "$FAKE_LOG" | head -1)"
}
