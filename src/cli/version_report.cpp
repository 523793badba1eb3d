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

actions::Report version_report() {
  actions::Report report;
  report.text = version_text() + "\n";
  report.data["version"] = build_info::kVersion;
  report.data["commit"] = build_info::kCommit;
  report.data["buildType"] = build_info::kBuildType;
  report.data["compiler"] = build_info::kCompiler;
  report.data["linkage"] = build_info::kLinkage;
  report.data["libraries"] = nlohmann::json::object();
  for (const auto& library : build_info::libraries()) report.data["libraries"][library.name] = library.version;
  return report;
}

}  // namespace altinity_deploy::cli
