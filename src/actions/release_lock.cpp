// The release lock: a coordination.k8s.io/v1 Lease taken with create,
// taken over (when expired) and renewed with replace carrying the
// resourceVersion we read, released with a delete preconditioned on our
// resourceVersion. The API server's optimistic concurrency decides every race.
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
#include <cctype>
#include <climits>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;
using namespace std::chrono_literals;

constexpr const char* kLeaseResource = "leases.coordination.k8s.io";
// Lock calls are small; a renewal must not hang for a minute.
constexpr const char* kRequestTimeout = "--request-timeout=10s";
constexpr auto kCallTimeout = 20s;
// After a failed renewal, try again this soon.
constexpr auto kRenewRetry = 1s;
// What a dead run's lock lasts beyond helm's timeout: see lock_options_for_helm.
constexpr auto kHelmWindDownMargin = 60s;
// Creates/replaces that lose a race are retried at once, this many times.
constexpr int kMaxRaces = 10;

struct LeaseState {
  std::string resource_version;
  std::string holder;
  seconds duration{0};
  std::optional<WallClock::time_point> acquire_time;
  std::optional<WallClock::time_point> renew_time;
  int transitions = 0;
};

std::string format_seconds(WallClock::time_point time) {
  const std::time_t secs = WallClock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<LeaseState> parse_lease(const json& doc) {
  if (!doc.is_object()) return std::nullopt;
  LeaseState state;
  if (auto meta = doc.find("metadata"); meta != doc.end() && meta->is_object()) {
    state.resource_version = string_at(*meta, "resourceVersion");
  }
  if (auto spec = doc.find("spec"); spec != doc.end() && spec->is_object()) {
    state.holder = string_at(*spec, "holderIdentity");
    if (auto d = spec->find("leaseDurationSeconds"); d != spec->end() && d->is_number_integer()) {
      state.duration = seconds(d->get<long long>());
    }
    if (auto t = spec->find("leaseTransitions"); t != spec->end() && t->is_number_integer()) {
      state.transitions = t->get<int>();
    }
    state.acquire_time = parse_kube_time(string_at(*spec, "acquireTime"));
    state.renew_time = parse_kube_time(string_at(*spec, "renewTime"));
  }
  return state;
}

std::optional<LeaseState> parse_lease_text(const std::string& text) {
  try {
    return parse_lease(json::parse(text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// When the holder's lease runs out; nullopt when it names no time at all.
std::optional<WallClock::time_point> expiry(const LeaseState& lease, seconds default_duration) {
  const auto last = lease.renew_time ? lease.renew_time : lease.acquire_time;
  if (!last) return std::nullopt;
  return *last + (lease.duration > 0s ? lease.duration : default_duration);
}

// Free: nobody holds it, or its holder stopped renewing.
bool is_free(const LeaseState& lease, WallClock::time_point now, seconds default_duration) {
  if (lease.holder.empty()) return true;
  const auto until = expiry(lease, default_duration);
  return !until || *until < now;
}

bool contains(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }
bool already_exists(const std::string& err) { return contains(err, "(AlreadyExists)") || contains(err, "already exists"); }
bool conflict(const std::string& err) {
  return contains(err, "(Conflict)") || contains(err, "the object has been modified") ||
         contains(err, "Precondition failed");
}
bool not_found(const std::string& err) { return contains(err, "(NotFound)") || contains(err, "not found"); }

void interruptible_sleep(milliseconds how_long, int interrupts_before) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until && core::interrupt_count() == interrupts_before) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        50ms, until - std::chrono::steady_clock::now()));
  }
}

// A kubectl call of the lock: short timeouts, the result as it is (an
// interrupted child is the caller's to judge).
Result<exec::CommandResult> call(tools::KubectlClient& kubectl, std::vector<std::string> words,
                                 std::string stdin_data = {}) {
  words.emplace_back(kRequestTimeout);
  auto command = kubectl.command(std::move(words));
  command.timeout = kCallTimeout;
  command.stdin_data = std::move(stdin_data);
  return kubectl.runner().run(command);
}

// nullopt: no such Lease.
Result<std::optional<LeaseState>> read_lease(tools::KubectlClient& kubectl, const std::string& ns,
                                             const std::string& name) {
  auto result = call(kubectl, {"get", kLeaseResource, name, "--namespace", ns, "--ignore-not-found", "--output",
                               "json"});
  if (!result) return tl::unexpected(result.error());
  if (result->interrupted) return fail(ExitCode::interrupted, "interrupted while reading the release lock");
  if (!result->ok()) return tools::tool_failure(fmt::format("reading the lock (Lease {}/{})", ns, name), *result);
  if (result->out.find_first_not_of(" \r\n\t") == std::string::npos) return std::optional<LeaseState>{};
  auto lease = parse_lease_text(result->out);
  if (!lease) return fail(ExitCode::failed, fmt::format("the lock (Lease {}/{}) is not readable JSON", ns, name));
  return std::optional<LeaseState>{std::move(*lease)};
}

std::string describe_holder(const LeaseState& lease) {
  const auto since = lease.acquire_time ? lease.acquire_time : lease.renew_time;
  return fmt::format("{} since {}", lease.holder, since ? format_seconds(*since) : std::string("an unknown time"));
}

long long seconds_left(const LeaseState& lease, WallClock::time_point now, seconds default_duration) {
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

ReleaseLock::ReleaseLock(tools::KubectlClient& kubectl, std::string ns, std::string release, LockOptions options)
    : kubectl_(kubectl),
      namespace_(std::move(ns)),
      release_(std::move(release)),
      name_(lease_name(release_)),
      options_(std::move(options)),
      identity_(options_.identity.empty() ? default_lock_identity() : options_.identity) {}

ReleaseLock::~ReleaseLock() {
  try {
    release();
  } catch (...) {
    // A destructor must not throw; the lease expires by itself.
  }
}

namespace {

json lease_body(const std::string& ns, const std::string& name, const std::string& identity, seconds duration,
                WallClock::time_point acquired, WallClock::time_point renewed, int transitions,
                const std::string& resource_version) {
  json metadata = {{"name", name},
                   {"namespace", ns},
                   {"labels", {{kManagedByLabel, kManagedByValue}}}};
  if (!resource_version.empty()) metadata["resourceVersion"] = resource_version;
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata", std::move(metadata)},
          {"spec",
           {{"holderIdentity", identity},
            {"leaseDurationSeconds", duration.count()},
            {"acquireTime", format_micro_time(acquired)},
            {"renewTime", format_micro_time(renewed)},
            {"leaseTransitions", transitions}}}};
}

std::string resource_version_of(const std::string& kubectl_output) {
  auto lease = parse_lease_text(kubectl_output);
  return lease ? lease->resource_version : std::string{};
}

}  // namespace

LockOptions lock_options_for_helm(int helm_timeout_seconds, std::chrono::seconds wait) {
  LockOptions options;
  options.wait = wait;
  options.duration = std::max(options.duration, seconds(helm_timeout_seconds) + kHelmWindDownMargin);
  options.renew_every = std::chrono::seconds(10);
  return options;
}

Result<std::unique_ptr<ReleaseLock>> ReleaseLock::acquire(tools::KubectlClient& kubectl, const std::string& ns,
                                                          const std::string& release, std::chrono::seconds wait) {
  LockOptions options;
  options.wait = wait;
  return acquire(kubectl, ns, release, std::move(options));
}

Result<std::unique_ptr<ReleaseLock>> ReleaseLock::acquire(tools::KubectlClient& kubectl, const std::string& ns,
                                                          const std::string& release, LockOptions options) {
  const int interrupts_before = core::interrupt_count();
  if (!options.now) options.now = [] { return WallClock::now(); };
  if (!options.sleep) {
    options.sleep = [interrupts_before](milliseconds how_long) { interruptible_sleep(how_long, interrupts_before); };
  }
  options.duration = std::max(options.duration, seconds(1));
  options.wait = std::max(options.wait, seconds(0));
  options.poll_every = std::max(options.poll_every, milliseconds(1));
  auto lock = std::make_unique<ReleaseLock>(kubectl, ns, release, std::move(options));
  const LockOptions& opts = lock->options_;
  const std::string& name = lock->name_;
  const std::string where = fmt::format("Lease {}/{}", ns, name);
  const auto interrupted = [&] {
    return fail(ExitCode::interrupted, fmt::format("interrupted while taking the lock of release '{}'", release));
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
      auto created = call(kubectl, {"create", "--filename", "-", "--output", "json"},
                          lease_body(ns, name, lock->identity_, opts.duration, now, now, 0, "").dump());
      if (!created) return tl::unexpected(created.error());
      if (created->ok()) {
        lock->resource_version_ = resource_version_of(created->out);
        lock->acquired_at_ = now;
        lock->transitions_ = 0;
        lock->uncontended_ = first_attempt;
        log::debug("took the lock of release '{}' ({}, holder {})", release, where, lock->identity_);
        break;
      }
      first_attempt = false;
      if (created->interrupted) return interrupted();
      if (!already_exists(created->err)) {
        auto error = tools::tool_failure(fmt::format("taking the lock of release '{}' ({})", release, where),
                                         *created).value();
        error.hint = "the namespace must exist and the credentials must allow creating Leases "
                     "(coordination.k8s.io) in it";
        return tl::unexpected(error);
      }
    }
    auto read = read_lease(kubectl, ns, name);
    if (!read) return tl::unexpected(read.error());
    if (!*read) {  // released between our create and our read: try again
      try_create = true;
      ++races;
      continue;
    }
    try_create = false;
    const LeaseState& current = **read;
    const auto now = opts.now();
    if (is_free(current, now, opts.duration)) {
      auto taken = call(kubectl, {"replace", "--filename", "-", "--output", "json"},
                        lease_body(ns, name, lock->identity_, opts.duration, now, now, current.transitions + 1,
                                   current.resource_version)
                            .dump());
      if (!taken) return tl::unexpected(taken.error());
      if (taken->ok()) {
        lock->resource_version_ = resource_version_of(taken->out);
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
      if (taken->interrupted) return interrupted();
      if (conflict(taken->err) || not_found(taken->err)) {
        // Another run took it over (or released it) first: look again.
        try_create = not_found(taken->err);
        ++races;
        continue;
      }
      return tools::tool_failure(fmt::format("taking over the lock of release '{}' ({})", release, where), *taken);
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
    std::string resource_version;
    WallClock::time_point acquired;
    int transitions = 0;
    {
      std::lock_guard guard(mutex_);
      resource_version = resource_version_;
      acquired = acquired_at_;
      transitions = transitions_;
    }
    const auto now = options_.now();
    auto result = call(kubectl_, {"replace", "--filename", "-", "--output", "json"},
                       lease_body(namespace_, name_, identity_, options_.duration, acquired, now, transitions,
                                  resource_version)
                           .dump());
    if (!result) {
      log::debug("renewing the lock of release '{}' failed: {}; trying again", release_, result.error().message);
      return false;
    }
    if (result->ok()) {
      const auto fresh = resource_version_of(result->out);
      std::lock_guard guard(mutex_);
      if (!fresh.empty()) resource_version_ = fresh;
      return true;
    }
    // A renewal killed by a forwarded SIGINT/SIGTERM, a timeout, an API
    // hiccup: try again soon. Only a Conflict or a missing Lease says more.
    if (result->interrupted || result->timed_out || (!conflict(result->err) && !not_found(result->err))) {
      log::debug("renewing the lock of release '{}' failed (exit {}): {}; trying again", release_, result->exit_code,
                 result->err_tail(1));
      return false;
    }
    auto read = read_lease(kubectl_, namespace_, name_);
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
                namespace_, name_);
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
  const std::string path =
      fmt::format("/apis/coordination.k8s.io/v1/namespaces/{}/leases/{}", namespace_, name_);
  const auto expires = [&] {
    log::warn("could not release the lock of release '{}' (Lease {}/{}); it expires by itself within {} s",
              release_, namespace_, name_, options_.duration.count());
  };
  for (int attempt = 0; attempt < 2; ++attempt) {
    json options = {{"apiVersion", "v1"}, {"kind", "DeleteOptions"}};
    // Deletes only the Lease as we last wrote it: if another run took it over
    // meanwhile (ours expired), the API server answers Conflict.
    if (!resource_version.empty()) options["preconditions"] = {{"resourceVersion", resource_version}};
    auto result = call(kubectl_, {"delete", "--raw", path, "--filename", "-"}, options.dump());
    if (!result) {
      log::debug("{}", result.error().message);
      return expires();
    }
    if (result->ok() || (!result->interrupted && not_found(result->err) && !conflict(result->err))) {
      log::debug("released the lock of release '{}'", release_);
      return;
    }
    if (result->interrupted || !conflict(result->err)) {
      log::debug("kubectl delete --raw {} (exit {}): {}", path, result->exit_code, result->err_tail(2));
      return expires();
    }
    auto read = read_lease(kubectl_, namespace_, name_);
    if (!read) return expires();
    if (!*read || (*read)->holder != identity_) return;  // gone, or someone else's now
    resource_version = (*read)->resource_version;  // ours, our version was stale
  }
  expires();
}

}  // namespace altinity_deploy::actions
