#pragma once
// The Helm values of one run in a file only its owner can read (values may
// hold passwords), removed when the run ends, also on failure.
#include <string>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::actions {

class ValuesFile {
 public:
  static Result<ValuesFile> create(const std::string& temp_dir, const std::string& content);
  ValuesFile(ValuesFile&& other) noexcept;
  ValuesFile& operator=(ValuesFile&&) = delete;
  ValuesFile(const ValuesFile&) = delete;
  ~ValuesFile();

  const std::string& path() const { return path_; }

 private:
  explicit ValuesFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace altinity_deploy::actions
