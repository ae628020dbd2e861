// The C API's error handling: C++ exceptions caught at the edge and turned
// into a byline_status plus the calling thread's last error.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "byline/byline.h"
#include "byline/error.hpp"

namespace byline::capi {

// A call on a handle that is not a live handle of the expected type (see
// registry.hpp): becomes BYLINE_MISUSE. Not a byline::Error kind, since the
// C++ API cannot be misused this way (its types and owners say it all).
class Misuse : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The status for each kind of byline::Error.
[[nodiscard]] byline_status status_of(Error::Kind kind) noexcept;

// Records the calling thread's last error; returns `status`.
byline_status fail(byline_status status, std::string_view message,
                   std::optional<std::size_t> position = std::nullopt) noexcept;

// Clears the calling thread's last error.
void clear_last_error() noexcept;

// Runs fn() (which returns nothing) with the last error cleared first; any
// exception becomes a status and the thread's last error.
template <typename Fn>
byline_status guarded(Fn&& fn) noexcept;

// Throws Error(invalid_argument) naming `what` when `pointer` is null.
void require(const void* pointer, std::string_view what);

// A malloc'd copy of `text`, for a `char**` result freed by byline_free().
// Throws std::bad_alloc.
[[nodiscard]] char* copy_out(std::string_view text);

// Turns the exception being handled into a status (call in a catch block).
byline_status status_of_current_exception() noexcept;

template <typename Fn>
byline_status guarded(Fn&& fn) noexcept {
  clear_last_error();
  try {
    fn();
    return BYLINE_OK;
  } catch (...) {
    return status_of_current_exception();
  }
}

}  // namespace byline::capi
