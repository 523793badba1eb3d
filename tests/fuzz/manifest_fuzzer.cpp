// libFuzzer target: the manifest's whole life in memory. load -> validate ->
// build the Helm values -> redact and emit them -> write the status block
// back into the text -> load again. The properties checked:
//   - nothing crashes, hangs, leaks or trips ASan/UBSan (the sanitizers);
//   - the values file we would hand Helm reads back as the same values;
//   - text written back reads back: the same document apart from `status`
//     (for a valid manifest, the same spec) and status.outputs equal to what
//     was written;
//   - the output rule (core/escaped_text.hpp): what the printers would write
//     for the input (its diagnostics, the input as a file name, as a line of a
//     tool's stderr) holds no raw control byte, no C1, bidirectional or
//     invisible format character, no line that reads as a workflow command
//     and no "##[".
// Run it with scripts/fuzz; docs/hostile-input.md explains.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/core/shown_character.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace {

using namespace altinity_deploy;

[[noreturn]] void broken(const char* property, const std::string& text) {
  std::fprintf(stderr, "property broken: %s\n--- text ---\n%s\n--- end ---\n", property, text.c_str());
  std::abort();
}

bool same_spec(const spec::OperatorSpec& a, const spec::OperatorSpec& b) {
  const auto tie = [](const spec::OperatorSpec& s) {
    return std::tie(s.metadata.name, s.metadata.slug, s.metadata.id, s.metadata.org, s.metadata.env,
                    s.metadata.group, s.metadata.labels, s.metadata.annotations, s.metadata.tags,
                    s.target_cluster.credential_id, s.target_cluster.cluster_kind,
                    s.target_cluster.cluster_name, s.namespace_name, s.resources.requests.cpu,
                    s.resources.requests.memory, s.resources.limits.cpu, s.resources.limits.memory, s.chart.repo,
                    s.chart.name, s.chart.version, s.chart.path, s.watch_namespaces, s.create_crds,
                    s.helm.release_name, s.helm.timeout_seconds, s.helm.atomic, s.helm.cleanup_on_fail);
  };
  return tie(a) == tie(b) && a.values == b.values;
}

// The top-level entries apart from `status`. An empty document (null) holds
// nothing, like an empty mapping.
yaml::Node without_status_key(const yaml::Node& root) {
  if (root.is_null()) return yaml::Node::mapping();
  if (!root.is_mapping()) return root;
  yaml::Node copy = yaml::Node::mapping();
  for (const auto& [key, value] : root.entries()) {
    if (!(key.is_scalar() && key.text() == "status")) copy.add_entry(key, value);
  }
  return copy;
}

// Output values as helm reports them are printable text; some are taken from
// the input so that quoting meets odd strings.
outputs::Outputs outputs_from(const std::string& text) {
  std::string odd;
  for (char c : text.substr(0, 48)) {
    if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t') odd += c;
  }
  return {{"namespace", "altinity-operator"}, {"releaseName", odd},     {"chartVersion", "0.23.6"},
          {"appVersion", "on"},               {"revision", "1"},        {"helmStatus", "deployed: yes # no"},
          {"lastDeployed", ""},               {"odd key: #", "- \"x\""}};
}

void check_outputs_read_back(const yaml::Node& root, const outputs::Outputs& expected, const std::string& text) {
  const yaml::Node* status = root.is_mapping() ? root.find("status") : nullptr;
  const yaml::Node* written = status != nullptr && status->is_mapping() ? status->find("outputs") : nullptr;
  if (written == nullptr || !written->is_mapping() || written->size() != expected.size()) {
    broken("status.outputs reads back", text);
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [key, value] = written->entries()[i];
    if (!key.is_scalar() || key.text() != expected[i].first || key.plain_but_not_string()) {
      broken("an output key reads back as itself", text);
    }
    if (!value.is_scalar() || value.text() != expected[i].second || value.plain_but_not_string()) {
      broken("an output value reads back as the same string", text);
    }
  }
}

void check_values(const spec::OperatorSpec& spec) {
  const yaml::Node values = plan::build_values(spec);
  const std::string file = yaml::emit(values);
  const yaml::LoadedDocument reread = yaml::load(file);
  // The same to Helm: a plain scalar the emitter had to quote is still the
  // same string.
  const nlohmann::json json = yaml::to_json(values);
  if (!reread.problems.empty() || yaml::to_json(reread.root) != json) {
    broken("the values file reads back as the same values", file);
  }
  // Every printer's redaction, on the tree and on the JSON.
  (void)yaml::emit(redact::redact(values));
  (void)redact::redact(json);
  if (!plan::diff_values(json, json).empty()) broken("values equal themselves", file);
  (void)plan::diff_values(nlohmann::json::object(), json);
}

void check_printable(const core::EscapedText& text, const std::string& input) {
  const std::string out = text.printable();
  bool line_start = true;
  for (std::size_t at = 0; at < out.size();) {
    const auto c = static_cast<unsigned char>(out[at]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) broken("nothing printed holds a raw control byte", input);
    if (line_start && c != ' ' && c != '\t') {
      line_start = false;
      if (out.compare(at, 2, "::") == 0) broken("no printed line starts with ::", input);
    }
    if (out.compare(at, 3, "##[") == 0) broken("nothing printed holds ##[", input);
    if (c == '\n') line_start = true;
    std::size_t length = 1;
    if (c >= 0x80) {
      length = core::utf8_length(out, at);
      if (length == 0) broken("nothing printed holds a byte that is not UTF-8", input);
      if (core::is_invisible_code_point(core::utf8_decode(std::string_view(out).substr(at, length)))) {
        broken("nothing printed holds a C1, bidirectional or invisible format character", input);
      }
    }
    at += length;
  }
}

void check_output_rule(const std::string& text, const manifest::LoadResult& loaded) {
  for (const auto& diagnostic : loaded.diagnostics) check_printable(core::escaped(diagnostic.format(text)), text);
  check_printable(core::escaped_format("{}: valid\n", text), text);
  check_printable(core::escaped_lines(redact::safe_message(text)), text);
  check_printable(core::escaped_lines(text), text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > manifest::kMaxManifestBytes) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const yaml::LoadedDocument doc = yaml::load(text);
  const manifest::LoadResult loaded = manifest::load_manifest_text(text);
  if (loaded.spec) check_values(*loaded.spec);
  check_output_rule(text, loaded);
  // Write-back happens only to a manifest that loaded; check it for every
  // text that is one clean YAML document, valid manifest or not.
  if (!doc.problems.empty() || doc.document_count != 1) return 0;
  const outputs::Outputs outs = outputs_from(text);
  const std::string written = outputs::with_status_outputs(text, outs);
  if (written == text) return 0;  // not a block mapping: left alone
  const yaml::LoadedDocument again = yaml::load(written);
  if (!again.problems.empty() || again.document_count != 1) broken("the written-back text loads", written);
  if (!(without_status_key(again.root) == without_status_key(doc.root))) {
    broken("write-back changes nothing but status", written);
  }
  check_outputs_read_back(again.root, outs, written);
  if (loaded.spec) {
    const manifest::LoadResult reloaded = manifest::load_manifest_text(written);
    if (!reloaded.spec || !same_spec(*loaded.spec, *reloaded.spec)) broken("write-back keeps the spec", written);
  }
  const std::string removed = outputs::without_status(written);
  const yaml::LoadedDocument stripped = yaml::load(removed);
  if (!stripped.problems.empty() || !(without_status_key(stripped.root) == without_status_key(doc.root)) ||
      (stripped.root.is_mapping() && stripped.root.find("status") != nullptr)) {
    broken("removing status keeps the rest", removed);
  }
  return 0;
}
