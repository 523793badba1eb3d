#!/usr/bin/env bash
# The status write-back (src/actions/status_write.cpp) writes only into the
# file the manifest was loaded from, and only while it still says, outside
# status, what this run deployed: the file is opened once and checked on
# that descriptor (device, inode, the document re-read). Otherwise nothing
# is written, a warning says why, the outputs are printed and the exit code
# stays the deploy's (0). The fake helm's upgrade hook plays the other
# process that changes the file while `up` runs.
source "$(dirname "$0")/lib.sh"

# A kubeconfig next to the manifest: what a swapped-in link points to.
victim() {
  printf 'apiVersion: v1\nkind: Config\nclusters: []\n' > "$SCRATCH/kubeconfig"
  cp "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
}

begin "a manifest swapped for a link during up: nothing written, the link's target untouched, the outputs printed"
minimal_manifest
victim
export FAKE_HELM_UPGRADE_HOOK="mv '$SCRATCH/op.yaml' '$SCRATCH/op.loaded' && ln -s kubeconfig '$SCRATCH/op.yaml'"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_same_file "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
check "the link is still a link" test -L "$SCRATCH/op.yaml"
expect_not_in "$SCRATCH/op.loaded" "status:"
expect_in "$SCRATCH/err" "status.outputs not written: $SCRATCH/op.yaml is no longer the file this run loaded"
expect_in "$SCRATCH/err" "Check what is at that path now"
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
check "no temp file left beside it" test "$(find "$SCRATCH" -maxdepth 1 -name '.*' | wc -l)" = 0
end

begin "a manifest replaced by another manifest during up: no outputs written into it, a warning"
minimal_manifest
named_manifest "$SCRATCH/other.yaml" altinity-operator-other
cp "$SCRATCH/other.yaml" "$SCRATCH/other.before"
export FAKE_HELM_UPGRADE_HOOK="mv '$SCRATCH/other.yaml' '$SCRATCH/op.yaml'"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/other.before"
expect_in "$SCRATCH/err" "is no longer the file this run loaded"
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
end

begin "the same file rewritten in place with another spec during up: not written, a warning says to run up again"
minimal_manifest
named_manifest "$SCRATCH/other.yaml" altinity-operator-prod "  watchNamespaces: [team-a]"
cp "$SCRATCH/other.yaml" "$SCRATCH/other.before"
# `cat >` keeps the inode: only the re-read document tells.
export FAKE_HELM_UPGRADE_HOOK="cat '$SCRATCH/other.yaml' > '$SCRATCH/op.yaml'"
run_deployer up -f "$SCRATCH/op.yaml" -o json
expect_code 0
expect_same_file "$SCRATCH/op.yaml" "$SCRATCH/other.before"
expect_in "$SCRATCH/err" "changed outside status while this run went on"
expect_in "$SCRATCH/err" "Run \`up\` again"
expect_json_field '.manifestUpdated == false'
expect_json_field '.outputs.releaseName == "altinity-operator-prod"'
end

begin "the same file with only a comment added during up: the outputs are written"
minimal_manifest
export FAKE_HELM_UPGRADE_HOOK="echo '# reviewed' >> '$SCRATCH/op.yaml'"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
expect_in "$SCRATCH/op.yaml" "# reviewed"
expect_in "$SCRATCH/op.yaml" "releaseName: altinity-operator-prod"
expect_not_in "$SCRATCH/err" "not written"
end

begin "a symlinked manifest (a link from the start) is still written through its link"
named_manifest "$SCRATCH/real.yaml" altinity-operator-prod
ln -s real.yaml "$SCRATCH/op.yaml"
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
check "the link stays a link" test -L "$SCRATCH/op.yaml"
expect_in "$SCRATCH/real.yaml" "releaseName: altinity-operator-prod"
end

begin "destroy: a manifest swapped for a link meanwhile keeps the link's target untouched"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
victim
printf 'status:\n  outputs:\n    kept: yes\n' >> "$SCRATCH/kubeconfig"
cp "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
# The uninstall is the moment: the fake kubectl/helm have no destroy hook, so swap before the write
# by making helm uninstall run the hook through a wrapper on PATH.
mkdir -p "$SCRATCH/bin"
cat > "$SCRATCH/bin/helm" <<SH
#!/usr/bin/env bash
if [ "\$1" = uninstall ]; then mv '$SCRATCH/op.yaml' '$SCRATCH/op.loaded'; ln -s kubeconfig '$SCRATCH/op.yaml'; fi
exec "$HERE/fake-bin/helm" "\$@"
SH
chmod +x "$SCRATCH/bin/helm"
run_deployer destroy -f "$SCRATCH/op.yaml" --helm "$SCRATCH/bin/helm" -y
expect_code 0
expect_same_file "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
expect_in "$SCRATCH/err" "is no longer the file this run loaded"
end

finish
