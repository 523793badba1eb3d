#!/usr/bin/env bash
# The setup action (action.yml, its logic in scripts/install-release) against a loopback
# release page (127.0.0.1 only) laid out as GitHub's: OWNER/REPO/releases/download/vX.Y.Z/FILE
# and .../releases/latest/download/FILE, serving build/dist:
#   - the action's run steps, as a job's `uses:` runs them (tests/e2e/ci_pipeline.py action):
#     latest resolves to this version, the archive is verified and unpacked into the tool cache,
#     its bin folder goes to GITHUB_PATH, and altinity-deploy runs from PATH;
#   - a second run hits the tool cache: cache-hit=true and no archive downloaded;
#   - a tampered archive fails with "checksum mismatch" and leaves nothing in the tool cache;
#   - an unknown architecture, a missing release and a bad version fail with the reason;
#   - ARM64 runners resolve to the arm64 archive;
#   - the GitLab template (templates/gitlab/altinity-deploy.yml), included by a pipeline and run
#     by tests/e2e/ci_pipeline.py: installs with the checksum verified, the second job finds it
#     in the (project-folder) cache, a tampered archive fails the job and caches nothing;
#   - README's "Tarball with the checksum checked" lines, as written (OWNER and VERSION filled in):
#     they install into ~/.local, and refuse a tampered archive.
#
#   setup_action_test.sh DIST_DIR WORK_DIR
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/package/clean_root.sh
source "$HERE/clean_root.sh"
suite_setup "$@"
TGZ=altinity-deploy-$VERSION-linux-amd64.tar.gz
for f in "$TGZ" SHA256SUMS; do
  [ -s "$DIST/$f" ] || { echo "FAIL: no $DIST/$f (scripts/release makes it)"; exit 1; }
done
rm -rf "$WORK"
# release_page DIR: a copy of the downloads laid out as OWNER/REPO/releases under DIR.
release_page() {
  local releases=$1/acme/altinity-deploy/releases
  mkdir -p "$releases/download/v$VERSION" "$releases/latest"
  cp "$DIST/SHA256SUMS" "$DIST"/altinity-deploy-*.tar.gz "$releases/download/v$VERSION/"
  ln -s "../download/v$VERSION" "$releases/latest/download"
}
release_page "$WORK/site"
release_page "$WORK/tampered-site"
printf 'x' >> "$WORK/tampered-site/acme/altinity-deploy/releases/download/v$VERSION/$TGZ"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$WORK" > "$WORK/http.log" 2>&1 &
HTTP_PID=$!
trap 'kill "$HTTP_PID" 2> /dev/null' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/site/" 2> /dev/null && break; sleep 0.1; done

# action SITE WORKSPACE [NAME=VALUE input]...: the action's steps, output in WORK/out, exit in CODE.
action() {
  local site=$1 workspace=$2
  shift 2
  local inputs=()
  for i in "$@"; do inputs+=(--input "$i"); done
  mkdir -p "$workspace"
  CODE=0
  env -u GITHUB_PATH -u GITHUB_OUTPUT python3 "$REPO/tests/e2e/ci_pipeline.py" action "$REPO/action.yml" \
    --workspace "$workspace" "${inputs[@]}" \
    --context "github.server_url=http://127.0.0.1:$port/$site" --context github.action_repository=acme/altinity-deploy \
    > "$WORK/out" 2>&1 || CODE=$?
}
downloads() { grep -c "GET /$1/.*/$TGZ HTTP" "$WORK/http.log"; }

echo "== install latest"
export RUNNER_ARCH=X64 RUNNER_TOOL_CACHE=$WORK/tool-cache
action site "$WORK/job1"
cat "$WORK/out"
check "the action exits 0" [ "$CODE" = 0 ]
check "latest resolved to $VERSION" grep -qx "version=$VERSION" "$WORK/out"
check "cache-hit=false on the first run" grep -qx "cache-hit=false" "$WORK/out"
check "the checksum was verified" grep -q "checksum verified" "$WORK/out"
bindir=$(head -n 1 "$WORK/job1/.github-state/action/path")
check "GITHUB_PATH names the tool cache's bin folder ($bindir)" [ "$bindir" = "$RUNNER_TOOL_CACHE/altinity-deploy/$VERSION/amd64/bin" ]
check "altinity-deploy runs from PATH" contains "$(PATH="$bindir:/usr/bin:/bin" altinity-deploy --version 2>&1)" "altinity-deploy $VERSION"
check "the tool cache has the completion marker" test -f "$RUNNER_TOOL_CACHE/altinity-deploy/$VERSION/amd64.complete"
check "the archive was downloaded once" [ "$(downloads site)" = 1 ]

echo "== a second job: the tool cache"
action site "$WORK/job2" "version=v$VERSION"
check "the second run exits 0" [ "$CODE" = 0 ]
check "cache-hit=true on the second run" grep -qx "cache-hit=true" "$WORK/out"
check "the second run downloaded no archive" [ "$(downloads site)" = 1 ]
check "the second run put the same folder on PATH" [ "$(head -n 1 "$WORK/job2/.github-state/action/path")" = "$bindir" ]

echo "== a tampered archive"
export RUNNER_TOOL_CACHE=$WORK/tool-cache-2
action tampered-site "$WORK/job3" "version=$VERSION"
cat "$WORK/out"
check "a tampered archive fails the action" [ "$CODE" = 1 ]
check "it says: checksum mismatch" grep -q "checksum mismatch for $TGZ" "$WORK/out"
check "nothing was left in the tool cache" [ -z "$(find "$RUNNER_TOOL_CACHE" -mindepth 3 2> /dev/null)" ]
check "nothing was put on PATH" [ ! -s "$WORK/job3/.github-state/action/path" ]

echo "== refusals"
RUNNER_ARCH=RISCV64 action site "$WORK/job4"
check "an unknown architecture fails with the reason" sh -c "[ $CODE = 1 ] && grep -q \"unknown architecture 'RISCV64'\" '$WORK/out'"
action site "$WORK/job5" version=9.9.9
check "a missing release fails with the reason" sh -c "[ $CODE = 1 ] && grep -q 'could not download .*v9.9.9/SHA256SUMS' '$WORK/out'"
action site "$WORK/job6" 'version=1.0;rm'
check "a bad version fails with the reason" sh -c "[ $CODE = 1 ] && grep -q 'is not a version' '$WORK/out'"
if arm64_wanted "an ARM64 runner resolving to the arm64 archive"; then
  out=$(RUNNER_ARCH=ARM64 ALTINITY_DEPLOY_RELEASES_URL="http://127.0.0.1:$port/site/acme/altinity-deploy/releases" \
        "$REPO/scripts/install-release" --resolve-only 2>&1)
  check "an ARM64 runner resolves to the arm64 archive" contains "$out" "arch=arm64"
fi

echo "== the GitLab template"
cat > "$WORK/pipeline.yml" <<'YAML'
include:
  - local: templates/gitlab/altinity-deploy.yml
stages: [check]
check:
  stage: check
  extends: .altinity-deploy
  script:
    - altinity-deploy --version
YAML
gitlab() {  # gitlab SITE WORKSPACE: the pipeline, output in WORK/out, exit in CODE
  mkdir -p "$2"
  CODE=0
  python3 "$REPO/tests/e2e/ci_pipeline.py" gitlab "$WORK/pipeline.yml" --source push --branch main \
    --default-branch main --workspace "$2" --include-root "$REPO" --var "ALTINITY_DEPLOY_VERSION=$VERSION" \
    --var "ALTINITY_DEPLOY_RELEASES_URL=http://127.0.0.1:$port/$1/acme/altinity-deploy/releases" > "$WORK/out" 2>&1 || CODE=$?
}
gitlab site "$WORK/gl-project"
cat "$WORK/out"
check "the template's job exits 0" [ "$CODE" = 0 ]
check "the template verified the checksum" grep -q "installed (checksum verified)" "$WORK/out"
check "altinity-deploy ran from PATH in the job's script" grep -q "^altinity-deploy $VERSION" "$WORK/out"
gitlab site "$WORK/gl-project"
check "the second job found it in the cache" grep -q "found in the cache" "$WORK/out"
check "the second job downloaded no archive" [ "$(downloads site)" = 2 ]
gitlab tampered-site "$WORK/gl-tampered"
check "a tampered archive fails the job with: checksum mismatch" \
  sh -c "[ $CODE = 1 ] && grep -q 'checksum mismatch for $TGZ' '$WORK/out'"
check "nothing was cached" [ -z "$(find "$WORK/gl-tampered" -name '*.complete')" ]

echo "== README: the tarball with the checksum checked"
# readme_tarball SITE HOME: README's code block after "Tarball with the checksum checked", run in HOME.
readme_tarball() {
  mkdir -p "$2"
  awk '/^\*\*Tarball with the checksum checked\*\*/ { found = 1 } found && /^```sh/ { inside = 1; next }
       inside && /^```/ { exit } inside { print }' "$REPO/README.md" |
    sed -e "s#https://github.com/OWNER/altinity-deploy/releases#http://127.0.0.1:$port/$1/acme/altinity-deploy/releases#g" \
        -e "s/VERSION/$VERSION/g" > "$2/install.sh"
  CODE=0
  (cd "$2" && HOME=$2 bash -euo pipefail install.sh > "$WORK/out" 2>&1) || CODE=$?
}
readme_tarball site "$WORK/readme-home"
check "README's tarball lines are there" grep -q "sha256sum" "$WORK/readme-home/install.sh"
check "README's tarball lines install ~/.local/bin/altinity-deploy" \
  contains "$("$WORK/readme-home/.local/bin/altinity-deploy" --version 2>&1)" "altinity-deploy $VERSION"
readme_tarball tampered-site "$WORK/readme-tampered"
check "README's tarball lines refuse a tampered archive" sh -c "[ $CODE != 0 ] && [ ! -e '$WORK/readme-tampered/.local' ]"

finish_suite
