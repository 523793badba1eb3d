#!/usr/bin/env bash
# The operator's ClickHouse password against the local Kubernetes 1.20 cluster with the real helm
# and kubectl of one Helm major (issue 7, item 4; docs/secrets.md):
#   1. a fresh `up` with no secret values: no Secret in the namespace holds the chart's public
#      default (every Secret's data decoded, Helm's release records unpacked); the operator's Secret
#      holds a generated 32-character password, which no output of the deployer shows
#   2. a second `up` is a no-op (no new helm revision, same password); `plan --detailed-exitcode` 0
#   3. `up --rotate-operator-password`: a new password in the Secret, a new revision, the operator's
#      pod template changed (so the operator restarts and reads it), then a no-op again
#   4. an upgrade to chart 0.26.0 (when served) keeps the password
#   5. destroy
#
#   bash tests/e2e/secrets_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-secrets-h$MAJOR
NS=e2e-secrets-h$MAJOR
M="$WORK/op.yaml"
# The chart's fullname: the release name does not contain the chart's name.
SECRET=$NAME-altinity-clickhouse-operator
# The published charts' default and the fixture chart's.
PUBLIC_DEFAULTS=(clickhouse_operator_password fixture_operator_password)

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "deploying the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

release_manifest "$M" "$NAME" "$NS"

# The documented way to read it (docs/secrets.md).
operator_password() { k get secret "$SECRET" --namespace "$NS" -o jsonpath='{.data.password}' | base64 -d; }
pod_template_annotation() {
  operator_deployment "$NAME" "$NS" | jq -r '.spec.template.metadata.annotations["altinity-deploy/operator-login-fingerprint"] // ""'
}

# Every Secret of the namespace, decoded: its data values, and for Helm's release records the
# user-supplied values (.config) inside them (base64, base64 again, gzip). The chart's own
# values.yaml in a release record keeps its documented default and is left out.
decoded_secrets() {
  local secret key
  for secret in $(k get secrets -n "$NS" -o name); do
    if [ "$(k get "$secret" -n "$NS" -o jsonpath='{.type}')" = helm.sh/release.v1 ]; then
      k get "$secret" -n "$NS" -o jsonpath='{.data.release}' | base64 -d | base64 -d | gunzip | jq -c .config
      continue
    fi
    for key in $(k get "$secret" -n "$NS" -o json | jq -r '.data // {} | keys[]'); do
      k get "$secret" -n "$NS" -o json | jq -r --arg k "$key" '.data[$k]' | base64 -d
      echo
    done
  done
}

expect_no_public_default() {
  local decoded value
  decoded=$(decoded_secrets) || { fail_now "could not read the namespace's Secrets"; return 1; }
  [ -n "$decoded" ] || { fail_now "no Secret data in $NS at all"; return 1; }
  for value in "${PUBLIC_DEFAULTS[@]}"; do
    if grep -qF -- "$value" <<<"$decoded"; then fail_now "a Secret in $NS holds the public default '$value'"; fi
  done
}

# No stdout, stderr or -v log of the deployer in this run shows `password`.
expect_never_printed() {
  [ -n "$1" ] || { fail_now "no password to look for"; return 1; }
  if grep -rqF -- "$1" "$WORK"/deployer.log "$OUT" "$ERR"; then fail_now "the operator's password was printed"; fi
}

remember_crds
cleanup_release "$M" "$NAME" "$NS"

# ---- 1 ------------------------------------------------------------------------------------------
begin "a fresh up deploys a generated password, never the chart's public default, and prints none"
deployer up -f "$M" -v
expect_code 0
expect_in "$OUT" "operator password: generated (new release); read it with: kubectl get secret $SECRET --namespace $NS"
FIRST=$(operator_password)
[[ "$FIRST" =~ ^[A-Za-z0-9]{32}$ ]] || fail_now "the operator's Secret holds no generated password (${#FIRST} characters)"
expect_no_public_default
expect_never_printed "$FIRST"
FINGERPRINT=$(pod_template_annotation)
[ -n "$FINGERPRINT" ] || fail_now "the operator's pod template has no password fingerprint"
end

# ---- 2 ------------------------------------------------------------------------------------------
begin "a second up is a no-op that keeps the password; plan --detailed-exitcode exits 0"
REV=$(revision)
deployer up -f "$M" -v -o json
expect_code 0
cp "$OUT" "$WORK/again.json"
expect_json_contract "$WORK/again.json" 0
expect_json "$WORK/again.json" '.action == "unchanged" and .operatorPassword.origin == "kept" and (.changes | length) == 0'
expect_eq "helm revision after the second up" "$(revision)" "$REV"
expect_eq "the password after the second up" "$(operator_password)" "$FIRST"
deployer plan -f "$M" --detailed-exitcode
expect_code 0
expect_in "$OUT" "No changes"
expect_never_printed "$FIRST"
end

# ---- 3 ------------------------------------------------------------------------------------------
begin "up --rotate-operator-password deploys a new one and restarts the operator"
deployer up -f "$M" --rotate-operator-password -v
expect_code 0
expect_in "$ERR" '~ value secret.password: "<redacted>" -> "<generated>" (--rotate-operator-password)'
SECOND=$(operator_password)
[[ "$SECOND" =~ ^[A-Za-z0-9]{32}$ ]] || fail_now "no generated password after rotation"
[ "$SECOND" != "$FIRST" ] || fail_now "rotation kept the old password"
expect_eq "helm revision after rotation" "$(revision)" "$((REV + 1))"
[ "$(pod_template_annotation)" != "$FINGERPRINT" ] || fail_now "the operator's pod template did not change"
eventually 120 "the operator rolled out again" deployment_settled "$NAME" "$NS"
expect_no_public_default
expect_never_printed "$FIRST"
expect_never_printed "$SECOND"
deployer up -f "$M"
expect_code 0
expect_in "$OUT" "no changes"
expect_eq "helm revision after the up that followed rotation" "$(revision)" "$((REV + 1))"
end

# ---- 4 ------------------------------------------------------------------------------------------
begin "an upgrade to chart 0.26.0 keeps the password"
if [[ " $REAL_CHART_VERSIONS " == *" 0.26.0 "* ]]; then
  sed -i 's/version: "[^"]*"/version: "0.26.0"/' "$M"
  deployer up -f "$M" -v
  expect_code 0
  expect_eq "the password after the chart upgrade" "$(operator_password)" "$SECOND"
  expect_no_public_default
  expect_never_printed "$SECOND"
else
  skip_step "the real chart 0.26.0 is not served (REAL_CHART_VERSIONS='$REAL_CHART_VERSIONS')"
fi
end

# ---- 5 ------------------------------------------------------------------------------------------
begin "destroy"
deployer destroy -f "$M"
expect_code 0
eventually 120 "namespace $NS gone" namespace_gone "$NS"
end

finish
