#include "engine/read_retry.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <thread>

namespace byline::detail {

bool is_transient_read_error(const Xapian::Error& error) {
  // Xapian::Error is not polymorphic: its class is known by name only.
  const std::string_view type = error.get_type();
  return type == "DatabaseCorruptError" || type == "DatabaseOpeningError";
}

void pause_before_retry(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(attempt, 1, 10)));
}

}  // namespace byline::detail
