#include "value_readers.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "altinity_deploy/yaml/scalar.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "altinity_deploy/manifest/spelling.hpp"

namespace altinity_deploy::manifest {

namespace {


bool under_secret_key(const Field& field) {
  return field.key != nullptr && field.key->is_scalar() && redact::is_secret_key(field.key->text());
}

// A scalar's text as messages quote it: an excerpt, and nothing at all of
// the value of a secret-like key.
std::string shown_text(const Field& field) {
  return under_secret_key(field) ? std::string(redact::kRedacted) : redact::excerpt(field.value->text());
}

std::string describe_field(const Field& field) {
  if (!field.value->is_scalar() || !under_secret_key(field)) return describe(*field.value);
  return std::string(redact::kRedacted);
}

// Tells the user to quote a plain scalar that Helm or kubectl would read as
// a bool or number, while this tool reads it as text.
void warn_if_not_a_string(const Field& field, Report& report) {
  if (!field.value->plain_but_not_string()) return;
  const std::string text = shown_text(field);
  const char* type = yaml::resolve_plain(field.value->text()) == yaml::PlainType::boolean ? "boolean" : "number";
  report.warning(field.value->mark(), field.path,
                 fmt::format("'{}' is a plain YAML {}; it is read as the string \"{}\" — quote it (\"{}\") so that "
                             "every YAML reader agrees",
                             text, type, text, text));
}

std::string bool_message(const Field& field) {
  const yaml::Node& value = *field.value;
  const std::string& text = value.text();
  std::string message = fmt::format("expected a boolean (true or false), got {}", describe_field(field));
  if (value.style() == yaml::Node::Style::quoted) return message + "; remove the quotes";
  // A YAML 1.1 bool word other than true/false (any case): y, Yes, on, OFF, ...
  const auto yaml11 = yaml::yaml11_bool(text);
  const bool spelt_as_1_2 = text == "true" || text == "false" || text == "True" || text == "TRUE" ||
                            text == "False" || text == "FALSE";
  if (yaml11 && !spelt_as_1_2) {
    const char* meant = *yaml11 ? "true" : "false";
    return message + fmt::format("; write {} instead (YAML 1.1 readers take '{}' as {}, YAML 1.2 readers as a string)",
                                 meant, text, meant);
  }
  if (text == "True" || text == "TRUE") return message + "; write true instead";
  if (text == "False" || text == "FALSE") return message + "; write false instead";
  return message;
}

}  // namespace

std::string describe(const yaml::Node& node) {
  switch (node.kind()) {
    case yaml::Node::Kind::null:
      return "an empty value";
    case yaml::Node::Kind::sequence:
      return "a sequence";
    case yaml::Node::Kind::mapping:
      return "a mapping";
    case yaml::Node::Kind::scalar:
      break;
  }
  if (node.style() == yaml::Node::Style::quoted) return fmt::format("the quoted string \"{}\"", redact::excerpt(node.text()));
  return fmt::format("'{}'", redact::excerpt(node.text()));
}

std::string describe_shape(const yaml::Node& node) {
  if (!node.is_scalar()) return describe(node);
  return fmt::format("a string of {} characters", node.text().size());
}

std::optional<std::string> read_string(const Field& field, Report& report, PlainCheck check) {
  const yaml::Node& value = *field.value;
  if (value.is_mapping() || value.is_sequence()) {
    report.error(field.mark(), field.path, fmt::format("expected a string, got {}", describe_field(field)));
    return std::nullopt;
  }
  if (value.is_null() || value.text().empty()) {
    report.error(field.mark(), field.path, "must not be empty");
    return std::nullopt;
  }
  if (check == PlainCheck::warn) warn_if_not_a_string(field, report);
  return value.text();
}

std::optional<std::string> read_choice(const Field& field, const std::vector<std::string_view>& choices,
                                       std::string_view what, Report& report) {
  auto text = read_string(field, report, PlainCheck::accept);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  const std::vector<std::string> names(choices.begin(), choices.end());
  const auto suggestion = nearest(*text, names);
  report.error(field.mark(), field.path, fmt::format("'{}' is not {}", redact::excerpt(*text), what),
               suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                          : fmt::format("use one of {}", fmt::join(names, ", ")));
  return std::nullopt;
}

std::optional<std::vector<Field>> read_items(const Field& field, std::string_view what, Report& report) {
  const yaml::Node& value = *field.value;
  if (!value.is_sequence()) {
    report.error(field.mark(), field.path, fmt::format("expected a sequence of {}, got {}", what, describe(value)));
    return std::nullopt;
  }
  std::vector<Field> items;
  for (std::size_t i = 0; i < value.items().size(); ++i) {
    items.push_back(Field{field.key, &value.items()[i], yaml::item_path(field.path, i)});
  }
  return items;
}

std::optional<bool> read_bool(const Field& field, Report& report) {
  const yaml::Node& value = *field.value;
  if (value.is_scalar() && value.style() == yaml::Node::Style::plain) {
    if (value.text() == "true") return true;
    if (value.text() == "false") return false;
  }
  report.error(field.mark(), field.path,
               value.is_scalar() ? bool_message(field)
                                 : fmt::format("expected a boolean (true or false), got {}", describe_field(field)));
  return std::nullopt;
}

std::optional<long long> read_whole_number(const Field& field, Report& report) {
  const yaml::Node& value = *field.value;
  std::string message = fmt::format("expected a whole number, got {}", describe_field(field));
  if (value.is_scalar() && value.style() == yaml::Node::Style::quoted) {
    message += "; remove the quotes";
  } else if (value.is_scalar()) {
    const std::string& text = value.text();
    const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
    long long number = 0;
    const auto [end, error] = std::from_chars(begin, text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size() && begin != end) return number;
    if (error == std::errc::result_out_of_range) message = fmt::format("'{}' is too large", shown_text(field));
  }
  report.error(field.mark(), field.path, message);
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_string_list(const Field& field, Report& report) {
  const yaml::Node& value = *field.value;
  if (!value.is_sequence()) {
    report.error(field.mark(), field.path, fmt::format("expected a sequence of strings, got {}", describe_field(field)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < value.items().size(); ++i) {
    // An item has no key of its own. yaml-cpp places an empty item at the
    // next token, so problems with it point at the list's key instead.
    const Field item{field.key, &value.items()[i], yaml::item_path(field.path, i)};
    if (auto text = read_string(item, report)) {
      out.push_back(*text);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::map<std::string, std::string>> read_string_map(const Field& field, Report& report) {
  if (!expect_mapping(field, report)) return std::nullopt;
  std::map<std::string, std::string> out;
  bool ok = true;
  for (const auto& [key, value] : field.value->entries()) {
    if (!key.is_scalar() || key.text().empty()) {
      report.error(key.mark(), field.path, fmt::format("expected a non-empty key, got {}", describe(key)));
      ok = false;
      continue;
    }
    const Field entry{&key, &value, yaml::child_path(field.path, key.text())};
    if (auto text = read_string(entry, report)) {
      out[key.text()] = *text;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

bool expect_mapping(const Field& field, Report& report) {
  if (field.value->is_mapping() || field.value->is_null()) return true;
  report.error(field.mark(), field.path, fmt::format("expected a mapping, got {}", describe_field(field)));
  return false;
}

std::optional<FieldMap> read_mapping(const Field& field, const std::vector<FieldName>& names, Report& report) {
  if (!expect_mapping(field, report) || field.value->is_null()) return std::nullopt;
  return FieldMap(*field.value, field.path, names, report);
}

}  // namespace altinity_deploy::manifest
