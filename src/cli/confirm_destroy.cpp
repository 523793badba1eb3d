#include "confirm_destroy.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::cli {

bool can_ask() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

std::string destroy_preview_text(const actions::DestroyPreview& preview) {
  // The kubeconfig is not ours: its context and server may hold escapes or a token.
  std::string text = fmt::format("destroy will remove, on context '{}' (API server {}):\n",
                                 redact::excerpt(preview.context, 200), redact::excerpt(preview.server, 200));
  if (preview.revision) {
    text += fmt::format("  - the Helm release '{}' (revision {}) in namespace '{}'\n", preview.release,
                        *preview.revision, preview.namespace_name);
  }
  if (preview.namespace_exists && preview.delete_namespace) {
    text += fmt::format("  - the namespace '{}' and everything in it\n", preview.namespace_name);
  }
  for (const std::string& crd : preview.crds) text += fmt::format("  - the CRD {}\n", crd);
  if (!preview.crds.empty()) {
    for (const auto& installation : preview.installations) {
      text += fmt::format("  - {}, with the CRDs, and its ClickHouse data\n", installation.describe());
    }
  }
  if (preview.crds.empty()) text += "  (the CRDs stay; --delete-crds removes them and every ClickHouse cluster)\n";
  return text;
}

std::string fleet_destroy_text(const std::vector<fleet::Wave>& waves, bool keep_namespace, bool delete_crds) {
  size_t count = 0;
  std::string lines;
  for (const auto& wave : waves) {
    for (const auto& target : wave.targets) {
      ++count;
      lines += fmt::format("  - {}: the Helm release '{}'{} on {}{}\n", target.label, target.name,
                           keep_namespace ? fmt::format(" in namespace '{}'", target.namespace_name)
                                          : fmt::format(" and the namespace '{}'", target.namespace_name),
                           target.cluster, delete_crds ? ", and the operator's CRDs with every ClickHouse cluster" : "");
    }
  }
  return fmt::format("destroy will remove, on {} target{}:\n{}", count, count == 1 ? "" : "s", lines);
}

bool ask_yes_no(const std::string& text, std::FILE* in, std::FILE* out) {
  std::fputs(text.c_str(), out);
  std::fputs("Remove them? [y/N] ", out);
  std::fflush(out);
  std::string answer;
  for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) answer += static_cast<char>(c);
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  answer.erase(0, answer.find_first_not_of(" \t\r"));
  answer.erase(answer.find_last_not_of(" \t\r") + 1);
  return answer == "y" || answer == "yes";
}

}  // namespace altinity_deploy::cli
