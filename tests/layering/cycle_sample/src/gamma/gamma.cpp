// A sample: gamma reaches into alpha's private header.
#include "../alpha/helper.hpp"
