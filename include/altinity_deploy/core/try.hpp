#pragma once
// Early returns for Result/Status without the ceremony: the error of the
// expression, as it is, becomes the error of the enclosing function (which
// must return a Result<...> or Status).
//
//   TRY(kubectl.delete_crds(names));                // Status or Result<T>; the value is dropped
//   TRY_ASSIGN(release, helm.latest_revision());    // declares `auto release` = the value
#include <utility>

#include "altinity_deploy/core/error.hpp"

#define ALTINITY_DEPLOY_TRY_CONCAT_INNER(a, b) a##b
#define ALTINITY_DEPLOY_TRY_CONCAT(a, b) ALTINITY_DEPLOY_TRY_CONCAT_INNER(a, b)

#define TRY(expression)                                        \
  do {                                                         \
    auto try_result_ = (expression);                           \
    if (!try_result_) {                                        \
      return ::tl::unexpected(std::move(try_result_).error()); \
    }                                                          \
  } while (false)

#define ALTINITY_DEPLOY_TRY_ASSIGN(holder, name, expression) \
  auto holder = (expression);                                \
  if (!holder) {                                             \
    return ::tl::unexpected(std::move(holder).error());      \
  }                                                          \
  auto name = std::move(*holder)

#define TRY_ASSIGN(name, expression) \
  ALTINITY_DEPLOY_TRY_ASSIGN(ALTINITY_DEPLOY_TRY_CONCAT(try_holder_, __LINE__), name, expression)
