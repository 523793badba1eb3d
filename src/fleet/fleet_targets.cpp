#include "altinity_deploy/fleet/fleet_targets.hpp"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::fleet {
namespace {

namespace fs = std::filesystem;

// Far more than any fleet; a pattern matching more is a mistake.
constexpr size_t kMaxTargets = 1000;

bool is_pattern(const std::string& argument) {
  return argument.find_first_of("*?[") != std::string::npos && !fs::exists(argument);
}

bool has_yaml_extension(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// A file in a folder is ours unless it reads as YAML with another kind (a
// values file, a CI file): one that does not load stays, so that its errors
// are shown rather than the file silently skipped.
bool could_be_ours(const std::string& path) {
  auto text = manifest::read_manifest_text(path);
  if (!text) return true;
  const yaml::LoadedDocument doc = yaml::load(*text);
  if (!doc.problems.empty() || !doc.root.is_mapping()) return true;
  const yaml::Node* kind = doc.root.find("kind");
  return kind == nullptr || !kind->is_scalar() || kind->text() == spec::kKind;
}

Result<std::vector<std::string>> folder_manifests(const std::string& folder) {
  std::vector<std::string> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_regular_file(error) || !has_yaml_extension(entry.path())) continue;
    if (could_be_ours(entry.path().string())) found.push_back(entry.path().string());
  }
  if (error) {
    return fail(ExitCode::invalid_input, fmt::format("cannot list the folder {}: {}", folder, error.message()));
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) {
    return fail(ExitCode::invalid_input, fmt::format("the folder {} holds no {} manifest (*.yaml, *.yml)", folder,
                                                     spec::kKind),
                "point --manifest at the manifests themselves, or at the folder that holds them");
  }
  return found;
}

Result<std::vector<std::string>> pattern_matches(const std::string& pattern) {
  glob_t matches{};
  const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
  std::vector<std::string> found;
  if (rc == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) found.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  if (found.empty()) {
    return fail(ExitCode::invalid_input, fmt::format("no file matches the pattern '{}'", pattern),
                "check the pattern, or quote it only when the shell should not expand it");
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string first_value(const std::string& a, const std::string& b) { return !a.empty() ? a : b; }

}  // namespace

bool names_a_fleet(const std::vector<std::string>& arguments) {
  if (arguments.size() > 1) return true;
  if (arguments.empty() || arguments.front() == "-") return false;
  std::error_code error;
  return is_pattern(arguments.front()) || fs::is_directory(arguments.front(), error);
}

Result<std::vector<std::string>> expand_manifest_arguments(const std::vector<std::string>& arguments) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  for (const std::string& argument : arguments) {
    std::error_code error;
    Result<std::vector<std::string>> more = std::vector<std::string>{argument};
    if (is_pattern(argument)) {
      more = pattern_matches(argument);
    } else if (fs::is_directory(argument, error)) {
      more = folder_manifests(argument);
    }
    if (!more) return tl::unexpected(more.error());
    for (auto& path : *more) {
      // The same file named twice (a folder and a file in it) is one target.
      const std::string key = fs::weakly_canonical(path, error).string();
      if (seen.insert(error ? path : key).second) paths.push_back(std::move(path));
    }
    if (paths.size() > kMaxTargets) {
      return fail(ExitCode::invalid_input, fmt::format("more than {} manifests", kMaxTargets),
                  "split the fleet with --shard K/N");
    }
  }
  return paths;
}

std::string Target::identity() const { return fmt::format("{} namespace {} release {}", cluster, namespace_name, name); }

std::string cluster_name_of(const spec::TargetCluster& target, const cluster::AccessInputs& access) {
  std::string kubeconfig;
  if (!access.kubeconfig_flag.empty()) {
    kubeconfig = "kubeconfig " + access.kubeconfig_flag;
  } else if (!access.kubeconfig_env.empty()) {
    kubeconfig = "kubeconfig " + access.kubeconfig_env;
  } else if (target.credential_id) {
    kubeconfig = "credential " + *target.credential_id;
  } else {
    kubeconfig = "kubectl's default";
  }
  const std::string context = first_value(access.context_flag, target.cluster_name.value_or(""));
  return context.empty() ? kubeconfig : kubeconfig + " context " + context;
}

LoadedTargets load_targets(const std::vector<std::string>& manifest_paths, const cluster::AccessInputs& access) {
  LoadedTargets loaded;
  for (const std::string& path : manifest_paths) {
    manifest::LoadResult result = manifest::load_manifest_file(path);
    if (!result.spec) {
      loaded.invalid.push_back({path, std::move(result.diagnostics)});
      continue;
    }
    const spec::OperatorSpec& spec = *result.spec;
    Target target{path, spec.metadata.name, spec.namespace_name, cluster_name_of(spec.target_cluster, access),
                  spec.metadata.labels};
    if (!spec.metadata.env.empty()) target.labels.emplace("env", spec.metadata.env);
    loaded.targets.push_back(std::move(target));
  }
  return loaded;
}

Status check_unique_targets(const std::vector<Target>& targets) {
  std::map<std::string, const Target*> owners;
  for (const Target& target : targets) {
    auto [it, fresh] = owners.emplace(target.identity(), &target);
    if (!fresh) {
      return fail(ExitCode::invalid_input,
                  fmt::format("{} and {} both deploy release '{}' to namespace '{}' on {}", it->second->manifest_path,
                              target.manifest_path, target.name, target.namespace_name, target.cluster),
                  "each release may be declared once per cluster and namespace: remove one manifest or change "
                  "its metadata.name or spec.namespace");
    }
  }
  return {};
}

}  // namespace altinity_deploy::fleet
