#include "altinity_deploy/plan/operator_password.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using yaml::Node;

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t kPasswordLength = 32;

const json* member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// Go templates' truth: false, 0, "" (and nil) are false.
bool is_falsy(const json& value) {
  return value.is_null() || (value.is_boolean() && !value.get<bool>()) || (value.is_number() && value == 0) ||
         (value.is_string() && value.get_ref<const std::string&>().empty());
}

bool is_public_default(const json* password) {
  return password != nullptr && password->is_string() && password->get_ref<const std::string&>() == kPublicDefaultPassword;
}

// What the desired values say about the chart's Secret.
struct Intent {
  bool manifest_owns = false;      // the manifest sets the password or makes the chart render no Secret
  bool sets_public_default = false;
};

Intent read_intent(const json& values) {
  const json* secret = member(values, "secret");
  if (secret == nullptr) return {};
  // `secret: null` removes the chart's block, so no Secret is rendered;
  // anything but a mapping is the user's to answer for.
  if (!secret->is_object()) return {true, false};
  if (const json* create = member(*secret, "create"); create != nullptr && !create->is_null() && is_falsy(*create)) {
    return {true, false};
  }
  const json* password = member(*secret, "password");
  // null removes the key (the chart's public default comes back); "" is no
  // password at all: both count as not set.
  if (password == nullptr || is_falsy(*password)) return {};
  if (is_public_default(password)) return {false, true};
  return {true, false};
}

std::string recorded_password(const json& recorded) {
  const json* secret = member(recorded, "secret");
  const json* password = secret != nullptr ? member(*secret, "password") : nullptr;
  if (password == nullptr || !password->is_string() || is_public_default(password)) return {};
  return password->get<std::string>();
}

std::string why_new(const Intent& intent, const json& recorded, bool rotate) {
  if (rotate) return "--rotate-operator-password";
  if (intent.sets_public_default) return "spec.values sets the chart's public default password, which is never deployed";
  if (recorded.is_null()) return "new release";
  return "the release uses the chart's public default password";
}

std::string fingerprint(const std::string& password) {
  return core::sha256_hex("altinity-deploy operator login\n" + password).substr(0, 16);
}

void set_password_values(Node& values, Node password, Node fingerprint_value) {
  Node* secret = values.find("secret");
  if (secret == nullptr || !secret->is_mapping()) secret = &values.set("secret", Node::mapping());
  secret->set("password", std::move(password));
  Node* annotations = values.find("podAnnotations");
  if (annotations == nullptr) annotations = &values.set("podAnnotations", Node::mapping());
  // A podAnnotations the user set to null or to something odd stays theirs.
  if (annotations->is_mapping()) annotations->set(kPasswordFingerprintAnnotation, std::move(fingerprint_value));
}

std::string truncated_name(std::string name) {
  if (name.size() > 63) name.resize(63);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name;
}

std::string string_value(const json& values, const char* name) {
  const json* value = member(values, name);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

}  // namespace

Result<OperatorPassword> choose_operator_password(const json& values, const json& recorded, bool rotate) {
  const Intent intent = read_intent(values);
  if (intent.manifest_owns) return OperatorPassword{};
  if (!rotate) {
    if (std::string kept = recorded_password(recorded); !kept.empty()) {
      return OperatorPassword{OperatorPassword::Origin::recorded, std::move(kept), ""};
    }
  }
  auto generated = generate_password();
  if (!generated) return tl::unexpected(generated.error());
  return OperatorPassword{OperatorPassword::Origin::generated, std::move(*generated), why_new(intent, recorded, rotate)};
}

void apply_operator_password(Node& values, const OperatorPassword& password) {
  if (password.origin == OperatorPassword::Origin::manifest) return;
  set_password_values(values, Node::quoted(password.value), Node::quoted(fingerprint(password.value)));
}

void apply_generated_marker(Node& values) {
  if (read_intent(yaml::to_json(values)).manifest_owns) return;
  set_password_values(values, Node::quoted(std::string(redact::kGenerated)),
                      Node::quoted(std::string(redact::kGenerated)));
}

Result<std::string> generate_password() {
  std::array<unsigned char, 256> random{};
  std::string password;
  while (password.size() < kPasswordLength) {
    const ssize_t got = ::getrandom(random.data(), random.size(), 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(ExitCode::failed,
                  std::string("cannot generate the operator's password: getrandom: ") + std::strerror(errno),
                  "set spec.values.secret.password in the manifest instead");
    }
    for (ssize_t i = 0; i < got && password.size() < kPasswordLength; ++i) {
      // 248 = 4 * 62: bytes above it would favour the first letters.
      if (random[static_cast<std::size_t>(i)] < 248) password += kAlphabet[random[static_cast<std::size_t>(i)] % 62];
    }
  }
  return password;
}

SecretRef operator_secret(const std::string& release, const std::string& release_namespace,
                          const std::string& chart_name, const json& values) {
  SecretRef secret{string_value(values, "namespaceOverride"), string_value(values, "fullnameOverride")};
  if (secret.namespace_name.empty()) secret.namespace_name = release_namespace;
  if (!secret.name.empty()) {
    secret.name = truncated_name(secret.name);
    return secret;
  }
  std::string name = string_value(values, "nameOverride");
  if (name.empty()) name = chart_name;
  secret.name = truncated_name(release.find(name) != std::string::npos ? release : release + "-" + name);
  return secret;
}

SecretRef operator_secret(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  return operator_secret(spec.release_name(), spec.namespace_name, plan.desired.chart.name, plan.desired.values);
}

std::string read_password_command(const SecretRef& secret) {
  return fmt::format("kubectl get secret {} --namespace {} -o jsonpath='{{.data.password}}' | base64 -d",
                     secret.name, secret.namespace_name);
}

}  // namespace altinity_deploy::plan
