#!/usr/bin/env bash
# The read cache (src/tools/read_cache.cpp, used by the HelmClient): a second
# plan starts no `helm version` and no `helm show`; a damaged entry is never
# trusted and is rewritten; what may change (another chart version, another
# local chart content, another helm, a version range) is asked again;
# ALTINITY_DEPLOY_NO_CACHE=1 turns it off. lib.sh points XDG_CACHE_HOME at
# each test's scratch folder.
source "$(dirname "$0")/lib.sh"

CACHE_DIR() { echo "$XDG_CACHE_HOME/altinity-deploy/reads"; }

manifest() {  # [CHART LINES...]: the minimal manifest plus a chart block
  minimal_manifest
  if [ $# -gt 0 ]; then printf '  chart:\n' >> "$SCRATCH/op.yaml"; printf '    %s\n' "$@" >> "$SCRATCH/op.yaml"; fi
}

count_calls() {  # PREFIX: how many calls in $FAKE_LOG start with it
  grep -c "^$1" "$FAKE_LOG"
}
expect_count() {  # PREFIX N
  local got; got=$(count_calls "$1")
  [ "$got" = "$2" ] || fail_now "$got call(s) '$1', expected $2"
}

# expect_cached_calls N: N of helm version and helm show started (0: all answered from the cache).
expect_cached_calls() {
  local got; got=$(grep -cE "^helm (version|show) " "$FAKE_LOG")
  [ "$got" = "$1" ] || fail_now "$got call(s) of helm version/show, expected $1"
}

plan_again() {  # ARGS...: plan with an empty call log
  : > "$FAKE_LOG"
  run_deployer plan -f "$SCRATCH/op.yaml" "$@"
}

# asked_again: the last plan succeeded and asked helm version and helm show crds itself.
asked_again() {
  expect_code 0
  expect_count "helm version" 1
  expect_count "helm show crds" 1
}

begin "a second plan starts no helm version and no helm show crds; -v says hit and miss"
manifest
run_deployer plan -f "$SCRATCH/op.yaml" -v
expect_code 0
expect_count "helm version" 1
expect_count "helm show crds" 1
expect_in "$SCRATCH/err" "cache miss: helm version --template '{{.Version}}'"
expect_in "$SCRATCH/err" "cache miss: helm show crds altinity-clickhouse-operator"
cp "$SCRATCH/out" "$SCRATCH/first.out"
plan_again -v
expect_code 0
expect_cached_calls 0
expect_in "$SCRATCH/err" "cache hit: helm version --template '{{.Version}}'"
expect_in "$SCRATCH/err" "cache hit: helm show crds altinity-clickhouse-operator"
expect_same_file "$SCRATCH/out" "$SCRATCH/first.out"
# helm version, helm show crds and kubectl config view's target.
check "three private entries" test "$(find "$(CACHE_DIR)" -type f -perm 600 | wc -l)" = 3
check "a private folder" test "$(stat -c %a "$(CACHE_DIR)")" = 700
check "nothing under HOME" test ! -e "$HOME/.cache"
end

begin "a damaged entry is ignored, asked again and rewritten"
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
cp -r "$(CACHE_DIR)" "$SCRATCH/intact"
for entry in "$(CACHE_DIR)"/*; do
  # A flipped answer (the digest no longer matches) and a cut one: helm's two entries.
  sed -i 's/v3\.17\.3/v4.1.0/; s/clickhouseinstallations/clickhouseinstallationz/' "$entry"
done
cp -r "$(CACHE_DIR)" "$SCRATCH/damaged"
plan_again
asked_again
expect_not_in "$SCRATCH/out" "clickhouseinstallationz"
for entry in "$(CACHE_DIR)"/*; do
  name=$(basename "$entry")
  cmp -s "$SCRATCH/intact/$name" "$SCRATCH/damaged/$name" && continue  # not damaged (kubectl's target)
  ! cmp -s "$entry" "$SCRATCH/damaged/$name" || fail_now "$name was not rewritten"
done
plan_again
expect_cached_calls 0
: > "$(grep -l 'v3\.17\.3' "$(CACHE_DIR)"/* | head -1)"
plan_again
expect_code 0
expect_cached_calls 1
end

begin "another chart version misses the cache"
manifest "version: 0.23.6"
run_deployer plan -f "$SCRATCH/op.yaml"
manifest "version: 0.26.0"
plan_again
expect_code 0
expect_count "helm version" 0
expect_in "$FAKE_LOG" "helm show crds altinity-clickhouse-operator --repo https://docs.altinity.com/clickhouse-operator/ --version 0.26.0"
expect_in "$SCRATCH/out" "will be created (0.26.0)"
end

begin "a version range is never cached"
manifest "version: 0.23.x"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
plan_again
expect_code 0
expect_count "helm version" 0
expect_count "helm show crds" 1
end

begin "a local chart: cached by its content; a changed chart is read again"
mkdir -p "$SCRATCH/charts"
cp -r "$REPO/tests/fixtures/charts/altinity-clickhouse-operator" "$SCRATCH/charts/op"
manifest "path: charts/op"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_count "helm show chart" 1
plan_again
expect_code 0
expect_cached_calls 0
expect_in "$SCRATCH/out" "(chart altinity-clickhouse-operator 0.23.6-fixture)"
sed -i 's/^version: .*/version: 0.23.7-fixture/' "$SCRATCH/charts/op/Chart.yaml"
plan_again
expect_code 0
expect_count "helm show chart" 1
expect_count "helm show crds" 1
expect_in "$SCRATCH/out" "(chart altinity-clickhouse-operator 0.23.7-fixture)"
# A link inside the chart (helm follows it, so a change behind it would not show): never cached.
mv "$SCRATCH/charts/op/crds" "$SCRATCH/charts/generated-crds"
ln -s ../generated-crds "$SCRATCH/charts/op/crds"
plan_again
plan_again
expect_code 0
expect_count "helm show chart" 1
expect_count "helm show crds" 1
end

begin "another helm binary (found through PATH) misses the cache"
mkdir -p "$SCRATCH/bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$HERE/fake-bin/helm" > "$SCRATCH/bin/helm"
chmod +x "$SCRATCH/bin/helm"
export PATH="$SCRATCH/bin:$PATH"
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
plan_again
expect_cached_calls 0
printf '#!/bin/sh\n# a new helm\nexec "%s" "$@"\n' "$HERE/fake-bin/helm" > "$SCRATCH/bin/helm"
plan_again
asked_again
end

begin "a version manager's shim is never cached: an asdf shim script, a hard-linked binary"
mkdir -p "$SCRATCH/bin"
# asdf's shim picks the helm by folder (.tool-versions) at every start.
printf '#!/usr/bin/env bash\n# asdf-plugin: helm 3.14.0\nexec "%s" "$@"\n' "$HERE/fake-bin/helm" > "$SCRATCH/bin/helm"
chmod +x "$SCRATCH/bin/helm"
export PATH="$SCRATCH/bin:$PATH"
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
plan_again
asked_again
# proto's shims: one binary hard-linked under every tool's name.
printf '#!/bin/sh\nexec "%s" "$@"\n' "$HERE/fake-bin/helm" > "$SCRATCH/bin/helm"
ln "$SCRATCH/bin/helm" "$SCRATCH/bin/kubectl-shim"
plan_again
plan_again
asked_again
end

begin "ALTINITY_DEPLOY_NO_CACHE=1: every run asks helm, nothing is written"
export ALTINITY_DEPLOY_NO_CACHE=1
manifest
run_deployer plan -f "$SCRATCH/op.yaml"
plan_again
asked_again
check "no cache folder" test ! -e "$XDG_CACHE_HOME/altinity-deploy"
end

begin "render and plan -o json show the same commands from a cached run"
manifest
run_deployer render -f "$SCRATCH/op.yaml"
expect_code 0
check "render writes no cache" test ! -e "$XDG_CACHE_HOME/altinity-deploy"
run_deployer plan -f "$SCRATCH/op.yaml" -o json
jq .commands "$SCRATCH/out" > "$SCRATCH/first.json"
plan_again -o json
expect_cached_calls 0
jq .commands "$SCRATCH/out" > "$SCRATCH/second.json"
expect_same_file "$SCRATCH/second.json" "$SCRATCH/first.json"
check "plan lists the CRD apply and the upgrade" grep -q "helm upgrade --install" "$SCRATCH/second.json"
end

finish
