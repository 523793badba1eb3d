#pragma once
// One run at a time per release: a coordination.k8s.io/v1 Lease named
// altinity-deploy-<release> in the release namespace, holding the holder's
// identity (host/pid/start time) and an expiry that a live run renews, so
// that the lock of a crashed run expires by itself.
//
//   kubectl create  --filename -   the Lease, holder = us           (take a free lock)
//   kubectl get     leases.coordination.k8s.io NAME                  (who holds it, until when)
//   kubectl replace --filename -   with the read resourceVersion    (take over an expired lock;
//                                  renew ours) — the API server lets only one of two racing
//                                  replaces of the same resourceVersion win; the loser gets Conflict.
//                                  (Leases are created on update: renewing a Lease someone deleted
//                                  by hand puts it back, which is right while we run.)
//   kubectl delete  --raw /apis/coordination.k8s.io/v1/namespaces/NS/leases/NAME --filename -
//                                  with DeleteOptions.preconditions.resourceVersion = ours
//                                  (release: deletes the Lease only if nobody took it over since)
//
// The namespace must exist before acquire(). The renewer thread shares the
// CommandRunner with the main thread (ProcessRunner and RecordingRunner are
// safe for that; see release_lock.cpp) and keeps renewing after SIGINT/SIGTERM,
// so an interrupted run still holds its lock until it releases it on the way out.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"
#include "altinity_deploy/tools/lease_client.hpp"

namespace altinity_deploy::actions {

using WallClock = tools::WallClock;
using tools::format_micro_time;
using tools::parse_kube_time;

struct LockOptions {
  // How long to wait for another live holder (--lock-timeout); 0: not at all.
  std::chrono::seconds wait{0};
  // spec.leaseDurationSeconds: a holder that has not renewed for this long is dead.
  std::chrono::seconds duration{30};
  // How often to look again while another run holds the lock.
  std::chrono::milliseconds poll_every{1000};
  // How often the background thread renews; 0: duration / 3.
  std::chrono::milliseconds renew_every{0};
  // Start the renewer thread (tests of acquire alone turn it off).
  bool renew = true;
  // spec.holderIdentity; empty: default_lock_identity().
  std::string identity;
  // Set when the namespace does not exist yet (a first install): the first
  // attempt creates it, with these labels, in the same kubectl call as the
  // Lease (one round trip less on the way to helm).
  std::optional<std::map<std::string, std::string>> create_namespace;
  // Seams for tests. Empty: the system clock; a sleep that returns early when
  // SIGINT/SIGTERM arrives.
  std::function<WallClock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
};

// The options for a run whose helm calls may take `helm_timeout_seconds`.
// A live run renews every 10 s. A dead run's lock expires timeoutSeconds +
// 60 s after its last renewal: the helm it started got SIGTERM when it died
// (even by SIGKILL, see exec/spawn_child.hpp) and, under atomic, rolls back,
// waiting at most its timeout. The 60 s cover the renewal interval (10 s),
// helm's calls before and after that wait, and clock skew between this
// machine and the API server. So the next run never recovers a release that
// a dying helm is still rolling back.
LockOptions lock_options_for_helm(int helm_timeout_seconds, std::chrono::seconds wait);

// "altinity-deploy-<release>".
std::string lease_name(const std::string& release);
// "<host>/<pid>/<start time RFC3339>", the same for the whole process.
std::string default_lock_identity();

class ReleaseLock {
 public:
  // Takes the lock, waiting up to `wait` (0: not at all) for another holder;
  // then fails with ExitCode::locked naming the holder. ExitCode::interrupted
  // when SIGINT/SIGTERM arrives while waiting. The lock is the release's
  // `kubectl` is bound to, in its namespace; `kubectl` must outlive the lock.
  static Result<std::unique_ptr<ReleaseLock>> acquire(tools::KubectlClient& kubectl, std::chrono::seconds wait);
  static Result<std::unique_ptr<ReleaseLock>> acquire(tools::KubectlClient& kubectl, LockOptions options);

  ReleaseLock(const ReleaseLock&) = delete;
  ReleaseLock& operator=(const ReleaseLock&) = delete;
  // Releases the lock if release() was not called.
  ~ReleaseLock();

  // Stops the renewer and deletes the Lease if we still hold it. Idempotent;
  // never fails (a lock it cannot delete expires by itself, and it says so).
  void release();
  // Stops the renewer without deleting the Lease: for a caller that deletes
  // the namespace, which takes the Lease with it.
  void abandon();

  // True once the renewer found the Lease held by another run: ours expired
  // (renewals failed for longer than the lease duration) and it was taken
  // over. The renewer then stops; release() leaves the other run's Lease be.
  bool lost() const;
  // True when the Lease did not exist and the first create took it: no run
  // held the lock when this one asked.
  bool uncontended() const { return uncontended_; }
  // With LockOptions::create_namespace: whether that call created the
  // namespace or found it there (made meanwhile by someone else).
  std::optional<tools::NamespacedLeaseWrite::Namespace> namespace_answer() const { return namespace_answer_; }

 private:
  ReleaseLock(tools::KubectlClient& kubectl, LockOptions options);
  // The Lease as this run writes it.
  tools::Lease ours(WallClock::time_point acquired, WallClock::time_point renewed, int transitions,
                    std::string resource_version) const;
  void start_renewer();
  void stop_renewer();
  void renew_loop();
  bool renew_once();

  const std::string release_;
  tools::LeaseClient lease_;
  const LockOptions options_;
  const std::string identity_;
  bool uncontended_ = false;
  std::optional<tools::NamespacedLeaseWrite::Namespace> namespace_answer_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::string resource_version_;
  WallClock::time_point acquired_at_{};
  int transitions_ = 0;
  bool stopping_ = false;
  bool lost_ = false;
  bool finished_ = true;  // not held (yet), released or abandoned: nothing to release
  std::thread renewer_;

};

}  // namespace altinity_deploy::actions
