#pragma once
// The steps of `up` between the plan and the status write-back, each doing only what
// the plan lists (see src/actions/up.cpp for the sequence).
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/exec/command.hpp"

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

// A plan `up` cannot carry out: the namespace is being deleted.
Status check_plan_is_doable(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);

// The plan's changes on stderr, one line each (plan_json::change_line, through
// `decorate` when set: UpOptions::change_colour), before anything changes.
void log_changes(const plan::ReleasePlan& plan, bool forced,
                 core::EscapedText (*decorate)(const core::EscapedText&) = nullptr);

// The cluster-wide prerequisite of the release: the chart's CRDs (when the
// plan lists a CRD change, or `force` with createCrds). The namespace exists
// by now (take_lock made it).
Status prepare_cluster(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                       bool force);

// The release lock, taken before anything changes. A missing namespace is
// created (labelled managed-by altinity-deploy, so that destroy may delete
// it) in the same kubectl call as the lock's Lease, and noted in `plan`.
Result<std::unique_ptr<ReleaseLock>> take_lock(Connection& connection, plan::ReleasePlan& plan,
                                               LockOptions options);

// For the dry run: the namespace's creation as take_lock makes it (the
// command that creates it and the Lease) listed by the dry run, and noted in `plan`.
Status preview_namespace_creation(Connection& preview, plan::ReleasePlan& plan);

// What `up` does between the lock and the status write-back: prepare_cluster, then the
// helm upgrade when the plan needs one (or `force`). The release after helm;
// nullopt when helm was not needed (only CRDs changed).
Result<std::optional<tools::ReleaseInfo>> apply_plan(Connection& connection, const spec::OperatorSpec& spec,
                                                     const plan::ReleasePlan& plan, bool force,
                                                     const std::string& values_path,
                                                     std::chrono::seconds fail_fast_after);

// How render's and plan's commands name the values file `up` writes.
inline constexpr const char* kValuesFilePlaceholder = "<values-file>";

// The commands `up` runs to carry out `plan` (without the lock's Lease
// calls, except the one that also creates a missing namespace), in order:
// up's own steps (preview_namespace_creation, apply_plan) over
// `connection`'s clients with every change recorded by an exec::DryRunRunner
// instead of run. Reads still go to the cluster (Helm 4 reads an existing
// release's apply method). Empty when `up` would change nothing. A release
// stuck in pending-* is recovered first by `up`; that is not included.
Result<std::vector<exec::Command>> up_commands(const Connection& connection, const spec::OperatorSpec& spec,
                                               plan::ReleasePlan plan, bool force, const std::string& values_path);

// What can fail on this machine, done before the first change to the
// cluster: the Helm values (the plan's, with the operator's password) written
// to their 0600 file in `temp_dir`, and (with `write_status`) the manifest
// checked to be a regular file that can be written back.
Result<ValuesFile> prepare_local_files(const std::string& values_yaml, const std::string& manifest_path,
                                       bool write_status, const std::string& temp_dir);
// `helm upgrade --install -o json` with the values file at `values_path`,
// watched: a container stuck for `fail_fast_after` (0: never) stops helm's
// wait so that the rollback happens now. The release as helm printed it. On
// Helm 4 an existing release's apply method is read first (`helm status`).
Result<tools::ReleaseInfo> upgrade_release(Connection& connection, const spec::OperatorSpec& spec,
                                           const plan::ReleasePlan& plan, const std::string& values_path,
                                           std::chrono::seconds fail_fast_after);

}  // namespace altinity_deploy::actions
