#!/usr/bin/env bash
# examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml, run as written against the
# local cluster by tests/e2e/ci_pipeline.py (GitHub's GITHUB_ENV/GITHUB_PATH/job summary,
# GitLab's rules and stages): a pull request plans into the job summary and changes nothing,
# main deploys and keeps result.json, the kubeconfig secret lands in a 0600 file and is never
# printed. The install steps (GitHub: the setup action, action.yml; GitLab: the template,
# templates/gitlab/altinity-deploy.yml) download the amd64 archive and SHA256SUMS from a
# loopback "release page" serving build/dist (scripts/release), verify and cache it; without
# that archive they are replaced by the binary under test, and the suite says so.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
PIPELINE=(python3 "$HERE/ci_pipeline.py")
GH="$REPO/examples/ci/github-actions.yml"
GL="$REPO/examples/ci/gitlab-ci.yml"
VERSION=$("$BIN" version -o json | jq -r .version)
DIST="$(dirname "$BIN")/dist"
TARBALL="$DIST/altinity-deploy-$VERSION-linux-amd64.tar.gz"
[ "$REAL_CHART" = 1 ] || real_chart_missing "The CI examples deploy the FIXTURE chart $CHART_VERSION."

# helm and kubectl on PATH, as on GitHub's runners and in the GitLab image.
TOOLS="$WORK/tools"
mkdir -p "$TOOLS"
ln -s "$HELM" "$TOOLS/helm"
ln -s "$KUBECTL" "$TOOLS/kubectl"
export PATH="$TOOLS:$PATH"
export HOME="$WORK/home"
mkdir -p "$HOME"

# The release page, laid out as GitHub's: http://127.0.0.1:PORT/your-org/altinity-deploy/releases/
# download/v$VERSION/FILE, the examples' OWNER/REPO.
INSTALL_ARGS_GH=()
INSTALL_ARGS_GL=()
RELEASE_URL=""
export RUNNER_ARCH=X64 RUNNER_TOOL_CACHE="$WORK/tool-cache"
if [ -f "$TARBALL" ] && [ -f "$DIST/SHA256SUMS" ]; then
  page="$WORK/release/your-org/altinity-deploy/releases/download/v$VERSION"
  mkdir -p "$page"
  cp "$TARBALL" "$DIST/SHA256SUMS" "$page/"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$WORK/release" > "$WORK/http.log" 2>&1 &
  HTTP_PID=$!
  trap 'kill "$HTTP_PID" 2> /dev/null; cleanup' EXIT
  RELEASE_URL="http://127.0.0.1:$port"
  eventually 10 "the release page answers" curl -fsS -o /dev/null "$RELEASE_URL/your-org/altinity-deploy/releases/download/v$VERSION/SHA256SUMS"
  INSTALL_ARGS_GH=(--setup-action "$REPO/action.yml" --action-context "github.server_url=$RELEASE_URL"
                   --action-context github.action_repository=your-org/altinity-deploy)
  INSTALL_ARGS_GL=(--var "ALTINITY_DEPLOY_RELEASES_URL=$RELEASE_URL/your-org/altinity-deploy/releases")
else
  skip_untested "the examples' install steps (download, verify, unpack)" \
    "no $TARBALL and SHA256SUMS (scripts/release makes them); they are REPLACED by the binary under test"
  ln -s "$BIN" "$TOOLS/altinity-deploy"
  INSTALL_ARGS_GH=(--skip "Install altinity-deploy")
  INSTALL_ARGS_GL=(--skip-line "sha256sum")
fi
SECRET=$(cat "$KUBECONFIG")
# GitLab's File-type variables: the variable holds the path of a 0600 file with the content.
SECRET_FILE="$WORK/kubeconfig-file-variable"
install -m 600 "$KUBECONFIG" "$SECRET_FILE"
SECRET_LINE=$(grep -E 'token:|client-key-data:' "$KUBECONFIG" | head -n 1 | sed 's/^ *//')

# workspace NAME [no-cleanup]: W becomes a checkout holding deploy/altinity-operator.yaml for release
# NAME (not in a subshell: cleanup_release must see it).
workspace() {
  local dir="$WORK/$1"
  W=$dir
  mkdir -p "$dir/deploy"
  cat > "$dir/deploy/altinity-operator.yaml" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $1
spec:
  namespace: $1
  chart:
    repo: $CHART_REPO_URL
    version: "$CHART_VERSION"
YAML
  [ "${2:-}" = no-cleanup ] || cleanup_release "$dir/deploy/altinity-operator.yaml" "$1" "$1"
}
github() {  # github WORKSPACE EVENT REF: runs the workflow, output in $OUT
  "${PIPELINE[@]}" github "$GH" --workspace "$1" --event "$2" --ref "$3" --secret "PROD_KUBECONFIG=$SECRET" \
    --secret "PLAN_KUBECONFIG=$SECRET" \
    "${INSTALL_ARGS_GH[@]}" > "$OUT" 2>&1
  CODE=$?
}
gitlab() {  # gitlab WORKSPACE SOURCE BRANCH: runs the pipeline, output in $OUT
  "${PIPELINE[@]}" gitlab "$GL" --workspace "$1" --source "$2" --branch "$3" --default-branch main \
    --include-root "$REPO" --var "PROD_KUBECONFIG=$SECRET_FILE" --var "PLAN_KUBECONFIG=$SECRET_FILE" \
    "${INSTALL_ARGS_GL[@]}" > "$OUT" 2>&1
  CODE=$?
}
release_installed() { "$HELM" status "$1" -n "$1" > /dev/null 2>&1; }
no_secret_printed() { [ -z "$SECRET_LINE" ] || ! grep -qF -- "$SECRET_LINE" "$OUT" || fail_now "the kubeconfig was printed"; }

remember_crds

begin "both examples have the jobs, conditions and safeguards they promise, for this version"
check "GitHub example structure" "${PIPELINE[@]}" check-github "$GH"
check "GitLab example structure" "${PIPELINE[@]}" check-gitlab "$GL" --include-root "$REPO"
expect_in "$GH" "altinity-deploy@v$VERSION"
expect_in "$GH" "version: $VERSION"
expect_in "$GL" "ALTINITY_DEPLOY_VERSION: $VERSION"
expect_in "$GL" "altinity-deploy/v$VERSION/templates/gitlab/altinity-deploy.yml"
end

R=ci-gh-h$MAJOR
workspace "$R"
begin "GitHub, pull request: the setup action installs, validates, plans into the job summary, deploys nothing"
github "$W" pull_request refs/pull/1/merge
expect_code 0
expect_in "$OUT" "-- run: Plan"
expect_in "$OUT" "-- job skipped: deploy"
expect_in "$OUT" "-- not run here (an action): Keep the plan"
expect_in "$W/.github-state/plan/summary" "### altinity-deploy plan"
[ -s "$W/plan.txt" ] || fail_now "no plan.txt"
expect_in "$W/.github-state/plan/summary" "$(head -n 1 "$W/plan.txt")"
[ ! -e "$W/result.json" ] || fail_now "a pull request deployed"
! release_installed "$R" || fail_now "the release exists after a pull request"
if [ -n "$RELEASE_URL" ]; then
  expect_in "$OUT" "-- run (the setup action"
  expect_in "$OUT" "checksum verified"
  expect_in "$OUT" "static (portable)"
fi
no_secret_printed
end

begin "GitHub, push to main: the deploy job (environment production) runs up --output json; the kubeconfig file is 0600"
github "$W" push refs/heads/main
expect_code 0
expect_in "$OUT" "-- job deploy (environment production"
expect_in "$OUT" "-- run: Deploy"
expect_in "$OUT" "-- job skipped: plan"
[ -z "$RELEASE_URL" ] || expect_in "$OUT" "found in the tool cache"
expect_json "$W/result.json" '.exitCode == 0'
expect_json_contract "$W/result.json" 0
release_installed "$R" || fail_now "no release after main"
[ -n "$(output releaseName "$W/deploy/altinity-operator.yaml")" ] || fail_now "no status.outputs in the manifest"
kubeconfig=$(sed -n 's/^KUBECONFIG=//p' "$W/.github-state/deploy/env" | tail -n 1)
expect_eq "the kubeconfig file's mode" "$(stat -c %a "$kubeconfig")" 600
no_secret_printed
end

begin "GitHub, the next pull request: the plan in the summary shows no changes"
rm -f "$W/plan.txt"
github "$W" pull_request refs/pull/2/merge
expect_code 0
"$BIN" -q plan --detailed-exitcode -f "$W/deploy/altinity-operator.yaml" > /dev/null 2>&1
expect_eq "plan --detailed-exitcode after the deploy" "$?" 0
expect_in "$W/.github-state/plan/summary" "$(head -n 1 "$W/plan.txt")"
end

begin "GitHub: a failed deploy still keeps its artifacts (if: always()) and fails the job"
workspace "ci-gh-bad-h$MAJOR" no-cleanup
sed -i 's/^  namespace: .*/  namespace: Not_A_Namespace/' "$W/deploy/altinity-operator.yaml"
github "$W" push refs/heads/main
expect_code 1
expect_in "$OUT" "-- step failed with exit 3: Validate"
expect_in "$OUT" "-- not run here (an action): Keep the result and the manifest"
expect_in "$OUT" "-- skipped: Deploy"
end

# One operator per cluster: the GitLab pipeline below installs its own, and up refuses to install
# beside another (docs/commands.md#another-operator-in-the-cluster): the GitHub one goes first.
"$BIN" --helm "$HELM" --kubectl "$KUBECTL" --kubeconfig "$KUBECONFIG" -q destroy \
  -f "$WORK/ci-gh-h$MAJOR/deploy/altinity-operator.yaml" > /dev/null 2>> "$WORK/cleanup.log" ||
  echo "ci_examples: could not destroy the GitHub example's release (see $WORK/cleanup.log)" >&2

R=ci-gl-h$MAJOR
workspace "$R"
begin "GitLab, merge request: the template installs; validate and plan (plan.txt kept), no deploy"
gitlab "$W" merge_request_event feature
expect_code 0
[ -z "$RELEASE_URL" ] || expect_in "$OUT" "installed (checksum verified)"
expect_in "$OUT" "-- job validate (stage validate)"
expect_in "$OUT" "-- job plan (stage plan)"
! grep -q -- "-- job deploy" "$OUT" || fail_now "a merge request ran the deploy job"
[ -s "$W/plan.txt" ] || fail_now "no plan.txt"
! release_installed "$R" || fail_now "the release exists after a merge request"
no_secret_printed
end

begin "GitLab, default branch: validate, plan, deploy (environment production) in stage order; result.json kept"
gitlab "$W" push main
expect_code 0
[ -z "$RELEASE_URL" ] || expect_in "$OUT" "found in the cache"
expect_in "$OUT" "-- job deploy (stage deploy) (environment production"
expect_json "$W/result.json" '.exitCode == 0'
expect_json_contract "$W/result.json" 0
release_installed "$R" || fail_now "no release after the default branch"
no_secret_printed
end

begin "GitLab, a push to another branch starts no pipeline"
gitlab "$W" push feature
expect_code 0
expect_in "$OUT" "the workflow rules start no pipeline"
end

finish
