#include "altinity_deploy/fleet/waves.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace altinity_deploy::fleet {
namespace {

tl::unexpected<Error> bad_waves(const std::string& text, const std::string& why) {
  return fail(ExitCode::invalid_input, fmt::format("--waves '{}': {}", text, why),
              "write --waves LABEL=FIRST,SECOND,..., e.g. --waves env=dev,staging,prod");
}

}  // namespace

Result<WaveOrder> parse_waves(const std::string& text) {
  const size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) return bad_waves(text, "no LABEL=");
  WaveOrder order;
  order.label = text.substr(0, equals);
  std::set<std::string> seen;
  size_t at = equals + 1;
  while (true) {
    const size_t comma = text.find(',', at);
    std::string value = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (value.empty()) return bad_waves(text, "an empty value");
    if (!seen.insert(value).second) return bad_waves(text, fmt::format("'{}' is listed twice", value));
    order.values.push_back(std::move(value));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return order;
}

Result<std::vector<Wave>> group_in_waves(const std::vector<Target>& targets, const WaveOrder* order) {
  if (order == nullptr) return std::vector<Wave>{Wave{"", targets}};
  std::vector<Wave> waves;
  for (const auto& value : order->values) waves.push_back(Wave{fmt::format("{}={}", order->label, value), {}});
  std::vector<std::string> unplaced;
  for (const Target& target : targets) {
    auto label = target.labels.find(order->label);
    auto wave = label == target.labels.end()
                    ? order->values.end()
                    : std::find(order->values.begin(), order->values.end(), label->second);
    if (wave == order->values.end()) {
      unplaced.push_back(fmt::format("{} ({}: {})", target.manifest_path, order->label,
                                     label == target.labels.end() ? "not set" : "'" + label->second + "'"));
      continue;
    }
    waves[static_cast<size_t>(wave - order->values.begin())].targets.push_back(target);
  }
  if (!unplaced.empty()) {
    std::string list;
    for (const auto& entry : unplaced) list += (list.empty() ? "" : ", ") + entry;
    return fail(ExitCode::invalid_input, fmt::format("no wave for {}", list),
                fmt::format("set metadata.labels.{} to one of the waves, or add its value to --waves",
                            order->label));
  }
  return waves;
}

}  // namespace altinity_deploy::fleet
