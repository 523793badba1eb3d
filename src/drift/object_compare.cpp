// The field-by-field comparison of a stored object with the live one, and
// the rules that say which differences are not drift (docs/drift.md).
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "altinity_deploy/core/encoding.hpp"
#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::drift {
namespace {

using nlohmann::json;

// Written by the API server, kubectl or another controller, never by the
// chart; a difference there is not drift. (Fields the chart never sets are
// not compared at all; these cover a chart that sets one.)
constexpr std::array<const char*, 13> kNeverDrift = {
    "/status",
    // The object's identity, which paired it with the live one; a chart may
    // set it on a cluster-wide object, whose namespace the server drops.
    "/metadata/namespace",
    // The server answers in the version kubectl asked for; not a hand edit.
    "/apiVersion",
    "/metadata/managedFields",
    "/metadata/resourceVersion",
    "/metadata/generation",
    "/metadata/uid",
    "/metadata/creationTimestamp",
    "/metadata/selfLink",
    "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration",
    "/metadata/annotations/deployment.kubernetes.io~1revision",
    // `kubectl rollout restart`
    "/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt",
    "/metadata/annotations/kubectl.kubernetes.io~1restartedAt",
};

// The members under which values are Kubernetes quantities.
bool holds_quantities(const std::string& key) {
  return key == "limits" || key == "requests" || key == "hard" || key == "sizeLimit";
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string path_key(const std::string& path, const std::string& key) {
  const bool plain = !key.empty() && key.find_first_of(".[]\" ") == std::string::npos;
  const std::string shown = plain ? key : fmt::format("\"{}\"", key);
  return path.empty() ? shown : path + "." + shown;
}

// Every element a mapping with a string `name`, no name twice: matched by
// name (containers, env, ports, volumes). volumeMounts may mount one volume
// twice: those go by position.
bool named_elements(const json& list) {
  std::set<std::string> names;
  for (const json& element : list) {
    auto name = element.is_object() ? element.find("name") : element.end();
    if (!element.is_object() || name == element.end() || !name->is_string()) return false;
    if (!names.insert(name->get<std::string>()).second) return false;
  }
  return true;
}

bool all_scalars(const json& list) {
  return std::all_of(list.begin(), list.end(), [](const json& element) { return element.is_primitive(); });
}

const json* find_named(const json& list, const std::string& name) {
  for (const json& element : list) {
    if (element.at("name").get<std::string>() == name) return &element;
  }
  return nullptr;
}

bool same_scalar_lists(const json& stored, const json& live) {
  if (stored.size() != live.size() || !all_scalars(live)) return false;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (!same_scalar(stored.at(i), live.at(i), false)) return false;
  }
  return true;
}

// Secret data as the server decodes it: Go's base64 decoder skips line
// breaks, so a chart (or an additionalResources Secret) may store a wrapped
// value that the server keeps unwrapped.
std::optional<std::string> secret_bytes(const json& value) {
  if (!value.is_string()) return std::nullopt;
  std::string text = value.get<std::string>();
  std::erase_if(text, [](char c) { return c == '\n' || c == '\r'; });
  return core::base64_decode(text);
}

// The live data's entry `key`, or nullptr.
const json* live_secret_value(const json& live, const std::string& key) {
  const json::json_pointer live_data("/data");
  return live.contains(live_data) && live.at(live_data).contains(key) ? &live.at(live_data).at(key) : nullptr;
}

// A Secret compared as the server holds it. data: each entry equal to the
// live one when both decode to the same bytes. stringData is write-only: the
// server stores it, base64, in data (over data's entry of the same key), so
// each stringData entry is checked against the live data, decoded.
json secret_as_stored(const json& stored, const json& live) {
  json object = stored;
  auto data_member = object.find("data");
  if (data_member != object.end() && data_member->is_object()) {
    for (auto& [key, value] : data_member->items()) {
      const json* live_value = live_secret_value(live, key);
      if (live_value == nullptr || *live_value == value) continue;
      const auto stored_bytes = secret_bytes(value);
      if (stored_bytes && stored_bytes == secret_bytes(*live_value)) value = *live_value;
    }
  }
  auto string_data = object.find("stringData");
  if (string_data == object.end() || !string_data->is_object()) return object;
  json& data = object["data"];
  if (!data.is_object()) data = json::object();
  for (const auto& [key, value] : string_data->items()) {
    const json* live_value = live_secret_value(live, key);
    const auto decoded = live_value != nullptr ? secret_bytes(*live_value) : std::nullopt;
    const bool same = decoded && value.is_string() && *decoded == value.get<std::string>();
    // Different: a marker that cannot equal any base64 (values are never printed).
    data[key] = same ? *live_value : json(fmt::format("stringData differs ({})", key));
  }
  object.erase("stringData");
  return object;
}

class Comparer {
 public:
  Comparer(const ObjectDrift& object, const CompareContext& context, ObjectDrift& out)
      : object_(object), context_(context), out_(out) {}

  // `stored` nullptr: an element only the live list has (matched by name).
  void walk(const std::string& pointer, const std::string& path, const json* stored, const json* live,
            bool secret, bool quantity) {
    if (ignored(pointer)) return;
    if (stored != nullptr && is_empty_value(*stored)) {
      // The server drops an empty value or defaults it; {} sets no field. A
      // stored "" or null against a value set by hand is drift.
      if (live == nullptr || is_empty_value(*live) || stored->is_object()) return;
    }
    if (stored == nullptr || live == nullptr) return add(pointer, path, stored, live, secret);
    if (stored->is_object() && live->is_object()) {
      for (const auto& [key, value] : stored->items()) {
        auto other = live->find(key);
        walk(pointer + "/" + escape_token(key), path_key(path, key), &value, other == live->end() ? nullptr : &*other,
             secret || secret_member(pointer, key) || redact::hides_member(*stored, key) ||
                 (live != nullptr && redact::hides_member(*live, key)),
             quantity || holds_quantities(key));
      }
      return;
    }
    if (stored->is_array() && live->is_array()) return walk_list(pointer, path, *stored, *live, secret, quantity);
    if (stored->is_primitive() && same_scalar(*stored, *live, quantity)) return;
    add(pointer, path, stored, live, secret);
  }

 private:
  void walk_list(const std::string& pointer, const std::string& path, const json& stored, const json& live,
                 bool secret, bool quantity) {
    if (!stored.empty() && named_elements(stored) && named_elements(live)) {
      for (std::size_t i = 0; i < stored.size(); ++i) {
        const std::string name = stored.at(i).at("name").get<std::string>();
        walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, name), &stored.at(i),
             find_named(live, name), secret, quantity);
      }
      // One added by hand (an env variable, a container) is drift.
      for (std::size_t i = 0; i < live.size(); ++i) {
        const std::string name = live.at(i).at("name").get<std::string>();
        if (find_named(stored, name) != nullptr) continue;
        walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, name), nullptr, &live.at(i), secret,
             quantity);
      }
      return;
    }
    // Scalars (a CRD's shortNames, args): the list as a whole.
    if (all_scalars(stored)) {
      if (!same_scalar_lists(stored, live)) add(pointer, path, &stored, &live, secret);
      return;
    }
    if (stored.size() != live.size()) return add(pointer, path, &stored, &live, secret);
    for (std::size_t i = 0; i < stored.size(); ++i) {
      walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, i), &stored.at(i), &live.at(i), secret,
           quantity);
    }
  }

  void add(const std::string& pointer, const std::string& path, const json* stored, const json* live, bool secret) {
    FieldDrift field;
    field.pointer = pointer;
    field.path = path;
    if (stored != nullptr) field.chart = *stored;
    if (live != nullptr) field.live = *live;
    field.secret = secret;
    out_.fields.push_back(std::move(field));
  }

  bool ignored(const std::string& pointer) const {
    for (const char* rule : kNeverDrift) {
      if (pointer_covers(rule, pointer)) return true;
    }
    if (pointer == "/spec/replicas" && context_.autoscaled.contains(object_.ref())) return true;
    for (const IgnoreRule& rule : context_.ignore) {
      if (!rule.kind.empty() && rule.kind != object_.kind) continue;
      if (!rule.name.empty() && rule.name != object_.name) continue;
      for (const auto& path : rule.paths) {
        if (pointer_covers(path, pointer)) return true;
      }
    }
    return false;
  }

  // A Secret's data, or a member the redaction policy hides by its name.
  bool secret_member(const std::string& pointer, const std::string& key) const {
    if (pointer.empty() && object_.kind == "Secret" && (key == "data" || key == "stringData")) return true;
    return redact::is_secret_key(key);
  }

  const ObjectDrift& object_;
  const CompareContext& context_;
  ObjectDrift& out_;
};

std::string text_at(const json& object, const char* pointer) {
  const json::json_pointer at(pointer);
  return object.contains(at) && object.at(at).is_string() ? object.at(at).get<std::string>() : std::string();
}

}  // namespace

bool pointer_covers(const std::string& rule, const std::string& pointer) {
  if (rule.empty()) return false;
  if (pointer.rfind(rule, 0) != 0) return false;
  return pointer.size() == rule.size() || pointer[rule.size()] == '/' || rule.back() == '/';
}

std::vector<ObjectDrift> compare_objects(const std::vector<ReleaseObject>& objects, const CompareContext& context) {
  std::vector<ObjectDrift> result;
  for (const ReleaseObject& object : objects) {
    ObjectDrift drift{text_at(object.stored, "/kind"), text_at(object.stored, "/metadata/namespace"),
                      text_at(object.stored, "/metadata/name"), false, {}};
    if (!object.live) {
      drift.deleted = true;
      result.push_back(std::move(drift));
      continue;
    }
    drift.namespace_name = text_at(*object.live, "/metadata/namespace");
    const json stored = drift.kind == "Secret" ? secret_as_stored(object.stored, *object.live) : object.stored;
    Comparer(drift, context, drift).walk("", "", &stored, &*object.live, false, false);
    if (!drift.fields.empty()) result.push_back(std::move(drift));
  }
  return result;
}

std::vector<std::string> replica_drift_refs(const std::vector<ObjectDrift>& drift) {
  std::vector<std::string> refs;
  for (const auto& object : drift) {
    for (const auto& field : object.fields) {
      if (field.pointer == "/spec/replicas") refs.push_back(object.ref());
    }
  }
  return refs;
}

std::set<std::string> hpa_targets(const std::vector<json>& hpas) {
  std::set<std::string> targets;
  const json::json_pointer kind("/spec/scaleTargetRef/kind");
  const json::json_pointer name("/spec/scaleTargetRef/name");
  for (const json& hpa : hpas) {
    if (!hpa.contains(kind) || !hpa.contains(name) || !hpa.at(kind).is_string() || !hpa.at(name).is_string()) {
      continue;
    }
    targets.insert(hpa.at(kind).get<std::string>() + "/" + hpa.at(name).get<std::string>());
  }
  return targets;
}

}  // namespace altinity_deploy::drift
