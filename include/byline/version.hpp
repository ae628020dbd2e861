// Versions: of the library, and of the on-disk index format.
#pragma once

#include <string_view>

namespace byline {

// The library's version, "MAJOR.MINOR.PATCH" (the CMake package version).
[[nodiscard]] std::string_view version() noexcept;

// The index format ("schema") version this library writes and reads. It
// changes only when the term layout, value slots or stored fields change;
// opening an index written with another one throws Error::Kind::version_mismatch.
[[nodiscard]] int index_format_version() noexcept;

}  // namespace byline
