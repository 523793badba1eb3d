#include "print_outcome.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "altinity_deploy/core/file_io.hpp"
#include "json_as_yaml.hpp"

namespace altinity_deploy::cli {
namespace {

bool documents_as_yaml = false;

}  // namespace

void write_documents_as_yaml(bool yaml) { documents_as_yaml = yaml; }

namespace {

void write_bytes(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

void write_stdout(const core::EscapedText& text) { write_bytes(text.printable()); }

void write_json(const nlohmann::json& document) {
  if (documents_as_yaml) {
    write_stdout(core::escaped_lines(json_as_yaml(document)));
    return;
  }
  write_bytes(core::escape_json_invisibles(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
              "\n");
}

void write_report_file(const nlohmann::json& document) {
  const char* path = std::getenv(fleet::kReportFileVariable);
  if (path == nullptr || *path == '\0') return;
  // The fleet made the folder (0700); the file is new and ours alone.
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const std::string text = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  core::write_all_at(fd, text, 0);  // a target that cannot write its report shows as "no report"
  ::close(fd);
}

int print_usage_error(const std::string& message, const std::string& hint, OutputFormat format,
                      std::optional<std::string_view> command) {
  const actions::Failure failure{Error{ExitCode::invalid_input, message, hint}, {}, {}};
  const nlohmann::json document = failure_document(command, ExitCode::invalid_input, failure);
  write_report_file(document);
  if (format == OutputFormat::json) write_json(document);
  show_failure(failure);
  return static_cast<int>(ExitCode::invalid_input);
}

}  // namespace altinity_deploy::cli
