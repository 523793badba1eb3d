#include "altinity_deploy/exec/concurrent.hpp"

#include <exception>
#include <future>

namespace altinity_deploy::exec {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  if (tasks.empty()) return;
  std::vector<std::future<void>> others;
  others.reserve(tasks.size() - 1);
  for (size_t i = 0; i + 1 < tasks.size(); ++i) others.push_back(std::async(std::launch::async, tasks[i]));
  std::exception_ptr failure;
  try {
    tasks.back()();
  } catch (...) {
    failure = std::current_exception();
  }
  for (auto& other : others) {
    try {
      other.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace altinity_deploy::exec
