# Cross-compiling for arm64 with Debian's g++-aarch64-linux-gnu, inside the arm64 build root
# of scripts/release (the arm64 -dev packages installed as :arm64, Debian's multiarch paths).
# Programs the build runs (the man page and completions; the tests) go through qemu-aarch64-static.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# Libraries and headers from the root's own /usr (arm64 ones under lib/aarch64-linux-gnu);
# programs (cmake, pkg-config, git) are the build machine's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
