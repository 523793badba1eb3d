# The portable build (-DALTINITY_DEPLOY_PORTABLE=ON, preset `portable`): one binary
# that runs on any Linux of its architecture (amd64, arm64). Every library is linked from its static archive
# (or its header-only form), and the whole binary with -static: nothing here needs
# NSS (no getpwnam/getaddrinfo), and --fatal-warnings turns glibc's "requires at
# runtime the shared libraries" warning into a build error should that change.
#
# The code links the interface target altinity_deploy_libraries; each library is
# added to it with one line:
#   altinity_deploy_link(yaml-cpp)                                 # libyaml-cpp.a in the portable build
#   altinity_deploy_link(fmt::fmt PORTABLE fmt::fmt-header-only)   # no archive in Debian: header-only
# A pkg-config target (pkg_check_modules(... IMPORTED_TARGET)) works the same way.
option(ALTINITY_DEPLOY_PORTABLE "Link statically: a binary for any Linux of its architecture" OFF)
add_library(altinity_deploy_libraries INTERFACE)

# The .a next to a shared library path, or "" when there is none.
function(_altinity_deploy_archive_of library out)
  set(${out} "" PARENT_SCOPE)
  if(library MATCHES "^(.*)\\.so(\\.[0-9.]*)?$")
    if(EXISTS "${CMAKE_MATCH_1}.a")
      set(${out} "${CMAKE_MATCH_1}.a" PARENT_SCOPE)
    endif()
  endif()
endfunction()

function(altinity_deploy_link target)
  cmake_parse_arguments(arg "" "PORTABLE" "" ${ARGN})
  if(NOT ALTINITY_DEPLOY_PORTABLE)
    target_link_libraries(altinity_deploy_libraries INTERFACE ${target})
    return()
  endif()
  if(arg_PORTABLE)
    target_link_libraries(altinity_deploy_libraries INTERFACE ${arg_PORTABLE})
    return()
  endif()
  get_target_property(type ${target} TYPE)
  string(MAKE_C_IDENTIFIER "${target}" name)
  set(static_target "altinity_deploy_static_${name}")
  if(type STREQUAL "INTERFACE_LIBRARY")
    # pkg-config targets: full library paths in INTERFACE_LINK_LIBRARIES.
    get_target_property(links ${target} INTERFACE_LINK_LIBRARIES)
    set(static_links "")
    foreach(link IN LISTS links)
      _altinity_deploy_archive_of("${link}" archive)
      if(link MATCHES "\\.so" AND NOT archive)
        message(FATAL_ERROR "portable build: no static archive next to ${link} (from ${target}); "
                            "install the package that ships it, or give altinity_deploy_link(${target} PORTABLE ...)")
      endif()
      list(APPEND static_links "$<IF:$<BOOL:${archive}>,${archive},${link}>")
    endforeach()
    add_library(${static_target} INTERFACE IMPORTED)
    set_target_properties(${static_target} PROPERTIES INTERFACE_LINK_LIBRARIES "${static_links}")
  else()
    get_target_property(location ${target} LOCATION)
    _altinity_deploy_archive_of("${location}" archive)
    if(NOT archive)
      message(FATAL_ERROR "portable build: no static archive next to ${location} (${target}); "
                          "install the package that ships it, or give altinity_deploy_link(${target} PORTABLE ...)")
    endif()
    add_library(${static_target} STATIC IMPORTED)
    set_target_properties(${static_target} PROPERTIES IMPORTED_LOCATION "${archive}")
    foreach(property INTERFACE_LINK_LIBRARIES INTERFACE_COMPILE_DEFINITIONS)
      get_target_property(value ${target} ${property})
      if(value)
        set_target_properties(${static_target} PROPERTIES ${property} "${value}")
      endif()
    endforeach()
  endif()
  get_target_property(includes ${target} INTERFACE_INCLUDE_DIRECTORIES)
  if(includes)
    set_target_properties(${static_target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${includes}")
  endif()
  target_link_libraries(altinity_deploy_libraries INTERFACE ${static_target})
endfunction()

# The executable's own link options in the portable build.
function(altinity_deploy_portable_executable target)
  if(ALTINITY_DEPLOY_PORTABLE)
    target_link_options(${target} PRIVATE -static -Wl,--fatal-warnings)
  endif()
endfunction()

if(ALTINITY_DEPLOY_PORTABLE AND TARGET spdlog::spdlog_header_only AND TARGET fmt::fmt-header-only)
  # Debian's header-only spdlog still names the shared fmt; the portable build uses fmt's header-only form.
  set_target_properties(spdlog::spdlog_header_only PROPERTIES
    INTERFACE_LINK_LIBRARIES "Threads::Threads;fmt::fmt-header-only")
endif()
