#!/usr/bin/env bash
# One compiler set-up for every script that builds (scripts/lib/compiler-setup.sh
# via scripts/build), so that `scripts/quickstart` then `scripts/test` compiles
# each object once: a second script's configure must leave every compile
# command as it was, or ninja rebuilds everything (issue 22: 13 of 14 minutes).
# Configures scratch build folders only (a few seconds each); compiles nothing.
source "$(dirname "$0")/lib.sh"

# commands DIR [TARGET]: every command ninja would run for TARGET (default: all), build folder
# paths made relative so that two folders compare.
commands() { ninja -C "$1" -t commands ${2:+"$2"} | sed "s#$1#BUILD#g"; }
configure() {  # configure DIR [ENV...]: scripts/build --configure-only into DIR, with exactly ENV changed
  local dir=$1; shift
  env "$@" ALTINITY_DEPLOY_BUILD_DIR="$dir" "$REPO/scripts/build" --configure-only > "$SCRATCH/configure.log" 2>&1 \
    || fail_now "scripts/build --configure-only failed: $(tail -n 5 "$SCRATCH/configure.log")"
}

begin "the quickstart, the tests, bench/run and the packages build build/ through scripts/build's set-up"
for script in scripts/quickstart scripts/test bench/run; do
  check "$script runs no cmake of its own for the default preset" \
    bash -c "! grep -nE 'cmake (--preset default|--build --preset default)' '$REPO/$script'"
done
check "scripts/quickstart builds the binary only" grep -qE '^scripts/build altinity-deploy$' "$REPO/scripts/quickstart"
check "scripts/test builds through scripts/build" grep -qE '^scripts/build$' "$REPO/scripts/test"
for script in scripts/package scripts/fuzz scripts/test scripts/build; do
  check "$script sources the shared compiler set-up" grep -q '^source scripts/lib/compiler-setup.sh' "$REPO/$script"
done
end

if ! command -v ccache > /dev/null || ! command -v ninja > /dev/null; then
  echo "SKIPPED (loudly): ccache or ninja is not installed (scripts/install-deps installs both);"
  echo "  the configure checks of scripts/build need them"
  finish
  exit $?
fi

# One scratch build folder for the checks below (each configure takes seconds on a busy machine).
CONFIGURED=$(mktemp -d /tmp/altinity-deploy-build-it.XXXXXX)
trap 'rm -rf "$CONFIGURED"' EXIT

begin "scripts/build compiles through ccache although the caller exported nothing (the quickstart's case)"
configure "$CONFIGURED/a" -u CMAKE_CXX_COMPILER_LAUNCHER -u CCACHE_BASEDIR
expect_in "$CONFIGURED/a/CMakeCache.txt" "CMAKE_CXX_COMPILER_LAUNCHER:STRING=ccache"
end

begin "configuring again from another environment changes no compile command (nothing is rebuilt)"
commands "$CONFIGURED/a" > "$SCRATCH/first"
check "ninja has compile commands" grep -q -- ' -c ' "$SCRATCH/first"
# As scripts/test's caller or a developer may have it: a launcher and a cache base exported.
configure "$CONFIGURED/a" CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR=/ CCACHE_NOHASHDIR=1
commands "$CONFIGURED/a" > "$SCRATCH/second"
expect_same_file "$SCRATCH/first" "$SCRATCH/second"
# A plain cmake configure without the set-up (what scripts/build did before) gives other commands:
# the comparison above can see the difference it guards against.
env -u CMAKE_CXX_COMPILER_LAUNCHER cmake -S "$REPO" --preset default -B "$CONFIGURED/plain" > /dev/null 2>&1 \
  || fail_now "cmake --preset default -B $CONFIGURED/plain failed"
commands "$CONFIGURED/plain" > "$SCRATCH/plain"
check "a configure without the set-up differs (the check can fail)" \
  bash -c "! cmp -s '$SCRATCH/first' '$SCRATCH/plain'"
end

begin "the quickstart's target is the binary alone: no test object, fewer compiles than everything"
commands "$CONFIGURED/a" altinity-deploy > "$SCRATCH/binary"
commands "$CONFIGURED/a" > "$SCRATCH/all"
binary=$(grep -c -- ' -c ' "$SCRATCH/binary" || true)
all=$(grep -c -- ' -c ' "$SCRATCH/all" || true)
check "the binary's build compiles src/main.cpp" grep -q -- "src/main.cpp" "$SCRATCH/binary"
check "the binary's build compiles no test source ($(grep -c -- '/tests/' "$SCRATCH/binary" || true) found)" \
  bash -c "! grep -q -- '$REPO/tests/' '$SCRATCH/binary'"
check "the binary needs fewer compiles ($binary) than everything ($all)" test "$binary" -lt "$all"
end

finish
