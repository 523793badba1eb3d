# Every dependency comes from a Debian -dev package (see README: there is no
# FetchContent; the build machines have no internet).
find_package(yaml-cpp 0.7 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(tl-expected 1.0 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# libyaml, the C reference parser Go's yaml.v2 was ported from: a strict
# first reading of every YAML text (src/yaml/strict_reading.cpp).
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
set(libyaml_VERSION "${LIBYAML_VERSION}")

# RE2: Go's regexp syntax in linear time, for matching the operator's watch
# patterns (Debian ships no CMake config for it, only a pkg-config file).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
# re2.pc says 0.0.0; RE2 versions are release dates, which Debian's package carries.
set(re2_VERSION "${RE2_VERSION}")
if(re2_VERSION STREQUAL "0.0.0")
  execute_process(COMMAND dpkg-query -W "-f=\${Version}" libre2-dev
                  OUTPUT_VARIABLE re2_VERSION ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^([0-9]+).*" "\\1" re2_VERSION "${re2_VERSION}")
endif()

# zlib: Helm's release records are gzip inside a Secret (src/tools/helm_release_secret.cpp).
find_package(ZLIB REQUIRED)
set(zlib_VERSION "${ZLIB_VERSION_STRING}")
