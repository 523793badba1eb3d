#pragma once
// A sample: a header private to alpha.
