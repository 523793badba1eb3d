#include "altinity_deploy/exec/program_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace altinity_deploy::exec {

std::vector<std::string> program_candidates(const std::string& program) {
  if (program.find('/') != std::string::npos) return {program};
  const char* path_env = std::getenv("PATH");
  const std::string path = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::vector<std::string> candidates;
  size_t start = 0;
  while (true) {
    const size_t colon = path.find(':', start);
    const std::string folder = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    candidates.push_back((folder.empty() ? std::string(".") : folder) + "/" + program);
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return candidates;
}

std::optional<std::string> find_program(const std::string& program) {
  for (const auto& candidate : program_candidates(program)) {
    struct stat info {};
    // exec skips what is missing and what it may not execute (a folder, a
    // file without x), and starts the first one left.
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace altinity_deploy::exec
