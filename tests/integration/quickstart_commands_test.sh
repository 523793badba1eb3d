#!/usr/bin/env bash
# Every command line scripts/quickstart prints (scripts/lib/quickstart-commands.sh),
# and those of the README's "Try it here", runs as printed: after
# `. CLUSTER_DIR/env` as local-cluster writes it, from the checkout's top
# folder, with nothing else on PATH, helm and kubectl resolve to the cluster's
# own (here fakes standing in for them) and each line exits 0.
source "$(dirname "$0")/lib.sh"

LC_REL=tests/e2e/cluster/local-cluster

# fake_cluster: $SCRATCH/cluster as `local-cluster up` leaves it (its env file and bin/ written by
# its own write_env), with helm/kubectl wrappers per major that log which one ran.
fake_cluster() {
  CLUSTER="$SCRATCH/cluster"
  mkdir -p "$CLUSTER"
  touch "$CLUSTER/.altinity-deploy-cluster"
  local major tool
  for major in 3 4; do
    mkdir -p "$SCRATCH/helm-$major"
    for tool in helm kubectl; do
      printf '#!/usr/bin/env bash\necho "%s" >> "$FAKE_STATE/resolved.log"\nexec "%s" "$@"\n' \
        "major$major $tool" "$HERE/fake-bin/$tool" > "$SCRATCH/helm-$major/$tool"
      chmod +x "$SCRATCH/helm-$major/$tool"
    done
  done
  ( set +u
    # shellcheck source=tests/e2e/cluster/lib/cluster.sh
    source "$REPO/tests/e2e/cluster/lib/cluster.sh"
    CLUSTER_DIR=$CLUSTER HELM3_DIR="$SCRATCH/helm-3" HELM4_DIR="$SCRATCH/helm-4" API_PORT=6443 K8S_VERSION=1.20.2
    write_env ) || fail_now "local-cluster's write_env failed"
  # The kubeconfig the env file names (the fakes answer without reading it).
  ( umask 077; printf 'apiVersion: v1\nkind: Config\ncurrent-context: fake\n' > "$CLUSTER/kubeconfig" )
  # The checkout's top folder as the quickstart leaves it.
  TOP="$SCRATCH/top"
  mkdir -p "$TOP/build/quickstart" "$TOP/tests/e2e"
  ln -s "$BIN" "$TOP/build/altinity-deploy"
  ln -s "$REPO/tests/e2e/cluster" "$TOP/tests/e2e/cluster"
  minimal_manifest
  cp "$SCRATCH/op.yaml" "$TOP/build/quickstart/basic.yaml"
}

# run_lines FILE: runs FILE's lines one after another in one clean shell (no PATH but the
# system's, no KUBECONFIG) from $TOP; each line's exit code goes to $SCRATCH/codes.
run_lines() {
  local script="$SCRATCH/lines.sh" n=0 line
  echo "cd '$TOP'" > "$script"
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s\necho "$? %s" >> "%s"\n' "$line" "$n" "$SCRATCH/codes" >> "$script"
  done < "$1"
  : > "$SCRATCH/codes"
  env -i HOME="$HOME" PATH=/usr/bin:/bin TMPDIR="$TMPDIR" XDG_CACHE_HOME="$XDG_CACHE_HOME" \
    FAKE_STATE="$FAKE_STATE" FAKE_LOG="$FAKE_LOG" ALTINITY_DEPLOY_RELEASE_READER=helm \
    bash "$script" > "$SCRATCH/out" 2> "$SCRATCH/err"
  check "every line ran ($(wc -l < "$SCRATCH/codes") of $n)" test "$(wc -l < "$SCRATCH/codes")" = "$n"
  while read -r code n; do
    [ "$code" = 0 ] || fail_now "line $n exited $code: $(sed -n "${n}p" "$1")"
  done < "$SCRATCH/codes"
}

# shellcheck source=scripts/lib/quickstart-commands.sh
source "$REPO/scripts/lib/quickstart-commands.sh"

check_no_real_tools() {
  if PATH=/usr/bin:/bin command -v helm > /dev/null || PATH=/usr/bin:/bin command -v kubectl > /dev/null; then
    echo "NOTE: a helm or kubectl is in /usr/bin or /bin; the checks of which one ran still hold"
  fi
}
check_no_real_tools

for major in 3 4; do
  begin "the quickstart's lines with Helm $major run as printed after sourcing the env file"
  fake_cluster
  {
    echo ". $CLUSTER/env"
    quickstart_deployer "$major" | sed "s|\$| up --manifest $QUICKSTART_MANIFEST|"
    quickstart_use_commands "$major" "$CLUSTER"
  } > "$SCRATCH/printed"
  run_lines "$SCRATCH/printed"
  check "the deployer installed the release" grep -q '^helm upgrade --install' "$FAKE_LOG"
  check "status read the release" grep -q '^helm history' "$FAKE_LOG"
  check "destroy uninstalled it" grep -q '^helm uninstall' "$FAKE_LOG"
  check "kubectl get pods -A ran" grep -q '^kubectl get pods -A' "$FAKE_LOG"
  check "helm list -A ran" grep -q '^helm list -A' "$FAKE_LOG"
  other=$((7 - major))
  check "helm and kubectl of Helm $major ran" grep -q "major$major helm" "$FAKE_STATE/resolved.log"
  check "kubectl of Helm $major ran" grep -q "major$major kubectl" "$FAKE_STATE/resolved.log"
  check "nothing of Helm $other ran" bash -c "! grep -q 'major$other' '$FAKE_STATE/resolved.log'"
  expect_in "$SCRATCH/out" "release 'altinity-operator-prod' installed"
  end
done

begin "the teardown line stops the cluster and removes its folder"
fake_cluster
quickstart_teardown_command "$LC_REL" "$CLUSTER" > "$SCRATCH/printed"
expect_in "$SCRATCH/printed" "$LC_REL down --dir $CLUSTER"
run_lines "$SCRATCH/printed"
check "the cluster folder is gone" test ! -e "$CLUSTER"
check "the default folder needs no --dir" test "$(quickstart_teardown_command "$LC_REL" /tmp/altinity-deploy-cluster)" = "$LC_REL down"
end

begin "scripts/quickstart runs the lines it prints (from scripts/lib/quickstart-commands.sh)"
check "up is run as printed" grep -qF 'run_printed "$deployer up --manifest $QUICKSTART_MANIFEST"' "$REPO/scripts/quickstart"
check "status is run as printed" grep -qF 'run_printed "$deployer status --manifest $QUICKSTART_MANIFEST"' "$REPO/scripts/quickstart"
check "the use lines come from the printer" grep -qF 'quickstart_use_commands "$MAJOR" "$CLUSTER_DIR"' "$REPO/scripts/quickstart"
check "no deployer line is spelled out by hand" bash -c "! grep -nE '^[^#]*build/altinity-deploy (up|status|destroy)' '$REPO/scripts/quickstart'"
end

begin "the README's \"Try it here\" lines run as shown after sourcing the env file"
fake_cluster
# The shell lines of the section's code blocks that use the cluster (not the long-running ones).
awk '/^## Try it here/ { on = 1; next } /^## / { on = 0 } on && /^```/ { block = !block; next } on && block' \
  "$REPO/README.md" | sed 's/[[:space:]]*#.*$//' \
  | grep -E '^(\. |build/altinity-deploy |helm |kubectl |"\$(HELM|KUBECTL)[34]")' \
  | sed "s|/tmp/altinity-deploy-cluster|$CLUSTER|g" > "$SCRATCH/readme-lines"
check "the README shows the env file, up or status, and destroy" \
  bash -c "grep -q '^\. ' '$SCRATCH/readme-lines' && grep -q 'altinity-deploy .*status' '$SCRATCH/readme-lines' && grep -q 'altinity-deploy .*destroy' '$SCRATCH/readme-lines'"
# The manifest the README's lines name must exist after the quickstart: it is where they look.
run_lines "$SCRATCH/readme-lines"
end

finish
