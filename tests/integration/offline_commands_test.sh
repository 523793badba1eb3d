#!/usr/bin/env bash
# validate, render, status, version, help and usage errors.
source "$(dirname "$0")/lib.sh"

begin "validate accepts every example and starts no process"
for example in "$REPO"/examples/*.yaml; do
  run_deployer validate -f "$example"
  [ "$CODE" = 0 ] || fail_now "$(basename "$example") exit $CODE: $(cat "$SCRATCH/err")"
done
expect_no_calls
end

begin "validate reports every problem, located, exit 3"
cat > "$SCRATCH/bad.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v2
kind: AltinityOperatorKubernetes
metadata:
  name: ok-name
spec:
  namspace: x
  container:
    resources:
      limits: {cpu: 100mb}
YAML
run_deployer validate -f "$SCRATCH/bad.yaml"
expect_code 3
expect_no_calls
expect_in "$SCRATCH/err" "$SCRATCH/bad.yaml:1:"
expect_in "$SCRATCH/err" "$SCRATCH/bad.yaml:6:3:"
expect_in "$SCRATCH/err" "did you mean 'namespace'?"
expect_in "$SCRATCH/err" "$SCRATCH/bad.yaml:9:"
end

begin "render prints the values and the Helm 4 command without a cluster"
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: op\nspec:\n  values:\n    secret:\n      password: hunter2\n' > "$SCRATCH/op.yaml"
run_deployer render -f "$SCRATCH/op.yaml" --helm-major 4
expect_code 0
expect_no_calls
expect_in "$SCRATCH/out" "helm upgrade --install op altinity-clickhouse-operator --namespace altinity-operator"
expect_in "$SCRATCH/out" "--rollback-on-failure --wait=watcher --server-side=false"
expect_in "$SCRATCH/out" 'password: "<redacted>"'
expect_not_in "$SCRATCH/out" "hunter2"
end

begin "render with the installed helm's major"
cp "$REPO/examples/basic.yaml" "$SCRATCH/op.yaml"
run_deployer render -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/out" "--atomic --wait --cleanup-on-fail --timeout 300s"
end

begin "status reports release, operator readiness and CRDs, and changes nothing"
cp "$REPO/examples/basic.yaml" "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
: > "$FAKE_LOG"
run_deployer status -f "$SCRATCH/op.yaml" -o json
expect_code 0
check "status JSON" jq -e '.installed == true and .helmStatus == "deployed" and .operator.ready == true and
  .crds["clickhouseinstallations.clickhouse.altinity.com"] == "0.23.6"' "$SCRATCH/out"
expect_not_in "$FAKE_LOG" "apply"
expect_not_in "$FAKE_LOG" "upgrade"
expect_not_in "$FAKE_LOG" "delete"
end

begin "usage errors exit 3"
run_deployer frobnicate
expect_code 3
run_deployer up
expect_code 3
expect_in "$SCRATCH/err" "ALTINITY_DEPLOY_MANIFEST"
end

begin "version and help"
run_deployer version
expect_code 0
expect_in "$SCRATCH/out" "altinity-deploy "
for verb in up destroy status validate render; do
  run_deployer "$verb" --help
  [ "$CODE" = 0 ] || fail_now "$verb --help exit $CODE"
  grep -q "Example:" "$SCRATCH/out" || fail_now "$verb --help has no example"
done
end

finish
