#include <string_view>

#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::tools {
namespace {

// Registries on loopback (test and air-gapped mirrors) speak plain HTTP;
// helm would otherwise insist on TLS. Anything else keeps TLS.
bool is_loopback_registry(std::string_view oci_url) {
  std::string_view rest = oci_url.substr(std::string_view("oci://").size());
  for (std::string_view host : {"127.", "localhost:", "localhost/", "[::1]"}) {
    if (rest.rfind(host, 0) == 0) return true;
  }
  return false;
}

std::string without_trailing_slash(std::string text) {
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

ChartReference chart_reference(const spec::Chart& chart) {
  ChartReference ref;
  if (chart.is_local()) {
    // A local chart carries its own version; helm ignores --version for it.
    ref.words = {chart.path};
    return ref;
  }
  if (chart.is_oci()) {
    ref.words = {without_trailing_slash(chart.repo) + "/" + chart.name};
    ref.flags = {"--version", chart.version};
    if (is_loopback_registry(chart.repo)) ref.flags.push_back("--plain-http");
    return ref;
  }
  ref.words = {chart.name};
  ref.flags = {"--repo", chart.repo, "--version", chart.version};
  return ref;
}

}  // namespace altinity_deploy::tools
