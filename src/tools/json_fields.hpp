#pragma once
// Reading the fields of one object of kubectl's or helm's JSON by JSON
// pointer ("/metadata/name"), once, into a struct. A field that is absent
// takes its default; a field of the wrong type (or under a step that is not
// an object) is an error, named by its pointer, and never an exception.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::tools {

class JsonFields {
 public:
  // `what` names the object in errors: "pod op-0", "item 3 of kubectl get pods".
  JsonFields(const nlohmann::json& object, std::string what);

  // The node at `pointer`; nullptr when absent (or when a step on the way is
  // not an object: that one is also recorded as the error).
  const nlohmann::json* node(const char* pointer);
  // "" when absent or null.
  std::string string(const char* pointer);
  // nullopt when absent or null.
  std::optional<long long> integer(const char* pointer);
  // false when absent or null.
  bool boolean(const char* pointer);
  // nullptr when absent or null; an error when not an array.
  const nlohmann::json* array(const char* pointer);

  // The first wrong-typed field, if any: "pod op-0: /status/restartCount is a string, not an integer".
  const std::optional<Error>& error() const { return error_; }
  // This object's fields read well: `value`; else the first error.
  template <class T>
  Result<T> result(T value) const {
    if (error_) return tl::unexpected(*error_);
    return value;
  }

 private:
  const nlohmann::json* typed(const char* pointer, bool (nlohmann::json::*is)() const noexcept, const char* type);
  void wrong(const std::string& pointer, const nlohmann::json& node, const char* expected);

  const nlohmann::json& object_;
  std::string what_;
  std::optional<Error> error_;
};

}  // namespace altinity_deploy::tools
