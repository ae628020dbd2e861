// The C API's handle registry: the address and type of every live handle, so
// that each call checks the pointer it is given *before* touching the memory
// behind it. A garbage pointer, a handle already released or one of another
// type is then BYLINE_MISUSE instead of a crash or a silent corruption, as
// SQLite's SQLITE_MISUSE. Why a registry rather than a magic number in each
// handle: reading a magic number dereferences the pointer, which crashes on
// an unmapped address and reads freed memory (or another object allocated
// there since) after a release; a lookup by address reads nothing of the
// caller's. The cost is one hash lookup under a shared lock per call, nothing
// next to a search, and a few nanoseconds on the byline_hit_* accessors.
//
// What it cannot tell (byline.h says so too): a released handle whose address
// a new handle of the same type has taken since is that new handle; and a
// handle released on one thread while another uses it is a race the lookup
// does not close (handles are used by one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "capi/status.hpp"

namespace byline::capi {

enum class HandleType : std::uint8_t { index, writer, searcher, results };

// "byline_index", "byline_writer", "byline_searcher", "byline_results".
[[nodiscard]] std::string_view type_name(HandleType type) noexcept;

// The function that releases a handle of this type: "byline_index_close", ...
[[nodiscard]] std::string_view release_function(HandleType type) noexcept;

// Records `handle`, just made, as live. Throws std::bad_alloc (the caller
// then deletes the handle instead of returning it).
void register_handle(const void* handle, HandleType type);

// Forgets `handle`, about to be deleted: true if it was a live handle of
// `type`. Otherwise (never registered, released already, another type) the
// handle must not be touched: records BYLINE_MISUSE as the calling thread's
// last error, naming `function`, and returns false. Two threads releasing
// the same handle at once: one gets true, the other false.
[[nodiscard]] bool unregister_handle(const void* handle, HandleType type,
                                     std::string_view function) noexcept;

// The type of the live handle at `pointer`, or nullopt (NULL included).
[[nodiscard]] std::optional<HandleType> live_type(const void* pointer) noexcept;

// The message of a misuse: `function` given `pointer`, which is not a live
// handle of `expected`.
[[nodiscard]] std::string misuse_message(std::string_view function, const void* pointer,
                                         HandleType expected);

// `handle` checked, for functions that return a status: Error(invalid_argument)
// naming `what` when it is NULL (as require()), Misuse naming `function` when
// it is not a live handle of its type. `Handle` is one of the structs of
// handles.hpp, possibly const; each names its type as `Handle::type`.
// Callers inside guarded() pass their C function's name captured as
// `[&, fn = __func__]`: within the lambda's body __func__ is "operator()".
template <typename Handle>
Handle& live(Handle* handle, std::string_view function, std::string_view what) {
  require(handle, what);
  if (live_type(handle) != Handle::type)
    throw Misuse(misuse_message(function, handle, Handle::type));
  return *handle;
}

// The same for functions that return a value rather than a status (the
// accessors): false for NULL (their documented "0 for NULL", the last error
// untouched) and for a handle that is not live, which also records
// BYLINE_MISUSE as the thread's last error. They never clear it: they are
// not status-returning calls.
template <typename Handle>
[[nodiscard]] bool usable(Handle* handle, std::string_view function) noexcept {
  if (handle == nullptr)
    return false;
  if (live_type(handle) == Handle::type)
    return true;
  try {
    fail(BYLINE_MISUSE, misuse_message(function, handle, Handle::type));
  } catch (...) {
    fail(BYLINE_MISUSE, "misuse of a byline handle");  // out of memory for the message
  }
  return false;
}

}  // namespace byline::capi
