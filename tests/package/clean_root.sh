# shellcheck shell=bash
# Sourced by the package suites: a clean Debian root to install into, bookworm unless
# `use_suite trixie` (or another Debian release) was called first.
#
# The root is made once with debootstrap (minbase plus the things that read what the
# package installs: bash-completion, zsh, fish, man-db) and cached as a tarball in
# ~/.cache/altinity-deploy; each run unpacks a fresh copy. It holds none of the
# project's libraries (yaml-cpp, fmt, spdlog): the suites check that.
#
# When the root cannot be made or apt cannot reach the mirror (no network), the suite
# does not pass: under CI=true it fails; elsewhere it exits 77, which CTest reports as
# skipped, with the reason printed.

# suite_setup "$@": a suite's DIST_DIR and WORK_DIR arguments as DIST and WORK, the checkout as
# REPO, and VERSION as CMakeLists.txt has it.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suite_setup() {
  # shellcheck disable=SC2034  # used by the suites that source this file
  DIST=${1:?usage: $0 DIST_DIR WORK_DIR}
  WORK=${2:?usage: $0 DIST_DIR WORK_DIR}
  VERSION=$(sed -nE 's/^project\(altinity-deploy VERSION ([0-9.]+).*/\1/p' "$REPO/CMakeLists.txt")
}

ROOT_CACHE_DIR=${ALTINITY_DEPLOY_CACHE:-$HOME/.cache/altinity-deploy}
ROOT_MIRROR=${ALTINITY_DEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT_EXTRA=bash-completion,man-db,zsh,fish
MOUNTED=()

use_suite() {  # use_suite SUITE: the Debian release of the roots made from here on
  ROOT_SUITE=$1
  ROOT_TARBALL="$ROOT_CACHE_DIR/package-test-root-$ROOT_SUITE-minbase-v1.tar"
}
use_suite bookworm

cannot_test() {  # cannot_test REASON: fail under CI, skip loudly elsewhere
  echo "!!! $*" >&2
  if [ "${CI:-}" = true ]; then
    echo "!!! CI=true: the package suite cannot run, and that is a failure" >&2
    exit 1
  fi
  echo "!!! SKIPPED: the package suite did not run (exit 77; CTest shows it as skipped)" >&2
  exit 77
}

ensure_root_tarball() {
  [ -s "$ROOT_TARBALL" ] && return 0
  command -v debootstrap > /dev/null || cannot_test "debootstrap is not installed (scripts/install-deps installs it)"
  [ "$(id -u)" = 0 ] || cannot_test "making and entering a chroot needs root"
  mkdir -p "$ROOT_CACHE_DIR"
  local staging
  staging=$(mktemp -d "$ROOT_CACHE_DIR/package-test-root.XXXXXX")
  echo "making the clean $ROOT_SUITE root (debootstrap --variant=minbase, about 2 minutes; cached in $ROOT_TARBALL)" >&2
  if ! debootstrap --variant=minbase --include="$ROOT_EXTRA" "$ROOT_SUITE" "$staging/root" "$ROOT_MIRROR" \
       > "$staging/debootstrap.log" 2>&1; then
    tail -5 "$staging/debootstrap.log" >&2
    rm -rf "$staging"
    cannot_test "debootstrap of $ROOT_SUITE from $ROOT_MIRROR failed (no network?)"
  fi
  rm -rf "$staging/root/var/cache/apt/archives/"*.deb
  tar -C "$staging/root" --numeric-owner -cf "$staging/root.tar" .
  mv "$staging/root.tar" "$ROOT_TARBALL"
  rm -rf "$staging"
}

# new_root DIR: a fresh copy of the clean root in DIR, with the host's resolver.
new_root() {
  local dir=$1
  umount "$dir/proc" 2> /dev/null || true  # left mounted by a killed run
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -C "$dir" --numeric-owner -xpf "$ROOT_TARBALL"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  if mount -t proc proc "$dir/proc" 2> /dev/null; then MOUNTED+=("$dir/proc"); fi
}

unmount_roots() {
  local m
  for m in "${MOUNTED[@]}"; do umount "$m" 2> /dev/null || umount -l "$m" 2> /dev/null || true; done
  MOUNTED=()
}

in_root() {  # in_root DIR COMMAND...: run COMMAND inside the root, as a login would see it
  local dir=$1
  shift
  chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# The project's libraries must not be in a clean root.
expect_no_project_libraries() {
  local dir=$1 found
  found=$(in_root "$dir" sh -c 'ls /usr/lib/x86_64-linux-gnu/ | grep -E "^lib(yaml-cpp|fmt|spdlog)\." || true')
  [ -z "$found" ] || fail "the clean root already has $found"
}

# --- checks shared by the package suites ---------------------------------------------------
PASSED=0
FAILED=0
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
contains() { grep -qF -- "$2" <<< "$1"; }

# run_examples ROOT COMMAND...: version, validate and render on every example inside ROOT, with
# COMMAND the binary (or qemu-aarch64-static and the binary). Needs VERSION, REPO and WORK.
run_examples() {
  local root=$1 out f name
  shift
  rm -rf "$root/examples" && cp -r "$REPO/examples" "$root/examples"
  out=$(in_root "$root" "$@" version 2>&1)
  check "$* version runs in the clean root" contains "$out" "altinity-deploy $VERSION"
  check "$* version names the commit" contains "$out" "commit:"
  out=$(in_root "$root" "$@" --version 2>&1)
  check "$* --version exits 0 with the version" contains "$out" "altinity-deploy $VERSION"
  for f in "$root"/examples/*.yaml; do
    name=examples/$(basename "$f")
    if in_root "$root" "$@" validate -f "/$name" > "$WORK/out" 2>&1; then pass "$* validate $name"
    else fail "$* validate $name: $(cat "$WORK/out")"; fi
    if in_root "$root" "$@" render --helm-major 3 -f "/$name" > "$WORK/out" 2> "$WORK/err" &&
       grep -q "helm upgrade --install" "$WORK/out"; then pass "$* render --helm-major 3 $name"
    else fail "$* render $name: $(cat "$WORK/err")"; fi
  done
}

# Whether this run built the arm64 downloads: yes unless ALTINITY_DEPLOY_RELEASE_ARCH=amd64 (scripts/test
# passes it to scripts/release). When not, each arm64 check is skipped with this line, never passed,
# and package.arm64_unit reports itself skipped, so scripts/test's closing count shows it.
arm64_wanted() {
  case ${ALTINITY_DEPLOY_RELEASE_ARCH:-all} in
    all | arm64) return 0 ;;
  esac
  echo "!!! SKIPPED (arm64): $1: ALTINITY_DEPLOY_RELEASE_ARCH=${ALTINITY_DEPLOY_RELEASE_ARCH} left the arm64 downloads out of this run" >&2
  return 1
}

finish_suite() {  # the closing count; WORK is removed when all passed, kept for a look otherwise
  echo "$PASSED passed, $FAILED failed"
  if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; exit 0; fi
  echo "the roots are kept for a look: $WORK"
  exit 1
}
