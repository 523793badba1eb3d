#include "altinity_deploy/tools/lease_client.hpp"

#include <cctype>
#include <ctime>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/tools/tool_error.hpp"
#include "json_fields.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using namespace std::chrono_literals;

constexpr const char* kLeaseResource = "leases.coordination.k8s.io";
constexpr const char* kRequestTimeout = "--request-timeout=10s";
// With a namespace to create: the timeout of kubectl's other namespace and CRD writes.
constexpr const char* kNamespaceRequestTimeout = "--request-timeout=30s";
constexpr auto kCallTimeout = 20s;

// A Lease whose fields are of the wrong type is no Lease (nullopt), as
// one that is not JSON: the caller says the answer was unreadable.
std::optional<Lease> lease_of(const json& doc) {
  JsonFields fields(doc, "Lease");
  Lease lease;
  lease.resource_version = fields.string("/metadata/resourceVersion");
  lease.holder = fields.string("/spec/holderIdentity");
  lease.duration = seconds(fields.integer("/spec/leaseDurationSeconds").value_or(0));
  lease.transitions = static_cast<int>(fields.integer("/spec/leaseTransitions").value_or(0));
  lease.acquire_time = parse_kube_time(fields.string("/spec/acquireTime"));
  lease.renew_time = parse_kube_time(fields.string("/spec/renewTime"));
  if (fields.error()) return std::nullopt;
  return lease;
}

bool contains(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

// kubectl prints the API server's status reason in parentheses; older
// servers and kubectl --raw only the message.
std::optional<LeaseAnswer> refusal(const std::string& err) {
  if (contains(err, "(AlreadyExists)") || contains(err, "already exists")) return LeaseAnswer::already_exists;
  if (contains(err, "(Conflict)") || contains(err, "the object has been modified") ||
      contains(err, "Precondition failed")) {
    return LeaseAnswer::conflict;
  }
  if (contains(err, "(NotFound)") || contains(err, "not found")) return LeaseAnswer::not_found;
  return std::nullopt;
}

}  // namespace

std::optional<Lease> parse_lease(const std::string& json_text) {
  try {
    return lease_of(json::parse(json_text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string format_micro_time(WallClock::time_point time) {
  const auto micros = duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
  auto secs = micros / 1000000;
  auto fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --secs;
  }
  const auto whole = static_cast<std::time_t>(secs);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

std::optional<WallClock::time_point> parse_kube_time(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)
  auto digits = [&](size_t at, size_t count) -> std::optional<int> {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto separator = [&](size_t at, char c) {
    return at < text.size() && (text[at] == c || (c == 'T' && text[at] == 't'));
  };
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || !separator(4, '-') || !separator(7, '-') ||
      !separator(10, 'T') || !separator(13, ':') || !separator(16, ':')) {
    return std::nullopt;
  }
  size_t at = 19;
  long long micros = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int count = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
      if (count < 6) micros = micros * 10 + (text[at] - '0');
      ++count;
      ++at;
    }
    if (count == 0) return std::nullopt;
    for (int i = count; i < 6; ++i) micros *= 10;
  }
  long long offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const auto oh = digits(at + 1, 2), om = digits(at + 4, 2);
    if (!oh || !om || !separator(at + 3, ':')) return std::nullopt;
    offset = (text[at] == '-' ? -1 : 1) * (*oh * 3600LL + *om * 60LL);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm utc{};
  utc.tm_year = *year - 1900;
  utc.tm_mon = *month - 1;
  utc.tm_mday = *day;
  utc.tm_hour = *hour;
  utc.tm_min = *minute;
  utc.tm_sec = *second;
  const std::time_t secs = timegm(&utc);
  return WallClock::from_time_t(secs) + std::chrono::microseconds(micros) - seconds(offset);
}

LeaseClient::LeaseClient(KubectlClient& kubectl, std::string name, std::map<std::string, std::string> labels)
    : kubectl_(kubectl), name_(std::move(name)), labels_(std::move(labels)) {}

const std::string& LeaseClient::namespace_name() const { return kubectl_.release().namespace_name; }

Result<exec::CommandResult> LeaseClient::call(std::vector<std::string> words, std::string stdin_data, bool changes) {
  const bool own_timeout = words.back().rfind("--request-timeout=", 0) == 0;
  if (!own_timeout) words.emplace_back(kRequestTimeout);
  auto command = kubectl_.base(std::move(words));
  // With a request timeout of its own (the namespace's 30 s) kubectl keeps
  // the usual query limit, so that it reports that timeout itself.
  if (!own_timeout) command.timeout = kCallTimeout;
  command.stdin_data = std::move(stdin_data);
  auto result = (changes ? kubectl_.runners_.changes : kubectl_.runners_.reads)->run(command);
  if (result && result->interrupted) {
    return fail(ExitCode::interrupted, fmt::format("interrupted while calling the lock (Lease {}/{})",
                                                   namespace_name(), name_));
  }
  return result;
}

std::string LeaseClient::body(const Lease& lease) const {
  json metadata = {{"name", name_}, {"namespace", namespace_name()}, {"labels", labels_}};
  if (!lease.resource_version.empty()) metadata["resourceVersion"] = lease.resource_version;
  const auto acquired = lease.acquire_time.value_or(WallClock::time_point{});
  return json{{"apiVersion", "coordination.k8s.io/v1"},
              {"kind", "Lease"},
              {"metadata", std::move(metadata)},
              {"spec",
               {{"holderIdentity", lease.holder},
                {"leaseDurationSeconds", lease.duration.count()},
                {"acquireTime", format_micro_time(acquired)},
                {"renewTime", format_micro_time(lease.renew_time.value_or(acquired))},
                {"leaseTransitions", lease.transitions}}}}
      .dump();
}

Result<std::optional<Lease>> LeaseClient::read() {
  TRY_ASSIGN(result, call({"get", kLeaseResource, name_, "--namespace", namespace_name(), "--ignore-not-found",
                           "--output", "json"},
                          {}, false));
  const std::string where = fmt::format("Lease {}/{}", namespace_name(), name_);
  if (!result.ok()) return tool_failure(fmt::format("reading the lock ({})", where), result);
  if (result.out.find_first_not_of(" \r\n\t") == std::string::npos) return std::optional<Lease>{};
  auto lease = parse_lease(result.out);
  if (!lease) return fail(ExitCode::failed, fmt::format("the lock ({}) is not readable JSON", where));
  return std::optional<Lease>{std::move(*lease)};
}

Result<LeaseWrite> LeaseClient::create(const Lease& lease) {
  Lease fresh = lease;
  fresh.resource_version.clear();
  TRY_ASSIGN(result, call({"create", "--filename", "-", "--output", "json"}, body(fresh), true));
  if (result.ok()) {
    auto written = parse_lease(result.out);
    return LeaseWrite{LeaseAnswer::done, written ? written->resource_version : std::string{}};
  }
  // Only AlreadyExists is an answer here: a missing namespace is a failure.
  if (!result.timed_out && refusal(result.err) == LeaseAnswer::already_exists) {
    return LeaseWrite{LeaseAnswer::already_exists, {}};
  }
  return tool_failure(fmt::format("creating Lease {}/{}", namespace_name(), name_), result);
}

Result<NamespacedLeaseWrite> LeaseClient::create_with_namespace(
    const Lease& lease, const std::map<std::string, std::string>& namespace_labels) {
  Lease fresh = lease;
  fresh.resource_version.clear();
  const json objects = {
      {"apiVersion", "v1"},
      {"kind", "List"},
      {"items",
       {{{"apiVersion", "v1"},
         {"kind", "Namespace"},
         {"metadata", {{"name", namespace_name()}, {"labels", namespace_labels}}}},
        json::parse(body(fresh))}}};
  TRY_ASSIGN(result, call({"create", "--filename", "-", "--output", "json", kNamespaceRequestTimeout},
                          objects.dump(), true));
  NamespacedLeaseWrite written;
  if (result.dry_run) {  // a dry run: as it would be on a first install
    written.namespace_answer = NamespacedLeaseWrite::Namespace::created;
    written.lease = LeaseWrite{LeaseAnswer::done, {}};
    return written;
  }
  // stdout: each object created, one JSON document after another.
  std::istringstream created(result.out);
  while (true) {
    json object;
    try {
      if (!(created >> object)) break;
    } catch (const std::exception&) {
      break;  // an unreadable rest: what was read stands, the rest counts as not created
    }
    const std::string kind = object.is_object() ? object.value("kind", std::string{}) : std::string{};
    if (kind == "Namespace") written.namespace_answer = NamespacedLeaseWrite::Namespace::created;
    if (kind == "Lease") {
      auto lease_written = lease_of(object);
      written.lease = LeaseWrite{LeaseAnswer::done, lease_written ? lease_written->resource_version : std::string{}};
    }
  }
  // stderr: a line per refusal, "Error from server (AlreadyExists): error
  // when creating "STDIN": namespaces "x" already exists".
  if (!result.timed_out && !result.interrupted) {
    std::istringstream refusals(result.err);
    for (std::string line; std::getline(refusals, line);) {
      if (refusal(line) != LeaseAnswer::already_exists) continue;
      if (contains(line, "namespaces \"")) {
        written.namespace_answer = NamespacedLeaseWrite::Namespace::already_existed;
      } else if (contains(line, "leases.coordination.k8s.io \"") && !written.lease) {
        written.lease = LeaseWrite{LeaseAnswer::already_exists, {}};
      }
    }
  }
  if (written.namespace_answer == NamespacedLeaseWrite::Namespace::failed) {
    written.namespace_error = tool_failure(fmt::format("creating namespace '{}'", namespace_name()), result).value();
  }
  return written;
}

Result<LeaseWrite> LeaseClient::replace(const Lease& lease) {
  TRY_ASSIGN(result, call({"replace", "--filename", "-", "--output", "json"}, body(lease), true));
  if (result.ok()) {
    auto written = parse_lease(result.out);
    return LeaseWrite{LeaseAnswer::done, written ? written->resource_version : std::string{}};
  }
  if (!result.timed_out) {
    if (auto answer = refusal(result.err); answer && answer != LeaseAnswer::already_exists) {
      return LeaseWrite{*answer, {}};
    }
  }
  return tool_failure(fmt::format("replacing Lease {}/{}", namespace_name(), name_), result);
}

Result<LeaseAnswer> LeaseClient::remove(const std::string& resource_version) {
  json options = {{"apiVersion", "v1"}, {"kind", "DeleteOptions"}};
  // Deletes only the Lease as we last wrote it: if another run took it over
  // meanwhile, the API server answers Conflict.
  if (!resource_version.empty()) options["preconditions"] = {{"resourceVersion", resource_version}};
  const std::string path =
      fmt::format("/apis/coordination.k8s.io/v1/namespaces/{}/leases/{}", namespace_name(), name_);
  TRY_ASSIGN(result, call({"delete", "--raw", path, "--filename", "-"}, options.dump(), true));
  if (result.ok()) return LeaseAnswer::done;
  if (!result.timed_out) {
    if (auto answer = refusal(result.err); answer && answer != LeaseAnswer::already_exists) return *answer;
  }
  return tool_failure(fmt::format("deleting Lease {}/{}", namespace_name(), name_), result);
}

}  // namespace altinity_deploy::tools
