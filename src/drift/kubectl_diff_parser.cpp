// Reads `kubectl diff` output made with kKubectlExternalDiff: per object a
// `diff` line, the `---`/`+++` file names, then hunks whose lines are the
// whole file (' ' both, '-' live only, '+' dry-run result only).
#include <fmt/format.h>

#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::drift {
namespace {

// GROUP.VERSION.KIND.NAMESPACE.NAME: the group and version are lowercase
// DNS words, the kind is the first word that starts with a capital, the
// namespace one DNS label (empty for cluster-wide objects), the name the rest
// (it may hold dots, as CRD names do).
bool split_file_name(const std::string& file, ObjectDiff& object) {
  std::size_t start = 0;
  while (start < file.size()) {
    const std::size_t dot = file.find('.', start);
    if (dot == std::string::npos) return false;
    if (file[start] >= 'A' && file[start] <= 'Z') {
      object.kind = file.substr(start, dot - start);
      const std::size_t ns_end = file.find('.', dot + 1);
      if (ns_end == std::string::npos) return false;
      object.namespace_name = file.substr(dot + 1, ns_end - dot - 1);
      object.name = file.substr(ns_end + 1);
      return !object.name.empty();
    }
    start = dot + 1;
  }
  return false;
}

// "+++ /tmp/MERGED-123/apps.v1.Deployment.ns.name\t2026-..." -> the file's base name.
std::string base_name(const std::string& header_line) {
  std::string path = header_line.substr(4);
  if (auto tab = path.find('\t'); tab != std::string::npos) path.resize(tab);
  if (auto slash = path.rfind('/'); slash != std::string::npos) path.erase(0, slash + 1);
  return path;
}

Error unreadable(int line_number, const std::string& line) {
  return Error{ExitCode::failed,
               fmt::format("cannot read line {} of `kubectl diff`: {}", line_number, redact::excerpt(line)),
               "run `kubectl diff` by hand to see what it prints, or set spec.driftDetection.mode: disabled"};
}

}  // namespace

Result<std::vector<ObjectDiff>> parse_kubectl_diff(const std::string& text) {
  std::vector<ObjectDiff> objects;
  bool in_body = false;
  int line_number = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(position, end - position);
    position = end + 1;
    ++line_number;

    if (line.rfind("diff ", 0) == 0) {
      objects.emplace_back();
      in_body = false;
      continue;
    }
    if (objects.empty()) {
      if (line.empty()) continue;
      return tl::unexpected(unreadable(line_number, line));
    }
    ObjectDiff& object = objects.back();
    if (!in_body) {
      if (line.rfind("+++ ", 0) == 0) {
        if (!split_file_name(base_name(line), object)) return tl::unexpected(unreadable(line_number, line));
      } else if (line.rfind("@@", 0) == 0) {
        if (object.kind.empty()) return tl::unexpected(unreadable(line_number, line));
        in_body = true;
      } else if (line.rfind("--- ", 0) != 0) {
        return tl::unexpected(unreadable(line_number, line));
      }
      continue;
    }
    if (line.empty() || line[0] == '\\' || line.rfind("@@", 0) == 0) continue;
    const std::string content = line.substr(1) + "\n";
    switch (line[0]) {
      case ' ':
        object.live += content;
        object.chart += content;
        break;
      case '-': object.live += content; break;
      case '+': object.chart += content; break;
      default: return tl::unexpected(unreadable(line_number, line));
    }
  }
  return objects;
}

}  // namespace altinity_deploy::drift
