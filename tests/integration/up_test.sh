#!/usr/bin/env bash
# `up` against fake helm/kubectl: the exact command sequence for Helm 3 and
# Helm 4, the byte-preserving status write-back, and what happens on failure.
source "$(dirname "$0")/lib.sh"

manifest() {  # a manifest with comments, quoting and odd spacing
  cat > "$SCRATCH/op.yaml" <<'YAML'
# production operator
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator-prod   # the release name
spec:

  namespace: "altinity-operator"
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: '1', memory: 1Gi}
YAML
  cp "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
}

up_sequence() {  # the calls of a fresh install, for helm major $1
  local flags
  if [ "$1" = 3 ]; then flags="--atomic --wait --cleanup-on-fail"
  else flags="--rollback-on-failure --wait=watcher --server-side=false --cleanup-on-fail"; fi
  expect_calls \
    "helm version --template {{.Version}}" \
    "kubectl config view --minify --output json" \
    "kubectl get --raw /version --request-timeout=30s" \
    "helm status altinity-operator-prod --namespace altinity-operator --output json" \
    "kubectl get namespace altinity-operator --ignore-not-found --output json --request-timeout=30s" \
    "kubectl apply --filename - --request-timeout=30s" \
    "helm upgrade --install altinity-operator-prod altinity-clickhouse-operator --namespace altinity-operator --repo https://docs.altinity.com/clickhouse-operator/ --version 0.23.6 --values $(cat "$FAKE_STATE/values.path") $flags --timeout 300s" \
    "helm status altinity-operator-prod --namespace altinity-operator --output json" \
    "helm history altinity-operator-prod --namespace altinity-operator --max 20 --output json"
}

for major in 3 4; do
  begin "fresh up with Helm $major runs the exact sequence and writes status.outputs"
  manifest
  export FAKE_HELM_VERSION="v$major.1.0"
  run_deployer up -f "$SCRATCH/op.yaml"
  expect_code 0
  up_sequence "$major"
  expect_in "$FAKE_STATE/values.mode" "600"
  check "values file removed" test ! -e "$(cat "$FAKE_STATE/values.path")"
  expect_in "$FAKE_STATE/values.yaml" 'config.yaml:'
  expect_in "$FAKE_STATE/values.yaml" '- ".*"'
  expect_in "$FAKE_STATE/applied.json" '"app.kubernetes.io/managed-by":"altinity-deploy"'
  expect_in "$SCRATCH/op.yaml" "    releaseName: altinity-operator-prod"
  expect_in "$SCRATCH/op.yaml" "    namespace: altinity-operator"
  expect_in "$SCRATCH/op.yaml" '    chartVersion: "0.23.6"'
  expect_in "$SCRATCH/err" "target: context 'fake', API server https://127.0.0.1:6443"
  expect_prefix_kept "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
  end
done
unset FAKE_HELM_VERSION

begin "second up upgrades and bumps the revision in status.outputs"
manifest
run_deployer up -f "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/op.yaml" 'revision: "2"'
check "one status block" test "$(grep -c '^status:' "$SCRATCH/op.yaml")" = 1
expect_prefix_kept "$SCRATCH/original.yaml" "$SCRATCH/op.yaml"
end

begin "helm failure: exit 1, helm's stderr shown, manifest untouched, values file removed"
manifest
export FAKE_HELM_FAIL=upgrade
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "has been rolled back due to atomic being set"
expect_in "$SCRATCH/err" "helm upgrade --install failed (exit 1)"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
check "no temp file left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
end
unset FAKE_HELM_FAIL

begin "invalid manifest: exit 3, located error, no process started"
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: Bad_Name\n' > "$SCRATCH/bad.yaml"
run_deployer up -f "$SCRATCH/bad.yaml"
expect_code 3
expect_no_calls
expect_in "$SCRATCH/err" "$SCRATCH/bad.yaml:4:"
end

begin "unreachable cluster: exit 4 before anything changes"
manifest
export FAKE_KUBECTL_UNREACHABLE=1
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 4
expect_in "$SCRATCH/err" "does not answer"
expect_not_in "$FAKE_LOG" "helm upgrade"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end
unset FAKE_KUBECTL_UNREACHABLE

begin "missing helm: exit 4 naming the tool"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --helm /nonexistent/helm
expect_code 4
expect_in "$SCRATCH/err" "/nonexistent/helm"
expect_no_calls
end

begin "--no-write-status prints the outputs and leaves the manifest alone"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/original.yaml"
end

begin "ALTINITY_DEPLOY_MANIFEST stands in for --manifest; --output json is one document"
manifest
ALTINITY_DEPLOY_MANIFEST="$SCRATCH/op.yaml" run_deployer up --output json
expect_code 0
check "stdout is the expected JSON" jq -e '.ok == true and .outputs.releaseName == "altinity-operator-prod" and .exitCode == 0' "$SCRATCH/out"
end

begin "kubeconfig and context go to every helm and kubectl call"
manifest
run_deployer up -f "$SCRATCH/op.yaml" --kubeconfig /k/config --kube-context prod
expect_code 0
while read -r line; do
  case "$line" in
    "helm version"*) ;;
    helm*) [[ "$line" == *"--kubeconfig /k/config --kube-context prod" ]] || fail_now "helm call without access: $line" ;;
    kubectl*) [[ "$line" == *"--kubeconfig /k/config --context prod" ]] || fail_now "kubectl call without access: $line" ;;
  esac
done < "$FAKE_LOG"
end

finish
