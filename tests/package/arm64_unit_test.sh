#!/usr/bin/env bash
# package.arm64_unit: the unit tests built for arm64 and run under qemu-aarch64-static
# (scripts/arm64-unit-tests). Skipped, loudly (exit 77), only when ALTINITY_DEPLOY_RELEASE_ARCH=amd64
# left arm64 out; when the arm64 root cannot be made it fails under CI=true and is skipped elsewhere.
set -euo pipefail
# shellcheck source=tests/package/clean_root.sh
source "$(dirname "$0")/clean_root.sh"
if ! arm64_wanted "the arm64 unit tests under qemu"; then
  echo "!!! SKIPPED: package.arm64_unit (exit 77; CTest shows it as skipped)" >&2
  exit 77
fi
[ "$(id -u)" = 0 ] || cannot_test "the arm64 build root is entered with chroot, which needs root"
command -v qemu-aarch64-static > /dev/null ||
  cannot_test "qemu-aarch64-static is not installed (scripts/install-deps installs qemu-user-static)"
exec "$REPO/scripts/arm64-unit-tests"
