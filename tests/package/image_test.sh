#!/usr/bin/env bash
# The container image scripts/release saved as build/dist/altinity-deploy-VERSION-image.oci.tar.
# Containers cannot run in this sandbox (crun's setrlimit is refused), so each platform's image
# is unpacked from the OCI archive itself (its layers, in order, as `podman export` would give
# them) and its entrypoint is run with chroot as the image's user, the manifests mounted
# read-only at /work as `podman run -v "$PWD:/work"` would:
#   - the config: a non-root User, the static binary as Entrypoint, WorkingDir /work, the labels;
#   - amd64 directly, arm64 under qemu-aarch64-static: --version, validate of a mounted manifest,
#     a bad manifest refused with its located error; nothing but the binary and its files inside.
#
#   image_test.sh DIST_DIR WORK_DIR
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/package/clean_root.sh
source "$HERE/clean_root.sh"
suite_setup "$@"

ARCHIVE=$DIST/altinity-deploy-$VERSION-image.oci.tar
[ -s "$ARCHIVE" ] || { echo "FAIL: no $ARCHIVE (scripts/release makes it)"; exit 1; }
[ "$(id -u)" = 0 ] || cannot_test "chroot needs root"
rm -rf "$WORK" && mkdir -p "$WORK/layout" "$WORK/manifests"
tar -xf "$ARCHIVE" -C "$WORK/layout" || { echo "FAIL: $ARCHIVE is not a tar archive"; exit 1; }
cp "$REPO/examples/basic.yaml" "$WORK/manifests/"
sed 's/^  namespace: .*/  namespace: Not_A_Namespace/' "$REPO/examples/basic.yaml" > "$WORK/manifests/bad.yaml"

# in_image ROOTFS USER COMMAND...: COMMAND chrooted into ROOTFS as USER (uid:gid), with
# WORK/manifests bind-mounted read-only at /work, in a private mount namespace.
in_image() {
  local rootfs=$1 user=$2
  shift 2
  # shellcheck disable=SC2016  # expanded by the inner sh
  unshare --mount --propagation private -- sh -c '
    rootfs=$1 user=$2 manifests=$3; shift 3
    mount --bind -o ro "$manifests" "$rootfs/work" && exec chroot --userspec="$user" "$rootfs" "$@"' \
    sh "$rootfs" "$user" "$WORK/manifests" "$@"
}

image_arches=(amd64)
arm64_wanted "the image's linux/arm64 variant" && image_arches+=(arm64)
for arch in "${image_arches[@]}"; do
  echo "== linux/$arch"
  rootfs=$WORK/rootfs-$arch
  if ! python3 "$HERE/oci_image.py" "$WORK/layout" "$arch" --rootfs "$rootfs" > "$WORK/config-$arch.json"; then
    fail "linux/$arch: no image in the archive"; continue
  fi
  config=$WORK/config-$arch.json
  user=$(jq -r '.User // ""' "$config")
  check "linux/$arch: runs as a non-root user ($user)" sh -c "[ -n '$user' ] && [ '${user%%:*}' != 0 ] && [ '${user%%:*}' != root ]"
  check "linux/$arch: the entrypoint is the binary" [ "$(jq -c .Entrypoint "$config")" = '["/usr/bin/altinity-deploy"]' ]
  check "linux/$arch: WorkingDir /work" [ "$(jq -r .WorkingDir "$config")" = /work ]
  check "linux/$arch: the version label" [ "$(jq -r '.Labels["org.opencontainers.image.version"]' "$config")" = "$VERSION" ]
  check "linux/$arch: /etc/passwd names the user" grep -q "^altinity-deploy:x:${user%%:*}:" "$rootfs/etc/passwd"
  extra=$(cd "$rootfs" && find . -type f ! -path ./usr/bin/altinity-deploy ! -path ./etc/passwd ! -path ./etc/group \
            ! -path './usr/share/doc/altinity-deploy/*' | sort)
  check "linux/$arch: nothing else in the image (found: ${extra:-nothing})" [ -z "$extra" ]
  entry=(/usr/bin/altinity-deploy)
  if [ "$arch" = arm64 ]; then
    qemu=$(command -v qemu-aarch64-static) || { fail "no qemu-aarch64-static (scripts/install-deps)"; continue; }
    cp "$qemu" "$rootfs/qemu-aarch64-static"  # the test's copy only, not the image
    entry=(/qemu-aarch64-static /usr/bin/altinity-deploy)
  fi
  out=$(in_image "$rootfs" "$user" "${entry[@]}" --version 2>&1)
  check "linux/$arch: the entrypoint --version as $user" contains "$out" "altinity-deploy $VERSION"
  check "linux/$arch: the image's binary is static" contains "$out" "static (portable)"
  if in_image "$rootfs" "$user" "${entry[@]}" validate -f /work/basic.yaml > "$WORK/out" 2>&1; then
    pass "linux/$arch: validate -f /work/basic.yaml (mounted read-only) as $user"
  else
    fail "linux/$arch: validate of the mounted manifest: $(cat "$WORK/out")"
  fi
  code=0
  in_image "$rootfs" "$user" "${entry[@]}" validate -f /work/bad.yaml > "$WORK/out" 2>&1 || code=$?
  check "linux/$arch: a bad manifest exits 3 with its located error" \
    sh -c "[ $code = 3 ] && grep -q 'bad.yaml:[0-9]*:[0-9]*' '$WORK/out'"
done

# A container tool loads the archive: buildah (vfs storage of the test's own) pulls the image of
# this machine's platform from it, with the entrypoint and user above.
if command -v buildah > /dev/null; then
  store=(--storage-driver vfs --root "$WORK/store" --runroot "$WORK/run")
  if buildah "${store[@]}" pull --quiet "oci-archive:$ARCHIVE" > "$WORK/out" 2>&1; then
    pass "buildah pulls the image from the OCI archive"
    out=$(buildah "${store[@]}" inspect --format '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}}' "$(tail -n 1 "$WORK/out")" 2>&1)
    check "the pulled image has the user and entrypoint ($out)" [ "$out" = "65532:65532 [/usr/bin/altinity-deploy]" ]
  else
    fail "buildah pull oci-archive:$ARCHIVE: $(cat "$WORK/out")"
  fi
  rm -rf "$WORK/store" "$WORK/run"
else
  fail "buildah is not installed (scripts/install-deps installs it)"
fi

finish_suite
