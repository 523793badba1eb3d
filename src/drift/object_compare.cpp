// The field-by-field comparison of a live object with its dry-run result,
// and the rules that say which differences are not drift (docs/drift.md).
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::drift {
namespace {

using nlohmann::json;

// Written by the API server, kubectl or another controller, never by the
// chart; a difference there is not drift.
constexpr std::array<const char*, 11> kNeverDrift = {
    "/status",
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

bool named_elements(const json& list) {
  return std::all_of(list.begin(), list.end(), [](const json& element) {
    return element.is_object() && element.contains("name") && element.at("name").is_string();
  });
}

const json* find_named(const json& list, const std::string& name) {
  for (const json& element : list) {
    if (element.at("name").get<std::string>() == name) return &element;
  }
  return nullptr;
}

class Comparer {
 public:
  Comparer(const ObjectDiff& object, const CompareContext& context, ObjectDrift& out)
      : object_(object), context_(context), out_(out) {}

  void walk(const std::string& pointer, const std::string& path, const json* chart, const json* live,
            bool in_secret_data) {
    if (ignored(pointer)) return;
    if (chart != nullptr && live != nullptr && *chart == *live) return;
    if (chart != nullptr && live != nullptr && chart->is_object() && live->is_object()) {
      for (const auto& [key, value] : chart->items()) {
        const json* other = live->contains(key) ? &live->at(key) : nullptr;
        walk(pointer + "/" + escape_token(key), path_key(path, key), &value, other,
             in_secret_data || secret_member(pointer, key));
      }
      for (const auto& [key, value] : live->items()) {
        if (chart->contains(key)) continue;
        walk(pointer + "/" + escape_token(key), path_key(path, key), nullptr, &value,
             in_secret_data || secret_member(pointer, key));
      }
      return;
    }
    if (chart != nullptr && live != nullptr && chart->is_array() && live->is_array()) {
      if (named_elements(*chart) && named_elements(*live)) {
        for (std::size_t i = 0; i < chart->size(); ++i) {
          const std::string name = chart->at(i).at("name").get<std::string>();
          walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, name), &chart->at(i),
               find_named(*live, name), in_secret_data);
        }
        for (std::size_t i = 0; i < live->size(); ++i) {
          const std::string name = live->at(i).at("name").get<std::string>();
          if (find_named(*chart, name) != nullptr) continue;
          walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, name), nullptr, &live->at(i),
               in_secret_data);
        }
        return;
      }
      if (chart->size() == live->size()) {
        for (std::size_t i = 0; i < chart->size(); ++i) {
          walk(fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, i), &chart->at(i), &live->at(i),
               in_secret_data);
        }
        return;
      }
    }
    FieldDrift field;
    field.pointer = pointer;
    field.path = path;
    if (chart != nullptr) field.chart = *chart;
    if (live != nullptr) field.live = *live;
    field.secret = in_secret_data;
    out_.fields.push_back(std::move(field));
  }

 private:
  bool ignored(const std::string& pointer) const {
    for (const char* rule : kNeverDrift) {
      if (pointer_covers(rule, pointer)) return true;
    }
    if (pointer == "/spec/replicas" && context_.autoscaled.contains(object_.kind + "/" + object_.name)) return true;
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

  const ObjectDiff& object_;
  const CompareContext& context_;
  ObjectDrift& out_;
};

std::optional<json> read_object(const std::string& text) {
  auto loaded = yaml::load(text);
  if (loaded.syntax_error || !loaded.problems.empty()) return std::nullopt;
  return yaml::to_json(loaded.root);
}

std::string shown(const std::optional<json>& value, bool secret) {
  if (!value) return "(absent)";
  if (secret) return fmt::format("\"{}\"", redact::kRedacted);
  const json safe = redact::redact(*value);
  return redact::excerpt(safe.dump());
}

}  // namespace

bool pointer_covers(const std::string& rule, const std::string& pointer) {
  if (rule.empty()) return false;
  if (pointer.rfind(rule, 0) != 0) return false;
  return pointer.size() == rule.size() || pointer[rule.size()] == '/' || rule.back() == '/';
}

std::vector<ObjectDrift> compare(const std::vector<ObjectDiff>& diffs, const CompareContext& context) {
  std::vector<ObjectDrift> result;
  for (const ObjectDiff& diff : diffs) {
    ObjectDrift drift{diff.kind, diff.namespace_name, diff.name, false, {}};
    if (diff.live.find_first_not_of(" \n") == std::string::npos) {
      drift.deleted = true;
      result.push_back(std::move(drift));
      continue;
    }
    const auto chart = read_object(diff.chart);
    const auto live = read_object(diff.live);
    if (!chart || !live) {
      drift.fields.push_back(FieldDrift{"", "(the whole object)", std::nullopt, std::nullopt, true});
      result.push_back(std::move(drift));
      continue;
    }
    Comparer(diff, context, drift).walk("", "", &*chart, &*live, false);
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

std::vector<std::string> format_object(const ObjectDrift& object) {
  if (object.deleted) return {fmt::format("! {}: deleted", object.ref())};
  std::vector<std::string> lines;
  for (const auto& field : object.fields) {
    lines.push_back(fmt::format("~ {}: {}: chart {} -> live {}", object.ref(), field.path,
                                shown(field.chart, field.secret), shown(field.live, field.secret)));
  }
  return lines;
}

}  // namespace altinity_deploy::drift
