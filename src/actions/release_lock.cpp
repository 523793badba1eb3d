// The release lock: a coordination.k8s.io/v1 Lease taken with create,
// taken over (when expired) and renewed with replace carrying the
// resourceVersion we read, released with a delete preconditioned on our
// resourceVersion. The API server's optimistic concurrency decides every race.
//
// This file is the lock's policy; the Lease's wire protocol (bodies, kubectl's
// answers) is tools::LeaseClient.
//
// Threads: the renewer calls kubectl through the same CommandRunner the main
// thread uses for helm. That is safe with ProcessRunner: each call owns its
// child, its descriptors (O_CLOEXEC, so a child spawned by the other thread cannot
// inherit and hold them open) and reaps only its own pid (waitpid(pid), never
// waitpid(-1)); there is no shared state besides the interrupt counters, which
// are atomics. RecordingRunner and VerboseRunner guard their state too.
//
// Signals: ProcessRunner passes SIGINT/SIGTERM/SIGHUP only to the children running
// when the signal arrives. A renewal in flight at that moment may die with it;
// the renewer ignores that failure, retries a second later and keeps renewing
// until release(), so the lock stays ours while helm winds down and the
// release() after the interrupt (a new kubectl child, not signalled) deletes it.
#include "altinity_deploy/actions/release_lock.hpp"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/timeouts.hpp"

namespace altinity_deploy::actions {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;
using namespace std::chrono_literals;

// After a failed renewal, try again this soon.
constexpr auto kRenewRetry = 1s;
// Creates/replaces that lose a race are retried at once, this many times.
constexpr int kMaxRaces = 10;

using tools::Lease;
using tools::LeaseAnswer;

std::string format_seconds(WallClock::time_point time) {
  const std::time_t secs = WallClock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

// When the holder's lease runs out; nullopt when it names no time at all.
std::optional<WallClock::time_point> expiry(const Lease& lease, seconds default_duration) {
  const auto last = lease.renew_time ? lease.renew_time : lease.acquire_time;
  if (!last) return std::nullopt;
  return *last + (lease.duration > 0s ? lease.duration : default_duration);
}

// Free: nobody holds it, or its holder stopped renewing.
bool is_free(const Lease& lease, WallClock::time_point now, seconds default_duration) {
  if (lease.holder.empty()) return true;
  const auto until = expiry(lease, default_duration);
  return !until || *until < now;
}

void interruptible_sleep(milliseconds how_long, int interrupts_before) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until && core::interrupt_count() == interrupts_before) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        50ms, until - std::chrono::steady_clock::now()));
  }
}

std::string describe_holder(const Lease& lease) {
  const auto since = lease.acquire_time ? lease.acquire_time : lease.renew_time;
  return fmt::format("{} since {}", lease.holder, since ? format_seconds(*since) : std::string("an unknown time"));
}

long long seconds_left(const Lease& lease, WallClock::time_point now, seconds default_duration) {
  const auto until = expiry(lease, default_duration);
  if (!until || *until <= now) return 0;
  return std::chrono::ceil<seconds>(*until - now).count();
}

}  // namespace

std::string lease_name(const std::string& release) { return "altinity-deploy-" + release; }

std::string default_lock_identity() {
  static const std::string identity = [] {
    char host[HOST_NAME_MAX + 1] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "unknown-host");
    return fmt::format("{}/{}/{}", host, static_cast<long>(getpid()), format_seconds(WallClock::now()));
  }();
  return identity;
}

ReleaseLock::ReleaseLock(tools::KubectlClient& kubectl, LockOptions options)
    : release_(kubectl.release().name),
      lease_(kubectl, lease_name(release_), {{kManagedByLabel, kManagedByValue}}),
      options_(std::move(options)),
      identity_(options_.identity.empty() ? default_lock_identity() : options_.identity) {}

ReleaseLock::~ReleaseLock() {
  try {
    release();
  } catch (...) {
    // A destructor must not throw; the lease expires by itself.
  }
}

LockOptions lock_options_for_helm(int helm_timeout_seconds, std::chrono::seconds wait) {
  LockOptions options;
  options.wait = wait;
  options.duration = std::max(options.duration, tools::change_timeouts(helm_timeout_seconds).lock_lease);
  options.renew_every = std::chrono::seconds(10);
  return options;
}

Result<std::unique_ptr<ReleaseLock>> ReleaseLock::acquire(tools::KubectlClient& kubectl, std::chrono::seconds wait) {
  LockOptions options;
  options.wait = wait;
  return acquire(kubectl, std::move(options));
}

Lease ReleaseLock::ours(WallClock::time_point acquired, WallClock::time_point renewed, int transitions,
                        std::string resource_version) const {
  return Lease{std::move(resource_version), identity_, options_.duration, acquired, renewed, transitions};
}

Result<std::unique_ptr<ReleaseLock>> ReleaseLock::acquire(tools::KubectlClient& kubectl, LockOptions options) {
  const int interrupts_before = core::interrupt_count();
  if (!options.now) options.now = [] { return WallClock::now(); };
  if (!options.sleep) {
    options.sleep = [interrupts_before](milliseconds how_long) { interruptible_sleep(how_long, interrupts_before); };
  }
  options.duration = std::max(options.duration, seconds(1));
  options.wait = std::max(options.wait, seconds(0));
  options.poll_every = std::max(options.poll_every, milliseconds(1));
  auto lock = std::unique_ptr<ReleaseLock>(new ReleaseLock(kubectl, std::move(options)));
  const LockOptions& opts = lock->options_;
  tools::LeaseClient& lease = lock->lease_;
  const std::string& release = lock->release_;
  const std::string& name = lease.name();
  const std::string& ns = lease.namespace_name();
  const std::string where = fmt::format("Lease {}/{}", ns, name);
  const auto interrupted = [&] {
    return fail(ExitCode::interrupted, fmt::format("interrupted while taking the lock of release '{}'", release));
  };
  // An Error of the Lease client, said as this lock's: an interrupt is the
  // run's end, anything else names the release.
  const auto failed = [&](const Error& error, const std::string& doing, const std::string& hint) {
    if (error.code == ExitCode::interrupted) return interrupted();
    return fail(error.code, fmt::format("{} the lock of release '{}' ({}): {}", doing, release, where, error.message),
                hint.empty() ? error.hint : hint);
  };

  const auto started = opts.now();
  const auto deadline = started + opts.wait;
  bool try_create = true;
  bool announced = false;
  int races = 0;
  bool first_attempt = true;
  while (true) {
    if (core::interrupt_count() != interrupts_before) return interrupted();
    if (races > kMaxRaces) {
      return fail(ExitCode::failed, fmt::format("could not take the lock of release '{}': {} keeps changing", release,
                                                where),
                  "try again; see it with: kubectl get lease " + name + " -n " + ns + " -o yaml");
    }
    if (try_create) {
      const auto now = opts.now();
      Result<tools::LeaseWrite> created;
      std::optional<tools::LeaseWrite> with_namespace;
      if (first_attempt && opts.create_namespace) {
        auto both = lease.create_with_namespace(lock->ours(now, now, 0, ""), *opts.create_namespace);
        if (!both) return failed(both.error(), "taking", "");
        lock->namespace_answer_ = both->namespace_answer;
        with_namespace = both->lease;
        if (with_namespace && with_namespace->answer == LeaseAnswer::done) {
          // The Lease is in it, so the namespace exists, whatever kubectl
          // said of it (a Forbidden create of one made meanwhile, say).
          if (both->namespace_error) lock->namespace_answer_ = tools::NamespacedLeaseWrite::Namespace::already_existed;
        } else if (both->namespace_error) {
          return tl::unexpected(*both->namespace_error);
        }
      }
      // The Lease's own create says why when the combined call did not
      // create it (a Forbidden, say) or when there was no namespace to make.
      created = with_namespace ? Result<tools::LeaseWrite>(*with_namespace) : lease.create(lock->ours(now, now, 0, ""));
      if (!created) {
        return failed(created.error(), "taking",
                      "the namespace must exist and the credentials must allow creating Leases "
                      "(coordination.k8s.io) in it");
      }
      if (created->answer == LeaseAnswer::done) {
        lock->resource_version_ = created->resource_version;
        lock->acquired_at_ = now;
        lock->transitions_ = 0;
        lock->uncontended_ = first_attempt;
        log::debug("took the lock of release '{}' ({}, holder {})", release, where, lock->identity_);
        break;
      }
      first_attempt = false;  // AlreadyExists
    }
    auto read = lease.read();
    if (!read) return failed(read.error(), "reading", "");
    if (!*read) {  // released between our create and our read: try again
      try_create = true;
      ++races;
      continue;
    }
    try_create = false;
    const Lease& current = **read;
    const auto now = opts.now();
    if (current.holder == lock->identity_) {
      // Ours: a create whose answer was lost (kubectl stopped after the
      // server had written it). Held; not uncontended, so the caller checks.
      lock->resource_version_ = current.resource_version;
      lock->acquired_at_ = current.acquire_time.value_or(now);
      lock->transitions_ = current.transitions;
      log::debug("the lock of release '{}' ({}) was already ours", release, where);
      break;
    }
    if (is_free(current, now, opts.duration)) {
      auto taken = lease.replace(lock->ours(now, now, current.transitions + 1, current.resource_version));
      if (!taken) return failed(taken.error(), "taking over", "");
      if (taken->answer == LeaseAnswer::done) {
        lock->resource_version_ = taken->resource_version;
        lock->acquired_at_ = now;
        lock->transitions_ = current.transitions + 1;
        if (current.holder.empty()) {
          log::debug("took the free lock of release '{}' ({})", release, where);
        } else {
          log::info("took over the expired lock of release '{}' from {} (its holder stopped renewing it)", release,
                    describe_holder(current));
        }
        break;
      }
      // Another run took it over (or released it) first: look again.
      try_create = taken->answer == LeaseAnswer::not_found;
      ++races;
      continue;
    }
    races = 0;
    const long long left = seconds_left(current, now, opts.duration);
    if (now >= deadline) {
      std::string message = fmt::format("release '{}' is locked by {} (expires in {} s)", release,
                                        describe_holder(current), left);
      if (opts.wait > 0s) message += fmt::format("; waited {} s", opts.wait.count());
      return fail(ExitCode::locked, std::move(message),
                  fmt::format("another altinity-deploy run is changing this release. Wait for it: pass "
                              "--lock-timeout 10m to wait up to that long. If that run died, its lock expires by "
                              "itself {} s after its last renewal. See it with: kubectl get lease {} -n {} -o yaml",
                              (current.duration > 0s ? current.duration : opts.duration).count(), name, ns));
    }
    if (!announced) {
      log::info("release '{}' is locked by {} (expires in {} s); waiting up to {} s for it", release,
                describe_holder(current), left, opts.wait.count());
      announced = true;
    }
    opts.sleep(std::max(milliseconds(1), std::min(opts.poll_every, std::chrono::ceil<milliseconds>(deadline - now))));
  }
  lock->finished_ = false;  // held: from now on release() (or the destructor) gives it back
  if (opts.renew) lock->start_renewer();
  return lock;
}

void ReleaseLock::start_renewer() {
  renewer_ = std::thread([this] { renew_loop(); });
}

void ReleaseLock::stop_renewer() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
}

void ReleaseLock::renew_loop() {
  const milliseconds every =
      options_.renew_every > 0ms ? options_.renew_every : duration_cast<milliseconds>(options_.duration) / 3;
  milliseconds wait = every;
  std::unique_lock guard(mutex_);
  while (true) {
    // A steady-clock wait: changes of the wall clock do not matter here.
    if (wake_.wait_for(guard, wait, [this] { return stopping_; })) return;
    guard.unlock();
    const bool renewed = renew_once();
    guard.lock();
    if (lost_) return;
    wait = renewed ? every : std::min<milliseconds>(every, kRenewRetry);
  }
}

// One renewal; false when it should be retried soon. Runs on the renewer thread.
bool ReleaseLock::renew_once() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Lease renewal;
    {
      std::lock_guard guard(mutex_);
      renewal = ours(acquired_at_, options_.now(), transitions_, resource_version_);
    }
    auto result = lease_.replace(renewal);
    // A renewal killed by a forwarded SIGINT/SIGTERM, a timeout, an API
    // hiccup: try again soon. Only a Conflict or a missing Lease says more.
    if (!result) {
      log::debug("renewing the lock of release '{}' failed: {}; trying again", release_, result.error().message);
      return false;
    }
    if (result->answer == LeaseAnswer::done) {
      std::lock_guard guard(mutex_);
      if (!result->resource_version.empty()) resource_version_ = result->resource_version;
      return true;
    }
    auto read = lease_.read();
    if (!read) {
      log::debug("renewing the lock of release '{}': {}; trying again", release_, read.error().message);
      return false;
    }
    if (*read && (*read)->holder == identity_) {
      // Still ours; our resourceVersion was stale (e.g. a renewal whose answer
      // we lost). Renew once more with the current one.
      std::lock_guard guard(mutex_);
      resource_version_ = (*read)->resource_version;
      continue;
    }
    std::lock_guard guard(mutex_);
    lost_ = true;
    // No Lease: only on a server that does not create Leases on update (the
    // API server does, so there the replace above has put it back).
    if (*read) {
      log::warn("lost the lock of release '{}' to {}: it was not renewed for more than {} s", release_,
                describe_holder(**read), options_.duration.count());
    } else {
      log::warn("the lock of release '{}' (Lease {}/{}) was deleted; this run no longer holds it", release_,
                lease_.namespace_name(), lease_.name());
    }
    return false;
  }
  return false;
}

bool ReleaseLock::lost() const {
  std::lock_guard guard(mutex_);
  return lost_;
}

void ReleaseLock::abandon() {
  {
    std::lock_guard guard(mutex_);
    if (finished_) return;
    finished_ = true;
  }
  stop_renewer();
}

void ReleaseLock::release() {
  {
    std::lock_guard guard(mutex_);
    if (finished_) return;
    finished_ = true;
  }
  stop_renewer();
  std::string resource_version;
  {
    std::lock_guard guard(mutex_);
    if (lost_) return;
    resource_version = resource_version_;
  }
  const auto expires = [&] {
    log::warn("could not release the lock of release '{}' (Lease {}/{}); it expires by itself within {} s",
              release_, lease_.namespace_name(), lease_.name(), options_.duration.count());
  };
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto answer = lease_.remove(resource_version);
    if (!answer) {
      log::debug("{}", answer.error().message);
      return expires();
    }
    if (*answer == LeaseAnswer::done || *answer == LeaseAnswer::not_found) {
      log::debug("released the lock of release '{}'", release_);
      return;
    }
    // Conflict: someone wrote the Lease since we did.
    auto read = lease_.read();
    if (!read) return expires();
    if (!*read || (*read)->holder != identity_) return;  // gone, or someone else's now
    resource_version = (*read)->resource_version;  // ours, our version was stale
  }
  expires();
}

}  // namespace altinity_deploy::actions
