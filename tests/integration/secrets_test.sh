#!/usr/bin/env bash
# Secrets against fake helm/kubectl: planted secrets never reach any output
# stream (render, plan, up, -o json, -v, errors) nor helm's or kubectl's
# argv, only the 0600 values file; the operator's password is generated,
# kept, never printed, and rotated on request (docs/secrets.md).
source "$(dirname "$0")/lib.sh"

# Every planted secret starts with PLANT-; none may show anywhere.
planted_manifest() {
  minimal_manifest
  cat >> "$SCRATCH/op.yaml" <<'YAML'
  values:
    secret:
      password: PLANT-operator
    operator:
      env:
        - name: CLICKHOUSE_PASSWORD
          value: PLANT-env
        - name: LOG_LEVEL
          value: debug
    configs:
      usersdFiles:
        users.xml: "<users><a><password>PLANT-xml</password><password_sha256_hex>PLANT-sha</password_sha256_hex></a></users>"
    additionalResources:
      - |
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ include "altinity-clickhouse-operator.fullname" . }}-extra
        stringData:
          anything: PLANT-additional
    backup:
      accessKey: PLANT-access
      credential: PLANT-credential
      pwd: PLANT-pwd
      passphrase: PLANT-passphrase
      auth: PLANT-auth
      basicAuth: PLANT-basic
      tls.key: PLANT-tls
      clientKeyData: PLANT-client-key
      endpoint: clickhouse://admin:PLANT-dsn@ch.example:9000/db
      pem: "-----BEGIN PRIVATE KEY-----\nPLANT-pem\n-----END PRIVATE KEY-----\n"
    anchored: &creds {token: PLANT-anchor}
    merged:
      <<: *creds
    aliased: *creds
YAML
}

# Checks every output file of the test so far.
expect_nothing_planted() {  # FILES...
  local file
  for file in "$@"; do
    if grep -q "PLANT-" "$file"; then fail_now "a planted secret in $(basename "$file"): $(grep -o 'PLANT-[a-z-]*' "$file" | sort -u | tr '\n' ' ')"; fi
  done
}

# run_deployer, keeping each run's streams as NAME.out and NAME.err.
run_kept() {  # NAME ARGS...
  local name=$1; shift
  run_deployer "$@"
  cp "$SCRATCH/out" "$SCRATCH/$name.out"
  cp "$SCRATCH/err" "$SCRATCH/$name.err"
}

begin "planted secrets reach the 0600 values file and no output, argv or log"
planted_manifest
run_kept render render -f "$SCRATCH/op.yaml" --helm-major 3
expect_code 0
run_kept render-json render -f "$SCRATCH/op.yaml" --helm-major 4 -o json
run_kept validate validate -f "$SCRATCH/op.yaml" -v
expect_code 0
run_kept plan-fresh plan -f "$SCRATCH/op.yaml" -v
run_kept up up -f "$SCRATCH/op.yaml" -v --no-write-status
expect_code 0
run_kept up-json up -f "$SCRATCH/op.yaml" -o json -v --force --no-write-status
expect_code 0
# Every planted value changed: plan shows the old and the new side.
sed -i 's/PLANT-/PLANT-new-/g' "$SCRATCH/op.yaml"
run_kept plan-change plan -f "$SCRATCH/op.yaml" -v --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/plan-change.out" '~ value secret.password: "<redacted>" -> "<redacted>"'
expect_in "$SCRATCH/plan-change.out" '~ value backup.endpoint: "clickhouse://admin:<redacted>@ch.example:9000/db" -> "clickhouse://admin:<redacted>@ch.example:9000/db"'
run_kept plan-json plan -f "$SCRATCH/op.yaml" -o json -v
run_kept up-change up -f "$SCRATCH/op.yaml" -v --no-write-status
expect_code 0
expect_nothing_planted "$SCRATCH"/*.out "$SCRATCH"/*.err "$FAKE_LOG"
# Positive control: the secrets did reach helm, through the values file.
expect_in "$FAKE_STATE/values.yaml" "PLANT-new-env"
expect_in "$FAKE_STATE/values.yaml" "PLANT-new-additional"
expect_in "$FAKE_STATE/values.mode" "600"
expect_in "$SCRATCH/render.out" "value: \"<redacted>\""
expect_in "$SCRATCH/up.err" "$ helm upgrade --install"
end

begin "errors quote no secret: an open quote that swallows the file, a foreign file"
cat > "$SCRATCH/open-quote.yaml" <<'YAML'
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: "altinity-operator-prod
spec:
  values:
    secret:
      password: PLANT-swallowed
YAML
run_kept open-quote validate -f "$SCRATCH/open-quote.yaml"
[ "$CODE" != 0 ] || fail_now "an open quote passed validation"
printf 'root:$6$PLANT-salt$PLANT-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n' > "$SCRATCH/shadow"
run_kept shadow validate -f "$SCRATCH/shadow"
expect_code 3
expect_in "$SCRATCH/shadow.err" "unknown field (a key of 47 characters that is no field name)"
run_kept shadow-json plan -f "$SCRATCH/shadow" -o json
expect_code 3
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: "x://u:PLANT-url@h\\u001b[2J"\n' > "$SCRATCH/name.yaml"
run_kept name validate -f "$SCRATCH/name.yaml"
expect_code 3
expect_nothing_planted "$SCRATCH"/*.out "$SCRATCH"/*.err
if grep -q $'\x1b' "$SCRATCH/name.err"; then fail_now "an escape sequence from the manifest reached the terminal"; fi
expect_no_calls
end

# The values.yaml helm got: its secret.password.
deployed_password() {
  python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["secret"]["password"])' "$FAKE_STATE/values.yaml"
}


begin "the operator's password: generated, kept by every later up, never printed"
minimal_manifest
run_kept render render -f "$SCRATCH/op.yaml" --helm-major 3
expect_in "$SCRATCH/render.out" 'password: "<generated>"'
run_kept plan plan -f "$SCRATCH/op.yaml"
expect_in "$SCRATCH/plan.out" "operator password: <generated> (new release); kept in Secret altinity-operator/altinity-operator-prod-altinity-clickhouse-operator"
run_kept up up -f "$SCRATCH/op.yaml" -v --no-write-status
expect_code 0
first=$(deployed_password)
[[ "$first" =~ ^[A-Za-z0-9]{32}$ ]] || fail_now "deployed password '${#first} characters' is not 32 letters and digits"
[ "$first" != clickhouse_operator_password ] || fail_now "the public default was deployed"
expect_in "$SCRATCH/up.out" "operator password: generated (new release); read it with: kubectl get secret altinity-operator-prod-altinity-clickhouse-operator --namespace altinity-operator -o jsonpath='{.data.password}' | base64 -d"
: > "$FAKE_LOG"
run_kept again up -f "$SCRATCH/op.yaml" -v -o json --no-write-status
expect_code 0
expect_not_in "$FAKE_LOG" "upgrade"
check "the second up is a no-op that kept the password" jq -e \
  '.action == "unchanged" and .operatorPassword.origin == "kept" and (.changes | length) == 0' "$SCRATCH/again.out"
[ "$(deployed_password)" = "$first" ] || fail_now "the second up changed the password"
run_kept plan-again plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 0
run_kept rotate up -f "$SCRATCH/op.yaml" --rotate-operator-password -v --no-write-status
expect_code 0
expect_in "$FAKE_LOG" "helm upgrade"
second=$(deployed_password)
[[ "$second" =~ ^[A-Za-z0-9]{32}$ && "$second" != "$first" ]] || fail_now "rotation did not deploy a new password"
expect_in "$SCRATCH/rotate.err" '~ value secret.password: "<redacted>" -> "<generated>" (--rotate-operator-password)'
if [ -n "$first" ] && [ -n "$second" ]; then
  for file in "$SCRATCH"/*.out "$SCRATCH"/*.err "$FAKE_LOG"; do
    if grep -qF -e "$first" -e "$second" "$file"; then fail_now "the password is in $(basename "$file")"; fi
  done
fi
end

begin "a release on the chart's public default is moved off it, and the plan says so"
minimal_manifest
mkdir -p "$FAKE_STATE"
echo 1 > "$FAKE_STATE/release"
echo '{"secret": {"password": "clickhouse_operator_password"}}' > "$FAKE_STATE/values.json"
run_deployer plan -f "$SCRATCH/op.yaml" --detailed-exitcode
expect_code 2
expect_in "$SCRATCH/out" '~ value secret.password: "<redacted>" -> "<generated>" (the release uses the chart'"'"'s public default password)'
expect_not_in "$SCRATCH/out" "clickhouse_operator_password"
run_deployer up -f "$SCRATCH/op.yaml" --no-write-status
expect_code 0
expect_not_in "$FAKE_STATE/values.yaml" "clickhouse_operator_password"
end

begin "rotating a password the manifest sets is refused before anything changes"
minimal_manifest
printf '  values:\n    secret: {password: PLANT-mine}\n' >> "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml" --rotate-operator-password
expect_code 3
expect_in "$SCRATCH/err" "the manifest sets the operator's password"
expect_not_in "$FAKE_LOG" "upgrade"
expect_not_in "$FAKE_LOG" "apply"
expect_nothing_planted "$SCRATCH/out" "$SCRATCH/err"
end

finish
