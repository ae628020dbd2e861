// The library's version is the CMake package's (bylineConfigVersion.cmake,
// byline.pc): one number, set once in the top-level CMakeLists.txt.
#include <doctest/doctest.h>

#include <string>

#include "byline/byline.hpp"

TEST_CASE("byline::version() is the project version CMake packages") {
  CHECK(std::string(byline::version()) == BYLINE_PROJECT_VERSION);
}
