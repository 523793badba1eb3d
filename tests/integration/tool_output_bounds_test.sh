#!/usr/bin/env bash
# What a tool prints is bounded and checked before it is used
# (docs/hostile-input.md): more than 64 MiB on a stream is a clean error
# naming the tool, and kubectl's JSON must be an object (a top-level array or
# null is a clean error naming the command). The hostile tools are wrappers
# around the fakes, passed with --helm/--kubectl.
source "$(dirname "$0")/lib.sh"

# wrapper NAME BODY: $SCRATCH/bin/NAME runs BODY (bash), else the fake of that name.
wrapper() {
  mkdir -p "$SCRATCH/bin"
  printf '#!/usr/bin/env bash\n%s\nexec "%s" "$@"\n' "$2" "$HERE/fake-bin/$1" > "$SCRATCH/bin/$1"
  chmod +x "$SCRATCH/bin/$1"
}

begin "helm printing more than 64 MiB on stdout: a clean error naming helm, nothing of it used"
minimal_manifest
# shellcheck disable=SC2016  # expanded by the wrapper, not here
wrapper helm 'if [ "$1" = version ]; then head -c $((65 * 1024 * 1024)) /dev/zero | tr "\0" x; exit 0; fi'
run_deployer plan -f "$SCRATCH/op.yaml" --helm "$SCRATCH/bin/helm"
expect_code 1
expect_in "$SCRATCH/err" "helm printed 65 MiB on stdout, more than the 64 MiB this tool reads from a command; nothing of it was used"
expect_not_in "$SCRATCH/err" "xxxxxxxx"
check "no internal error" test "$(grep -c 'internal error' "$SCRATCH/err")" = 0
end

begin "kubectl printing more than 64 MiB on stderr: the same error, naming kubectl and the stream"
minimal_manifest
# shellcheck disable=SC2016  # expanded by the wrapper, not here
wrapper kubectl 'if [ "$1 $2" = "config view" ]; then head -c $((70 * 1024 * 1024)) /dev/zero >&2; exit 1; fi'
run_deployer plan -f "$SCRATCH/op.yaml" --kubectl "$SCRATCH/bin/kubectl"
expect_code 1
expect_in "$SCRATCH/err" "kubectl printed 70 MiB on stderr, more than the 64 MiB this tool reads from a command"
end

for answer in '[]' 'null' '[{"kind":"Namespace"}]'; do
  begin "kubectl answering a JSON $answer where an object belongs: a clean error naming the command"
  minimal_manifest
  wrapper kubectl "if [ \"\$1\" = get ] && [ \"\$2\" != --raw ]; then cat > /dev/null; echo '$answer'; exit 0; fi"
  run_deployer plan -f "$SCRATCH/op.yaml" --kubectl "$SCRATCH/bin/kubectl"
  expect_code 1
  kind="an array"; [ "$answer" = null ] && kind=null
  expect_in "$SCRATCH/err" "kubectl get "
  expect_in "$SCRATCH/err" "printed $kind where kubectl prints a JSON object"
  expect_in "$SCRATCH/err" "check that \`kubectl\` on PATH is kubectl"
  check "no internal error" test "$(grep -c 'internal error' "$SCRATCH/err")" = 0
  end
done

finish
