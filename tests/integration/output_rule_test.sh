#!/usr/bin/env bash
# The output rule (docs/hostile-input.md): text from outside the program (file
# names, labels, manifest keys, a tool's stderr) is printed as data. Each
# injection path the red team found, by name, under GITHUB_ACTIONS=true and on
# a pty: no line reads as a workflow command unless it is the program's own
# annotation, and no escape sequence from outside reaches the screen.
source "$(dirname "$0")/lib.sh"

# What the hostile text carries: a line break, two workflow commands (the
# modern one at the start of a line, the older one anywhere), an OSC title
# sequence, a clear-screen, a C1 CSI and a bidirectional override.
INJECT=$'\n::add-mask::x\n##[add-mask]y\033]0;owned\007\033[2J\xc2\x9b31m\xe2\x80\xae'
FILE_INJECT=${INJECT//\//_}

# expect_output_safe FILE...: no injected sequence, no line that the runner
# reads as a command unless it is our annotation (::error/::warning, whose
# properties hold no raw ':' or ',', written at column 0).
expect_output_safe() {
  local report
  report=$(python3 - "$@" <<'PY'
import re, sys
problems = []
ours = re.compile(r'::(error|warning)( file=[^:,]*(,line=\d+,col=\d+)?)?::.*')
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    # The program's own colour and cursor codes (plan's colours, the live table) are allowed.
    own = re.sub(rb'\x1b\[[0-9;]*[mAKJ]', b'', data).replace(b'\x1b[2J', b'')
    for marker, what in ((b'\x1b]', 'an OSC sequence'), (b'\x1b', 'a raw ESC'), (b'\x07', 'a raw BEL'),
                         (b'\xc2\x9b', 'a raw C1 CSI'), (b'\xe2\x80\xae', 'a raw U+202E')):
        if marker in own:
            problems.append(f'{path}: {what}')
    if b'\x1b[2J' in data:
        problems.append(f'{path}: the injected clear-screen')
    for number, line in enumerate(data.decode('utf-8', 'replace').replace('\r', '').split('\n'), 1):
        line = re.sub(r'\x1b\[[0-9;]*[mAK]', '', line)
        if line.lstrip().startswith('::') and not ours.fullmatch(line):
            problems.append(f'{path}:{number}: reads as a workflow command: {line!r}')
        if '##[' in line:
            problems.append(f'{path}:{number}: holds ##[: {line!r}')
print('\n'.join(problems))
PY
)
  [ -z "$report" ] || fail_now "output not safe:"$'\n'"$report"
}

valid_manifest() {  # valid_manifest PATH [LABEL-VALUE]
  cat > "$1" <<YAML
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: op-$RANDOM
  labels:
    env: ${2:-dev}
spec:
  namespace: ns-$RANDOM
YAML
}

export GITHUB_ACTIONS=true

begin "validate: a hostile file name in the 'valid' line and in a diagnostic and its annotation"
valid_manifest "$SCRATCH/ok$FILE_INJECT.yaml"
run_deployer validate -f "$SCRATCH/ok$FILE_INJECT.yaml"
expect_code 0
expect_in "$SCRATCH/out" 'ok\n::add-mask::x\n#\x23[add-mask]y\x1b]0;owned\x07\x1b[2J\u009b31m\u202e.yaml: valid'
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata: {name: op}\nspec: {namespace: "Bad"}\n' \
  > "$SCRATCH/bad$FILE_INJECT.yaml"
run_deployer validate -f "$SCRATCH/bad$FILE_INJECT.yaml"
expect_code 3
expect_in "$SCRATCH/err" 'bad%0A%3A%3Aadd-mask%3A%3Ax%0A#\x23[add-mask]y\x1b]0;owned'
grep -q '^::error file=' "$SCRATCH/err" || fail_now "no annotation at column 0"
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
end

begin "fleet: hostile file names in started:, the summary, --list; annotations unprefixed at column 0"
mkdir -p "$SCRATCH/fleet"
valid_manifest "$SCRATCH/fleet/a$FILE_INJECT.yaml"
printf 'apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata: {name: op}\nspec: {namespace: "Bad"}\n' \
  > "$SCRATCH/fleet/b$FILE_INJECT.yaml"
run_deployer validate -f "$SCRATCH/fleet"
[ "$CODE" != 0 ] || fail_now "the invalid manifest passed"
grep -q '^::error ' "$SCRATCH/err" || fail_now "the target's annotation is not at column 0"
grep -q '^\[.*\] error: ' "$SCRATCH/err" || fail_now "the human line lost its [target] prefix"
expect_in "$SCRATCH/err" "started:"
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
run_deployer validate -f "$SCRATCH/fleet" --list
expect_code 0
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
end

begin "fleet: a label value in the 'no wave for' error"
mkdir -p "$SCRATCH/fleet"
valid_manifest "$SCRATCH/fleet/a.yaml" "\"dev\\n::add-mask::x\\e]0;owned\\a\""
valid_manifest "$SCRATCH/fleet/b.yaml"
run_deployer validate -f "$SCRATCH/fleet" --waves env=dev
expect_code 3
expect_in "$SCRATCH/err" "no wave for"
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
end

begin "plan: a spec.values key and value holding a line break and escape sequences"
minimal_manifest
cat >> "$SCRATCH/op.yaml" <<'YAML'
  values:
    "k\n::add-mask::x\e]0;owned\a": "v\n::warning::y\e[2J\u202e"
YAML
run_deployer plan -f "$SCRATCH/op.yaml"
[ "$CODE" = 0 ] || [ "$CODE" = 3 ] || fail_now "plan: exit $CODE"
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
SHELL=/bin/bash script -qec "$(printf '%q ' "$BIN" plan -f "$SCRATCH/op.yaml")" "$SCRATCH/tty" > /dev/null 2>&1
expect_output_safe "$SCRATCH/tty"
end

begin "up: helm's stderr holding a line break, workflow commands and escape sequences"
minimal_manifest
export FAKE_HELM_FAIL=upgrade FAKE_HELM_FAIL_TEXT='Error: UPGRADE FAILED\n::add-mask::x\n##[add-mask]y\033]0;owned\007\033[2J'
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 1
expect_in "$SCRATCH/err" "Error: UPGRADE FAILED"
expect_in "$SCRATCH/err" '\x3a:add-mask::x'
expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
SHELL=/bin/bash script -qec "$(printf '%q ' "$BIN" up -f "$SCRATCH/op.yaml")" "$SCRATCH/tty" > /dev/null 2>&1
expect_output_safe "$SCRATCH/tty"
end

begin "plan: a release record whose status and chart version hold a line break and escape sequences"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
# The fake writes its JSON with printf: the state holds a marker that a wrapper turns into
# JSON escapes, so what helm "prints" is valid JSON carrying raw ESC, BEL and LF once parsed.
echo "altinity-clickhouse-operator-0.23.5XINJECTX" > "$FAKE_STATE/chart"
echo "deployedXINJECTX" > "$FAKE_STATE/release.status"
mkdir -p "$SCRATCH/bin"
cat > "$SCRATCH/bin/helm" <<SH
#!/usr/bin/env bash
"$HERE/fake-bin/helm" "\$@" | sed 's/XINJECTX/\\\\u001b]0;owned\\\\u0007\\\\n::add-mask::x\\\\n##[add-mask]y\\\\u001b[2J\\\\u202e/g'
exit "\${PIPESTATUS[0]}"
SH
chmod +x "$SCRATCH/bin/helm"
check "the wrapper gives JSON with the raw bytes in it" \
  sh -c "'$SCRATCH/bin/helm' history x --max 1 -o json | jq -r '.[0].chart' | grep -q \$(printf '\\033')"
for output in text json; do
  run_deployer plan -f "$SCRATCH/op.yaml" --helm "$SCRATCH/bin/helm" -o "$output"
  [ "$CODE" = 0 ] || [ "$CODE" = 1 ] || [ "$CODE" = 2 ] || fail_now "plan -o $output: exit $CODE"
  expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
done
run_deployer plan -f "$SCRATCH/op.yaml" --helm "$SCRATCH/bin/helm"
expect_in "$SCRATCH/out" '0.23.5\x1b]0;owned\x07\n::add-mask::x'
SHELL=/bin/bash script -qec "$(printf '%q ' "$BIN" plan -f "$SCRATCH/op.yaml" --helm "$SCRATCH/bin/helm")" \
  "$SCRATCH/tty" > /dev/null 2>&1
expect_output_safe "$SCRATCH/tty"
end

begin "plan: drift naming an object and a field key with escape sequences"
minimal_manifest
run_deployer up -f "$SCRATCH/op.yaml"
expect_code 0
# The stored manifest writes such names as YAML does, double-quoted with escapes; the live JSON
# carries the raw bytes.
printf '%s\n' 'kind: Deployment' 'metadata: {name: "op\e]0;owned\a::add-mask::x"}' \
  'spec: {"pau\e[2Jsed\u009b31m\u202e": false}' > "$FAKE_STATE/manifest"
printf '%s\n' '{"kind": "List", "items": [{"kind": "Deployment",' \
  '"metadata": {"name": "op\u001b]0;owned\u0007::add-mask::x"}, "spec": {"pau\u001b[2Jsed\u009b31m\u202e": true}}]}' \
  > "$FAKE_STATE/live.json"
for output in text json; do
  run_deployer plan -f "$SCRATCH/op.yaml" -o "$output"
  [ "$CODE" = 0 ] || [ "$CODE" = 2 ] || fail_now "plan -o $output: exit $CODE"
  expect_output_safe "$SCRATCH/out" "$SCRATCH/err"
done
run_deployer plan -f "$SCRATCH/op.yaml"
expect_in "$SCRATCH/out" 'op\x1b]0;owned\x07::add-mask::x'
expect_in "$SCRATCH/out" 'pau\x1b[2Jsed'
SHELL=/bin/bash script -qec "$(printf '%q ' "$BIN" plan -f "$SCRATCH/op.yaml")" "$SCRATCH/tty" > /dev/null 2>&1
expect_output_safe "$SCRATCH/tty"
rm "$FAKE_STATE/live.json"
end

begin "on a pty: the fleet's live table and its lines carry no injected sequence"
mkdir -p "$SCRATCH/fleet"
valid_manifest "$SCRATCH/fleet/a$FILE_INJECT.yaml"
valid_manifest "$SCRATCH/fleet/c.yaml"
SHELL=/bin/bash script -qec "$(printf '%q ' "$BIN" validate -f "$SCRATCH/fleet")" "$SCRATCH/tty" > /dev/null 2>&1
expect_in "$SCRATCH/tty" 'a\n::add-mask::x'
expect_output_safe "$SCRATCH/tty"
end

begin "-o json stays valid JSON with the hostile text as data"
valid_manifest "$SCRATCH/ok$FILE_INJECT.yaml"
run_deployer validate -f "$SCRATCH/ok$FILE_INJECT.yaml" -o json
expect_code 0
check "valid JSON naming the file as it is" python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert "\n::add-mask::x\n" in json.dumps(doc, ensure_ascii=False) or "::add-mask::x" in json.dumps(doc)
' "$SCRATCH/out"
expect_output_safe "$SCRATCH/out"
end

finish
