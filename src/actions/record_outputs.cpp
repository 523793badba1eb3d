#include "altinity_deploy/actions/record_outputs.hpp"

#include "altinity_deploy/core/log.hpp"
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

Recorded record_outputs(const std::string& manifest_path, const outputs::Outputs* outputs, bool write_status) {
  if (!write_status) return Recorded::not_written;
  // The same bounded reader as the load: a manifest swapped for a FIFO or a
  // huge file since then is not read.
  auto text = manifest::read_manifest_text(manifest_path);
  if (!text) {
    log::warn("status.outputs not written: {}: {}", manifest_path, text.error().message);
    return Recorded::not_written;
  }
  const std::string wanted =
      outputs != nullptr ? outputs::with_status_outputs(*text, *outputs) : outputs::without_status(*text);
  if (wanted == *text) {
    if (outputs == nullptr || holds_outputs(*text, *outputs)) return Recorded::already_current;
    // with_status_outputs leaves alone what it cannot edit safely.
    log::warn("status.outputs not written: {} has no block-style top level to add them to safely (a flow-style "
              "document, an explicit '? key', or an anchor inside status that the rest uses); the outputs follow",
              manifest_path);
    return Recorded::not_written;
  }
  if (wanted.size() > manifest::kMaxManifestBytes) {
    // Written, it could no longer be read back by any verb, destroy included.
    log::warn("status.outputs not written: {} would grow past the {}-byte manifest limit; the outputs follow",
              manifest_path, manifest::kMaxManifestBytes);
    return Recorded::not_written;
  }
  if (auto written = outputs::write_file_atomically(manifest_path, wanted); !written) {
    log::warn("status.outputs not written: {}", written.error().message);
    return Recorded::not_written;
  }
  return Recorded::written;
}

}  // namespace altinity_deploy::actions
