# cmake -DSOURCE_DIR=<tree> -DOUTPUT=<file.cpp> -P GitCommit.cmake
# Writes the commit the tree is at (short sha, "-dirty" when tracked files changed)
# as build_info::kCommit; "unknown" when SOURCE_DIR is not the top of a git work tree
# (a release tarball, even one unpacked inside another repository).
# The environment variable ALTINITY_DEPLOY_COMMIT, when set, is used as it is: scripts/release
# reads the commit outside the arm64 build root, where the checkout's .git is not reachable.
# Rewrites OUTPUT only when the text changes, so an unchanged commit rebuilds nothing.
set(commit unknown)
find_package(Git QUIET)
if(NOT "$ENV{ALTINITY_DEPLOY_COMMIT}" STREQUAL "")
  set(commit "$ENV{ALTINITY_DEPLOY_COMMIT}")
elseif(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
                  OUTPUT_VARIABLE top RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  file(REAL_PATH "${SOURCE_DIR}" source_real)
  if(rc EQUAL 0)
    file(REAL_PATH "${top}" top_real)
  endif()
  if(rc EQUAL 0 AND top_real STREQUAL source_real)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --short HEAD
                    OUTPUT_VARIABLE sha RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(rc EQUAL 0 AND sha)
      set(commit "${sha}")
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                      OUTPUT_VARIABLE changes ERROR_QUIET)
      if(changes)
        string(APPEND commit "-dirty")
      endif()
    endif()
  endif()
endif()
set(text "// Written by cmake/GitCommit.cmake at build time.\n#include \"altinity_deploy/cli/build_info.hpp\"\n\nnamespace altinity_deploy::build_info {\nconst char* const kCommit = \"${commit}\";\n}\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
