#!/usr/bin/env bash
# The layering rule of src/actions (docs/how-up-works.md, "Tool clients and
# the dry run"): an action never holds helm or kubectl argv and never reaches
# for a runner; each tool operation is a method of tools::HelmClient,
# tools::KubectlClient or tools::LeaseClient. Otherwise `render` (the dry run)
# and `up` could drift apart again.
#
# Fails on:
#   - `runner()` anywhere (the clients no longer have it; a new one would be a way around them);
#   - a string literal that is, as a whole, a helm/kubectl flag ("--namespace", "--timeout={}s", "-n")
#     or a tool verb/argv word ("get", "apply", "upgrade", "helm", "pods,replicasets", ...).
# JSON keys that happen to be resource names ("namespace", "status", "values") are not argv words here.
# Log and error text may mention flags freely: "pass --lock-timeout 10m" is a longer literal, not a flag.
#
# Usage: actions_hold_no_argv.sh DIR (the src/actions folder to check)
set -u
dir=${1:?usage: $0 SRC_ACTIONS_DIR}
[ -d "$dir" ] || { echo "FAIL: no such folder: $dir"; exit 1; }
ls "$dir"/*.cpp >/dev/null 2>&1 || { echo "FAIL: no .cpp files in $dir"; exit 1; }

verbs='get|apply|create|replace|delete|patch|label|annotate|diff|describe|logs|view|upgrade|install|uninstall|rollback|history|show|template|helm|kubectl|pods|pods,replicasets|namespaces|leases?|leases\.coordination\.k8s\.io|customresourcedefinitions?|deployments?|json'
flag='-{1,2}[A-Za-z][A-Za-z0-9-]*(=[^"]*)?'
found=0

# Comments are skipped: they may show a command line to explain one.
if hits=$(grep -HnE 'runner\(\)' "$dir"/*.cpp | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//'); then
  echo "FAIL: an action reaches for a runner (use a client method):"
  echo "$hits"
  found=1
fi
if hits=$(grep -HnoE "\"($flag|$verbs)\"" "$dir"/*.cpp); then
  # Drop hits on comment lines.
  real=""
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}
    line=${rest%%:*}
    sed -n "${line}p" "$file" | grep -qE '^[[:space:]]*//' && continue
    real+="$hit"$'\n'
  done <<<"$hits"
  if [ -n "$real" ]; then
    echo "FAIL: an action holds helm/kubectl argv (move it into a method of src/tools):"
    printf '%s' "$real"
    found=1
  fi
fi
[ "$found" = 0 ] && echo "ok: $(ls "$dir"/*.cpp | wc -l) files in $dir hold no argv and reach for no runner"
exit "$found"
