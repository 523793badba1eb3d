// How a verb gives up: the Error as its failed outcome. Redacting and
// cutting the message is the printers' job (src/cli), for every string.
#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::actions {

tl::unexpected<Failure> failed_report(const Error& error) { return tl::unexpected(Failure{error, {}, {}}); }

tl::unexpected<Failure> failed_report(const Failure& failure) { return tl::unexpected(failure); }

}  // namespace altinity_deploy::actions
