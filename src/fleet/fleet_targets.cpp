#include "altinity_deploy/fleet/fleet_targets.hpp"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "altinity_deploy/fleet/found_file.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::fleet {
namespace {

namespace fs = std::filesystem;

// Far more than any fleet; a pattern matching more is a mistake.
constexpr size_t kMaxTargets = 1000;

bool is_pattern(const std::string& argument) {
  return argument.find_first_of("*?[") != std::string::npos && !fs::exists(argument);
}

// At most this many skipped files are named in the error of a folder or
// pattern that holds no manifest; the rest are counted.
constexpr size_t kSkipsNamedInError = 5;

std::string skipped_list(const std::vector<SkippedFile>& skipped) {
  std::string out;
  for (size_t i = 0; i < skipped.size() && i < kSkipsNamedInError; ++i) {
    out += fmt::format("{}{} ({})", i == 0 ? "" : ", ", skipped[i].path, skipped[i].reason);
  }
  if (skipped.size() > kSkipsNamedInError) out += fmt::format(" and {} more", skipped.size() - kSkipsNamedInError);
  return out;
}

// What a folder or pattern found: the manifests, and every other file with
// why it was skipped.
ManifestFiles sort_found(const std::vector<std::string>& found, NameCheck names) {
  ManifestFiles out;
  for (const std::string& path : found) {
    if (auto why = why_not_a_manifest(path, names)) {
      out.skipped.push_back({path, std::move(*why)});
    } else {
      out.paths.push_back(path);
    }
  }
  return out;
}

Result<ManifestFiles> none_found(ManifestFiles files, const std::string& what) {
  if (!files.paths.empty()) return files;
  std::string message =
      fmt::format("{} holds no {} or {} manifest (*.yaml, *.yml)", what, spec::kKind, spec::kOlderKind);
  if (!files.skipped.empty()) message += fmt::format("; skipped {}", skipped_list(files.skipped));
  return fail(ExitCode::invalid_input, std::move(message),
              "point --manifest at the manifests themselves, or at the folder that holds them");
}

Result<ManifestFiles> folder_manifests(const std::string& folder) {
  std::vector<std::string> found;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    found.push_back(it->path().string());
  }
  if (error) {
    return fail(ExitCode::invalid_input, fmt::format("cannot list the folder {}: {}", folder, error.message()));
  }
  // Sorted before anything is looked at: the same listing, and the same
  // skips, whatever order the file system gives.
  std::sort(found.begin(), found.end());
  return none_found(sort_found(found, NameCheck::yaml_extension), "the folder " + folder);
}

Result<ManifestFiles> pattern_matches(const std::string& pattern) {
  glob_t matches{};
  const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
  std::vector<std::string> found;
  if (rc == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) {
      std::string match = matches.gl_pathv[i];
      // A file named "-" is a file, never standard input.
      found.push_back(match == "-" ? "./-" : std::move(match));
    }
  }
  ::globfree(&matches);
  if (found.empty()) {
    return fail(ExitCode::invalid_input, fmt::format("no file matches the pattern '{}'", pattern),
                "check the pattern, or quote it only when the shell should not expand it");
  }
  std::sort(found.begin(), found.end());
  return none_found(sort_found(found, NameCheck::any_name), fmt::format("the pattern '{}'", pattern));
}

}  // namespace

bool names_a_fleet(const std::vector<std::string>& arguments) {
  if (arguments.size() > 1) return true;
  if (arguments.empty() || arguments.front() == "-") return false;
  std::error_code error;
  return is_pattern(arguments.front()) || fs::is_directory(arguments.front(), error);
}

Result<ManifestFiles> expand_manifest_arguments(const std::vector<std::string>& arguments) {
  ManifestFiles files;
  std::vector<std::string>& paths = files.paths;
  std::set<std::string> seen;
  for (const std::string& argument : arguments) {
    std::error_code error;
    Result<ManifestFiles> more = ManifestFiles{{argument}, {}};
    if (is_pattern(argument)) {
      more = pattern_matches(argument);
    } else if (fs::is_directory(argument, error)) {
      more = folder_manifests(argument);
    }
    if (!more) return tl::unexpected(more.error());
    files.skipped.insert(files.skipped.end(), more->skipped.begin(), more->skipped.end());
    for (auto& path : more->paths) {
      // The same file named twice (a folder and a file in it) is one target.
      const std::string key = fs::weakly_canonical(path, error).string();
      if (seen.insert(error ? path : key).second) paths.push_back(std::move(path));
    }
    if (paths.size() > kMaxTargets) {
      return fail(ExitCode::invalid_input, fmt::format("more than {} manifests", kMaxTargets),
                  "split the fleet with --shard K/N");
    }
  }
  return files;
}

std::string Target::identity() const { return fmt::format("{} namespace {} release {}", cluster, namespace_name, name); }

std::string cluster_name_of(const spec::TargetCluster& target, const cluster::AccessInputs& access) {
  return cluster::describe_choice(cluster::choose_kube_target(access, target));
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
    Target target{path, spec.release_name(), spec.release_name(), spec.namespace_name,
                  cluster_name_of(spec.target_cluster, access), spec.metadata.labels,
                  cluster::manifest_cluster(spec.target_cluster), spec.metadata.tags};
    if (!spec.metadata.env.empty()) target.labels.emplace("env", spec.metadata.env);
    if (!spec.metadata.org.empty()) target.labels.emplace("org", spec.metadata.org);
    loaded.targets.push_back(std::move(target));
  }
  label_targets(loaded.targets);
  return loaded;
}

void label_targets(std::vector<Target>& targets) {
  std::map<std::string, int> uses;
  for (const Target& target : targets) ++uses[target.name];
  for (Target& target : targets) {
    target.label = uses[target.name] == 1 ? target.name
                                          : target.name + "/" + fs::path(target.manifest_path).stem().string();
  }
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

Status check_no_cluster_collapse(const std::vector<Target>& targets, const cluster::AccessInputs& access) {
  // The first target, by the cluster each one runs on, of every cluster a manifest names.
  std::map<std::string, std::map<std::string, const Target*>> named_by_cluster;
  for (const Target& target : targets) {
    if (target.manifest_cluster.empty()) continue;
    named_by_cluster[target.cluster].emplace(target.manifest_cluster, &target);
  }
  for (const auto& [cluster, named] : named_by_cluster) {
    if (named.size() < 2) continue;
    std::string listed;
    for (const auto& [manifest_cluster, target] : named) {
      listed += fmt::format("{}{} ({}, {})", listed.empty() ? "" : "; ", target->label, manifest_cluster,
                            target->manifest_path);
    }
    const bool both = !access.kubeconfig_flag.empty() && !access.context_flag.empty();
    const std::string flags = both ? "--kubeconfig and --context"
                              : access.kubeconfig_flag.empty() ? "--context" : "--kubeconfig";
    return fail(ExitCode::invalid_input,
                fmt::format("{} would send targets whose manifests name different clusters to one cluster ({}): "
                            "{}; nothing was started",
                            flags, cluster, listed),
                fmt::format("leave out {} so that each target uses the cluster its manifest names, or pass "
                            "--same-cluster if these really are one cluster",
                            flags));
  }
  return {};
}

}  // namespace altinity_deploy::fleet
