#!/usr/bin/env bash
# render --manifests with the real helm of one Helm major and the real chart (issue 20, item 2),
# checked against the local Kubernetes 1.20 API server:
#   1. the objects (the chart's CRDs, then helm template's) pass `kubectl apply --dry-run=server`,
#      and hold no secret value of the manifest (nor its base64); nothing is created
#   2. --show-secrets shows the manifest's password (base64, in the operator's Secret), still valid
#   3. with the generated password: `<generated>` stands in for it, said above the Secret; masked,
#      neither it nor the chart's public default password is in the output
#   4. --kube-version with the server's version: rendered for it, still valid
#
#   bash tests/e2e/render_manifests_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-render-h$MAJOR
NS=e2e-render-h$MAJOR
M="$WORK/op.yaml"
M_GENERATED="$WORK/generated.yaml"
PASSWORD=e2e-Render-Secret-4711
PASSWORD_B64=$(printf '%s' "$PASSWORD" | base64)
SECRET=$NAME-altinity-clickhouse-operator

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "rendering the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

release_manifest "$M" "$NAME" "$NS" "  values:
    secret:
      password: $PASSWORD"
release_manifest "$M_GENERATED" "$NAME" "$NS"

remember_crds
cleanup_release "$M" "$NAME" "$NS"

expect_not_in() { ! grep -qF -- "$2" "$1" || fail_now "'$2' unexpectedly in $(basename "$1")"; }
# valid_on_server FILE: the API server accepts every object of FILE (a dry run: nothing is stored).
valid_on_server() {
  local out
  out=$(k apply --dry-run=server -f "$1" 2>&1) || { fail_now "kubectl apply --dry-run=server refused it:"; printf '%s\n' "$out" | tail -n 10 | sed 's/^/    | /'; return 1; }
  printf '%s\n' "$out" > "$WORK/dry-run.log"
}
# The namespaced objects need their namespace; up would create it.
k create namespace "$NS" > /dev/null 2>&1 || true
CRDS_AT_START=$(crd_count)

# ---- 1 ------------------------------------------------------------------------------------------
begin "render --manifests: CRDs first, valid for the API server, no secret value in it"
deployer render -f "$M" --manifests
expect_code 0
cp "$OUT" "$WORK/masked.yaml"
first_kind=$(grep -m1 '^kind: ' "$OUT" | sed 's/^kind: //')
[ "$first_kind" = CustomResourceDefinition ] || fail_now "the first object is a $first_kind, not a CRD"
for kind in Secret ConfigMap ServiceAccount ClusterRole ClusterRoleBinding Service Deployment; do
  grep -q "^kind: $kind$" "$OUT" || fail_now "no $kind in the output"
done
expect_in "$ERR" "helm template's default capabilities"
if grep -qF -- "$PASSWORD" "$OUT"; then fail_now "the manifest's password is in the output"; fi
if grep -qF -- "$PASSWORD_B64" "$OUT"; then fail_now "the manifest's password (base64) is in the output"; fi
expect_in "$OUT" "# Secret data masked"
if grep -q $'\e' "$OUT"; then fail_now "a raw ESC on stdout"; fi
valid_on_server "$WORK/masked.yaml"
expect_in "$WORK/dry-run.log" "deployment.apps/$SECRET created (server dry run)"
[ "$(crd_count)" = "$CRDS_AT_START" ] || fail_now "the dry run changed the CRDs"
k get secret "$SECRET" -n "$NS" > /dev/null 2>&1 && fail_now "the Secret was created"
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "--show-secrets shows the manifest's password in the operator's Secret, still valid"
deployer render -f "$M" --manifests --show-secrets
expect_code 0
cp "$OUT" "$WORK/shown.yaml"
expect_in "$OUT" "$PASSWORD_B64"
expect_not_in "$OUT" "# Secret data masked"
valid_on_server "$WORK/shown.yaml"
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "a generated password: <generated> stands in for it, and the comment says how to read the real one"
deployer render -f "$M_GENERATED" --manifests --show-secrets
expect_code 0
expect_in "$OUT" "$(printf '<generated>' | base64)"
expect_in "$OUT" "render cannot know the password up generates"
expect_in "$OUT" "kubectl get secret $SECRET --namespace $NS"
# Masked: neither the stand-in nor the chart's public default (its template comments name it).
deployer render -f "$M_GENERATED" --manifests
expect_code 0
# (The pod template's fingerprint annotation says <generated> too: no secret, see docs/secrets.md.)
expect_not_in "$OUT" "$(printf '<generated>' | base64)"
for value in clickhouse_operator_password fixture_operator_password; do
  if grep -qF -- "$value" "$OUT" || grep -qF -- "$(printf '%s' "$value" | base64)" "$OUT"; then
    fail_now "'$value' (or its base64) is in the masked output"
  fi
done
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "--kube-version with the server's version: rendered for it, valid"
server_version=$(k version -o json | jq -r .serverVersion.gitVersion)
deployer render -f "$M" --manifests --kube-version "$server_version"
expect_code 0
expect_in "$ERR" "rendered for Kubernetes $server_version (--kube-version)"
cp "$OUT" "$WORK/versioned.yaml"
valid_on_server "$WORK/versioned.yaml"
end

k delete namespace "$NS" --wait --timeout=60s > /dev/null 2>&1 || true
finish
