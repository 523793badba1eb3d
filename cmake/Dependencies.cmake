# Every dependency comes from a Debian -dev package (see README: there is no
# FetchContent; the build machines have no internet).
find_package(yaml-cpp 0.7 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(tl-expected 1.0 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
# libyaml, the C reference parser Go's yaml.v2 was ported from: a strict
# first reading of every YAML text (src/yaml/strict_reading.cpp).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
