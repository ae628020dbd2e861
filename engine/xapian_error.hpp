// Translation of Xapian's exceptions into byline::Error at the library edge.
#pragma once

#include <xapian.h>

#include <string_view>

#include "byline/error.hpp"

namespace byline::detail {

// `context` says what was being done, e.g. "opening index /x".
[[nodiscard]] Error translate(const Xapian::Error& error, std::string_view context);

// Runs fn(); rethrows any Xapian::Error as a byline::Error.
template <typename Fn>
decltype(auto) guard_xapian(std::string_view context, Fn&& fn) {
  try {
    return fn();
  } catch (const Xapian::Error& error) {
    throw translate(error, context);
  }
}

}  // namespace byline::detail
