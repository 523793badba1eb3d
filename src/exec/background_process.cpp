#include "altinity_deploy/exec/background_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "spawn_child.hpp"

namespace altinity_deploy::exec {

struct BackgroundProcess::State {
  detail::SpawnedChild child;
  off_t stdout_read = 0;
  off_t stderr_read = 0;
  std::optional<int> exit_code;
};

namespace {

// The child's outputs are in-memory files (see SpawnedChild): read from where
// the last read stopped, without moving the offset the child writes at.
std::string read_from(int fd, off_t& offset) {
  std::string text;
  char buffer[16 * 1024];
  while (true) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  return text;
}

}  // namespace

Result<BackgroundProcess> BackgroundProcess::start(const Command& command) {
  auto child = detail::spawn_child(command);
  if (!child) return tl::unexpected(child.error());
  auto state = std::make_unique<State>();
  state->child = std::move(*child);
  return BackgroundProcess(std::move(state));
}

BackgroundProcess::BackgroundProcess(std::unique_ptr<State> state) : state_(std::move(state)) {}
BackgroundProcess::BackgroundProcess(BackgroundProcess&&) noexcept = default;
BackgroundProcess& BackgroundProcess::operator=(BackgroundProcess&&) noexcept = default;

BackgroundProcess::~BackgroundProcess() {
  if (!state_ || state_->exit_code) return;
  signal(SIGTERM);
  int status = 0;
  ::waitpid(state_->child.pid, &status, 0);
}

std::string BackgroundProcess::new_stdout() { return read_from(state_->child.stdout_file.get(), state_->stdout_read); }

std::string BackgroundProcess::new_stderr() { return read_from(state_->child.stderr_file.get(), state_->stderr_read); }

std::optional<int> BackgroundProcess::poll_exit() {
  if (state_->exit_code) return state_->exit_code;
  int status = 0;
  if (::waitpid(state_->child.pid, &status, WNOHANG) != state_->child.pid) return std::nullopt;
  state_->exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  return state_->exit_code;
}

void BackgroundProcess::signal(int signal_number) const {
  if (!state_->exit_code) ::kill(-state_->child.pid, signal_number);
}

pid_t BackgroundProcess::pid() const { return state_->child.pid; }

}  // namespace altinity_deploy::exec
