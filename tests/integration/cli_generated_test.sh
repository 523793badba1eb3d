#!/usr/bin/env bash
# What the binary writes from its own command definition: the bash/zsh/fish completion
# scripts (sourced and asked, as the shells would), the man page (rendered by man, every
# verb listed), and version/--version (text and JSON).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/integration/lib.sh
source "$HERE/lib.sh"
BIN=$(realpath "$BIN")
# option_names HELP-ARGS...: the long flags the help's option lines define (not those its footer mentions)
option_names() { "$BIN" "$@" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u; }
VERBS="validate render plan up destroy status version schema completion"

# bash_complete WORDS...: COMPREPLY after sourcing `completion bash`, the last word being completed.
bash_complete() {
  bash -c 'source <("$1" completion bash) || exit 9; shift
           COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _altinity_deploy; echo "${COMPREPLY[*]}"' \
    _ "$BIN" altinity-deploy "$@"
}

begin "bash completion: verbs, aliases and global flags"
run_deployer completion bash
expect_code 0
expect_in "$SCRATCH/out" "complete -F _altinity_deploy altinity-deploy"
[ "$(bash_complete "")" = "validate render plan diff preview up apply destroy status version schema completion help" ] ||
  fail_now "verbs: '$(bash_complete "")'"
[ "$(bash_complete pl)" = "plan" ] || fail_now "pl -> '$(bash_complete pl)'"
[ "$(bash_complete --out)" = "--output" ] || fail_now "--out -> '$(bash_complete --out)'"
[ "$(bash_complete --manifest x.yaml de)" = "destroy" ] || fail_now "the manifest value counted as a verb"
end

begin "bash completion: each verb's own flags, after the verb only"
[ "$(bash_complete plan --det)" = "--detailed-exitcode" ] || fail_now "plan --det -> '$(bash_complete plan --det)'"
[ "$(bash_complete up --no-r)" = "--no-recover" ] || fail_now "up --no-r"
[ "$(bash_complete destroy --delete)" = "--delete-crds" ] || fail_now "destroy --delete"
[ -z "$(bash_complete render --no-r)" ] || fail_now "render offered up's --no-recover"
[ "$(bash_complete render --show)" = "--show-secrets" ] || fail_now "render --show -> '$(bash_complete render --show)'"
[ "$(bash_complete render --kube-v)" = "--kube-version" ] || fail_now "render --kube-v"
bash_complete render --manifest | grep -qw -- --manifests || fail_now "render --manifests not completed"
[ "$(bash_complete up --lock)" = "--lock-timeout" ] || fail_now "up --lock"
[ "$(bash_complete validate --help)" = "--help" ] || fail_now "validate --help offered twice: '$(bash_complete validate --help)'"
# every flag --help lists for up is offered
for flag in $(option_names up); do
  bash_complete up "$flag" | grep -qw -- "$flag" || fail_now "up $flag not completed"
done
end

begin "bash completion: --output values, --helm-major values, completion's shells"
[ "$(bash_complete --output "")" = "text json yaml" ] || fail_now "--output -> '$(bash_complete --output "")'"
[ "$(bash_complete -o j)" = "json" ] || fail_now "-o j"
[ "$(bash_complete render --helm-major "")" = "3 4" ] || fail_now "--helm-major"
[ "$(bash_complete completion "")" = "bash zsh fish" ] || fail_now "completion shells"
end

begin "bash completion: files for --manifest and --kubeconfig, folders for --credentials-dir"
mkdir -p "$SCRATCH/files/sub"
: > "$SCRATCH/files/op.yaml"
: > "$SCRATCH/files/kube.conf"
[ "$(cd "$SCRATCH/files" && bash_complete --manifest o)" = "op.yaml" ] || fail_now "--manifest o"
[ "$(cd "$SCRATCH/files" && bash_complete plan -f o)" = "op.yaml" ] || fail_now "-f o"
[ "$(cd "$SCRATCH/files" && bash_complete --kubeconfig k)" = "kube.conf" ] || fail_now "--kubeconfig k"
[ "$(cd "$SCRATCH/files" && bash_complete --credentials-dir "")" = "sub" ] || fail_now "--credentials-dir"
end

begin "zsh and fish completion: parse, and name every verb and flag"
run_deployer completion zsh
expect_code 0
zsh -n "$SCRATCH/out" || fail_now "zsh -n rejects the script"
expect_in "$SCRATCH/out" "#compdef altinity-deploy"
for verb in $VERBS; do expect_in "$SCRATCH/out" "'$verb:"; done
expect_in "$SCRATCH/out" "--output[Result format on stdout\\: text, json or yaml (the JSON document, as YAML)]:FORMAT:(text json yaml)'"
expect_in "$SCRATCH/out" "--manifest[The manifest file (default\\: \$ALTINITY_DEPLOY_MANIFEST); repeat it, or give a folder or a quoted pattern, for a fleet (docs/fleet.md)]:FILE:_files'"
expect_in "$SCRATCH/out" "--kubeconfig["
cp "$SCRATCH/out" "$SCRATCH/_altinity-deploy"
got=$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit && compinit -u -D && print -r -- ${_comps[altinity-deploy]}' _ "$SCRATCH")
[ "$got" = "_altinity-deploy" ] || fail_now "compinit did not register it: '$got'"
run_deployer completion fish
expect_code 0
fish --no-execute "$SCRATCH/out" || fail_now "fish rejects the script"
got=$(fish -c "source $SCRATCH/out; complete -C'altinity-deploy '")
for verb in $VERBS; do grep -q "^$verb"$'\t' <<< "$got" || fail_now "fish: no verb $verb"; done
got=$(fish -c "source $SCRATCH/out; complete -C'altinity-deploy --output '")
[ "$(cut -f1 <<< "$got" | tr '\n' ' ')" = "json text yaml " ] || fail_now "fish --output: '$got'"
got=$(fish -c "source $SCRATCH/out; complete -C'altinity-deploy plan --de'")
grep -q -- "--detailed-exitcode" <<< "$got" || fail_now "fish plan --de: '$got'"
end

begin "zsh completion, in an interactive zsh: verbs, --output values, manifest files"
"$BIN" completion zsh > "$SCRATCH/_altinity-deploy"
zsh_shows() { timeout 30 zsh -f "$HERE/zsh_complete.zsh" "$SCRATCH" "$1" 2>&1; }
got=$(zsh_shows "altinity-deploy --output ")
grep -qE "json +text" <<< "$got" || fail_now "--output: $(tail -3 <<< "$got")"
got=$(zsh_shows "altinity-deploy pl")
grep -q "altinity-deploy plan" <<< "$got" || fail_now "pl: $(tail -3 <<< "$got")"
got=$(zsh_shows "altinity-deploy render --helm-major ")
grep -q "3 *4" <<< "$got" || fail_now "--helm-major: $(tail -3 <<< "$got")"
: > "$SCRATCH/op-manifest.yaml"
got=$(zsh_shows "altinity-deploy -f $SCRATCH/op-m")
grep -q "op-manifest.yaml" <<< "$got" || fail_now "-f file: $(tail -3 <<< "$got")"
end

begin "completion without a shell, or an unknown one, is a usage error"
run_deployer completion
expect_code 3
run_deployer completion tcsh
expect_code 3
expect_in "$SCRATCH/err" "tcsh"
end

begin "man page: renders with man and lists every verb and global flag"
run_deployer manpage
expect_code 0
MANWIDTH=100 man -l "$SCRATCH/out" 2> "$SCRATCH/man-warnings" | col -b > "$SCRATCH/man.txt"
[ ! -s "$SCRATCH/man-warnings" ] || fail_now "man warned: $(cat "$SCRATCH/man-warnings")"
expect_in "$SCRATCH/man.txt" "ALTINITY-DEPLOY(1)"
for verb in $VERBS; do grep -qE "^   $verb\b" "$SCRATCH/man.txt" || fail_now "no section for $verb"; done
for flag in $(option_names); do
  grep -q -- "$flag" "$SCRATCH/man.txt" || fail_now "man page lacks $flag"
done
expect_in "$SCRATCH/man.txt" "--detailed-exitcode"
for flag in $(option_names render); do
  grep -q -- "$flag" "$SCRATCH/man.txt" || fail_now "man page lacks render $flag"
done
grep -qE "^ +130 +interrupted" "$SCRATCH/man.txt" || fail_now "man page lacks exit status 130"
for section in "WHICH CLUSTER" "EXIT STATUS" "ENVIRONMENT" "FILES" "EXAMPLES"; do
  grep -q "^$section" "$SCRATCH/man.txt" || fail_now "man page lacks the section $section"
done
# Every variable the sources read (but the two the deployer sets for itself) is in ENVIRONMENT.
for variable in $(grep -rhoE '"ALTINITY_DEPLOY_[A-Z_]+"|"(KUBECONFIG|NO_COLOR|XDG_CACHE_HOME|TMPDIR)"' "$REPO/src" \
                  "$REPO/include" | tr -d '"' | sort -u | grep -vE '_(REPORT_FILE|RUSAGE)$'); do
  sed -n '/^ENVIRONMENT/,/^FILES/p' "$SCRATCH/man.txt" | grep -q "$variable" || fail_now "ENVIRONMENT lacks $variable"
done
run_deployer --help
for variable in ALTINITY_DEPLOY_MANIFEST ALTINITY_DEPLOY_CREDENTIALS_DIR ALTINITY_DEPLOY_NO_CACHE KUBECONFIG; do
  expect_in "$SCRATCH/out" "$variable"
done
end

begin "version and --version: version, commit, build, compiler, libraries"
run_deployer --version
expect_code 0
cp "$SCRATCH/out" "$SCRATCH/dash-version"
run_deployer version
expect_code 0
cmp -s "$SCRATCH/out" "$SCRATCH/dash-version" || fail_now "--version and version differ"
grep -qE '^altinity-deploy [0-9]+\.[0-9]+\.[0-9]+$' "$SCRATCH/out" || fail_now "no version line"
grep -qE '^commit: +([0-9a-f]{7,}(-dirty)?|unknown)$' "$SCRATCH/out" || fail_now "no commit line"
expect_in "$SCRATCH/out" "libraries: yaml-cpp 0."
expect_in "$SCRATCH/out" "spdlog 1."
run_deployer version -o json
expect_code 0
jq -e '.version and .commit and .buildType and .compiler and .linkage and .libraries["yaml-cpp"]
       and .libraries.fmt and .libraries.spdlog and .exitCode == 0' "$SCRATCH/out" > /dev/null ||
  fail_now "version -o json lacks a field"
[ "$(jq -r .commit "$SCRATCH/out")" = "$(sed -n 's/^commit: *//p' "$SCRATCH/dash-version")" ] ||
  fail_now "JSON and text commits differ"
end

begin "the commit at build time: short sha, -dirty, unknown outside git"
repo="$SCRATCH/repo"
mkdir -p "$repo" && git -C "$repo" init -q && echo a > "$repo/f" && git -C "$repo" add f &&
  git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one
sha=$(git -C "$repo" rev-parse --short HEAD)
commit_of() { cmake -DSOURCE_DIR="$1" -DOUTPUT="$SCRATCH/commit.cpp" -P "$REPO/cmake/GitCommit.cmake" &&
              sed -n 's/.*kCommit = "\(.*\)";/\1/p' "$SCRATCH/commit.cpp"; }
[ "$(commit_of "$repo")" = "$sha" ] || fail_now "clean tree: '$(commit_of "$repo")', expected $sha"
echo b > "$repo/f"
[ "$(commit_of "$repo")" = "$sha-dirty" ] || fail_now "changed tree: '$(commit_of "$repo")'"
mkdir -p "$repo/unpacked-tarball"
[ "$(commit_of "$repo/unpacked-tarball")" = unknown ] || fail_now "a folder inside another repository"
[ "$(commit_of "$SCRATCH")" = unknown ] || fail_now "outside git"
end

finish
