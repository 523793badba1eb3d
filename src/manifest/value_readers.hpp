#pragma once
// Typed reads of single fields. Each returns nothing after reporting why
// the value does not fit; the caller then keeps its default.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "field_map.hpp"
#include "report.hpp"

namespace altinity_deploy::manifest {

// "a mapping", "a sequence", "an empty value" or the scalar in quotes (a
// short excerpt: redact::excerpt).
std::string describe(const yaml::Node& node);
// The same without the scalar's text ("a string of 38 characters"): for
// text that may not be meant for a manifest at all (validate -f /etc/shadow).
std::string describe_shape(const yaml::Node& node);

// Whether plain scalars that YAML 1.1 reads as bool/number get a warning.
// Quantities are numbers by nature ("cpu: 2"), so they do not.
enum class PlainCheck { warn, accept };

// A non-empty string, taken exactly as written.
std::optional<std::string> read_string(const Field& field, Report& report, PlainCheck check = PlainCheck::warn);
std::optional<bool> read_bool(const Field& field, Report& report);
std::optional<long long> read_whole_number(const Field& field, Report& report);
std::optional<std::vector<std::string>> read_string_list(const Field& field, Report& report);
std::optional<std::map<std::string, std::string>> read_string_map(const Field& field, Report& report);

// One of `choices`, exactly; else the error names `what` and the nearest
// choice ("did you mean"), or all of them.
std::optional<std::string> read_choice(const Field& field, const std::vector<std::string_view>& choices,
                                       std::string_view what, Report& report);

// A string that `problem_of` (text -> optional message) finds nothing wrong
// with; else the problem is reported at the field and nothing is returned.
template <class Check>
std::optional<std::string> read_checked_string(const Field& field, Check problem_of, Report& report) {
  auto text = read_string(field, report);
  if (!text) return std::nullopt;
  if (auto problem = problem_of(*text)) {
    report.error(field.mark(), field.path, *problem);
    return std::nullopt;
  }
  return text;
}

// The items of a sequence, each a Field of its own (path `list[i]`); for
// anything else, an error "expected a sequence of `what`" and nothing.
std::optional<std::vector<Field>> read_items(const Field& field, std::string_view what, Report& report);

// The fields of a mapping value; nothing for an empty value (so defaults
// apply) or, after an error, for anything that is not a mapping.
std::optional<FieldMap> read_mapping(const Field& field, const std::vector<FieldName>& names, Report& report);
// Reports anything but a mapping or an empty value.
bool expect_mapping(const Field& field, Report& report);

}  // namespace altinity_deploy::manifest
