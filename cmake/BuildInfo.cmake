# build_info (include/altinity_deploy/cli/build_info.hpp) for `version`/`--version`:
# the version, build type, compiler, linkage and library versions are written at
# configure time; the git commit at every build (cmake/GitCommit.cmake), so a
# commit without reconfiguring still shows.
#
# A new library reports its version with one line after its find_package:
#   list(APPEND ALTINITY_DEPLOY_REPORTED_LIBRARIES re2)   # uses re2_VERSION
set(ALTINITY_DEPLOY_REPORTED_LIBRARIES yaml-cpp fmt spdlog CLI11 nlohmann_json tl-expected re2 libyaml zlib)

function(altinity_deploy_add_build_info target)
  set(generated "${CMAKE_BINARY_DIR}/generated")
  set(libraries "")
  foreach(package IN LISTS ALTINITY_DEPLOY_REPORTED_LIBRARIES)
    set(version "${${package}_VERSION}")
    if(NOT version)
      set(version unknown)
    endif()
    string(APPEND libraries "      {\"${package}\", \"${version}\"},\n")
  endforeach()
  if(ALTINITY_DEPLOY_PORTABLE)
    set(linkage "static (portable)")
  else()
    set(linkage "shared libraries")
  endif()
  set(compiler "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
  set(build_type "${CMAKE_BUILD_TYPE}")
  if(NOT build_type)
    set(build_type "none")
  endif()
  configure_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/build_info.cpp.in" "${generated}/build_info.cpp" @ONLY)

  set(commit_file "${generated}/build_commit.cpp")
  set(commit_command "${CMAKE_COMMAND}" "-DSOURCE_DIR=${CMAKE_SOURCE_DIR}" "-DOUTPUT=${commit_file}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/GitCommit.cmake")
  execute_process(COMMAND ${commit_command})  # so that the file exists before the first build
  add_custom_target(altinity_deploy_git_commit COMMAND ${commit_command} BYPRODUCTS "${commit_file}"
                    COMMENT "Reading the git commit" VERBATIM)
  target_sources(${target} PRIVATE "${generated}/build_info.cpp" "${commit_file}")
  add_dependencies(${target} altinity_deploy_git_commit)
endfunction()
