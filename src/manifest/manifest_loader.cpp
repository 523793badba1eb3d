// The manifest as a whole: one YAML document holding one mapping with
// apiVersion, kind, metadata, spec and status.
#include "altinity_deploy/manifest/manifest_loader.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "report.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

void read_exact(const FieldMap& fields, std::string_view name, const char* expected, yaml::Mark root_mark,
                Report& report) {
  const auto field = fields.get(name);
  if (!field) {
    report.error(root_mark, "", fmt::format("missing required field '{}'", name));
    return;
  }
  const auto text = read_string(*field, report);
  if (text && *text != expected) {
    report.error(field->mark(), field->path, fmt::format("must be '{}', got '{}'", expected, redact::excerpt(*text)));
  }
}

void read_document(const yaml::Node& root, spec::OperatorSpec& out, Report& report) {
  if (!root.is_mapping()) {
    report.error(root.mark(), "",
                 fmt::format("the manifest must be a mapping with apiVersion, kind, metadata and spec; got {}",
                             describe_shape(root)));
    return;
  }
  const FieldMap fields(root, "", {{"apiVersion"}, {"kind"}, {"metadata"}, {"spec"}, {"status"}}, report);
  read_exact(fields, "apiVersion", spec::kApiVersion, root.mark(), report);
  read_exact(fields, "kind", spec::kKind, root.mark(), report);
  if (auto metadata = fields.get("metadata")) {
    read_metadata(*metadata, out.metadata, report);
  } else {
    report.error(root.mark(), "", "missing required field 'metadata'");
  }
  if (auto spec_field = fields.get("spec")) read_spec(*spec_field, out, report);
  // Written by the tool itself; only its shape matters here.
  if (auto status = fields.get("status")) expect_mapping(*status, report);
}

}  // namespace

LoadResult load_manifest_text(const std::string& text) {
  Report report;
  const yaml::LoadedDocument doc = yaml::load(text);
  for (std::size_t i = 0; i < doc.problems.size(); ++i) {
    const yaml::LoadProblem& problem = doc.problems[i];
    // A syntax error ends parsing, so it is always the last problem.
    const bool is_syntax_error = doc.syntax_error && i + 1 == doc.problems.size();
    report.error(problem.mark, problem.path,
                 is_syntax_error ? "YAML syntax error: " + problem.message : problem.message);
  }
  spec::OperatorSpec spec;
  if (doc.syntax_error) {
    // The tree stops at the error; checking it would report missing fields
    // that are merely unparsed.
  } else if (doc.document_count == 0 || doc.root.is_null()) {
    report.error({}, "", "the manifest is empty");
  } else {
    if (doc.document_count > 1) {
      report.error(doc.document_starts[1], "",
                   fmt::format("the manifest holds {} documents; exactly one is expected", doc.document_count));
    }
    read_document(doc.root, spec, report);
  }
  LoadResult result;
  if (!report.has_errors()) result.spec = std::move(spec);
  result.diagnostics = report.take_sorted();
  return result;
}

LoadResult load_manifest_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return LoadResult{std::nullopt, {Diagnostic{Severity::error, {}, "", "is a directory, not a manifest file"}}};
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    const std::string reason = std::generic_category().message(errno);
    return LoadResult{std::nullopt, {Diagnostic{Severity::error, {}, "", "cannot read the manifest: " + reason}}};
  }
  return load_manifest_text(text.str());
}

}  // namespace altinity_deploy::manifest
