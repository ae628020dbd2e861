#include "byline/version.hpp"

#include "engine/schema.hpp"

namespace byline {

// The headers' version (byline/version.h) is this library's: both are made
// from the project's version when byline is built.
std::string_view version() noexcept {
  return BYLINE_VERSION_STRING;
}

int index_format_version() noexcept {
  return schema::kFormatVersion;
}

}  // namespace byline
