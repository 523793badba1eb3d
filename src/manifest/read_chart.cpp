#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "argument_text.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

bool is_chart_repository_url(const std::string& url) {
  for (std::string_view scheme : {"http://", "https://", "oci://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

}  // namespace

void read_chart(const Field& field, spec::Chart& out, Report& report) {
  const auto fields = read_mapping(field, chart_fields(), report);
  if (!fields) return;
  const auto repo = fields->get("repo");
  const auto path = fields->get("path");
  if (repo) {
    if (auto url = read_checked_string(*repo, chart_repo_problem, report)) {
      if (is_chart_repository_url(*url)) {
        out.repo = *url;
      } else {
        report.error(repo->mark(), repo->path,
                     fmt::format("must be an http://, https:// or oci:// URL, got '{}'", redact::excerpt(*url)));
      }
    }
  }
  if (auto name = fields->get("name")) {
    if (auto text = read_checked_string(*name, chart_name_problem, report)) out.name = *text;
  }
  if (auto version = fields->get("version")) {
    if (auto text = read_checked_string(*version, chart_version_problem, report)) out.version = *text;
  }
  if (path) {
    // Kept as written; the caller resolves it against the manifest's folder.
    if (auto text = read_string(*path, report)) {
      out.path = *text;
      out.repo.clear();
    }
  }
  if (repo && path) {
    const bool path_later = comes_before(repo->key->mark(), path->key->mark());
    const Field& later = path_later ? *path : *repo;
    report.error(later.key->mark(), later.path,
                 "'repo' and 'path' are mutually exclusive; give a chart repository or a local chart, not both");
  }
}

}  // namespace altinity_deploy::manifest
