#!/usr/bin/env bash
# Project Planton's manifests against the local cluster (issue 23), with the real helm and kubectl
# of one Helm major:
#   1. a manifest of the current kind (AltinityOperator), Planton's metadata, snake_case and
#      lowerCamel fields mixed: up installs it; status.outputs.namespace is written; the kind
#      and every spelling outside status are kept byte for byte
#   2. up again: no changes
#   3. destroy: the release is gone
#   4. moving from Planton's module: the chart installed with bare helm as the module does
#      (release altinity-clickhouse-operator, createCRD, watch ".*", atomic, cleanup-on-fail,
#      wait for jobs, 300 s); a Planton manifest of another metadata.name: plan names that
#      release, up refuses (exit 1) with the hint and installs nothing (no second release, that
#      release's revision unchanged, one operator Deployment); with spec.helm.releaseName:
#      altinity-clickhouse-operator up upgrades that release in place: a new revision, one
#      operator Deployment in the cluster; destroy removes it
#
#   bash tests/e2e/planton_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

NAME=e2e-planton-h$MAJOR
NS=e2e-planton-h$MAJOR
M="$WORK/op.yaml"

if [ "$REAL_CHART" = 0 ]; then
  real_chart_missing "deploying the FIXTURE chart $CHART_VERSION from $CHART_REPO_URL instead of 0.23.6."
fi

# planton_manifest FILE NAME NAMESPACE [SPEC-LINES]: Planton's shape (current kind, its metadata,
# both spellings), with the chart from the loopback repository.
planton_manifest() {
  cat > "$1" <<YAML
# a manifest as Planton writes it   
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperator
metadata:
  name: $2
  slug: $2
  org: acme
  env: e2e
  labels: {team: data}
  tags: [clickhouse]
  relationships:
    - {kind: GcpGkeCluster, name: local, type: runs_on}
spec:
  namespace: "$3"
  container:
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits:
        cpu: 1000m
        memory: 1Gi
  chart:
    repo: $CHART_REPO_URL
    name: altinity-clickhouse-operator
    version: "$CHART_VERSION"
  watch_namespaces: [".*"]       # the proto's name
  helm: {timeout_seconds: 120}
${4:-}
YAML
}

remember_crds

begin "1. up of an AltinityOperator manifest installs it; the kind and the spellings are kept"
cleanup_release "$M" "$NAME" "$NS"
planton_manifest "$M" "$NAME" "$NS"
cp "$M" "$WORK/original.yaml"
deployer up -f "$M"
expect_code 0
check "helm lists release $NAME" "$HELM" status "$NAME" -n "$NS"
expect_eq "status.outputs.namespace" "$(output namespace "$M")" "$NS"
expect_rest_kept "$WORK/original.yaml" "$M"
expect_in "$M" "kind: AltinityOperator"
end

begin "2. up again: no changes"
deployer up -f "$M"
expect_code 0
expect_in "$ERR" "no changes"
expect_eq "revision" "$(revision)" 1
end

begin "3. destroy: the release is gone"
deployer destroy -f "$M"
expect_code 0
"$HELM" status "$NAME" -n "$NS" > /dev/null 2>&1 && fail_now "release $NAME still installed"
end

# Planton's module: the chart version its current module pins when the real one is served.
PLANTON_VERSION=$CHART_VERSION
case " $REAL_CHART_VERSIONS " in *" 0.25.4 "*) PLANTON_VERSION=0.25.4 ;; esac
PNS=e2e-planton-module-h$MAJOR
PM="$WORK/planton.yaml"
PLANTON_RELEASE=altinity-clickhouse-operator

one_operator() {  # the operator Deployments in the whole cluster: exactly one, in $PNS
  local all
  all=$(k get deployments --all-namespaces -l app.kubernetes.io/name=altinity-clickhouse-operator -o json \
    | jq -r '[.items[] | .metadata.namespace + "/" + .metadata.name] | join(" ")')
  expect_eq "operator Deployments in the cluster" "$(wc -w <<< "$all" | tr -d ' ')" 1
  case "$all" in "$PNS/"*) ;; *) fail_now "the operator Deployment is not in $PNS: $all" ;; esac
}

begin "4. a release Planton's module made: up of another name is refused; with spec.helm.releaseName it is upgraded in place"
cleanup_release "$PM" "$PLANTON_RELEASE" "$PNS"
# Helm 4 applies server-side by default, which Kubernetes 1.20 refuses for the chart's metrics
# Service (ports without protocol); the deployer itself falls back to client-side there too.
if [ "$MAJOR" = 3 ]; then HELM_FLAGS=(--atomic); else HELM_FLAGS=(--rollback-on-failure --server-side=false); fi
printf '%s\n' 'operator:' '  createCRD: true' 'configs:' '  files:' '    config.yaml:' '      watch:' \
  '        namespaces: [".*"]' > "$WORK/planton-values.yaml"
# helm upgrade --install: --cleanup-on-fail is an upgrade flag (Pulumi's Release passes it too).
# --skip-crds: sections 1-3 left the CRDs in place (destroy keeps them), applied server-side by
# altinity-deploy, which Helm 4's own server-side apply would conflict with.
check "helm install as Planton's module does" "$HELM" upgrade --install "$PLANTON_RELEASE" altinity-clickhouse-operator \
  --repo "$CHART_REPO_URL" --version "$PLANTON_VERSION" --namespace "$PNS" --create-namespace \
  --values "$WORK/planton-values.yaml" --skip-crds "${HELM_FLAGS[@]}" --cleanup-on-fail --wait --wait-for-jobs --timeout 300s
before=$("$HELM" status "$PLANTON_RELEASE" -n "$PNS" -o json | jq -r .version)
one_operator

# 4a. metadata.name planton-prod, no releaseName: the tool would install a second operator.
planton_manifest "$PM" "planton-prod" "$PNS"
cp "$PM" "$WORK/planton-original.yaml"
deployer plan -f "$PM" -o json
expect_code 0
expect_json "$OUT" '.otherOperatorsChecked and ([.otherOperators[] | select(.release == "'"$PLANTON_RELEASE"'" and .namespace == "'"$PNS"'" and .chartVersion == "'"$PLANTON_VERSION"'")] | length == 1)'
deployer up -f "$PM"
expect_code 1
expect_in "$ERR" "another ClickHouse operator runs in this cluster: release '$PLANTON_RELEASE' in namespace '$PNS' (chart altinity-clickhouse-operator $PLANTON_VERSION, deployed, revision $before)"
expect_in "$ERR" "spec.helm.releaseName: $PLANTON_RELEASE"
expect_in "$ERR" "spec.namespace: $PNS"
expect_in "$ERR" "--allow-second-operator"
"$HELM" status planton-prod -n "$PNS" > /dev/null 2>&1 && fail_now "the refused up installed a release planton-prod"
expect_eq "$PLANTON_RELEASE's revision after the refused up" \
  "$("$HELM" status "$PLANTON_RELEASE" -n "$PNS" -o json | jq -r .version)" "$before"
one_operator
expect_same_file "$PM" "$WORK/planton-original.yaml"

# 4b. Taken over: the release's name (proto spelling) in the same namespace.
sed -i "s|^  helm: {timeout_seconds: 120}\$|  helm: {timeout_seconds: 120, release_name: $PLANTON_RELEASE}|" "$PM"
grep -q "release_name: $PLANTON_RELEASE" "$PM" || fail_now "the manifest did not get release_name"
deployer plan -f "$PM" -o json
expect_code 0
expect_json "$OUT" '.otherOperators == [] and .release == "'"$PLANTON_RELEASE"'"'
deployer up -f "$PM"
expect_code 0
after=$("$HELM" status "$PLANTON_RELEASE" -n "$PNS" -o json | jq -r .version)
[ "$after" -gt "$before" ] || fail_now "revision $before -> $after: not upgraded in place"
"$HELM" status planton-prod -n "$PNS" > /dev/null 2>&1 && fail_now "a second release planton-prod was installed"
one_operator
deployer destroy -f "$PM"
expect_code 0
"$HELM" status "$PLANTON_RELEASE" -n "$PNS" > /dev/null 2>&1 && fail_now "release $PLANTON_RELEASE still installed after destroy"
end

finish
