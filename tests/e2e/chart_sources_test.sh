#!/usr/bin/env bash
# Every kind of spec.chart deploys and destroys against the local cluster with one Helm major:
#   - a local .tgz given relative to the manifest's folder (the fixture chart packaged by `up`)
#   - a local .tgz given by absolute path: the real 0.23.6 from ../shared/charts (else, said
#     loudly, the fixture chart's source folder)
#   - an oci:// registry on loopback (plain HTTP): the real 0.23.6 when it was pushed, else the fixture
#
#   bash tests/e2e/chart_sources_test.sh build/altinity-deploy 3|4 [CLUSTER_DIR]
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# deploy_and_destroy KEY VERSION CHART-YAML-LINES...: up, checks, destroy, checks.
deploy_and_destroy() {
  local key=$1 version=$2; shift 2
  local name="e2e-src-$key-h$MAJOR"
  local dir="$WORK/$key" m
  mkdir -p "$dir"
  m="$dir/op.yaml"
  {
    printf '%s\n' "apiVersion: kubernetes.project-planton.org/v1" "kind: AltinityOperatorKubernetes" \
      "metadata:" "  name: $name" "spec:" "  namespace: $name" "  chart:"
    printf '    %s\n' "$@"
    printf '%s\n' "  helm: {timeoutSeconds: 120}"
  } > "$m"
  cp "$m" "$dir/original.yaml"
  cleanup_release "$m" "$name" "$name"

  begin "$key: up ($*)"
  deployer -v up -f "$m"
  expect_code 0
  expect_eq "status.outputs.helmStatus" "$(output helmStatus "$m")" deployed
  expect_eq "status.outputs.chartVersion" "$(output chartVersion "$m")" "$version"
  expect_eq "status.outputs.revision" "$(output revision "$m")" 1
  expect_rest_kept "$dir/original.yaml" "$m"
  expect_eq "helm's chart" "$("$HELM" list -n "$name" -o json 2>/dev/null | jq -r '.[0].chart')" "$CHART_NAME-$version"
  eventually 20 "the operator Deployment is available" deployment_available "$name" "$name"
  expect_eq "operator CRDs present" "$(crd_count)" 4
  cp "$ERR" "$dir/up.err"
  end

  begin "$key: destroy"
  deployer destroy -f "$m"
  expect_code 0
  "$HELM" status "$name" -n "$name" > /dev/null 2>&1 && fail_now "release $name still installed"
  namespace_gone "$name" || fail_now "namespace $name still exists"
  expect_same_file "$m" "$dir/original.yaml"
  end
}

remember_crds

# --- a local .tgz, relative to the manifest's folder
mkdir -p "$WORK/fixture-tgz"
rel=$(realpath --relative-to="$WORK/fixture-tgz" "$FIXTURE_CHART_TGZ")
deploy_and_destroy fixture-tgz "$FIXTURE_CHART_VERSION" "path: $rel    # relative to this file"

# --- the real chart as a local .tgz (absolute path), else the fixture chart's folder
real_tgz="${SHARED_CHARTS_DIR:+$SHARED_CHARTS_DIR/$CHART_NAME-0.23.6.tgz}"
if [ -n "$real_tgz" ] && [ -f "$real_tgz" ]; then
  deploy_and_destroy real-tgz 0.23.6 "path: $real_tgz"
else
  real_chart_missing "no $CHART_NAME-0.23.6.tgz to deploy from a path; deploying the fixture chart's folder $FIXTURE_CHART_DIR instead."
  deploy_and_destroy fixture-dir "$FIXTURE_CHART_VERSION" "path: $FIXTURE_CHART_DIR"
fi

# --- oci:// on loopback
oci_version=$FIXTURE_CHART_VERSION
case " $OCI_CHART_VERSIONS " in
  *" 0.23.6 "*) oci_version=0.23.6 ;;
  *) real_chart_missing "the OCI registry holds only $OCI_CHART_VERSIONS; deploying the fixture chart from it." ;;
esac
deploy_and_destroy oci "$oci_version" "repo: ${OCI_CHART_REF%/*}" "name: ${OCI_CHART_REF##*/}" "version: \"$oci_version\""
begin "oci: a registry on loopback is reached over plain HTTP"
expect_in "$WORK/oci/up.err" "--plain-http"
expect_in "$WORK/oci/up.err" "${OCI_CHART_REF}"
end

finish
