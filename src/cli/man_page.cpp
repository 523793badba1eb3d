// The man page altinity-deploy(1), written from the command's definition
// (command_spec.hpp) and its help footers; the build runs `altinity-deploy manpage`.
#include <fmt/format.h>

#include "altinity_deploy/cli/help_text.hpp"
#include "command_spec.hpp"

namespace altinity_deploy::cli {
namespace {

constexpr const char* kManDescription =
    "It validates the manifest (every problem with its file, line and column), shows what would change "
    "(plan), installs or upgrades the operator with Helm and applies its CRDs (up), reports what the cluster "
    "holds (status) and uninstalls it (destroy), writing the results into the manifest's status block. "
    "plan, up, status and destroy run helm (3.8 or later, or 4) and kubectl; validate and render need neither.";

// Text for roff: backslashes escaped, and no line may start with a control character.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string flag_items(const std::vector<FlagSpec>& flags) {
  std::string out;
  for (const FlagSpec& flag : flags) {
    std::vector<std::string> names;
    for (const auto& name : flag.names) names.push_back("\\fB" + roff(name) + "\\fR");
    out += ".TP\n" + joined(names, ", ");
    if (flag.takes_value()) out += " \\fI" + roff(flag.value_name) + "\\fR";
    out += "\n" + roff(flag.description);
    if (!flag.choices.empty()) out += " (one of: " + roff(joined(flag.choices, ", ")) + ")";
    out += "\n";
  }
  return out;
}

// A table of help_text.hpp (the same lines --help prints) as tagged paragraphs.
template <class Entries>
std::string entry_items(const Entries& entries) {
  std::string out;
  for (const HelpEntry& entry : entries) out += ".TP\n\\fB" + roff(entry.name) + "\\fR\n" + roff(entry.text) + "\n";
  return out;
}

// A help footer as it is printed: kept line by line.
std::string literal_block(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.front() == '\n') trimmed.erase(0, 1);
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  if (trimmed.empty()) return "";
  return ".PP\n.nf\n" + roff(trimmed) + "\n.fi\n";
}

}  // namespace

std::string man_page(const CommandSpec& spec, const std::string& version) {
  std::string upper;
  for (char c : spec.name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out = fmt::format(".TH {} 1 \"\" \"{} {}\" \"User Commands\"\n", upper, spec.name, version);
  std::string summary = spec.description;
  if (const auto colon = summary.find(": "); colon != std::string::npos) summary = summary.substr(colon + 2);
  out += fmt::format(".SH NAME\n{} \\- {}\n", roff(spec.name), roff(summary));
  out += fmt::format(".SH SYNOPSIS\n.B {}\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fICOMMAND OPTIONS\\fR]\n",
                     roff(spec.name));
  out += ".SH DESCRIPTION\n" + roff(spec.description) + "\n.PP\n" + roff(kManDescription) + "\n";
  out += ".SH OPTIONS\nGlobal options, accepted before or after the command.\n" + flag_items(spec.flags);
  out += ".SH COMMANDS\n";
  for (const VerbSpec& verb : spec.verbs) {
    out += ".SS " + roff(joined(verb.names(), ", ")) + "\n" + roff(verb.description) + "\n";
    for (const auto& positional : verb.positionals) {
      if (positional.files) {
        out += fmt::format(".TP\n[\\fI{}\\fR...]\n{}\n", roff(positional.name), roff(positional.description));
        continue;
      }
      out += fmt::format(".TP\n\\fI{}\\fR\n{} (one of: {})\n", roff(positional.name), roff(positional.description),
                         roff(joined(positional.choices, ", ")));
    }
    out += flag_items(verb.flags);
    out += literal_block(verb.footer);
  }
  out += ".SH WHICH CLUSTER\n" + literal_block(kWhichClusterText);
  out += ".SH EXIT STATUS\n" + entry_items(kExitStatus);
  out += ".SH ENVIRONMENT\n" + entry_items(kEnvironment);
  out += ".SH FILES\n" + entry_items(kFiles);
  out += ".SH EXAMPLES\n" + literal_block(kAppExamples);
  out += ".SH SEE ALSO\n\\fBhelm\\fR(1), \\fBkubectl\\fR(1), /usr/share/doc/altinity\\-deploy/README.md\n";
  return out;
}

}  // namespace altinity_deploy::cli
