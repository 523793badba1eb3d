# Sourced by the package suites: a clean Debian bookworm root to install into.
#
# The root is made once with debootstrap (minbase plus the things that read what the
# package installs: bash-completion, zsh, fish, man-db) and cached as a tarball in
# ~/.cache/altinity-deploy; each run unpacks a fresh copy. It holds none of the
# project's libraries (yaml-cpp, fmt, spdlog): the suites check that.
#
# When the root cannot be made or apt cannot reach the mirror (no network), the suite
# does not pass: under CI=true it fails; elsewhere it exits 77, which CTest reports as
# skipped, with the reason printed.
ROOT_CACHE_DIR=${ALTINITY_DEPLOY_CACHE:-$HOME/.cache/altinity-deploy}
ROOT_MIRROR=${ALTINITY_DEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT_EXTRA=bash-completion,man-db,zsh,fish
ROOT_TARBALL="$ROOT_CACHE_DIR/package-test-root-bookworm-minbase-v1.tar"
MOUNTED=()

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
  echo "making the clean bookworm root (debootstrap --variant=minbase, about 2 minutes; cached in $ROOT_TARBALL)" >&2
  if ! debootstrap --variant=minbase --include="$ROOT_EXTRA" bookworm "$staging/root" "$ROOT_MIRROR" \
       > "$staging/debootstrap.log" 2>&1; then
    tail -5 "$staging/debootstrap.log" >&2
    rm -rf "$staging"
    cannot_test "debootstrap of bookworm from $ROOT_MIRROR failed (no network?)"
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
