// Reading an index while a writer commits to it.
#pragma once

#include <xapian.h>

#include <string_view>

#include "engine/xapian_error.hpp"

namespace byline::detail {

// A writer's commits can recycle the blocks a reader is using: Xapian then
// throws DatabaseModifiedError, and the cure is to reopen and read again.
// Opening or reopening during a commit can also meet a revision being
// replaced and throw DatabaseCorruptError or DatabaseOpeningError although
// the index is sound: those are retried too, after a short pause, and
// reported only when they persist.
inline constexpr int kMaxReadAttempts = 20;

[[nodiscard]] bool is_transient_read_error(const Xapian::Error& error);

// Sleeps a little longer after each failed attempt (1 ms, 2 ms, ... 10 ms).
void pause_before_retry(int attempt);

// Runs read() until it succeeds, retrying what a concurrent commit explains
// (see above); read() must open its database, or reopen() it, first. Other
// Xapian errors, and those that persist for kMaxReadAttempts, are thrown as
// byline::Error with `context`; byline::Error passes through untouched.
template <typename Read>
decltype(auto) read_with_retries(std::string_view context, Read&& read) {
  for (int attempt = 1;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kMaxReadAttempts)
        throw translate(e, context);
    } catch (const Xapian::Error& e) {
      if (!is_transient_read_error(e) || attempt == kMaxReadAttempts)
        throw translate(e, context);
      pause_before_retry(attempt);
    }
  }
}

}  // namespace byline::detail
