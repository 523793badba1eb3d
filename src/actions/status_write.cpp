#include "altinity_deploy/actions/status_write.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::actions {
namespace {

// Whether the manifest's status.outputs already hold exactly `outputs`.
bool holds_outputs(const std::string& text, const outputs::Outputs& outputs) {
  const yaml::LoadedDocument doc = yaml::load(text);
  const yaml::Node* status = doc.root.is_mapping() ? doc.root.find("status") : nullptr;
  const yaml::Node* held = status != nullptr && status->is_mapping() ? status->find("outputs") : nullptr;
  if (held == nullptr || !held->is_mapping() || held->size() != outputs.size()) return false;
  for (const auto& [key, value] : outputs) {
    const yaml::Node* found = held->find(key);
    if (found == nullptr || !found->is_scalar() || found->text() != value) return false;
  }
  return true;
}

// The document without its top-level status: what was deployed from it.
std::optional<yaml::Node> deployed_part(const std::string& text) {
  yaml::LoadedDocument doc = yaml::load(text);
  if (doc.syntax_error || doc.document_count != 1 || !doc.root.is_mapping()) return std::nullopt;
  doc.root.erase("status");
  return std::move(doc.root);
}

// The manifest as it is now, read from the file opened once: nullopt (and a
// warning saying why and what to do) unless it is still the file this run
// loaded, saying outside status what it said then. `follow`: see update_status.
std::optional<std::string> current_text(const LoadedManifest& manifest, const char* follow) {
  const std::string& path = manifest.path;
  const std::string target = outputs::manifest_target(path);
  const core::UniqueFd fd(::open(target.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.is_open()) {
    log::warn("status.outputs not written: {}: {}{}", path, std::strerror(errno), follow);
    return std::nullopt;
  }
  core::FileIdentity identity;
  auto text = manifest::read_manifest_fd(fd.get(), &identity);
  if (!text) {
    log::warn("status.outputs not written: {}: {}{}", path, text.error().message, follow);
    return std::nullopt;
  }
  if (manifest.file && identity != *manifest.file) {
    log::warn("status.outputs not written: {} is no longer the file this run loaded (it was replaced or "
              "swapped for a link while the run went on), and the file now there was left alone{}. Check what is "
              "at that path now; copy the outputs into the manifest by hand if they belong there",
              path, follow);
    return std::nullopt;
  }
  const auto now = deployed_part(*text);
  if (!now || now != deployed_part(manifest.text)) {
    log::warn("status.outputs not written: {} changed outside status while this run went on, so it no longer "
              "says what this run deployed, and was left alone{}. Run `up` again to deploy what it says now",
              path, follow);
    return std::nullopt;
  }
  return std::move(*text);
}

}  // namespace

outputs::Outputs release_outputs(const std::string& namespace_name, const tools::ReleaseInfo& release) {
  return {{"namespace", namespace_name},
          {"releaseName", release.name},
          {"chartVersion", release.chart_version},
          {"appVersion", release.app_version},
          {"revision", std::to_string(release.revision)},
          {"helmStatus", release.status},
          {"lastDeployed", release.last_deployed}};
}

namespace {

// The write-back's one path: `edit` makes the text wanted from the file's
// current text, or nullopt (having said why) when it cannot be made safely.
// `follow`: what the warnings add ("; the outputs follow" when the caller
// prints them instead).
template <class Edit>
StatusWrite update_status(const LoadedManifest& manifest, bool write_status, const char* follow, Edit edit) {
  if (!write_status) return StatusWrite::not_written;
  const std::string& manifest_path = manifest.path;
  // The same bounded reader as the load: a manifest swapped for a FIFO or a
  // huge file since then is not read.
  const auto text = current_text(manifest, follow);
  if (!text) return StatusWrite::not_written;
  const std::optional<std::string> wanted = edit(*text);
  if (!wanted) return StatusWrite::not_written;
  if (*wanted == *text) return StatusWrite::already_current;
  if (wanted->size() > manifest::kMaxManifestBytes) {
    // Written, it could no longer be read back by any verb, destroy included.
    log::warn("status.outputs not written: {} would grow past the {}-byte manifest limit{}", manifest_path,
              manifest::kMaxManifestBytes, follow);
    return StatusWrite::not_written;
  }
  const core::FileIdentity* loaded = manifest.file ? &*manifest.file : nullptr;
  if (auto written = outputs::write_file_atomically(manifest_path, *wanted, loaded); !written) {
    log::warn("status.outputs not written: {}", written.error().message);
    return StatusWrite::not_written;
  }
  return StatusWrite::written;
}

constexpr const char* kOutputsFollow = "; the outputs follow";

}  // namespace

StatusWrite write_outputs(const LoadedManifest& manifest, const outputs::Outputs& outputs, bool write_status) {
  return update_status(manifest, write_status, kOutputsFollow,
                       [&](const std::string& text) -> std::optional<std::string> {
                         std::string wanted = outputs::with_status_outputs(text, outputs);
                         if (wanted != text || holds_outputs(text, outputs)) return wanted;
                         // with_status_outputs leaves alone what it cannot edit safely.
                         log::warn("status.outputs not written: {} has no block-style top level to add them to "
                                   "safely (a flow-style document, an explicit '? key', or an anchor inside status "
                                   "that the rest uses){}",
                                   manifest.path, kOutputsFollow);
                         return std::nullopt;
                       });
}

StatusWrite remove_outputs(const LoadedManifest& manifest, bool write_status) {
  return update_status(manifest, write_status, "", [](const std::string& text) -> std::optional<std::string> {
    return outputs::without_status(text);
  });
}

}  // namespace altinity_deploy::actions
