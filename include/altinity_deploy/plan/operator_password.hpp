#pragma once
// The password the operator logs in to every ClickHouse installation with:
// the chart's `secret.password`, which it puts in a Secret the operator
// reads. Charts 0.23.6 to 0.26.0 default it to the publicly known
// `clickhouse_operator_password`; the deployer never deploys that.
//
// Unless the manifest sets the password (spec.values.secret.password) or
// brings its own Secret (spec.values.secret.create: false), `up` deploys a
// generated one: the password the release already holds in its
// user-supplied values (`helm get values`, which the plan reads anyway), so
// that a second `up` changes nothing; else, or when the release holds the
// public default, or on `up --rotate-operator-password`, a new random one.
// It is never printed: plans and `render` show "<generated>".
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::plan {

inline constexpr std::string_view kPublicDefaultPassword = "clickhouse_operator_password";
// Where the chart reads the password, as a values path.
inline constexpr std::string_view kPasswordPath = "secret.password";
// A pod annotation derived from a generated password (a truncated SHA-256),
// so that the operator's pod restarts, and reads the Secret again, when the
// password changes; the chart restarts it on ConfigMap changes only.
inline constexpr const char* kPasswordFingerprintAnnotation = "altinity-deploy/operator-login-fingerprint";

struct OperatorPassword {
  enum class Origin {
    manifest,   // spec.values sets it, or the chart makes no Secret: left alone
    recorded,   // the release's own generated password, kept
    generated,  // a new one
  };
  Origin origin = Origin::manifest;
  std::string value;  // recorded or generated: the password itself
  std::string why;    // generated: why a new one, for the plan and the log
};

// Decides. `values`: the desired Helm values as Helm reads them
// (yaml::to_json of build_values); `recorded`: the release's user-supplied
// values (null when there is no release). `rotate`: a new one whatever the
// release holds (a manifest that sets the password is not rotated).
// Fails only when the kernel gives no random bytes.
Result<OperatorPassword> choose_operator_password(const nlohmann::json& values, const nlohmann::json& recorded,
                                                  bool rotate);

// Puts a recorded or generated password into `values` (secret.password,
// quoted) with its pod annotation; leaves `values` alone for the manifest's.
void apply_operator_password(yaml::Node& values, const OperatorPassword& password);

// The values `render` shows: the same keys, with "<generated>" for the
// password and its fingerprint unless the manifest sets it.
void apply_generated_marker(yaml::Node& values);

// 32 letters and digits (about 190 bits) from getrandom(2).
Result<std::string> generate_password();

// The Secret the chart keeps the password in: named by its fullname
// template (fullnameOverride, else the release name when it contains the
// chart name, else "<release>-<chart>"), in namespaceOverride or the
// release's namespace.
struct SecretRef {
  std::string namespace_name;
  std::string name;
};
SecretRef operator_secret(const std::string& release, const std::string& release_namespace,
                          const std::string& chart_name, const nlohmann::json& values);

// The shell command that prints the password (for the log and the docs).
std::string read_password_command(const SecretRef& secret);

}  // namespace altinity_deploy::plan
