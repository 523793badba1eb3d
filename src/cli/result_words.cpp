// The words of up's and destroy's results (see the header).
#include "result_words.hpp"

namespace altinity_deploy::cli {

std::string_view word(actions::UpAction action) {
  switch (action) {
    case actions::UpAction::installed: return "installed";
    case actions::UpAction::upgraded: return "upgraded";
    case actions::UpAction::drift_corrected: return "driftCorrected";
    case actions::UpAction::crds_updated: return "crdsUpdated";
    case actions::UpAction::unchanged: return "unchanged";
  }
  return "unchanged";
}

std::string_view word(actions::ReleaseRemoval removal) {
  switch (removal) {
    case actions::ReleaseRemoval::uninstalled: return "uninstalled";
    case actions::ReleaseRemoval::absent: return "absent";
  }
  return "absent";
}

std::string_view word(actions::NamespaceRemoval removal) {
  switch (removal) {
    case actions::NamespaceRemoval::deleted: return "deleted";
    case actions::NamespaceRemoval::absent: return "absent";
    case actions::NamespaceRemoval::kept_not_ours: return "kept (not created by altinity-deploy)";
    case actions::NamespaceRemoval::kept_on_request: return "kept (--keep-namespace)";
  }
  return "absent";
}

std::string_view word(actions::CrdsRemoval removal) {
  switch (removal) {
    case actions::CrdsRemoval::kept: return "kept";
    case actions::CrdsRemoval::deleted: return "deleted";
  }
  return "kept";
}

}  // namespace altinity_deploy::cli
