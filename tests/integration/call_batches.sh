# Sourced by suites after lib.sh. altinity-deploy runs independent read-only
# calls side by side, so within such a batch the order of the calls in
# $FAKE_LOG is free; the batches themselves follow one another.

# expect_batches CALL... [-- CALL...]...: the calls exactly, batch by batch
# ("--" between batches), in any order within a batch.
expect_batches() {
  local want="" got="" start=0 line
  local -a batch=() log=()
  mapfile -t log < "$FAKE_LOG"
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

# The calls every command against the cluster starts with (plan and up add
# their reads to the same batch).
CONNECT_CALLS=(
  "helm version --template {{.Version}}"
  "kubectl config view --minify --output json"
  "kubectl get --raw /version --request-timeout=30s"
)

# plan_calls RELEASE NAMESPACE SHOW_CRDS_WORDS: the plan's reads, one call
# per line. SHOW_CRDS_WORDS empty: createCrds is false.
plan_calls() {
  local release=$1 ns=$2 show=$3 objects="namespace/$2"
  if [ -n "$show" ]; then
    objects+=" customresourcedefinition/clickhouseinstallations.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhouseinstallationtemplates.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhouseoperatorconfigurations.clickhouse.altinity.com"
    objects+=" customresourcedefinition/clickhousekeeperinstallations.clickhouse-keeper.altinity.com"
  fi
  echo "helm history $release --namespace $ns --max 1 --output json"
  echo "helm status $release --namespace $ns --output json"  # values and stored manifest
  echo "kubectl get $objects --ignore-not-found --output json --request-timeout=30s"
  if [ -n "$show" ]; then echo "helm show crds $show"; fi
}

# Calls that change something in the cluster.
CHANGING_CALLS='^(helm (upgrade|install|uninstall|rollback)|kubectl (apply|create|replace|patch|delete|label|annotate))'
expect_no_changing_call() {
  ! grep -qE "$CHANGING_CALLS" "$FAKE_LOG" || fail_now "a changing call was started: $(grep -E "$CHANGING_CALLS" "$FAKE_LOG" | head -1)"
}
