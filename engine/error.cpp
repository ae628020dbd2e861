#include "byline/error.hpp"

#include <string>

namespace byline {

namespace {

std::string with_position(const std::string& message, std::optional<std::size_t> position) {
  if (!position)
    return message;
  return message + " (at byte " + std::to_string(*position) + ")";
}

}  // namespace

Error::Error(Kind kind, std::string message, std::optional<std::size_t> position)
    : std::runtime_error(with_position(message, position)), kind_(kind), position_(position) {}

bool Error::is_logic_error() const noexcept {
  return kind_ == Kind::invalid_argument || kind_ == Kind::invalid_query;
}

std::string Error::to_string() const {
  return std::string(kind_name(kind_)) + ": " + what();
}

std::string_view kind_name(Error::Kind kind) noexcept {
  switch (kind) {
    case Error::Kind::invalid_argument:
      return "InvalidArgument";
    case Error::Kind::invalid_query:
      return "InvalidQuery";
    case Error::Kind::not_found:
      return "NotFound";
    case Error::Kind::locked:
      return "Locked";
    case Error::Kind::corrupt:
      return "Corrupt";
    case Error::Kind::version_mismatch:
      return "VersionMismatch";
    case Error::Kind::bad_input:
      return "BadInput";
    case Error::Kind::io:
      return "IOError";
    case Error::Kind::interrupted:
      return "Interrupted";
  }
  return "Unknown";
}

}  // namespace byline
