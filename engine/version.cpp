#include "byline/version.hpp"

#include "engine/schema.hpp"
#include "engine/version_config.hpp"

namespace byline {

std::string_view version() noexcept {
  return kVersionString;
}

int index_format_version() noexcept {
  return schema::kFormatVersion;
}

}  // namespace byline
