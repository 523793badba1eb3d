#include "altinity_deploy/cluster/kube_target.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace altinity_deploy::cluster {
namespace {

bool owned_by_us_or_root(const struct stat& info) { return info.st_uid == ::geteuid() || info.st_uid == 0; }

// ssh's rule for ~/.ssh: a folder another user owns or may write to could
// hold a kubeconfig of theirs, whose exec plugin would run as us.
Status trusted_credentials_dir(const std::string& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return {};  // the file's own check says what is missing
  if (!owned_by_us_or_root(info)) {
    return fail(ExitCode::unavailable,
                fmt::format("the credentials folder {} belongs to user id {}, not to us; refusing to use it", dir,
                            info.st_uid),
                fmt::format("use a folder of your own (chown $(id -u) {} && chmod 700 {})", dir, dir));
  }
  if ((info.st_mode & 022) != 0) {
    return fail(ExitCode::unavailable,
                fmt::format("the credentials folder {} can be written by others (mode {:04o}); refusing to use it",
                            dir, info.st_mode & 07777),
                fmt::format("chmod 700 {}", dir));
  }
  return {};
}

Result<std::string> credential_file(const AccessInputs& inputs, const std::string& id) {
  const std::string dir = credentials_dir(inputs);
  const std::string path = dir + "/" + id;
  if (auto trusted = trusted_credentials_dir(dir); !trusted) return tl::unexpected(trusted.error());
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return fail(ExitCode::unavailable,
                fmt::format("the credential '{}' has no kubeconfig at {}: {}", id, path, std::strerror(errno)),
                fmt::format("put the cluster's kubeconfig there (mode 0600), set --credentials-dir or "
                            "ALTINITY_DEPLOY_CREDENTIALS_DIR, or pass --kubeconfig"));
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(ExitCode::unavailable, fmt::format("the credential {} is not a regular file", path));
  }
  if (!owned_by_us_or_root(info)) {
    return fail(ExitCode::unavailable,
                fmt::format("the credential {} belongs to user id {}, not to us; refusing to use it", path,
                            info.st_uid),
                fmt::format("copy it into a file of your own (install -m 600 {} {}.mine) and point the credential "
                            "at that, or chown $(id -u) {}",
                            path, path, path));
  }
  if ((info.st_mode & 077) != 0) {
    return fail(ExitCode::unavailable,
                fmt::format("the credential {} can be read by others (mode {:04o}); refusing to use it", path,
                            info.st_mode & 07777),
                fmt::format("chmod 600 {}", path));
  }
  return path;
}

// kubectl and helm treat a missing --kubeconfig file as an error, but a
// missing KUBECONFIG file as an empty config, and then talk to
// localhost:8080: say which file is missing before either runs.
Status kubeconfig_exists(const std::string& path, const std::string& source) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return fail(ExitCode::unavailable,
                fmt::format("the kubeconfig {} (from {}) cannot be read: {}", path, source, std::strerror(errno)),
                fmt::format("point {} at the cluster's kubeconfig file", source));
  }
  if (S_ISDIR(info.st_mode)) {
    return fail(ExitCode::unavailable, fmt::format("the kubeconfig {} (from {}) is a folder, not a file", path, source),
                fmt::format("point {} at the cluster's kubeconfig file", source));
  }
  return {};
}

// KUBECONFIG may list files (merged by kubectl and helm, missing ones
// skipped); it is only wrong when none of them is there.
Status some_kubeconfig_exists(const std::string& list) {
  std::string first_problem;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t colon = std::min(list.find(':', start), list.size());
    const std::string path = list.substr(start, colon - start);
    start = colon + 1;
    if (path.empty()) continue;
    auto exists = kubeconfig_exists(path, "KUBECONFIG");
    if (exists) return {};
    if (first_problem.empty()) first_problem = exists.error().message;
  }
  if (first_problem.empty()) return {};  // only separators: kubectl's default
  return fail(ExitCode::unavailable, fmt::format("none of the kubeconfig files in KUBECONFIG ({}) can be read", list),
              "point KUBECONFIG at the cluster's kubeconfig file");
}

}  // namespace

std::string credentials_dir(const AccessInputs& inputs) {
  if (!inputs.credentials_dir_flag.empty()) return inputs.credentials_dir_flag;
  if (!inputs.credentials_dir_env.empty()) return inputs.credentials_dir_env;
  return inputs.home + "/.config/altinity-deploy/credentials";
}

KubeTargetChoice choose_kube_target(const AccessInputs& inputs, const spec::TargetCluster& target) {
  KubeTargetChoice choice;
  const auto& credential = target.credential_id;
  if (!inputs.kubeconfig_flag.empty()) {
    choice.source = KubeconfigSource::flag;
    choice.kubeconfig = inputs.kubeconfig_flag;
    if (credential) {
      choice.notes.push_back(fmt::format("--kubeconfig overrides the manifest's credential '{}'", *credential));
    }
  } else if (credential) {
    choice.source = KubeconfigSource::credential;
    choice.kubeconfig = *credential;
    // KUBECONFIG used to win here (docs/changelog.md); say which one counts.
    if (!inputs.kubeconfig_env.empty()) {
      choice.notes.push_back(fmt::format("the manifest's credential '{}' is used, not KUBECONFIG", *credential));
    }
  } else if (!inputs.kubeconfig_env.empty()) {
    choice.source = KubeconfigSource::environment;
    choice.kubeconfig = inputs.kubeconfig_env;
  }

  if (!inputs.context_flag.empty()) {
    choice.context = inputs.context_flag;
    choice.context_from_flag = true;
    if (target.cluster_name && *target.cluster_name != inputs.context_flag) {
      choice.notes.push_back(fmt::format("--context overrides the manifest's cluster '{}'", *target.cluster_name));
    }
  } else if (target.cluster_name) {
    choice.context = *target.cluster_name;
  }
  return choice;
}

std::string manifest_cluster(const spec::TargetCluster& target) {
  std::string named;
  if (target.credential_id) named = "credential " + *target.credential_id;
  if (target.cluster_name) named += (named.empty() ? "context " : " context ") + *target.cluster_name;
  return named;
}

std::string describe_choice(const KubeTargetChoice& choice) {
  std::string kubeconfig;
  switch (choice.source) {
    case KubeconfigSource::flag:
    case KubeconfigSource::environment: kubeconfig = "kubeconfig " + choice.kubeconfig; break;
    case KubeconfigSource::credential: kubeconfig = "credential " + choice.kubeconfig; break;
    case KubeconfigSource::kubectl_default: kubeconfig = "kubectl's default"; break;
  }
  return choice.context.empty() ? kubeconfig : kubeconfig + " context " + choice.context;
}

Result<ResolvedAccess> resolve_access(const AccessInputs& inputs, const spec::TargetCluster& target) {
  KubeTargetChoice choice = choose_kube_target(inputs, target);
  ResolvedAccess resolved;
  switch (choice.source) {
    case KubeconfigSource::flag: {
      if (auto exists = kubeconfig_exists(choice.kubeconfig, "--kubeconfig"); !exists) {
        return tl::unexpected(exists.error());
      }
      resolved.access.kubeconfig = choice.kubeconfig;
      resolved.kubeconfig_source = "--kubeconfig";
      break;
    }
    case KubeconfigSource::credential: {
      auto path = credential_file(inputs, choice.kubeconfig);
      if (!path) return tl::unexpected(path.error());
      resolved.access.kubeconfig = *path;
      resolved.kubeconfig_source = fmt::format("credential '{}'", choice.kubeconfig);
      break;
    }
    case KubeconfigSource::environment: {
      // A list of files is merged by kubectl and helm alike; only a single
      // file can be passed on as --kubeconfig.
      if (choice.kubeconfig.find(':') == std::string::npos) {
        if (auto exists = kubeconfig_exists(choice.kubeconfig, "KUBECONFIG"); !exists) {
          return tl::unexpected(exists.error());
        }
        resolved.access.kubeconfig = choice.kubeconfig;
      } else if (auto some = some_kubeconfig_exists(choice.kubeconfig); !some) {
        return tl::unexpected(some.error());
      }
      resolved.kubeconfig_source = "KUBECONFIG";
      break;
    }
    case KubeconfigSource::kubectl_default: resolved.kubeconfig_source = "kubectl's default"; break;
  }
  resolved.access.context = choice.context;
  resolved.notes = std::move(choice.notes);
  return resolved;
}

}  // namespace altinity_deploy::cluster
