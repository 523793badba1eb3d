#!/usr/bin/env bash
# Fleet (docs/fleet.md): one command over many manifests on two real clusters at once.
#   1. four manifests, two per cluster (credential ids c1, c2): plan lists all; up -j 4 deploys all;
#      each cluster holds exactly its own releases; a second up changes nothing; status shows all;
#      -o json is one document with four targets
#   2. one target with an unpullable image: the other three succeed, the exit code is 1, the summary
#      and the JSON name the failed target and why, and its release is rolled back
#   3. waves env=dev,prod: a failing dev target keeps the prod wave from starting
#   4. shards 1/2 and 2/2 list every target exactly once; two manifests for one release are refused
#   5. destroy removes every release on both clusters
# The second cluster is started here (tests/e2e/cluster/local-cluster up --dir) and stopped at exit.
source "$(dirname "$0")/lib.sh"

CLUSTER2="$WORK/cluster2"
stop_cluster2() { "$REPO/tests/e2e/cluster/local-cluster" down --dir "$CLUSTER2" > /dev/null 2>&1 || true; }
trap 'rc=$?; stop_cluster2; (exit $rc); cleanup' EXIT
if ! "$REPO/tests/e2e/cluster/local-cluster" up --dir "$CLUSTER2" > "$WORK/cluster2.log" 2>&1; then
  echo "FAIL: the second local cluster did not start (see $WORK/cluster2.log)"; tail -n 20 "$WORK/cluster2.log"
  exit 1
fi
KUBECONFIG1=$KUBECONFIG
KUBECONFIG2=$(source "$CLUSTER2/env"; echo "$KUBECONFIG")
k2() { "$KUBECTL" --kubeconfig "$KUBECONFIG2" "$@"; }

CREDS="$WORK/creds"
mkdir -p "$CREDS" && chmod 700 "$CREDS"
cp "$KUBECONFIG1" "$CREDS/c1"; cp "$KUBECONFIG2" "$CREDS/c2"; chmod 600 "$CREDS"/c1 "$CREDS"/c2

FLEET="$WORK/fleet"
mkdir -p "$FLEET"
# fleet_manifest FILE NAME CREDENTIAL ENV [IMAGE]
fleet_manifest() {
  cat > "$FLEET/$1.yaml" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $2
  env: $4
spec:
  namespace: $2
  targetCluster:
    credentialId: $3
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$CHART_VERSION"
  helm: {timeoutSeconds: 120}
${5:+  values:
    operator:
      image:
        repository: $5}
YAML
}
A=fa-h$MAJOR; B=fb-h$MAJOR; C=fc-h$MAJOR; D=fd-h$MAJOR
fleet_manifest a "$A" c1 dev
fleet_manifest b "$B" c1 prod
fleet_manifest c "$C" c2 dev
fleet_manifest d "$D" c2 prod
cleanup_release "$FLEET/a.yaml" "$A" "$A"
cleanup_release "$FLEET/b.yaml" "$B" "$B"
remember_crds

# fleet ARGS...: the deployer over the fleet, each target's cluster from its credential id (no
# --kubeconfig, no KUBECONFIG: they would point every target at one cluster).
fleet() {
  env -u KUBECONFIG "$BIN" --helm "$HELM" --kubectl "$KUBECTL" --credentials-dir "$CREDS" "$@" > "$OUT" 2> "$ERR"
  CODE=$?
  { echo "\$ altinity-deploy $* -> exit $CODE"; sed 's/^/  out| /' "$OUT"; sed 's/^/  err| /' "$ERR"; } >> "$WORK/deployer.log"
}
releases_on() {  # releases_on 1|2: the release names helm lists on that cluster, sorted, one line
  local config=$KUBECONFIG1; [ "$1" = 2 ] && config=$KUBECONFIG2
  "$HELM" --kubeconfig "$config" list -A -q 2>/dev/null | grep -E '^f[a-z]-h' | sort | tr '\n' ' '
}

# Two operators per cluster on purpose: every `up` passes --allow-second-operator
# (docs/commands.md, "Another operator in the cluster").
begin "1. plan lists all four; up -j 4 deploys each to its own cluster; a second up changes nothing"
fleet plan -f "$FLEET"
expect_code 0
for name in "$A" "$B" "$C" "$D"; do expect_match "$OUT" "^\[$name\] "; done
fleet up -f "$FLEET" --allow-second-operator -j 4 --fail-fast-after 20s
expect_code 0
expect_eq "releases on cluster 1" "$(releases_on 1)" "$A $B "
expect_eq "releases on cluster 2" "$(releases_on 2)" "$C $D "
expect_match "$OUT" "^$A +credential c1 +installed +1 "
expect_match "$OUT" "^$D +credential c2 +installed +1 "
expect_eq "status.outputs written to each manifest" "$(output releaseName "$FLEET/c.yaml")" "$C"
fleet up -f "$FLEET" --allow-second-operator -o json
expect_code 0
expect_json "$OUT" '.formatVersion == 1 and .exitCode == 0 and (.targets | length) == 4'
expect_json "$OUT" '[.targets[].action] | all(. == "unchanged")'
expect_json "$OUT" '[.targets[].target.cluster] | sort == ["credential c1", "credential c1", "credential c2", "credential c2"]'
fleet status -f "$FLEET/a.yaml" -f "$FLEET/c.yaml"
expect_code 0
expect_match "$OUT" "^\[$A\] "
expect_match "$OUT" "^\[$C\] "
end

begin "2. one broken target: the other three succeed, the failure is named, its release rolled back"
fleet_manifest d "$D" c2 prod example.invalid/does-not-exist/operator
fleet up -f "$FLEET" --allow-second-operator -j 4 --fail-fast-after 5s -o json
expect_code 1
expect_json "$OUT" '.exitCode == 1 and ([.targets[] | select(.target.state == "failed") | .target.name] == ["'"$D"'"])'
expect_json "$OUT" '[.targets[] | select(.target.state == "succeeded")] | length == 3'
expect_json "$OUT" '.targets[] | select(.target.name == "'"$D"'") | .error | test("ImagePullBackOff|image")'
rev=$("$HELM" --kubeconfig "$KUBECONFIG2" status "$D" -n "$D" -o json | jq -r '.info.status')
expect_eq "the broken target's release after the failure" "$rev" deployed
fleet up -f "$FLEET" --allow-second-operator -j 4 --fail-fast-after 5s
expect_code 1
expect_match "$OUT" "^$D +credential c2 .*failed \(exit 1\)"
fleet_manifest d "$D" c2 prod
end

begin "3. waves: a failing dev target keeps the prod wave from starting"
fleet_manifest a "$A" c1 dev example.invalid/does-not-exist/operator
fleet up -f "$FLEET" --allow-second-operator --waves env=dev,prod --fail-fast-after 5s -o json
expect_code 1
expect_json "$OUT" '[.targets[] | select(.target.wave == "env=prod") | .target.state] | all(. == "skipped")'
expect_json "$OUT" '.targets[] | select(.target.name == "'"$B"'") | .target.skippedBecause | test("wave env=dev")'
fleet_manifest a "$A" c1 dev
end

begin "4. shards cover the fleet exactly once; one release twice is refused before anything starts"
fleet validate -f "$FLEET" --shard 1/2 --list
expect_code 0
cp "$OUT" "$WORK/shard1"
fleet validate -f "$FLEET" --shard 2/2 --list
expect_code 0
listed=$(awk '$1 != "WAVE" {print $2}' "$WORK/shard1" "$OUT" | sort | tr '\n' ' ')
expect_eq "targets over both shards" "$listed" "$A $B $C $D "
cp "$FLEET/a.yaml" "$WORK/a-again.yaml"
fleet up -f "$FLEET" --allow-second-operator -f "$WORK/a-again.yaml"
expect_code 3
expect_in "$ERR" "both deploy release '$A'"
end

begin "5. destroy removes every release on both clusters"
fleet destroy -f "$FLEET" -j 4
expect_code 0
expect_eq "releases left on cluster 1" "$(releases_on 1)" ""
expect_eq "releases left on cluster 2" "$(releases_on 2)" ""
end

finish
