// The manifest as a whole: one YAML document holding one mapping with
// apiVersion, kind, metadata, spec and status.
#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "report.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// `kind` may be either of ours; `accepted` says which values pass.
void read_exact(const FieldMap& fields, std::string_view name, const std::vector<std::string_view>& accepted,
                yaml::Mark root_mark, Report& report) {
  const auto field = fields.get(name);
  if (!field) {
    report.error(root_mark, "", fmt::format("missing required field '{}'", name));
    return;
  }
  const auto text = read_string(*field, report);
  if (text && std::find(accepted.begin(), accepted.end(), *text) == accepted.end()) {
    const std::string expected = accepted.size() == 1
                                     ? fmt::format("'{}'", accepted.front())
                                     : fmt::format("'{}' (or the older '{}')", accepted.front(), accepted.back());
    report.error(field->mark(), field->path,
                 fmt::format("must be {}, got '{}'", expected, redact::excerpt(*text)));
  }
}

// `up` rewrites status and reads nothing but status.outputs: anything else
// there (a `values:` block appended after the status block, say) is ignored,
// which is said rather than done silently.
void warn_unknown_status(const Field& status, Report& report) {
  if (!status.value->is_mapping()) return;
  for (const auto& [key, value] : status.value->entries()) {
    if (key.is_scalar() && key.text() == kStatusOutputs) continue;
    const std::string name = key.is_scalar() ? redact::excerpt(key.text()) : describe_shape(key);
    report.warning(key.mark(), key.is_scalar() ? yaml::child_path(status.path, name) : status.path,
                   fmt::format("'{}' under status is ignored: altinity-deploy reads only status.outputs there and "
                               "rewrites the block; if it belongs to the spec (e.g. spec.values), move it above "
                               "status: and indent it under spec:",
                               name));
  }
}

void read_document(const yaml::Node& root, spec::OperatorSpec& out, Report& report) {
  if (!root.is_mapping()) {
    report.error(root.mark(), "",
                 fmt::format("the manifest must be a mapping with apiVersion, kind, metadata and spec; got {}",
                             describe_shape(root)));
    return;
  }
  const FieldMap fields(root, "", document_fields(), report);
  read_exact(fields, "apiVersion", {spec::kApiVersion}, root.mark(), report);
  read_exact(fields, "kind", {spec::kKind, spec::kOlderKind}, root.mark(), report);
  if (auto metadata = fields.get("metadata")) {
    read_metadata(*metadata, out.metadata, report);
  } else {
    report.error(root.mark(), "", "missing required field 'metadata'");
  }
  if (auto spec_field = fields.get("spec")) read_spec(*spec_field, out, report);
  // Written by the tool itself; only its shape matters here.
  if (auto status = fields.get("status"); status && expect_mapping(*status, report)) warn_unknown_status(*status, report);
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

namespace {

tl::unexpected<Error> refuse(const std::string& what) {
  return fail(ExitCode::invalid_input, what, "pass the path of a regular YAML file of at most 1 MiB");
}

}  // namespace

Result<std::string> read_manifest_fd(int fd, core::FileIdentity* identity) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return fail(ExitCode::invalid_input,
                "cannot read the manifest: " + std::generic_category().message(errno));
  }
  if (!S_ISREG(info.st_mode)) return refuse(fmt::format("is {}, not a manifest file", file_kind(info.st_mode)));
  if (info.st_size > static_cast<off_t>(kMaxManifestBytes)) {
    return refuse(fmt::format("is {} bytes, more than the {} bytes (1 MiB) a manifest may hold", info.st_size,
                              kMaxManifestBytes));
  }
  // Bounded even if the file grows while it is read.
  std::string text;
  if (!core::read_all(fd, text, kMaxManifestBytes + 1)) {
    return fail(ExitCode::invalid_input, "cannot read the manifest: " + std::generic_category().message(errno));
  }
  if (text.size() > kMaxManifestBytes) {
    return refuse(fmt::format("holds more than the {} bytes (1 MiB) a manifest may hold", kMaxManifestBytes));
  }
  if (identity != nullptr) *identity = core::identity_of(info);
  return text;
}

Result<std::string> read_manifest_text(const std::string& path, core::FileIdentity* identity) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer. The checks are
  // made on the opened descriptor, so the path cannot change in between.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    struct stat info {};
    if (error == ENXIO && ::stat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) {
      return refuse("is a socket, not a manifest file");
    }
    return fail(ExitCode::invalid_input,
                "cannot open the manifest: " + std::generic_category().message(error),
                "check the path and its permissions");
  }
  const core::UniqueFd closer{fd};
  return read_manifest_fd(fd, identity);
}

LoadResult load_manifest_file(const std::string& path) {
  core::FileIdentity identity;
  auto text = read_manifest_text(path, &identity);
  if (!text) {
    const Error& error = text.error();
    const std::string message = error.hint.empty() ? error.message : error.message + "; " + error.hint;
    return LoadResult{std::nullopt, {Diagnostic{Severity::error, {}, "", message, {}}}, {}, {}};
  }
  LoadResult result = load_manifest_text(*text);
  result.text = std::move(*text);
  result.file = identity;
  return result;
}

}  // namespace altinity_deploy::manifest
