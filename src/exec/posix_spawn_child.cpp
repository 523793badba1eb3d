// Starting a child the way ninja's subprocess-posix.cc does: posix_spawn with
// an argv (no shell), a fresh process group, default signal dispositions and
// pipes that only the child's 0/1/2 inherit.
#include "posix_spawn_child.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <mutex>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace altinity_deploy::exec::detail {
namespace {

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

// O_CLOEXEC from the start: no other child started concurrently (by another
// thread) can inherit these ends and keep our pipes open.
Result<Pipe> make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ExitCode::failed, fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// "NAME=value" strings: the inherited environment with the overrides applied.
std::vector<std::string> child_environment(const Command& command) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  for (const auto& [name, value] : command.env) {
    const std::string prefix = name + "=";
    std::erase_if(entries, [&](const std::string& entry) { return entry.starts_with(prefix); });
    entries.push_back(prefix + value);
  }
  return entries;
}

std::vector<char*> as_c_array(std::vector<std::string>& words) {
  std::vector<char*> pointers;
  pointers.reserve(words.size() + 1);
  for (auto& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Writing to a child that has exited raises SIGPIPE, which by default kills
// us. The CLI ignores it in install_interrupt_handlers(); this covers other
// users of the runner (tests, tools) as long as nobody chose a handler.
void ignore_sigpipe_unless_handled() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      signal(SIGPIPE, SIG_IGN);
    }
  });
}

// Owns the posix_spawn attribute objects for the duration of one spawn.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attributes_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  void connect(int parent_fd, int child_fd) { posix_spawn_file_actions_adddup2(&actions_, parent_fd, child_fd); }

  void finish() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors other libraries opened without O_CLOEXEC stay with us.
    posix_spawn_file_actions_addclosefrom_np(&actions_, 3);
#endif
    // Own process group: a terminal's Ctrl-C reaches only the deployer, which
    // decides what to forward, and a timeout can kill the child's children.
    posix_spawnattr_setpgroup(&attributes_, 0);
    // Ignored signals (SIGPIPE!) and the blocked mask survive exec; reset both.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int signal_number : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGXFSZ}) {
      sigaddset(&defaults, signal_number);
    }
    posix_spawnattr_setsigdefault(&attributes_, &defaults);
    sigset_t empty_mask;
    sigemptyset(&empty_mask);
    posix_spawnattr_setsigmask(&attributes_, &empty_mask);
    posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  }

  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attributes() const { return &attributes_; }

 private:
  posix_spawn_file_actions_t actions_{};
  posix_spawnattr_t attributes_{};
};

}  // namespace

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Error start_failure(const std::string& program, int error_number) {
  return Error{ExitCode::unavailable, fmt::format("cannot run '{}': {}", program, std::strerror(error_number)),
               fmt::format("Install {} or add the folder that holds it to PATH, and check that it is executable.",
                           program)};
}

Result<SpawnedChild> spawn_child(const Command& command) {
  if (command.argv.empty() || command.argv.front().empty()) {
    return fail(ExitCode::failed, "cannot run an empty command");
  }
  ignore_sigpipe_unless_handled();

  UniqueFd stdin_source;
  UniqueFd stdin_pipe;
  if (command.stdin_data.empty()) {
    stdin_source.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!stdin_source.is_open()) {
      return fail(ExitCode::failed, fmt::format("cannot open /dev/null: {}", std::strerror(errno)));
    }
  } else {
    auto in = make_pipe();
    if (!in) return tl::unexpected(in.error());
    stdin_source = std::move(in->read_end);
    stdin_pipe = std::move(in->write_end);
    fcntl(stdin_pipe.get(), F_SETFL, fcntl(stdin_pipe.get(), F_GETFL) | O_NONBLOCK);
  }
  auto out = make_pipe();
  if (!out) return tl::unexpected(out.error());
  auto err = make_pipe();
  if (!err) return tl::unexpected(err.error());

  SpawnSetup setup;
  setup.connect(stdin_source.get(), STDIN_FILENO);
  setup.connect(out->write_end.get(), STDOUT_FILENO);
  setup.connect(err->write_end.get(), STDERR_FILENO);
  setup.finish();

  std::vector<std::string> argv_words = command.argv;
  std::vector<std::string> env_words = child_environment(command);
  auto argv = as_c_array(argv_words);
  auto envp = as_c_array(env_words);

  // glibc's posix_spawnp reports a failed exec (ENOENT, EACCES, ENOEXEC) as
  // its return value, so no error pipe from the child is needed.
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], setup.actions(), setup.attributes(), argv.data(), envp.data());
  if (rc != 0) return tl::unexpected(start_failure(command.argv.front(), rc));

  // The child's ends now live in the child; closing ours lets EOF arrive.
  SpawnedChild child;
  child.pid = pid;
  child.stdin_pipe = std::move(stdin_pipe);
  child.stdout_pipe = std::move(out->read_end);
  child.stderr_pipe = std::move(err->read_end);
  return child;
}

}  // namespace altinity_deploy::exec::detail
