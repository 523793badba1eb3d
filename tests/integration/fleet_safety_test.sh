#!/usr/bin/env bash
# Never the wrong cluster, never the wrong order (issue 18), against fake
# helm/kubectl: which kubeconfig and context every call gets, row by row of
# the precedence table (docs/commands.md "Which cluster"); a fleet that one
# --kubeconfig would collapse onto one cluster is refused.
source "$(dirname "$0")/lib.sh"

# credentials: kubeconfigs eu-prod and us-prod in the credentials folder (0600), and two
# loose ones, env-config (for KUBECONFIG) and flag-config (for --kubeconfig).
credentials() {
  mkdir -m 700 "$SCRATCH/creds"
  for file in creds/eu-prod creds/us-prod env-config flag-config; do
    echo "apiVersion: v1" > "$SCRATCH/$file"
    chmod 600 "$SCRATCH/$file"
  done
  export ALTINITY_DEPLOY_CREDENTIALS_DIR="$SCRATCH/creds"
}

# expect_every_call_uses KUBECONFIG-PATH [CONTEXT]: each helm/kubectl call names that
# kubeconfig (and context); none names another.
# (helm version and helm show read no cluster and take none.)
expect_every_call_uses() {
  local calls others
  grep -vE '^helm (version|show) ' "$FAKE_LOG" > "$SCRATCH/cluster-calls"
  calls=$(wc -l < "$SCRATCH/cluster-calls")
  [ "$calls" -gt 0 ] || { fail_now "no helm/kubectl call"; return; }
  others=$(grep -vcF -- "--kubeconfig $1" "$SCRATCH/cluster-calls")
  [ "$others" = 0 ] || fail_now "$others of $calls calls without --kubeconfig $1"
  if [ -n "${2:-}" ]; then
    others=$(grep -vcE -- "--(kube-)?context $2( |\$)" "$SCRATCH/cluster-calls")
    [ "$others" = 0 ] || fail_now "$others of $calls calls without the context $2"
  fi
}

CREDENTIAL_EU=$'  targetCluster:\n    credentialId: eu-prod'
CREDENTIAL_US=$'  targetCluster:\n    credentialId: us-prod'

begin "precedence row 1: --kubeconfig beats the manifest's credential and KUBECONFIG, with a note"
credentials
named_manifest "$SCRATCH/op.yaml" op "$CREDENTIAL_EU"
export KUBECONFIG="$SCRATCH/env-config"
run_deployer plan -f "$SCRATCH/op.yaml" --kubeconfig "$SCRATCH/flag-config"
expect_code 0
expect_every_call_uses "$SCRATCH/flag-config"
expect_in "$SCRATCH/err" "note: --kubeconfig overrides the manifest's credential 'eu-prod'"
end

begin "precedence row 2: the manifest's credential beats KUBECONFIG (it used to be the other way)"
credentials
named_manifest "$SCRATCH/op.yaml" op "$CREDENTIAL_EU"
export KUBECONFIG="$SCRATCH/env-config"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_every_call_uses "$SCRATCH/creds/eu-prod"
expect_in "$SCRATCH/err" "note: the manifest's credential 'eu-prod' is used, not KUBECONFIG"
expect_in "$SCRATCH/err" "kubeconfig from credential 'eu-prod'"
end

begin "precedence row 3: KUBECONFIG when the manifest names no credential; its clusterName is the context"
credentials
named_manifest "$SCRATCH/op.yaml" op $'  targetCluster:\n    kubernetesClusterSelector:\n      clusterName: eu-ctx'
export KUBECONFIG="$SCRATCH/env-config"
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
expect_every_call_uses "$SCRATCH/env-config" eu-ctx
expect_in "$SCRATCH/err" "kubeconfig from KUBECONFIG"
end

begin "precedence row 4: kubectl's default when nothing names a kubeconfig"
named_manifest "$SCRATCH/op.yaml" op
run_deployer plan -f "$SCRATCH/op.yaml"
expect_code 0
grep -qF -- "--kubeconfig" "$FAKE_LOG" && fail_now "a call names a kubeconfig"
expect_in "$SCRATCH/err" "kubeconfig from kubectl's default"
end

begin "context rows: --context beats the manifest's clusterName, with a note"
credentials
named_manifest "$SCRATCH/op.yaml" op $'  targetCluster:\n    kubernetesClusterSelector:\n      clusterName: eu-ctx'
export KUBECONFIG="$SCRATCH/env-config"
run_deployer plan -f "$SCRATCH/op.yaml" --context other
expect_code 0
expect_every_call_uses "$SCRATCH/env-config" other
expect_in "$SCRATCH/err" "note: --context overrides the manifest's cluster 'eu-ctx'"
end

begin "a fleet under KUBECONFIG keeps each target on its own credential"
credentials
mkdir "$SCRATCH/fleet"
named_manifest "$SCRATCH/fleet/eu.yaml" op-eu "$CREDENTIAL_EU"
named_manifest "$SCRATCH/fleet/us.yaml" op-us "$CREDENTIAL_US"
export KUBECONFIG="$SCRATCH/env-config"
run_deployer plan -f "$SCRATCH/fleet"
expect_code 0
grep -qF -- "--kubeconfig $SCRATCH/creds/eu-prod" "$FAKE_LOG" || fail_now "eu never reached its credential"
grep -qF -- "--kubeconfig $SCRATCH/creds/us-prod" "$FAKE_LOG" || fail_now "us never reached its credential"
expect_not_in "$FAKE_LOG" "env-config"
end

for verb in plan up destroy status; do
  begin "$verb: one --kubeconfig for a fleet naming two clusters is refused (exit 3, naming them); nothing runs"
  credentials
  mkdir "$SCRATCH/fleet"
  named_manifest "$SCRATCH/fleet/eu.yaml" op-eu "$CREDENTIAL_EU"
  named_manifest "$SCRATCH/fleet/us.yaml" op-us "$CREDENTIAL_US"
  run_deployer "$verb" -f "$SCRATCH/fleet" --kubeconfig "$SCRATCH/flag-config"
  expect_code 3
  expect_in "$SCRATCH/err" "--kubeconfig would send targets whose manifests name different clusters to one cluster (kubeconfig $SCRATCH/flag-config): op-eu (credential eu-prod, $SCRATCH/fleet/eu.yaml); op-us (credential us-prod, $SCRATCH/fleet/us.yaml); nothing was started"
  expect_in "$SCRATCH/err" "--same-cluster"
  expect_no_calls
  end
done

begin "--context naming one context for targets whose clusterNames differ is refused too; -o json says so"
named_manifest "$SCRATCH/a.yaml" op-a $'  targetCluster:\n    kubernetesClusterSelector:\n      clusterName: a'
named_manifest "$SCRATCH/b.yaml" op-b $'  targetCluster:\n    kubernetesClusterSelector:\n      clusterName: b'
run_deployer plan -f "$SCRATCH/a.yaml" -f "$SCRATCH/b.yaml" --context a -o json
expect_code 3
expect_json_contract
expect_json_field '.diagnostics | length >= 0'
grep -qF -- "--context would send targets" "$SCRATCH/out" || fail_now "the JSON document does not say why"
expect_no_calls
end

begin "--same-cluster lets one --kubeconfig serve a fleet whose credentials are one cluster"
credentials
mkdir "$SCRATCH/fleet"
named_manifest "$SCRATCH/fleet/eu.yaml" op-eu "$CREDENTIAL_EU"
named_manifest "$SCRATCH/fleet/us.yaml" op-us "$CREDENTIAL_US"
run_deployer plan -f "$SCRATCH/fleet" --kubeconfig "$SCRATCH/flag-config" --same-cluster
expect_code 0
expect_every_call_uses "$SCRATCH/flag-config"
end

begin "one --kubeconfig for a fleet that names no cluster is fine, and so is validate"
credentials
named_manifest "$SCRATCH/a.yaml" op-a
named_manifest "$SCRATCH/b.yaml" op-b
run_deployer plan -f "$SCRATCH/a.yaml" -f "$SCRATCH/b.yaml" --kubeconfig "$SCRATCH/flag-config"
expect_code 0
expect_every_call_uses "$SCRATCH/flag-config"
named_manifest "$SCRATCH/a.yaml" op-a "$CREDENTIAL_EU"
named_manifest "$SCRATCH/b.yaml" op-b "$CREDENTIAL_US"
run_deployer validate -f "$SCRATCH/a.yaml" -f "$SCRATCH/b.yaml" --kubeconfig "$SCRATCH/flag-config"
expect_code 0
end

# labelled_fleet: $SCRATCH/fleet with four targets: dev-eu (env dev, team data, tier a),
# prod-eu (prod, web, b), prod-us (prod, data, c), bare (no label).
labelled_fleet() {
  mkdir -p "$SCRATCH/fleet"
  local name env team tier
  while read -r name env team tier; do
    cat > "$SCRATCH/fleet/$name.yaml" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: $name
  env: $env
  labels: {team: $team, tier: $tier}
spec:
  namespace: ops
YAML
  done <<'LIST'
dev-eu dev data a
prod-eu prod web b
prod-us prod data c
LIST
  named_manifest "$SCRATCH/fleet/bare.yaml" bare
}

# listed SELECTOR...: the targets `validate --list -l SELECTOR` lists, sorted, on one line.
listed() {
  run_deployer validate -f "$SCRATCH/fleet" --list "$@"
  awk 'NR > 1 { print $2 }' "$SCRATCH/out" | sort | tr '\n' ' ' | sed 's/ $//'
}

begin "shards with several waves are refused with the one-job-per-wave hint; one wave is sharded"
labelled_fleet
rm "$SCRATCH/fleet/bare.yaml"
run_deployer up -f "$SCRATCH/fleet" --waves env=dev,prod --shard 2/2 --list
expect_code 3
expect_in "$SCRATCH/err" "--shard with --waves env=dev,prod: each CI job would run its share of every wave, so one job's env=prod could start before another job's env=dev has finished"
expect_in "$SCRATCH/err" "-l env=dev --shard K/N"
expect_no_calls
: > "$SCRATCH/all"
for k in 1 2; do
  run_deployer up -f "$SCRATCH/fleet" -l env=prod --waves env=prod --shard "$k/2" --list
  expect_code 0
  awk 'NR > 1 { print $2 }' "$SCRATCH/out" >> "$SCRATCH/all"
done
[ "$(sort "$SCRATCH/all" | tr '\n' ' ')" = "prod-eu prod-us " ] || fail_now "the prod shards listed $(cat "$SCRATCH/all")"
expect_no_calls
end

begin "-l: each operator of kubectl's selector syntax, shown by --list"
labelled_fleet
[ "$(listed -l env=prod)" = "prod-eu prod-us" ] || fail_now "env=prod: $(listed -l env=prod)"
[ "$(listed -l env==dev)" = "dev-eu" ] || fail_now "env==dev"
[ "$(listed -l team!=data)" = "bare prod-eu" ] || fail_now "team!=data: $(listed -l team!=data)"
[ "$(listed -l 'tier in (a,c)')" = "dev-eu prod-us" ] || fail_now "in"
[ "$(listed -l 'tier notin (a, c)')" = "bare prod-eu" ] || fail_now "notin"
[ "$(listed --selector team)" = "dev-eu prod-eu prod-us" ] || fail_now "key"
[ "$(listed -l '!team')" = "bare" ] || fail_now "!key"
[ "$(listed -l 'env=prod,team=data')" = "prod-us" ] || fail_now "comma: and"
expect_no_calls
end

begin "-l: --waves orders only the selected targets (an unselected one needs no wave)"
labelled_fleet
run_deployer plan -f "$SCRATCH/fleet" -l env --waves env=dev,prod --list
expect_code 0
expect_not_in "$SCRATCH/out" "bare"
[ "$(awk 'NR > 1 { print $1 " " $2 }' "$SCRATCH/out" | tr '\n' ' ')" = "env=dev dev-eu env=prod prod-eu env=prod prod-us " ] \
  || fail_now "not dev then prod: $(cat "$SCRATCH/out")"
run_deployer plan -f "$SCRATCH/fleet" --waves env=dev,prod --list
expect_code 3
expect_in "$SCRATCH/err" "bare.yaml (env: not set)"
end

begin "-l: a selector that matches nothing, or does not parse, is exit 3 and runs nothing"
labelled_fleet
run_deployer up -f "$SCRATCH/fleet" -l env=prdo
expect_code 3
expect_in "$SCRATCH/err" "--selector 'env=prdo' matches none of the 4 targets"
run_deployer up -f "$SCRATCH/fleet" -l 'tier in a'
expect_code 3
expect_in "$SCRATCH/err" "--selector 'tier in a': 'a' is not a set of values in parentheses"
expect_no_calls
end

begin "-l on one manifest: the fleet path, and its target runs"
labelled_fleet
run_deployer plan -f "$SCRATCH/fleet/prod-eu.yaml" -l env=prod
expect_code 0
grep -q "helm" "$FAKE_LOG" || fail_now "the selected target did not run"
end

finish
