#include <doctest/doctest.h>
#include "sim/scenario/load.hpp"
TEST_CASE("placeholder") { CHECK(true); }
