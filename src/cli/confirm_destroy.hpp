#pragma once
// `destroy` on a terminal: what it will remove, and one question. Off a
// terminal (CI) and with -y/--yes nothing is asked, as before.
#include <cstdio>
#include <string>
#include <vector>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/fleet/waves.hpp"

namespace altinity_deploy::cli {

// True when a person can answer: stdin and stderr are both terminals.
bool can_ask();

// The lines that name what a single destroy removes, from what it read.
std::string destroy_preview_text(const actions::DestroyPreview& preview);

// What a fleet's destroy removes, target by target, as the manifests name it.
std::string fleet_destroy_text(const std::vector<fleet::Wave>& waves, bool keep_namespace, bool delete_crds);

// Prints `text` and the question on `out`, reads one line from `in`: only
// y or yes (any case) is a yes; end of input is a no.
bool ask_yes_no(const std::string& text, std::FILE* in, std::FILE* out);

}  // namespace altinity_deploy::cli
