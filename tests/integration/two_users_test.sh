#!/usr/bin/env bash
# Files another local user controls, played as the red team did: we run as
# root, the other user is `nobody` through setpriv.
#  (a) the read cache swap race: nobody keeps exchanging a cache folder with
#      a link to a victim folder (renameat2 RENAME_EXCHANGE) while root runs
#      plans that write the cache; nothing may be written or chmodded in the
#      victim folder;
#  (b) a kubeconfig nobody owns in the credentials folder, and a
#      world-writable credentials folder, are refused with the fix;
#  (c) a manifest swapped during `up` is not written (as status_write_back_test.sh,
#      here with the link planted by nobody in a folder nobody may write).
# Skipped (exit 77, which CTest reports as skipped) without root or setpriv.
source "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv > /dev/null || ! id nobody > /dev/null 2>&1; then
  echo "SKIPPED: two_users_test needs root, setpriv and the user nobody (uid $(id -u); setpriv: $(command -v setpriv || echo none))"
  exit 77
fi
RACE_SECONDS=${TWO_USERS_RACE_SECONDS:-10}
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
# A python3 that nobody may run (a pyenv under /root is not one) with renameat2.
NOBODY_PYTHON=""
for candidate in /usr/bin/python3 /usr/local/bin/python3 "$(command -v python3)"; do
  if as_nobody "$candidate" -c 'import ctypes; ctypes.CDLL(None).renameat2' > /dev/null 2>&1; then
    NOBODY_PYTHON=$candidate; break
  fi
done
if [ -z "$NOBODY_PYTHON" ]; then
  echo "SKIPPED: two_users_test needs a python3 with renameat2 that the user nobody may run"
  exit 77
fi

# shared_scratch: the scratch folder nobody may enter (mktemp makes it 0700).
shared_scratch() { chmod 755 "$SCRATCH"; }

# victim FOLDER: a root-owned folder (0755) holding one file, and what it looks like now.
victim() {
  mkdir -p "$1"; chmod 755 "$1"
  echo keep > "$1/marker"
}
snapshot() { (cd "$1" && find . -printf '%p %m %u %s\n' | sort); }

# race SWAP-A SWAP-B VICTIM: nobody exchanges SWAP-A and SWAP-B while root plans with a new pinned
# chart version each time (a cache miss, so a write every run); then the victim must be as before.
race() {
  local a=$1 b=$2 victim_folder=$3 runs=0 end version
  snapshot "$victim_folder" > "$SCRATCH/victim.before"
  as_nobody "$NOBODY_PYTHON" "$HERE/swap_exchange.py" "$a" "$b" "$SCRATCH/stop" "$((RACE_SECONDS + 30))" \
    > "$SCRATCH/swaps" 2> "$SCRATCH/swapper.err" &
  local swapper=$!
  end=$((SECONDS + RACE_SECONDS))
  while [ $SECONDS -lt $end ]; do
    runs=$((runs + 1))
    version="0.23.$((100 + runs))"
    named_manifest "$SCRATCH/op.yaml" altinity-operator-prod "  chart:
    version: $version"
    "$BIN" plan -f "$SCRATCH/op.yaml" -v > "$SCRATCH/out" 2> "$SCRATCH/err" || fail_now "plan failed in run $runs"
  done
  touch "$SCRATCH/stop"
  wait "$swapper"
  echo "  $runs plans while nobody swapped $(cat "$SCRATCH/swaps") times"
  [ -s "$SCRATCH/swapper.err" ] && fail_now "the swapper failed: $(cat "$SCRATCH/swapper.err")"
  [ "$runs" -gt 3 ] || fail_now "only $runs plans ran"
  [ "$(cat "$SCRATCH/swaps")" -gt 100 ] || fail_now "the swapper barely ran"
  snapshot "$victim_folder" > "$SCRATCH/victim.after"
  cmp -s "$SCRATCH/victim.before" "$SCRATCH/victim.after" || {
    fail_now "the victim folder changed:"; diff "$SCRATCH/victim.before" "$SCRATCH/victim.after"; }
}

begin "(a) nobody owns the cache folder and swaps 'reads' for a link: root writes nothing there, the cache is off"
shared_scratch
export XDG_CACHE_HOME="$SCRATCH/cache"
mkdir -p "$XDG_CACHE_HOME/altinity-deploy/reads"
chmod 755 "$XDG_CACHE_HOME"
chown nobody "$XDG_CACHE_HOME/altinity-deploy"
chmod 700 "$XDG_CACHE_HOME/altinity-deploy/reads"  # root's, as an older version left it
victim "$SCRATCH/victim"
as_nobody ln -s "$SCRATCH/victim" "$XDG_CACHE_HOME/altinity-deploy/link"
race "$XDG_CACHE_HOME/altinity-deploy/reads" "$XDG_CACHE_HOME/altinity-deploy/link" "$SCRATCH/victim"
expect_in "$SCRATCH/err" "read cache not written: $XDG_CACHE_HOME/altinity-deploy belongs to uid 65534"
end

begin "(a) nobody owns XDG_CACHE_HOME and swaps root's own cache folder for a link: every write stays in the cache"
shared_scratch
export XDG_CACHE_HOME="$SCRATCH/cache"
mkdir -p "$XDG_CACHE_HOME"
chown nobody "$XDG_CACHE_HOME"
minimal_manifest
run_deployer plan -f "$SCRATCH/op.yaml"  # root makes altinity-deploy/reads, 0700
check "root's cache folder" test "$(stat -c '%U %a' "$XDG_CACHE_HOME/altinity-deploy/reads")" = "root 700"
# The victim looks like a cache folder root would accept, were the link followed.
victim "$SCRATCH/victim"
mkdir "$SCRATCH/victim/reads"; chmod 755 "$SCRATCH/victim/reads"
as_nobody ln -s "$SCRATCH/victim" "$XDG_CACHE_HOME/link"
race "$XDG_CACHE_HOME/altinity-deploy" "$XDG_CACHE_HOME/link" "$SCRATCH/victim"
check "the cache itself was written" test "$(find "$XDG_CACHE_HOME" -type f -name '[0-9a-f]*' | wc -l)" -gt 2
end

begin "(b) a kubeconfig nobody owns in the credentials folder is refused with the fix"
shared_scratch
mkdir -p "$SCRATCH/creds"; chmod 700 "$SCRATCH/creds"
printf 'apiVersion: v1\nkind: Config\n' > "$SCRATCH/creds/prod"
chmod 600 "$SCRATCH/creds/prod"; chown nobody "$SCRATCH/creds/prod"
named_manifest "$SCRATCH/op.yaml" altinity-operator-prod "  targetCluster:
    credentialId: prod"
run_deployer plan -f "$SCRATCH/op.yaml" --credentials-dir "$SCRATCH/creds"
expect_code 4
expect_in "$SCRATCH/err" "the credential $SCRATCH/creds/prod belongs to user id 65534, not to us; refusing to use it"
expect_in "$SCRATCH/err" "install -m 600 $SCRATCH/creds/prod"
expect_no_calls
end

begin "(b) a world-writable credentials folder (nobody could plant a kubeconfig) is refused with the fix"
shared_scratch
mkdir -p "$SCRATCH/creds"; chmod 777 "$SCRATCH/creds"
as_nobody sh -c "printf 'apiVersion: v1\nkind: Config\n' > '$SCRATCH/creds/prod'"
named_manifest "$SCRATCH/op.yaml" altinity-operator-prod "  targetCluster:
    credentialId: prod"
run_deployer plan -f "$SCRATCH/op.yaml" --credentials-dir "$SCRATCH/creds"
expect_code 4
expect_in "$SCRATCH/err" "the credentials folder $SCRATCH/creds can be written by others (mode 0777); refusing to use it"
expect_in "$SCRATCH/err" "chmod 700 $SCRATCH/creds"
expect_no_calls
end

begin "(c) nobody swaps the manifest for a link to root's kubeconfig during up: nothing written there"
shared_scratch
mkdir -p "$SCRATCH/work"; chown nobody "$SCRATCH/work"
named_manifest "$SCRATCH/work/op.yaml" altinity-operator-prod
chown nobody "$SCRATCH/work/op.yaml"
printf 'apiVersion: v1\nkind: Config\n' > "$SCRATCH/kubeconfig"; chmod 600 "$SCRATCH/kubeconfig"
cp "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
NOBODY_GID=$(id -g nobody)
export FAKE_HELM_UPGRADE_HOOK="setpriv --reuid=nobody --regid=$NOBODY_GID --clear-groups \
  sh -c 'rm $SCRATCH/work/op.yaml && ln -s $SCRATCH/kubeconfig $SCRATCH/work/op.yaml'"
run_deployer up -f "$SCRATCH/work/op.yaml"
expect_code 0
expect_same_file "$SCRATCH/kubeconfig" "$SCRATCH/kubeconfig.before"
expect_in "$SCRATCH/err" "is no longer the file this run loaded"
expect_in "$SCRATCH/out" "releaseName: altinity-operator-prod"
end

finish
