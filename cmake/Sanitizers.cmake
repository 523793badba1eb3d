# ALTINITY_DEPLOY_SANITIZE (the `sanitize` preset, clang only): everything is
# built with AddressSanitizer and UndefinedBehaviorSanitizer plus libFuzzer's
# coverage hooks; the unit tests carry the CTest label `asan` (instead of
# `unit`: gtest_discover_tests takes one label value), and the fuzz target tests/fuzz/manifest_fuzzer is built. Any sanitizer
# report fails the test (-fno-sanitize-recover). See docs/hostile-input.md.
option(ALTINITY_DEPLOY_SANITIZE "Build with ASan+UBSan and the libFuzzer target (clang)" OFF)
set(ALTINITY_DEPLOY_UNIT_LABELS unit)
if(ALTINITY_DEPLOY_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ALTINITY_DEPLOY_SANITIZE needs clang (libFuzzer); use the `sanitize` preset")
  endif()
  add_compile_options(-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  set(ALTINITY_DEPLOY_UNIT_LABELS asan)
endif()
