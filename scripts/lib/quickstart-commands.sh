# shellcheck shell=bash
# The command lines scripts/quickstart runs and prints, in one place, so that
# what it shows is what it ran and what works when pasted: after
# `. CLUSTER_DIR/env` (which puts the cluster's Helm 3 helm and kubectl first
# on PATH and sets KUBECONFIG), from the checkout's top folder.
# tests/integration/quickstart_commands_test.sh runs every line printed here.
#
# Printed with the variables of the env file unexpanded ("$HELM4"): the
# lines are for people to paste, and the quickstart runs them with eval.

QUICKSTART_MANIFEST=build/quickstart/basic.yaml

# quickstart_deployer MAJOR: altinity-deploy with the cluster's helm and kubectl of that major.
# Helm 3's are on PATH after sourcing the env file; Helm 4's are named.
quickstart_deployer() {
  if [ "$1" = 3 ]; then echo "build/altinity-deploy"
  else echo "build/altinity-deploy --helm \"\$HELM$1\" --kubectl \"\$KUBECTL$1\""; fi
}

# quickstart_tool MAJOR NAME: helm or kubectl of that major, as a command word.
quickstart_tool() {
  if [ "$1" = 3 ]; then echo "$2"; else echo "\"\$$(tr '[:lower:]' '[:upper:]' <<<"$2")$1\""; fi
}

# quickstart_use_commands MAJOR CLUSTER_DIR: one command per line, each with its "# why".
quickstart_use_commands() {
  local major=$1 dir=$2 deployer
  deployer=$(quickstart_deployer "$major")
  cat <<EOF2
. $dir/env   # KUBECONFIG; helm 3.17.3 and kubectl 1.31 first on PATH; HELM4, KUBECTL4, ...
$(quickstart_tool "$major" kubectl) get pods -A   # the operator's pod: Running, but see below
$(quickstart_tool "$major" helm) list -A
$deployer status --manifest $QUICKSTART_MANIFEST
$deployer destroy --manifest $QUICKSTART_MANIFEST   # removes the release, its namespace and the manifest's status block; the CRDs stay
EOF2
}

# quickstart_teardown_command LOCAL_CLUSTER CLUSTER_DIR: stops the cluster and removes its folder.
quickstart_teardown_command() {
  local dir_arg=""
  [ "$2" = /tmp/altinity-deploy-cluster ] || dir_arg=" --dir $2"
  echo "$1 down$dir_arg"
}
