#include "field_map.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "altinity_deploy/manifest/spelling.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

struct Spelling {
  std::string text;
  std::string_view name;  // the lowerCamel name it stands for
};

std::vector<Spelling> spellings_of(const std::vector<FieldName>& names) {
  std::vector<Spelling> out;
  for (const FieldName& field : names) {
    for (std::string& text : spellings(field)) out.push_back({std::move(text), field.name});
  }
  return out;
}

// Whether an unknown key is worth quoting: shaped like a field name. Any
// other key (the first line of /etc/shadow, read as a key) is described by
// its length only, in the message and in the path.
bool looks_like_a_name(std::string_view key) {
  return !key.empty() && key.size() <= redact::kExcerptLimit &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                  c == '.';
         });
}

// The message and, apart, its fix: the nearest field or the valid ones.
std::pair<std::string, std::string> unknown_field_message(const std::string& key,
                                                          const std::vector<Spelling>& spellings,
                                                          const std::vector<FieldName>& names) {
  std::vector<std::string_view> valid;
  for (const FieldName& field : names) valid.push_back(field.name);
  const std::string valid_fields = fmt::format("valid fields: {}", fmt::join(valid, ", "));
  if (!looks_like_a_name(key)) {
    return {fmt::format("unknown field (a key of {} characters that is no field name)", key.size()), valid_fields};
  }
  std::vector<std::string> candidates;
  for (const Spelling& s : spellings) candidates.push_back(s.text);
  if (auto suggestion = nearest(key, candidates)) {
    return {fmt::format("unknown field '{}'", key), fmt::format("did you mean '{}'?", *suggestion)};
  }
  return {fmt::format("unknown field '{}'", key), valid_fields};
}

}  // namespace

std::vector<std::string> spellings(const FieldName& field) {
  // protojson reads a field under its JSON name and its proto name; an
  // alias is a name too, so it gets its snake_case twin as well.
  std::vector<std::string> out;
  const auto add = [&out](std::string text) {
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
  };
  add(std::string(field.name));
  add(to_snake_case(field.name));
  for (std::string_view alias : field.aliases) {
    add(std::string(alias));
    add(to_snake_case(alias));
  }
  return out;
}

FieldMap::FieldMap(const yaml::Node& mapping, std::string path, const std::vector<FieldName>& names,
                   Report& report)
    : path_(std::move(path)) {
  const std::vector<Spelling> spellings = spellings_of(names);
  for (const auto& entry : mapping.entries()) {
    const yaml::Node& key = entry.first;
    if (!key.is_scalar()) {
      report.error(key.mark(), path_, fmt::format("expected a field name, got {}", describe(key)));
      continue;
    }
    auto match = std::find_if(spellings.begin(), spellings.end(),
                              [&](const Spelling& s) { return s.text == key.text(); });
    const std::string key_path = yaml::child_path(path_, key.text());
    if (match == spellings.end()) {
      auto [message, hint] = unknown_field_message(key.text(), spellings, names);
      report.error(key.mark(), looks_like_a_name(key.text()) ? key_path : path_, std::move(message),
                   std::move(hint));
      continue;
    }
    auto [it, inserted] = given_.emplace(match->name, &entry);
    if (!inserted) {
      const yaml::Node& first = it->second->first;
      report.error(key.mark(), key_path,
                   fmt::format("duplicate key '{}': same field as '{}' (first defined at {}:{})",
                               redact::excerpt(key.text()), redact::excerpt(first.text()), first.mark().line,
                               first.mark().column));
    }
  }
  report_exclusions(names, report);
}

void FieldMap::report_exclusions(const std::vector<FieldName>& names, Report& report) const {
  for (const FieldName& field : names) {
    if (field.excludes.empty()) continue;
    auto one = given_.find(field.name);
    auto other = given_.find(field.excludes);
    if (one == given_.end() || other == given_.end()) continue;
    const yaml::Node& first = comes_before(one->second->first.mark(), other->second->first.mark())
                                  ? one->second->first
                                  : other->second->first;
    const yaml::Node& second = &first == &one->second->first ? other->second->first : one->second->first;
    report.error(second.mark(), yaml::child_path(path_, second.text()),
                 fmt::format("'{}' and '{}' (line {}) say the same thing another way: give one of them",
                             second.text(), first.text(), first.mark().line),
                 fmt::format("remove '{}' or '{}'", second.text(), first.text()));
  }
}

std::optional<Field> FieldMap::get(std::string_view name) const {
  auto it = given_.find(name);
  if (it == given_.end()) return std::nullopt;
  const auto& [key, value] = *it->second;
  return Field{&key, &value, yaml::child_path(path_, key.text())};
}

}  // namespace altinity_deploy::manifest
