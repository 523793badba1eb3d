#!/usr/bin/env bash
# How the drift fixtures beside this script were captured (tests/unit/drift_test.cpp): a release of a
# real chart deployed by `altinity-deploy up` on the local e2e cluster (tests/e2e/cluster), then
#   capture.sh RELEASE NAMESPACE CHART_TGZ OUT_DIR   (with HELM, KUBECTL and KUBECONFIG set)
# writes OUT_DIR/manifest.yaml (helm get manifest), OUT_DIR/live.json (kubectl get --filename - of that
# manifest, managedFields left out), OUT_DIR/crd.yaml (the chart's ClickHouseKeeperInstallation CRD) and
# OUT_DIR/crd-live.json (that CRD as the cluster holds it, without managedFields and status).
# The Secret's password is the local test cluster's, generated for it: no real secret.
set -euo pipefail
release=$1 ns=$2 tgz=$3 out=$4
crd=clickhousekeeperinstallations.clickhouse-keeper.altinity.com
mkdir -p "$out"
"$HELM" get manifest "$release" -n "$ns" > "$out/manifest.yaml"
"$KUBECTL" get --filename - -n "$ns" -o json < "$out/manifest.yaml" |
  jq -c 'del(.items[].metadata.managedFields)' > "$out/live.json"
tar xzf "$tgz" -O "altinity-clickhouse-operator/crds/CustomResourceDefinition-$crd.yaml" > "$out/crd.yaml"
"$KUBECTL" get crd "$crd" -o json | jq -c 'del(.metadata.managedFields, .status)' > "$out/crd-live.json"
