#include "engine/xapian_error.hpp"

#include <string>

namespace byline::detail {

Error translate(const Xapian::Error& error, std::string_view context) {
  // Xapian::Error is not polymorphic: its class is known by name only.
  const std::string_view type = error.get_type();
  const std::string where(context);
  const std::string message = where + ": " + error.get_description();
  if (type == "DatabaseLockError") {
    return Error(Error::Kind::locked, where + ": the index is locked by another writer");
  }
  if (type == "DatabaseNotFoundError")
    return Error(Error::Kind::not_found, where + ": no index there");
  if (type == "DatabaseVersionError")
    return Error(Error::Kind::version_mismatch, message);
  if (type == "DatabaseCorruptError")
    return Error(Error::Kind::corrupt, message);
  if (type == "DatabaseOpeningError")
    return Error(Error::Kind::not_found, message);
  if (type == "InvalidArgumentError" || type == "InvalidOperationError") {
    return Error(Error::Kind::invalid_argument, message);
  }
  if (type == "QueryParserError" || type == "WildcardError") {
    return Error(Error::Kind::invalid_query, message);
  }
  return Error(Error::Kind::io, message);
}

}  // namespace byline::detail
