// The library's version is the CMake package's (bylineConfigVersion.cmake,
// byline.pc): one number, set once in the top-level CMakeLists.txt, from
// which byline/version.h's macros are generated too.
#include <doctest/doctest.h>

#include <string>

#include "byline/byline.hpp"

TEST_CASE("byline::version() is the project version CMake packages") {
  CHECK(std::string(byline::version()) == BYLINE_PROJECT_VERSION);
}

// (tests/capi/capi_test.c checks them against byline_version(), from byline.h.)
TEST_CASE("the version macros are the version the library reports") {
  CHECK(std::string(BYLINE_VERSION_STRING) == byline::version());
  CHECK(std::to_string(BYLINE_VERSION_MAJOR) + "." + std::to_string(BYLINE_VERSION_MINOR) + "." +
            std::to_string(BYLINE_VERSION_PATCH) ==
        byline::version());
  CHECK(BYLINE_VERSION_NUMBER ==
        BYLINE_VERSION_MAJOR * 1'000'000 + BYLINE_VERSION_MINOR * 1'000 + BYLINE_VERSION_PATCH);
}
