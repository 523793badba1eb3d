#pragma once
// The words of the JSON contract (docs/json-output.md) and of the text
// report for what up and destroy did: made here, from the actions' enums.
#include <string_view>

#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::cli {

// installed, upgraded, driftCorrected, crdsUpdated, unchanged
std::string_view word(actions::UpAction action);
// uninstalled, absent
std::string_view word(actions::ReleaseRemoval removal);
// deleted, absent, kept (not created by altinity-deploy), kept (--keep-namespace)
std::string_view word(actions::NamespaceRemoval removal);
// kept, deleted
std::string_view word(actions::CrdsRemoval removal);

}  // namespace altinity_deploy::cli
