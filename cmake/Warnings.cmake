# Warnings live in an interface target so that only our own code gets them,
# never the Debian headers we include.
add_library(altinity_deploy_warnings INTERFACE)
target_compile_options(altinity_deploy_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
option(ALTINITY_DEPLOY_WERROR "Treat warnings as errors" OFF)
if(ALTINITY_DEPLOY_WERROR)
  target_compile_options(altinity_deploy_warnings INTERFACE -Werror)
endif()
