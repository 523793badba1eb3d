#include "altinity_deploy/fleet/selector.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

namespace altinity_deploy::fleet {
namespace {

constexpr const char* kSyntax =
    "write kubectl's selector syntax: env=prod, team!=x, 'tier in (a,b)', 'tier notin (a,b)', key, !key; "
    "requirements separated by commas must all hold";

tl::unexpected<Error> bad_selector(const std::string& text, const std::string& why) {
  return fail(ExitCode::invalid_input, fmt::format("--selector '{}': {}", text, why), kSyntax);
}

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Label keys and values as Kubernetes allows them: [A-Za-z0-9._-], and a
// key's prefix ends with '/'.
bool is_label_char(char c, bool key) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-' || (key && c == '/');
}

bool is_label_text(const std::string& text, bool key) {
  return std::all_of(text.begin(), text.end(), [key](char c) { return is_label_char(c, key); });
}

// The requirements, split at the commas outside parentheses.
Result<std::vector<std::string>> split_requirements(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) return bad_selector(text, "a ')' without its '('");
    if (c == ',' && depth == 0) {
      parts.push_back(trimmed(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (depth != 0) return bad_selector(text, "a '(' without its ')'");
  parts.push_back(trimmed(current));
  return parts;
}

// "(a, b)" -> {a, b}.
Result<std::vector<std::string>> value_set(const std::string& text, const std::string& rest) {
  if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
    return bad_selector(text, fmt::format("'{}' is not a set of values in parentheses, e.g. (a,b)", rest));
  }
  std::vector<std::string> values;
  const std::string inside = rest.substr(1, rest.size() - 2);
  size_t at = 0;
  while (true) {
    const size_t comma = inside.find(',', at);
    std::string value = trimmed(inside.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (value.empty() || !is_label_text(value, false)) {
      return bad_selector(text, fmt::format("'{}' is not a label value", value));
    }
    values.push_back(std::move(value));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return values;
}

Result<Requirement> parse_requirement(const std::string& text, const std::string& part) {
  using Op = Requirement::Operator;
  if (part.empty()) return bad_selector(text, "an empty requirement");
  Requirement requirement;
  std::string rest = part;
  if (rest.front() == '!') {
    requirement.op = Op::not_exists;
    rest = trimmed(rest.substr(1));
  }
  size_t key_end = 0;
  while (key_end < rest.size() && is_label_char(rest[key_end], true)) ++key_end;
  requirement.key = rest.substr(0, key_end);
  if (requirement.key.empty()) return bad_selector(text, fmt::format("'{}' does not start with a label key", part));
  rest = trimmed(rest.substr(key_end));
  if (requirement.op == Op::not_exists) {
    if (!rest.empty()) return bad_selector(text, fmt::format("'{}': !KEY takes no value", part));
    return requirement;
  }
  if (rest.empty()) return requirement;  // key: exists

  auto word_then_set = [&](const std::string& word) { return rest.rfind(word, 0) == 0 && rest.size() > word.size() &&
                                                               (rest[word.size()] == ' ' || rest[word.size()] == '('); };
  if (word_then_set("notin") || word_then_set("in")) {
    requirement.op = rest.rfind("notin", 0) == 0 ? Op::not_in : Op::in;
    auto values = value_set(text, trimmed(rest.substr(requirement.op == Op::in ? 2 : 5)));
    if (!values) return tl::unexpected(values.error());
    requirement.values = std::move(*values);
    return requirement;
  }
  std::string value;
  if (rest.rfind("!=", 0) == 0) {
    requirement.op = Op::not_equals;
    value = trimmed(rest.substr(2));
  } else if (rest.rfind("==", 0) == 0) {
    requirement.op = Op::equals;
    value = trimmed(rest.substr(2));
  } else if (rest.front() == '=') {
    requirement.op = Op::equals;
    value = trimmed(rest.substr(1));
  } else {
    return bad_selector(text, fmt::format("'{}': expected =, ==, !=, in or notin after '{}'", part, requirement.key));
  }
  if (!is_label_text(value, false)) return bad_selector(text, fmt::format("'{}' is not a label value", value));
  requirement.values = {std::move(value)};
  return requirement;
}

}  // namespace

bool Requirement::matches(const std::map<std::string, std::string>& labels) const {
  const auto found = labels.find(key);
  const bool present = found != labels.end();
  const bool listed = present && std::find(values.begin(), values.end(), found->second) != values.end();
  switch (op) {
    case Operator::equals:
    case Operator::in: return listed;
    case Operator::not_equals:
    case Operator::not_in: return !listed;
    case Operator::exists: return present;
    case Operator::not_exists: return !present;
  }
  return false;
}

bool Requirement::matches_any(const std::vector<std::string>& tags) const {
  const bool listed = std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
    return std::find(values.begin(), values.end(), tag) != values.end();
  });
  switch (op) {
    case Operator::equals:
    case Operator::in: return listed;
    case Operator::not_equals:
    case Operator::not_in: return !listed;
    case Operator::exists: return !tags.empty();
    case Operator::not_exists: return tags.empty();
  }
  return false;
}

bool Selector::matches(const Target& target) const {
  return std::all_of(requirements.begin(), requirements.end(), [&](const Requirement& requirement) {
    if (requirement.key == kTagKey && target.labels.count(kTagKey) == 0) return requirement.matches_any(target.tags);
    return requirement.matches(target.labels);
  });
}

Result<Selector> parse_selector(const std::string& text) {
  Selector selector{text, {}};
  auto parts = split_requirements(text);
  if (!parts) return tl::unexpected(parts.error());
  for (const std::string& part : *parts) {
    auto requirement = parse_requirement(text, part);
    if (!requirement) return tl::unexpected(requirement.error());
    selector.requirements.push_back(std::move(*requirement));
  }
  return selector;
}

Result<std::vector<Target>> select_targets(const std::vector<Target>& targets, const Selector& selector) {
  std::vector<Target> selected;
  std::copy_if(targets.begin(), targets.end(), std::back_inserter(selected),
               [&](const Target& target) { return selector.matches(target); });
  if (selected.empty()) {
    return fail(ExitCode::invalid_input,
                fmt::format("--selector '{}' matches none of the {} targets", selector.text, targets.size()),
                "check the selector against the manifests' metadata.labels, metadata.env, metadata.org and "
                "metadata.tags (as `tag`) "
                "(altinity-deploy validate -f FILES --list shows the targets)");
  }
  return selected;
}

}  // namespace altinity_deploy::fleet
