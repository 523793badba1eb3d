#pragma once
// The wire protocol of the release lock: a coordination.k8s.io/v1 Lease in
// the release namespace, read with get, taken with create, taken over and
// renewed with replace carrying the resourceVersion read, released with a
// delete preconditioned on that resourceVersion. kubectl's answers are sorted
// into what the lock's policy (actions/release_lock) decides on: done,
// AlreadyExists, Conflict, NotFound. Every call has short timeouts: a renewal
// must not hang for a minute.
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {

using WallClock = std::chrono::system_clock;

// A Lease's spec and the resourceVersion it was read (or written) at.
struct Lease {
  std::string resource_version;
  std::string holder;
  std::chrono::seconds duration{0};
  std::optional<WallClock::time_point> acquire_time;
  std::optional<WallClock::time_point> renew_time;
  int transitions = 0;
};

// How the API server answered a write that kubectl ran to the end.
enum class LeaseAnswer { done, already_exists, conflict, not_found };

struct LeaseWrite {
  LeaseAnswer answer = LeaseAnswer::done;
  // With done: the resourceVersion the server gave the Lease (empty when
  // kubectl's answer was unreadable).
  std::string resource_version;
};

// What one `kubectl create` of a new namespace and the Lease in it did.
struct NamespacedLeaseWrite {
  enum class Namespace { created, already_existed, failed };
  Namespace namespace_answer = Namespace::failed;
  // The Lease's answer: done (with its resourceVersion) or already_exists;
  // nullopt when its create failed some other way (the namespace failed, a
  // Forbidden), which an ordinary create() then says properly.
  std::optional<LeaseWrite> lease;
  // With Namespace::failed: kubectl's failure, said as tools::tool_failure says it.
  std::optional<Error> namespace_error;
};

class LeaseClient {
 public:
  // The Lease `name` in the namespace `kubectl` is bound to, written with
  // these labels. `kubectl` must outlive the client.
  LeaseClient(KubectlClient& kubectl, std::string name, std::map<std::string, std::string> labels);

  const std::string& name() const { return name_; }
  const std::string& namespace_name() const;

  // nullopt: no such Lease.
  Result<std::optional<Lease>> read();
  // The Lease with this holder and times (`lease.resource_version` ignored).
  Result<LeaseWrite> create(const Lease& lease);
  // A first install's namespace (with `namespace_labels`) and this Lease in
  // it, created in one `kubectl create` instead of two calls in a row.
  // kubectl creates them in order and goes on past a refusal, so each gets
  // its own answer.
  Result<NamespacedLeaseWrite> create_with_namespace(const Lease& lease,
                                                     const std::map<std::string, std::string>& namespace_labels);
  // Replaces the Lease read at `lease.resource_version`.
  Result<LeaseWrite> replace(const Lease& lease);
  // Deletes the Lease only while it is still at `resource_version` (empty: any).
  Result<LeaseAnswer> remove(const std::string& resource_version);

  // Errors: ExitCode::interrupted when kubectl was interrupted; otherwise
  // kubectl's failure (timeouts included) as tools::tool_failure says it.

 private:
  Result<exec::CommandResult> call(std::vector<std::string> words, std::string stdin_data, bool changes);
  std::string body(const Lease& lease) const;

  KubectlClient& kubectl_;
  std::string name_;
  std::map<std::string, std::string> labels_;
};

// Kubernetes MicroTime: "2026-11-25T21:00:00.000000Z".
std::string format_micro_time(WallClock::time_point time);
// Reads MicroTime and RFC3339 ("...Z", fractions optional, "+hh:mm" offsets).
std::optional<WallClock::time_point> parse_kube_time(const std::string& text);
// A Lease object as kubectl prints it; nullopt when it is not one.
std::optional<Lease> parse_lease(const std::string& json_text);

}  // namespace altinity_deploy::tools
