# shellcheck shell=bash
# The one compiler set-up of every script that builds: scripts/build (which
# scripts/quickstart, scripts/test, scripts/package and bench/run call for the
# default preset in build/) and scripts/test's and scripts/fuzz's sanitize
# build. Sourced from the checkout's top folder.
#
# Why one place: CMake takes CMAKE_CXX_COMPILER_LAUNCHER from the environment
# at every configure of a build folder that has none yet. A script that
# configured without it and another that configured with it gave the same
# objects two different compile commands, and ninja rebuilt every object
# (13 of the 14 minutes of a newcomer's first `scripts/test -L unit`).
#
# ccache when it is installed (scripts/install-deps installs it) and the
# caller chose no launcher of their own; paths relative to this checkout, so
# another clone of the project reuses the cache.
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache > /dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
if [ "${CMAKE_CXX_COMPILER_LAUNCHER:-}" = ccache ]; then
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
fi
