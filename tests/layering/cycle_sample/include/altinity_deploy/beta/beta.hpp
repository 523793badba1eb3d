#pragma once
// A sample: beta's public header (beta's source closes the cycle alpha -> beta -> alpha).
