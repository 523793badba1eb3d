# shellcheck shell=bash
# The arm64 cross-build root, shared by scripts/release (the arm64 downloads) and
# scripts/arm64-unit-tests (the unit tests built for arm64 and run under qemu).
# Sourced from the checkout's top folder with REPO and CACHE set.
#
# Why a root of its own: libyaml-cpp-dev is not Multi-Arch: same, so the arm64 -dev
# packages cannot sit beside the amd64 ones on this machine. The root is a Debian bookworm
# minbase (amd64) with Debian's g++-aarch64-linux-gnu and the arm64 -dev packages, made once
# with debootstrap (about 5 minutes) and kept in ~/.cache/altinity-deploy with its own ccache.
# Programs the arm64 build runs go through qemu-aarch64-static (the toolchain's emulator).
MIRROR=${ALTINITY_DEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Bumping the list (or a package in it) makes a new root.
CROSS_HOST_PACKAGES=(g++-aarch64-linux-gnu cmake ninja-build ccache pkgconf file dpkg-dev git)
CROSS_ARM64_PACKAGES=(libyaml-cpp-dev:arm64 libfmt-dev:arm64 libspdlog-dev:arm64 libre2-dev:arm64
                      libyaml-dev:arm64 zlib1g-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
                      libcli11-dev libexpected-dev nlohmann-json3-dev)
CROSS_KEY=$(printf '%s\n' bookworm "${CROSS_HOST_PACKAGES[@]}" "${CROSS_ARM64_PACKAGES[@]}" | sha256sum | cut -c1-12)
CROSS_ROOT=$CACHE/arm64-build-root-$CROSS_KEY
# The one configure of build-arm64/ (release and unit tests build different targets of it).
CROSS_CONFIGURE='cmake -S /src -B /src/build-arm64 -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE=/src/cmake/toolchains/aarch64-linux-gnu.cmake -DCMAKE_BUILD_TYPE=Release \
  -DALTINITY_DEPLOY_PORTABLE=ON -DALTINITY_DEPLOY_BUILD_TESTS=ON -DALTINITY_DEPLOY_WERROR=ON \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache'

# in_cross_root COMMAND...: COMMAND inside the root, with /proc, the checkout at /src and the
# root's ccache at /ccache (keyed on the compiler's content, so a remade root still hits it), in a
# private mount namespace (nothing stays mounted afterwards).
in_cross_root() {
  mkdir -p "$CROSS_ROOT/src" "$CROSS_ROOT/ccache" "$CACHE/ccache-arm64"
  cp /etc/resolv.conf "$CROSS_ROOT/etc/resolv.conf"
  # shellcheck disable=SC2016  # expanded by the inner sh
  unshare --mount --propagation private -- sh -c '
    root=$1 src=$2 ccache=$3; shift 3
    mount -t proc proc "$root/proc" && mount --bind "$src" "$root/src" &&
      mount --bind "$ccache" "$root/ccache" &&
      exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive CCACHE_DIR=/ccache CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content \
        ALTINITY_DEPLOY_COMMIT="${ALTINITY_DEPLOY_COMMIT:-}" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-}" "$@"' \
    sh "$CROSS_ROOT" "$REPO" "$CACHE/ccache-arm64" "$@"
}

# ensure_cross_root WHO: makes the root unless it is ready; WHO names the caller in messages.
ensure_cross_root() {
  local who=$1
  [ -e "$CROSS_ROOT/.ready" ] && return 0
  command -v debootstrap > /dev/null || { echo "$who: arm64 needs debootstrap (scripts/install-deps)" >&2; return 1; }
  [ "$(id -u)" = 0 ] || { echo "$who: making the arm64 build root (debootstrap, chroot) needs root" >&2; return 1; }
  local log=$CACHE/arm64-build-root.log
  echo "$who: making the arm64 build root $CROSS_ROOT (about 5 minutes, once; log: $log)" >&2
  rm -rf "$CROSS_ROOT" "$CACHE"/arm64-build-root-*/  # older roots too
  mkdir -p "$CACHE"
  if ! debootstrap --variant=minbase bookworm "$CROSS_ROOT" "$MIRROR" > "$log" 2>&1 ||
     ! in_cross_root sh -c 'dpkg --add-architecture arm64 && apt-get update -q &&
         apt-get install -y -q --no-install-recommends "$@" && apt-get clean' sh \
         "${CROSS_HOST_PACKAGES[@]}" "${CROSS_ARM64_PACKAGES[@]}" >> "$log" 2>&1; then
    tail -n 15 "$log" >&2
    rm -rf "$CROSS_ROOT"
    echo "$who: could not make the arm64 build root from $MIRROR (no network? see $log)" >&2
    return 1
  fi
  touch "$CROSS_ROOT/.ready"
}

# cross_build WHO TARGET...: configures build-arm64/ in the root and builds TARGETs there.
cross_build() {
  local who=$1; shift
  command -v qemu-aarch64-static > /dev/null ||
    { echo "$who: arm64 needs qemu-aarch64-static (scripts/install-deps installs qemu-user-static)" >&2; return 1; }
  ensure_cross_root "$who" || return 1
  cp "$(command -v qemu-aarch64-static)" "$CROSS_ROOT/usr/bin/qemu-aarch64-static"
  # shellcheck disable=SC2016  # expanded inside the root
  in_cross_root sh -c "$CROSS_CONFIGURE"' > /dev/null && cmake --build /src/build-arm64 --target "$@"' sh "$@"
}
