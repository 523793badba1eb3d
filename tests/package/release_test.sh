#!/usr/bin/env bash
# The downloads scripts/release built, checked as a user would get them:
#   1. SHA256SUMS names every download and verifies (sha256sum -c);
#   2. the static .debs depend on nothing and carry their architecture;
#   3. the amd64 .deb installs with `apt-get install ./FILE` in clean Debian bookworm AND trixie
#      roots (no apt-get update: there is nothing to fetch) and runs there: --version, validate
#      and render of every example, `completion bash`, `man`;
#   4. the arm64 tarball's binary and the arm64 .deb's contents run under qemu-aarch64-static in
#      a clean root: --version, validate and render of every example, the man page and completions.
#
#   release_test.sh DIST_DIR WORK_DIR
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/package/clean_root.sh
source "$HERE/clean_root.sh"
suite_setup "$@"
trap unmount_roots EXIT

DOWNLOADS=("altinity-deploy-$VERSION-linux-amd64.tar.gz" "altinity-deploy_${VERSION}_amd64.deb"
           "altinity-deploy-$VERSION-image.oci.tar")
if arm64_wanted "the arm64 tarball and .deb, and their runs under qemu"; then
  DOWNLOADS+=("altinity-deploy-$VERSION-linux-arm64.tar.gz" "altinity-deploy_${VERSION}_arm64.deb")
fi
# A missing download fails, and what is there is still tested.
have() { [ -s "$DIST/$1" ]; }
for f in "${DOWNLOADS[@]}" SHA256SUMS; do
  have "$f" || fail "no $DIST/$f (scripts/release makes it)"
done
have SHA256SUMS || finish_suite
mkdir -p "$WORK"

# --- 1. SHA256SUMS ------------------------------------------------------------------------------
echo "== SHA256SUMS"
for f in "${DOWNLOADS[@]}"; do
  have "$f" || continue
  check "SHA256SUMS names $f" grep -qE "^[0-9a-f]{64}  $f\$" "$DIST/SHA256SUMS"
done
check "sha256sum -c SHA256SUMS verifies every file" sh -c "cd '$DIST' && sha256sum --strict -c SHA256SUMS > '$WORK/sums.log' 2>&1"
# A changed byte is caught (on a copy).
mkdir -p "$WORK/tampered" && cp "$DIST/SHA256SUMS" "$DIST/altinity-deploy_${VERSION}_amd64.deb" "$WORK/tampered/"
printf 'x' >> "$WORK/tampered/altinity-deploy_${VERSION}_amd64.deb"
check "a tampered .deb fails sha256sum -c" sh -c "cd '$WORK/tampered' && ! sha256sum -c --ignore-missing SHA256SUMS > /dev/null 2>&1"

# --- 2. the .debs' control fields ----------------------------------------------------------------
for arch in amd64 arm64; do
  deb=$DIST/altinity-deploy_${VERSION}_$arch.deb
  [ -s "$deb" ] || continue
  check "$(basename "$deb"): Architecture $arch" [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ]
  check "$(basename "$deb"): Version $VERSION" [ "$(dpkg-deb -f "$deb" Version)" = "$VERSION" ]
  check "$(basename "$deb"): no Depends (a static binary)" [ -z "$(dpkg-deb -f "$deb" Depends)" ]
  check "$(basename "$deb"): Recommends helm and kubectl" contains "$(dpkg-deb -f "$deb" Recommends)" "helm"
done

# --- 3. the amd64 .deb in clean bookworm and trixie roots -----------------------------------------
DEB=altinity-deploy_${VERSION}_amd64.deb
suites=(bookworm trixie)
have "$DEB" || suites=()
for suite in "${suites[@]}"; do
  echo "== $DEB on Debian $suite"
  use_suite "$suite"
  ensure_root_tarball
  root="$WORK/$suite"
  new_root "$root"
  expect_no_project_libraries "$root"
  cp "$DIST/$DEB" "$root/tmp/"
  if in_root "$root" sh -c "cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ./$DEB" \
       > "$WORK/apt-$suite.log" 2>&1; then
    pass "apt-get install ./$DEB in a clean $suite root, without apt-get update"
  else
    fail "apt-get install ./$DEB in $suite:"; tail -15 "$WORK/apt-$suite.log"
  fi
  check "$suite: /usr/bin/altinity-deploy is static (ldd)" \
    contains "$(in_root "$root" ldd /usr/bin/altinity-deploy 2>&1)" "not a dynamic executable"
  run_examples "$root" altinity-deploy
  check "$suite: altinity-deploy completion bash prints the completion" \
    contains "$(in_root "$root" altinity-deploy completion bash 2>&1)" "complete -F _altinity_deploy altinity-deploy"
  out=$(in_root "$root" bash -c 'source /usr/share/bash-completion/bash_completion
    __load_completion altinity-deploy; COMP_WORDS=(altinity-deploy --output ""); COMP_CWORD=2
    _altinity_deploy; echo "${COMPREPLY[*]}"')
  check "$suite: bash-completion loads the installed completion (--output: text json yaml)" [ "$out" = "text json yaml" ]
  check "$suite: man -w finds altinity-deploy(1)" \
    [ "$(in_root "$root" man -w altinity-deploy 2>&1)" = /usr/share/man/man1/altinity-deploy.1.gz ]
  check "$suite: man altinity-deploy renders" \
    contains "$(in_root "$root" sh -c 'MANWIDTH=80 man altinity-deploy 2>/dev/null | col -b')" "COMMANDS"
  unmount_roots
done

# --- 4. arm64 under qemu-aarch64-static ---------------------------------------------------------
echo "== arm64 under qemu-aarch64-static"
if ! arm64_wanted "section 4" || ! have "altinity-deploy-$VERSION-linux-arm64.tar.gz" || ! have "altinity-deploy_${VERSION}_arm64.deb"; then finish_suite; fi
QEMU=$(command -v qemu-aarch64-static) || { fail "no qemu-aarch64-static (scripts/install-deps installs qemu-user-static)"; finish_suite; }
use_suite bookworm
root="$WORK/arm64"
new_root "$root"
cp "$QEMU" "$root/usr/bin/qemu-aarch64-static"
TGZ=altinity-deploy-$VERSION-linux-arm64.tar.gz
mkdir -p "$root/opt/tgz" "$root/opt/deb"
tar -xzf "$DIST/$TGZ" -C "$root/opt/tgz" --strip-components=1
binary=/opt/tgz/bin/altinity-deploy
kind=$(file -b "$root$binary")
echo "file: $kind"
check "$TGZ: an ARM aarch64 binary" contains "$kind" "ARM aarch64"
check "$TGZ: statically linked" contains "$kind" "statically linked"
check "$TGZ: stripped" contains "$kind" ", stripped"
run_examples "$root" qemu-aarch64-static "$binary"
check "the arm64 binary says it is static" \
  contains "$(in_root "$root" qemu-aarch64-static "$binary" version)" "static (portable)"
for f in share/man/man1/altinity-deploy.1.gz share/bash-completion/completions/altinity-deploy \
         share/zsh/vendor-completions/_altinity-deploy share/fish/vendor_completions.d/altinity-deploy.fish \
         share/doc/altinity-deploy/README.md share/doc/altinity-deploy/LICENSE; do
  check "$TGZ has $f" test -s "$root/opt/tgz/$f"
done
check "the arm64 man page (written by the arm64 binary under qemu) renders" \
  contains "$(in_root "$root" sh -c 'MANWIDTH=80 man -l /opt/tgz/share/man/man1/altinity-deploy.1.gz 2>/dev/null | col -b')" "COMMANDS"
dpkg-deb -x "$DIST/altinity-deploy_${VERSION}_arm64.deb" "$root/opt/deb"
check "the arm64 .deb's binary runs: --version" \
  contains "$(in_root "$root" qemu-aarch64-static /opt/deb/usr/bin/altinity-deploy --version 2>&1)" "altinity-deploy $VERSION"
check "the arm64 .deb's binary validates examples/basic.yaml" \
  in_root "$root" qemu-aarch64-static /opt/deb/usr/bin/altinity-deploy validate -f /examples/basic.yaml
check "the arm64 .deb's completion is the one the binary prints" \
  cmp -s "$root/opt/deb/usr/share/bash-completion/completions/altinity-deploy" \
         <(in_root "$root" qemu-aarch64-static /opt/deb/usr/bin/altinity-deploy completion bash)
unmount_roots

finish_suite
