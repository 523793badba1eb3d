#include "version_report.hpp"

#include <fmt/format.h>

#include "altinity_deploy/cli/build_info.hpp"

namespace altinity_deploy::cli {

std::string version_text() {
  std::string libraries;
  for (const auto& library : build_info::libraries()) {
    if (!libraries.empty()) libraries += ", ";
    libraries += library.name + " " + library.version;
  }
  return fmt::format("altinity-deploy {}\ncommit:    {}\nbuild:     {}, {}, {}\nlibraries: {}", build_info::kVersion,
                     build_info::kCommit, build_info::kBuildType, build_info::kCompiler, build_info::kLinkage,
                     libraries);
}

}  // namespace altinity_deploy::cli
