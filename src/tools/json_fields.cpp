// Typed reads of one JSON object's fields (see the header).
#include "json_fields.hpp"

#include <fmt/format.h>

namespace altinity_deploy::tools {

using nlohmann::json;

JsonFields::JsonFields(const json& object, std::string what) : object_(object), what_(std::move(what)) {
  if (!object.is_object()) wrong("", object, "an object");
}

void JsonFields::wrong(const std::string& pointer, const json& node, const char* expected) {
  if (error_) return;
  error_ = Error{ExitCode::failed,
                 fmt::format("{}: {} is {} {}, not {}", what_, pointer.empty() ? "the object" : pointer,
                             node.is_array() || node.is_object() ? "an" : "a", node.type_name(), expected),
                 "the cluster's (or the tool's) JSON is not of the shape Kubernetes documents; run with -v to see "
                 "the command and its output"};
}

const json* JsonFields::node(const char* pointer) {
  if (!object_.is_object()) return nullptr;
  // Walk the pointer's steps: at() would throw on a missing one.
  const json* at = &object_;
  std::string walked;
  std::string rest = pointer;
  while (!rest.empty()) {
    const size_t next = rest.find('/', 1);
    const std::string step = rest.substr(0, next);
    rest = next == std::string::npos ? std::string{} : rest.substr(next);
    if (!at->is_object()) {
      wrong(walked, *at, "an object");
      return nullptr;
    }
    const json::json_pointer key(step);
    if (!at->contains(key)) return nullptr;
    at = &(*at)[key];
    walked += step;
  }
  return at;
}

const json* JsonFields::typed(const char* pointer, bool (json::*is)() const noexcept, const char* type) {
  const json* found = node(pointer);
  if (found == nullptr || found->is_null()) return nullptr;
  if (!(found->*is)()) {
    wrong(pointer, *found, type);
    return nullptr;
  }
  return found;
}

std::string JsonFields::string(const char* pointer) {
  const json* found = typed(pointer, &json::is_string, "a string");
  return found != nullptr ? found->get<std::string>() : std::string{};
}

std::optional<long long> JsonFields::integer(const char* pointer) {
  const json* found = typed(pointer, &json::is_number_integer, "an integer");
  return found != nullptr ? std::optional<long long>(found->get<long long>()) : std::nullopt;
}

bool JsonFields::boolean(const char* pointer) {
  const json* found = typed(pointer, &json::is_boolean, "a boolean");
  return found != nullptr && found->get<bool>();
}

const json* JsonFields::array(const char* pointer) { return typed(pointer, &json::is_array, "an array"); }

}  // namespace altinity_deploy::tools
