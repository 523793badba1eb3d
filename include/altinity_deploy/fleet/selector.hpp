#pragma once
// `-l/--selector`: which targets of a fleet run, in kubectl's label selector
// syntax, over each target's labels (metadata.labels, plus metadata.env as
// `env` and metadata.org as `org` where the labels do not set them):
//   env=prod  env==prod  team!=x  tier in (a,b)  tier notin (a,b)  key  !key
// Requirements separated by commas must all hold. As in Kubernetes, `!=`,
// `notin` and `!key` also match a target without the label.
// The key `tag` (unless metadata.labels sets a label `tag`) asks metadata.tags,
// a list: `tag=canary` holds when `canary` is one of the tags, `tag in (a,b)`
// when one of them is, `tag!=canary` / `tag notin (a,b)` when none is,
// `tag` when there is any tag, `!tag` when there is none.
#include <map>
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"

namespace altinity_deploy::fleet {

struct Requirement {
  enum class Operator { equals, not_equals, in, not_in, exists, not_exists };
  std::string key;
  Operator op = Operator::exists;
  std::vector<std::string> values;  // one for equals/not_equals; the set for in/not_in

  bool matches(const std::map<std::string, std::string>& labels) const;
  // Over a list (metadata.tags): see above.
  bool matches_any(const std::vector<std::string>& tags) const;
};

// The selector key that reads metadata.tags.
inline constexpr const char* kTagKey = "tag";

struct Selector {
  std::string text;  // as written, for messages
  std::vector<Requirement> requirements;

  bool matches(const Target& target) const;
};

// A selector that does not parse is ExitCode::invalid_input, naming the
// requirement and showing the syntax.
Result<Selector> parse_selector(const std::string& text);

// The targets the selector matches, in their order. None is an error
// (ExitCode::invalid_input): a CI job that selects nothing has a typo.
Result<std::vector<Target>> select_targets(const std::vector<Target>& targets, const Selector& selector);

}  // namespace altinity_deploy::fleet
