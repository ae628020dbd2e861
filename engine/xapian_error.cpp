#include "engine/xapian_error.hpp"

#include <string>

namespace byline::detail {

Error translate(const Xapian::Error& error, std::string_view context) {
  const std::string message = std::string(context) + ": " + error.get_description();
  // Order matters: the more specific classes derive from the general ones.
  if (dynamic_cast<const Xapian::DatabaseLockError*>(&error)) {
    return Error(Error::Kind::locked,
                 std::string(context) + ": the index is locked by another writer");
  }
  if (dynamic_cast<const Xapian::DatabaseNotFoundError*>(&error)) {
    return Error(Error::Kind::not_found, std::string(context) + ": no index there");
  }
  if (dynamic_cast<const Xapian::DatabaseVersionError*>(&error)) {
    return Error(Error::Kind::version_mismatch, message);
  }
  if (dynamic_cast<const Xapian::DatabaseCorruptError*>(&error)) {
    return Error(Error::Kind::corrupt, message);
  }
  if (dynamic_cast<const Xapian::DatabaseOpeningError*>(&error)) {
    return Error(Error::Kind::not_found, message);
  }
  if (dynamic_cast<const Xapian::InvalidArgumentError*>(&error) ||
      dynamic_cast<const Xapian::InvalidOperationError*>(&error)) {
    return Error(Error::Kind::invalid_argument, message);
  }
  if (dynamic_cast<const Xapian::QueryParserError*>(&error)) {
    return Error(Error::Kind::invalid_query, message);
  }
  return Error(Error::Kind::io, message);
}

}  // namespace byline::detail
