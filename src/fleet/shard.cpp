#include "altinity_deploy/fleet/shard.hpp"

#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "altinity_deploy/core/sha256.hpp"

namespace altinity_deploy::fleet {
namespace {

constexpr int kMaxShards = 1000;

bool read_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string::npos || !read_int(std::string_view(text).substr(0, slash), shard.index) ||
      !read_int(std::string_view(text).substr(slash + 1), shard.count) || shard.count < 1 ||
      shard.count > kMaxShards || shard.index < 1 || shard.index > shard.count) {
    return fail(ExitCode::invalid_input, fmt::format("--shard '{}' is not K/N with 1 <= K <= N <= {}", text, kMaxShards),
                "e.g. --shard ${{ matrix.shard }}/4 on GitHub Actions, --shard $CI_NODE_INDEX/$CI_NODE_TOTAL on "
                "GitLab");
  }
  return shard;
}

int shard_of(const std::string& identity, int count) {
  int best = 1;
  std::string best_score;
  for (int shard = 1; shard <= count; ++shard) {
    std::string score = core::sha256_hex(fmt::format("{}\n{}", identity, shard));
    if (shard == 1 || score > best_score) {
      best = shard;
      best_score = std::move(score);
    }
  }
  return best;
}

Status check_shard_of_one_wave(const WaveOrder* order) {
  if (order == nullptr || order->values.size() < 2) return {};
  return fail(ExitCode::invalid_input,
              fmt::format("--shard with --waves {}={}: each CI job would run its share of every wave, so one "
                          "job's {}={} could start before another job's {}={} has finished",
                          order->label, fmt::join(order->values, ","), order->label, order->values.back(),
                          order->label, order->values.front()),
              fmt::format("run one CI stage per wave, each job sharded over that wave alone "
                          "(-l {}={} --shard K/N), and each stage after the previous one (`needs:`); "
                          "see docs/fleet.md",
                          order->label, order->values.front()));
}

std::vector<Target> targets_of_shard(const std::vector<Target>& targets, const Shard& shard) {
  std::vector<Target> mine;
  for (const Target& target : targets) {
    if (shard_of(target.identity(), shard.count) == shard.index) mine.push_back(target);
  }
  return mine;
}

}  // namespace altinity_deploy::fleet
