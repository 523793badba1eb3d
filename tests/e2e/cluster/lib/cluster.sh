# shellcheck shell=bash
# `local-cluster up|down|status|env`. Sourced by ../local-cluster.

NODE_NAME=altinity-deploy-node
CHART_NAME=altinity-clickhouse-operator
MARKER=.altinity-deploy-cluster
# Never contacted: nothing here routes or connects to service or pod addresses.
SERVICE_CIDR=10.96.0.0/24
POD_IP_PREFIX=10.244.0
# start order; `down` stops them in reverse
PROCS=(etcd registry chartrepo kube-apiserver kube-controller-manager kube-scheduler kubelet)

if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=$(command -v python3 || echo python3); fi

parse_dir_arg() {
  CLUSTER_DIR=$DEFAULT_DIR
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; CLUSTER_DIR=$2; shift 2 ;;
      --dir=*) CLUSTER_DIR=${1#--dir=}; shift ;;
      *) die "unknown argument: $1" ;;
    esac
  done
  [[ -n $CLUSTER_DIR ]] || die "empty --dir"
  mkdir -p "$(dirname "$CLUSTER_DIR")"
  CLUSTER_DIR=$(cd "$(dirname "$CLUSTER_DIR")" && pwd)/$(basename "$CLUSTER_DIR")
}

# N free TCP ports on 127.0.0.1 (held open together so they are distinct).
free_ports() {
  "$PYTHON" - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

proc_starttime() { # field 22 of /proc/PID/stat (after the comm field, which may contain spaces)
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  awk '{ print $20 }' <<<"$stat"
}

# start_proc NAME CMD...: own session/process group, detached from our stdio, pid recorded.
start_proc() {
  local name=$1; shift
  setsid "$@" </dev/null >>"$CLUSTER_DIR/logs/$name.log" 2>&1 &
  local pid=$!
  local st
  st=$(proc_starttime "$pid" || echo 0)
  printf '%s %s\n' "$pid" "$st" >"$CLUSTER_DIR/pids/$name.pid"
}

pid_alive() { # pid_alive NAME -> 0 if the recorded process is still the one we started
  local f="$CLUSTER_DIR/pids/$1.pid" pid st cur
  [[ -f $f ]] || return 1
  read -r pid st <"$f" || return 1
  cur=$(proc_starttime "$pid") || return 1
  [[ $st == 0 || $cur == "$st" ]] || return 1
  # a zombie (exited, not yet reaped) counts as gone
  ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}

pid_of() { awk '{print $1}' "$CLUSTER_DIR/pids/$1.pid"; }

# Stop the named processes (default: all) together: SIGTERM to each process group, SIGKILL
# after 10 s, then wait until they are reaped, so that no process, zombie or port is left.
stop_procs() {
  local names=("$@") name pid i alive
  [[ ${#names[@]} -gt 0 ]] || return 0
  local live=() pids=()
  for name in "${names[@]}"; do
    if pid_alive "$name"; then
      pid=$(pid_of "$name")
      live+=("$name"); pids+=("$pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    else
      rm -f "$CLUSTER_DIR/pids/$name.pid"
    fi
  done
  [[ ${#live[@]} -gt 0 ]] || return 0
  for ((i = 0; i < 100; i++)); do
    alive=0
    for name in "${live[@]}"; do pid_alive "$name" && { alive=1; break; }; done
    [[ $alive -eq 1 ]] || break
    sleep 0.1
  done
  for ((i = 0; i < ${#live[@]}; i++)); do
    if pid_alive "${live[$i]}"; then
      warn "${live[$i]} (pid ${pids[$i]}) ignored SIGTERM for 10 s, sending SIGKILL"
      kill -KILL -- "-${pids[$i]}" 2>/dev/null || kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    # stray members of its process group (none expected)
    if pgrep -g "${pids[$i]}" >/dev/null 2>&1; then kill -KILL -- "-${pids[$i]}" 2>/dev/null || true; fi
  done
  # Reap: our own children (a failed `up`) directly; the others are reaped by init, give it 3 s.
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 30; i++)); do
    alive=0
    for pid in "${pids[@]}"; do [[ -e /proc/$pid ]] && { alive=1; break; }; done
    [[ $alive -eq 1 ]] || break
    sleep 0.1
  done
  for name in "${live[@]}"; do rm -f "$CLUSTER_DIR/pids/$name.pid"; done
}

stop_all() {
  local names=() f
  names=("${PROCS[@]}")
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -e $f ]] || continue
    f=$(basename "$f" .pid)
    [[ " ${names[*]} " == *" $f "* ]] || names+=("$f")
  done
  stop_procs "${names[@]}"
}

require_built() {
  local missing=() b
  for b in "${K8S_BINS[@]}"; do [[ -x "$K8S_DIR/bin/$b" ]] || missing+=("$K8S_DIR/bin/$b"); done
  for b in "$HELM3_DIR/helm" "$HELM3_DIR/kubectl" "$HELM4_DIR/helm" "$HELM4_DIR/kubectl"; do
    [[ -x $b ]] || missing+=("$b")
  done
  if [[ ${#missing[@]} -eq 0 && $(cat "$K8S_DIR/bin/RECIPE" 2>/dev/null) != "$K8S_RECIPE" ]]; then
    missing+=("$K8S_DIR/bin built by an older recipe")
  fi
  command -v etcd >/dev/null 2>&1 || missing+=(etcd)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [[ ${#missing[@]} -gt 0 ]]; then
    die "the local cluster is not built (missing: ${missing[*]}). Run: $0 build"
  fi
}

# wait_for WHAT TIMEOUT_S PROC CMD... : poll CMD every 0.2 s; fail early if PROC died.
wait_for() {
  local what=$1 timeout=$2 proc=$3; shift 3
  local deadline
  deadline=$(awk -v t="$timeout" -v n="$(now)" 'BEGIN { printf "%.0f", n + t }')
  until "$@" >/dev/null 2>&1; do
    if [[ -n $proc ]] && ! pid_alive "$proc"; then
      tail -n 20 "$CLUSTER_DIR/logs/$proc.log" >&2 || true
      die "$proc exited while waiting for $what (log: $CLUSTER_DIR/logs/$proc.log)"
    fi
    if (($(date +%s) > deadline)); then
      [[ -z $proc ]] || tail -n 20 "$CLUSTER_DIR/logs/$proc.log" >&2 || true
      die "timed out after ${timeout}s waiting for $what"
    fi
    sleep 0.2
  done
}

api() { # api PATH -> body on stdout, fails on HTTP errors
  curl -sf --max-time 5 --cacert "$CLUSTER_DIR/pki/ca.crt" -H "Authorization: Bearer $(cat "$CLUSTER_DIR/pki/token")" \
    "https://127.0.0.1:$API_PORT$1"
}
api_ready()   { [[ $(api /readyz) == ok ]]; }
node_ready()  { api "/api/v1/nodes/$NODE_NAME" | jq -e '(.status.conditions // [] | any(.type == "Ready" and .status == "True")) and ((.spec.taints // []) | length == 0)'; }
default_sa()  { api /api/v1/namespaces/default/serviceaccounts/default | jq -e '(.secrets // []) | length > 0'; }
etcd_ready()  { curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" | jq -e '.health == "true"'; }
http_ready()  { curl -sf --max-time 2 -o /dev/null "$1"; }

make_pki() {
  local d="$CLUSTER_DIR/pki"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
      -subj "/CN=altinity-deploy-local-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt \
      -days 30 -extfile apiserver.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    openssl rand -hex 32 >token
    printf '%s,admin,admin,"system:masters"\n' "$(cat token)" >tokens.csv
    chmod 0600 ./*.key token tokens.csv
  )
}

write_kubeconfig() {
  local f="$CLUSTER_DIR/kubeconfig"
  ( umask 077
    cat >"$f" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: altinity-deploy-local
    cluster:
      server: https://127.0.0.1:$API_PORT
      certificate-authority: $CLUSTER_DIR/pki/ca.crt
users:
  - name: admin
    user:
      token: $(cat "$CLUSTER_DIR/pki/token")
contexts:
  - name: altinity-deploy-local
    context:
      cluster: altinity-deploy-local
      user: admin
      namespace: default
current-context: altinity-deploy-local
EOF
  )
  chmod 0600 "$f"
}

shared_charts_dir() {
  local d=${ALTINITY_DEPLOY_SHARED_CHARTS:-$REPO/../shared/charts}
  if [[ -d $d ]] && compgen -G "$d/$CHART_NAME-*.tgz" >/dev/null; then
    (cd "$d" && pwd)
  fi
}

# Chart repository content: the real charts (symlinks), the fixture chart and a re-versioned copy.
prepare_charts() {
  local charts="$CLUSTER_DIR/charts" tmp="$CLUSTER_DIR/tmp" shared f
  shared=$(shared_charts_dir)
  SHARED_CHARTS_DIR=$shared
  REAL_CHART_VERSIONS=""
  if [[ -n $shared ]]; then
    for f in "$shared/$CHART_NAME"-*.tgz; do
      ln -sf "$f" "$charts/$(basename "$f")"
      f=$(basename "$f" .tgz)
      REAL_CHART_VERSIONS+="${REAL_CHART_VERSIONS:+ }${f#"$CHART_NAME"-}"
    done
  else
    printf '\n[local-cluster] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '[local-cluster] !!! %s is absent:\n' "${ALTINITY_DEPLOY_SHARED_CHARTS:-$REPO/../shared/charts}" >&2
    printf '[local-cluster] !!! the REAL Altinity charts are NOT served; only the fixture chart %s %s is.\n' "$CHART_NAME" "$FIXTURE_VERSION" >&2
    if [[ ${ALTINITY_DEPLOY_CLUSTER_FOR:-} == quickstart ]]; then
      printf '[local-cluster] !!! The quickstart deploys the published chart from docs.altinity.com if it answers, else this fixture.\n' >&2
    else
      printf '[local-cluster] !!! Tests that need the real charts (e.g. --version 0.23.6) must skip.\n' >&2
    fi
    printf '[local-cluster] !!! To serve the published charts: README.md, "Try it here", the published charts.\n' >&2
    printf '[local-cluster] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
  fi
  [[ -f $FIXTURE_CHART_DIR/Chart.yaml ]] || die "fixture chart missing: $FIXTURE_CHART_DIR"
  "$HELM3_DIR/helm" package "$FIXTURE_CHART_DIR" -d "$charts" >>"$CLUSTER_DIR/logs/charts.log" 2>&1 \
    || die "helm package of the fixture chart failed (see $CLUSTER_DIR/logs/charts.log)"
  # The same fixture re-versioned, for upgrade tests without the real charts.
  rm -rf "$tmp/fixture-upgrade"
  mkdir -p "$tmp/fixture-upgrade"
  cp -r "$FIXTURE_CHART_DIR" "$tmp/fixture-upgrade/$CHART_NAME"
  local up="$tmp/fixture-upgrade/$CHART_NAME"
  sed -i "s/$FIXTURE_VERSION/$FIXTURE_UPGRADE_VERSION/g" "$up/Chart.yaml" "$up"/crds/*.yaml
  "$HELM3_DIR/helm" package "$up" -d "$charts" >>"$CLUSTER_DIR/logs/charts.log" 2>&1 \
    || die "helm package of the re-versioned fixture chart failed (see $CLUSTER_DIR/logs/charts.log)"
  "$HELM3_DIR/helm" repo index "$charts" --url "http://127.0.0.1:$REPO_PORT" >>"$CLUSTER_DIR/logs/charts.log" 2>&1 \
    || die "helm repo index failed (see $CLUSTER_DIR/logs/charts.log)"
}

write_registry_config() {
  cat >"$CLUSTER_DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $CLUSTER_DIR/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

helm_isolated() { # helm with config/cache/data inside the cluster dir
  env HELM_CONFIG_HOME="$CLUSTER_DIR/helm/config" HELM_CACHE_HOME="$CLUSTER_DIR/helm/cache" \
    HELM_DATA_HOME="$CLUSTER_DIR/helm/data" "$@"
}

push_oci() {
  local v pushed=()
  for v in $OCI_PUSH_VERSION $FIXTURE_VERSION; do
    local tgz="$CLUSTER_DIR/charts/$CHART_NAME-$v.tgz"
    [[ -e $tgz ]] || continue
    helm_isolated "$HELM3_DIR/helm" push "$tgz" "oci://127.0.0.1:$REGISTRY_PORT/charts" --plain-http \
      >>"$CLUSTER_DIR/logs/charts.log" 2>&1 || die "helm push $tgz failed (see $CLUSTER_DIR/logs/charts.log)"
    pushed+=("$v")
  done
  OCI_CHART_VERSIONS="${pushed[*]}"
}

# DIR/env, and DIR/bin: helm 3 and its kubectl under their plain names, put first on PATH by the
# env file so that the README's and the quickstart's `altinity-deploy`, `helm` and `kubectl` lines
# run the cluster's tools once it is sourced (Helm 4's: $HELM4, $KUBECTL4).
write_env() {
  local f="$CLUSTER_DIR/env"
  mkdir -p "$CLUSTER_DIR/bin"
  ln -sfn "$HELM3_DIR/helm" "$CLUSTER_DIR/bin/helm"
  ln -sfn "$HELM3_DIR/kubectl" "$CLUSTER_DIR/bin/kubectl"
  cat >"$f" <<EOF
# Generated by tests/e2e/cluster/local-cluster up. Source it: . $f
export CLUSTER_DIR='$CLUSTER_DIR'
export PATH='$CLUSTER_DIR/bin':"\$PATH"
export KUBECONFIG='$CLUSTER_DIR/kubeconfig'
export K8S_SERVER='https://127.0.0.1:$API_PORT'
export K8S_VERSION='$K8S_VERSION'
export K8S_NODE_NAME='$NODE_NAME'
export HELM3='$HELM3_DIR/helm'
export HELM4='$HELM4_DIR/helm'
export KUBECTL3='$HELM3_DIR/kubectl'
export KUBECTL4='$HELM4_DIR/kubectl'
export CHART_NAME='$CHART_NAME'
export CHART_REPO_URL='http://127.0.0.1:$REPO_PORT'
export CHART_REPO_NAME='altinity-deploy-local'
export OCI_REGISTRY='127.0.0.1:$REGISTRY_PORT'
export OCI_CHART_REF='oci://127.0.0.1:$REGISTRY_PORT/charts/$CHART_NAME'
export OCI_CHART_VERSIONS='$OCI_CHART_VERSIONS'
export SHARED_CHARTS_DIR='$SHARED_CHARTS_DIR'
export REAL_CHART_VERSIONS='$REAL_CHART_VERSIONS'
export FIXTURE_CHART_DIR='$FIXTURE_CHART_DIR'
export FIXTURE_CHART_VERSION='$FIXTURE_VERSION'
export FIXTURE_CHART_UPGRADE_VERSION='$FIXTURE_UPGRADE_VERSION'
export FIXTURE_CHART_TGZ='$CLUSTER_DIR/charts/$CHART_NAME-$FIXTURE_VERSION.tgz'
export HELM_CONFIG_HOME='$CLUSTER_DIR/helm/config'
export HELM_CACHE_HOME='$CLUSTER_DIR/helm/cache'
export HELM_DATA_HOME='$CLUSTER_DIR/helm/data'
EOF
}

# The API server on $API_PORT against etcd on $ETCD_PORT (both from $CLUSTER_DIR/ports).
start_apiserver() {
  local pki="$CLUSTER_DIR/pki"
  log "starting kube-apiserver $K8S_VERSION on https://127.0.0.1:$API_PORT"
  start_proc kube-apiserver "$K8S_DIR/bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" \
    --authorization-mode=RBAC --anonymous-auth=false \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --endpoint-reconciler-type=none --profiling=false
}

# start_client NAME: one of the API server's clients (kube-controller-manager, kube-scheduler,
# kubelet, the simulated one).
start_client() {
  local pki="$CLUSTER_DIR/pki"
  case "$1" in
    kube-controller-manager)
      log "starting kube-controller-manager"
      start_proc kube-controller-manager "$K8S_DIR/bin/kube-controller-manager" \
        --kubeconfig="$CLUSTER_DIR/kubeconfig" --leader-elect=false --controllers='*,-nodelifecycle' \
        --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
        --bind-address=127.0.0.1 --secure-port=0 --port=0 --profiling=false ;;
    kube-scheduler)
      log "starting kube-scheduler"
      start_proc kube-scheduler "$K8S_DIR/bin/kube-scheduler" \
        --kubeconfig="$CLUSTER_DIR/kubeconfig" --leader-elect=false \
        --bind-address=127.0.0.1 --secure-port=0 --port=0 --profiling=false ;;
    kubelet)
      log "starting the simulated kubelet for node $NODE_NAME"
      start_proc kubelet "$PYTHON" "$LIB/kubelet.py" --server "https://127.0.0.1:$API_PORT" \
        --ca "$pki/ca.crt" --token-file "$pki/token" --node "$NODE_NAME" --pod-ip-prefix "$POD_IP_PREFIX" ;;
    *) die "start_client: unknown process $1" ;;
  esac
}

cmd_up() {
  parse_dir_arg "$@"
  require_built
  local t0
  t0=$(now)
  if [[ -d $CLUSTER_DIR/pids ]]; then
    local p
    for p in "${PROCS[@]}"; do
      pid_alive "$p" && die "a cluster is already running in $CLUSTER_DIR ($p is alive). Run: $0 down --dir $CLUSTER_DIR"
    done
  fi
  if [[ -e $CLUSTER_DIR ]]; then
    [[ -f $CLUSTER_DIR/$MARKER ]] || [[ -z $(ls -A "$CLUSTER_DIR") ]] \
      || die "$CLUSTER_DIR exists and is not a local-cluster directory; choose another --dir"
    rm -rf "$CLUSTER_DIR"
  fi
  mkdir -p "$CLUSTER_DIR"/{pki,etcd,logs,pids,charts,registry,tmp,helm}
  chmod 0700 "$CLUSTER_DIR" "$CLUSTER_DIR/etcd"
  touch "$CLUSTER_DIR/$MARKER"
  FIXTURE_VERSION=$(awk '$1 == "version:" { print $2; exit }' "$FIXTURE_CHART_DIR/Chart.yaml")
  FIXTURE_UPGRADE_VERSION=0.26.0-fixture

  # If anything below fails, stop what was started (logs stay in $CLUSTER_DIR/logs).
  trap 'rc=$?; if [[ $rc -ne 0 ]]; then warn "up failed; stopping what was started (logs kept in $CLUSTER_DIR/logs; run down to remove)"; stop_all; fi' EXIT

  read -r ETCD_PORT ETCD_PEER_PORT API_PORT REPO_PORT REGISTRY_PORT < <(free_ports 5)
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPI_PORT=%s\nREPO_PORT=%s\nREGISTRY_PORT=%s\n' \
    "$ETCD_PORT" "$ETCD_PEER_PORT" "$API_PORT" "$REPO_PORT" "$REGISTRY_PORT" >"$CLUSTER_DIR/ports"

  log "starting etcd on 127.0.0.1:$ETCD_PORT"
  start_proc etcd etcd --name default --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "default=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    --logger zap --log-outputs stderr --log-level warn

  write_registry_config
  log "starting the OCI registry on 127.0.0.1:$REGISTRY_PORT"
  start_proc registry docker-registry serve "$CLUSTER_DIR/registry.yml"

  make_pki
  write_kubeconfig
  wait_for "etcd" 20 etcd etcd_ready

  start_apiserver

  # While the API server boots: chart repository content and server.
  prepare_charts
  log "starting the chart repository on http://127.0.0.1:$REPO_PORT"
  start_proc chartrepo "$PYTHON" -m http.server "$REPO_PORT" --bind 127.0.0.1 --directory "$CLUSTER_DIR/charts"

  wait_for "kube-apiserver /readyz" 60 kube-apiserver api_ready

  local p
  for p in kube-controller-manager kube-scheduler kubelet; do start_client "$p"; done

  wait_for "the OCI registry" 20 registry http_ready "http://127.0.0.1:$REGISTRY_PORT/v2/"
  push_oci
  wait_for "the chart repository" 20 chartrepo http_ready "http://127.0.0.1:$REPO_PORT/index.yaml"
  helm_isolated "$HELM3_DIR/helm" repo add altinity-deploy-local "http://127.0.0.1:$REPO_PORT" >>"$CLUSTER_DIR/logs/charts.log" 2>&1 \
    || die "helm repo add failed (see $CLUSTER_DIR/logs/charts.log)"

  wait_for "node $NODE_NAME Ready" 30 kubelet node_ready
  wait_for "ServiceAccount default/default with its token" 30 kube-controller-manager default_sa
  for p in "${PROCS[@]}"; do
    pid_alive "$p" || die "$p died during start-up (log: $CLUSTER_DIR/logs/$p.log)"
  done
  write_env
  trap - EXIT
  local example_version=$FIXTURE_VERSION
  [[ " $REAL_CHART_VERSIONS " == *" $OCI_PUSH_VERSION "* ]] && example_version=$OCI_PUSH_VERSION

  cat >&2 <<EOF
[local-cluster] cluster up in $(elapsed "$t0"): Kubernetes $K8S_VERSION at https://127.0.0.1:$API_PORT, node $NODE_NAME Ready
[local-cluster]   chart repo:   http://127.0.0.1:$REPO_PORT  (real charts: ${REAL_CHART_VERSIONS:-NONE}; fixture: $FIXTURE_VERSION $FIXTURE_UPGRADE_VERSION)
[local-cluster]   OCI registry: oci://127.0.0.1:$REGISTRY_PORT/charts/$CHART_NAME  (versions: $OCI_CHART_VERSIONS)
[local-cluster] use it:
[local-cluster]   . $CLUSTER_DIR/env
[local-cluster]   "\$KUBECTL3" get nodes
[local-cluster]   "\$HELM3" upgrade --install op $CHART_NAME --repo "\$CHART_REPO_URL" --version $example_version -n t --create-namespace --wait
[local-cluster]   "\$HELM4" upgrade --install op "\$OCI_CHART_REF" --version $FIXTURE_VERSION --plain-http -n t --create-namespace --server-side=false --wait
[local-cluster] stop it:  $0 down --dir $CLUSTER_DIR
EOF
  echo "$CLUSTER_DIR/env"
}

cmd_down() {
  parse_dir_arg "$@"
  if [[ ! -e $CLUSTER_DIR ]]; then
    log "nothing to do: $CLUSTER_DIR does not exist"
    return 0
  fi
  [[ -f $CLUSTER_DIR/$MARKER ]] || die "$CLUSTER_DIR is not a local-cluster directory (no $MARKER); not touching it"
  stop_all
  rm -rf "$CLUSTER_DIR"
  log "cluster stopped and $CLUSTER_DIR removed"
}

cmd_status() {
  parse_dir_arg "$@"
  if [[ ! -f $CLUSTER_DIR/$MARKER ]]; then
    echo "no cluster in $CLUSTER_DIR"
    return 1
  fi
  # shellcheck disable=SC1091
  source "$CLUSTER_DIR/ports"
  local p rc=0
  for p in "${PROCS[@]}"; do
    if pid_alive "$p"; then
      printf '%-24s running (pid %s)\n' "$p" "$(pid_of "$p")"
    else
      printf '%-24s NOT running\n' "$p"; rc=1
    fi
  done
  if api_ready; then echo "kube-apiserver           https://127.0.0.1:$API_PORT ready"; else echo "kube-apiserver           not ready"; rc=1; fi
  if node_ready >/dev/null 2>&1; then echo "node $NODE_NAME  Ready"; else echo "node $NODE_NAME  NOT Ready"; rc=1; fi
  [[ -f $CLUSTER_DIR/env ]] && echo "env file                 $CLUSTER_DIR/env"
  return $rc
}

# `local-cluster apiserver stop|start [--dir DIR]`: take the API server away
# and bring it back (same port, certificates and etcd data), to test what
# clients do when it is lost mid-run. `stop` kills it with SIGKILL, as a
# crashed or unreachable server looks to a client (no graceful goodbye); the
# other components keep running and reconnect after `start`, which also
# restarts any of them that gave up meanwhile (the simulated kubelet exits
# after 20 s without the API server) and waits until the node is Ready again.
cmd_apiserver() {
  local action=${1:-}
  [[ $# -gt 0 ]] && shift
  parse_dir_arg "$@"
  [[ -f $CLUSTER_DIR/$MARKER && -f $CLUSTER_DIR/ports ]] || die "no cluster in $CLUSTER_DIR"
  # shellcheck disable=SC1091
  source "$CLUSTER_DIR/ports"
  case "$action" in
    stop)
      if pid_alive kube-apiserver; then
        local pid
        pid=$(pid_of kube-apiserver)
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 50; i++)); do pid_alive kube-apiserver || break; sleep 0.1; done
        pid_alive kube-apiserver && die "kube-apiserver (pid $pid) survived SIGKILL"
        rm -f "$CLUSTER_DIR/pids/kube-apiserver.pid"
      fi
      log "kube-apiserver stopped; https://127.0.0.1:$API_PORT refuses connections"
      ;;
    start)
      require_built
      pid_alive kube-apiserver && die "kube-apiserver is already running in $CLUSTER_DIR"
      start_apiserver
      wait_for "kube-apiserver /readyz" 60 kube-apiserver api_ready
      local p
      for p in kube-controller-manager kube-scheduler kubelet; do pid_alive "$p" || start_client "$p"; done
      wait_for "node $NODE_NAME Ready" 30 kubelet node_ready
      log "kube-apiserver ready again on https://127.0.0.1:$API_PORT"
      ;;
    *) die "usage: local-cluster apiserver stop|start [--dir DIR]" ;;
  esac
}

cmd_env() {
  parse_dir_arg "$@"
  [[ -f $CLUSTER_DIR/env ]] || die "no running cluster in $CLUSTER_DIR (run: $0 up --dir $CLUSTER_DIR)"
  echo "$CLUSTER_DIR/env"
}
