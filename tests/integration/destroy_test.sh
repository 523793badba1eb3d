#!/usr/bin/env bash
# `destroy` against fake helm/kubectl.
source "$(dirname "$0")/lib.sh"

manifest() {
  cp "$REPO/examples/basic.yaml" "$SCRATCH/op.yaml"
}

begin "destroy after up: uninstall --wait, namespace deleted, status cleared, CRDs kept"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_calls \
  "helm version --template {{.Version}}" \
  "kubectl config view --minify --output json" \
  "kubectl get --raw /version --request-timeout=30s" \
  "helm status altinity-operator-prod --namespace altinity-operator --output json" \
  "helm history altinity-operator-prod --namespace altinity-operator --max 20 --output json" \
  "helm uninstall altinity-operator-prod --namespace altinity-operator --wait --timeout 300s" \
  "kubectl get namespace altinity-operator --ignore-not-found --output json --request-timeout=30s" \
  "kubectl delete namespace altinity-operator --ignore-not-found --wait --timeout=300s"
expect_same_file "$SCRATCH/op.yaml" "$REPO/examples/basic.yaml"
expect_in "$SCRATCH/out" "CRDs: kept"
end

begin "destroy of an absent release succeeds and starts no uninstall"
manifest
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "helm uninstall"
expect_in "$SCRATCH/out" "release 'altinity-operator-prod': absent"
end

begin "a namespace altinity-deploy did not create is kept"
manifest
printf '{"metadata":{"name":"altinity-operator","labels":{}},"status":{"phase":"Active"}}' > "$FAKE_STATE/namespace.json"
run_deployer destroy -f "$SCRATCH/op.yaml"
expect_code 0
expect_not_in "$FAKE_LOG" "kubectl delete namespace"
expect_in "$SCRATCH/out" "kept (not created by altinity-deploy)"
end

begin "--keep-namespace and --delete-crds"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
: > "$FAKE_LOG"
run_deployer destroy -f "$SCRATCH/op.yaml" --keep-namespace --delete-crds
expect_code 0
expect_not_in "$FAKE_LOG" "delete namespace"
expect_in "$FAKE_LOG" "kubectl delete customresourcedefinition --ignore-not-found --wait clickhouseinstallations.clickhouse.altinity.com"
expect_in "$SCRATCH/err" "every ClickHouse cluster they describe is deleted"
end

begin "bare destroy with ALTINITY_DEPLOY_MANIFEST"
manifest
ALTINITY_DEPLOY_MANIFEST="$SCRATCH/op.yaml" run_deployer destroy
expect_code 0
end

finish
