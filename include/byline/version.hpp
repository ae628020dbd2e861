// Versions: of the library, and of the on-disk index format.
//
// The version macros of byline/version.h (BYLINE_VERSION_MAJOR, _MINOR,
// _PATCH, _STRING, _NUMBER) come with this header: they are the version of
// the headers compiled against, version() that of the library linked.
#pragma once

#include <string_view>

#include "byline/version.h"

namespace byline {

// The library's version, "MAJOR.MINOR.PATCH" (the CMake package version).
[[nodiscard]] std::string_view version() noexcept;

// The index format ("schema") version this library writes (3: articles
// stored compressed, with what their snippets need). It changes only when
// the term layout, value slots or stored fields change. Indexes of formats
// 1 and 2 are read too, and become format 3 when a Writer commits to them;
// opening an index of a format this library cannot read throws
// Error::Kind::version_mismatch.
[[nodiscard]] int index_format_version() noexcept;

}  // namespace byline
