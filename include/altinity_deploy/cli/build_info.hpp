#pragma once
// What this binary is: filled in by the build (cmake/BuildInfo.cmake writes
// build_info.cpp; the commit is read again at every build, not only at configure).
#include <string>
#include <vector>

namespace altinity_deploy::build_info {

struct Library {
  std::string name;
  std::string version;
};

extern const char* const kVersion;    // the project version, e.g. 0.1.0
extern const char* const kCommit;     // short sha with "-dirty" when the tree had changes; "unknown" outside git
extern const char* const kBuildType;  // CMAKE_BUILD_TYPE
extern const char* const kCompiler;   // e.g. "GNU 12.2.0"
extern const char* const kLinkage;    // "shared libraries" or "static (portable)"
std::vector<Library> libraries();     // the libraries linked in, with the versions built against

}  // namespace altinity_deploy::build_info
