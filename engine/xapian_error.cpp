#include "engine/xapian_error.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

namespace byline::detail {

namespace {

// The errno whose text is `text`, as strerror() gave it to Xapian in this
// process (Xapian keeps only the text of why it could not open the lock file).
std::optional<int> errno_named(std::string_view text) {
  for (int code = 1; code < 200; ++code) {
    if (text == std::strerror(code))
      return code;
  }
  return std::nullopt;
}

// Xapian 1.4 (FlintLock, backends/flint_lock.cc) reports every failure to
// take the write lock as DatabaseLockError, "Unable to get write lock on DIR"
// followed by the reason: ": already locked" when another process holds it;
// ": Couldn't open lockfile: STRERROR" when DIR/flintlock cannot be opened
// (permission denied, I/O error, read-only file system, ...); ": too many
// open files"; ": locking probably not supported by this FS". Only the first
// is another writer: the others name their own cause.
Error translate_lock_error(const std::string& description, const std::string& where) {
  constexpr std::string_view kPrefix = "Unable to get write lock on ";
  constexpr std::string_view kHeld = ": already locked";
  constexpr std::string_view kOpening = ": Couldn't open lockfile: ";
  if (description.ends_with(kHeld))
    return Error(Error::Kind::locked, where + ": the index is locked by another writer");
  const std::size_t opening = description.rfind(kOpening);
  if (description.starts_with(kPrefix) && opening != std::string::npos &&
      opening >= kPrefix.size()) {
    const std::string lock_file =
        description.substr(kPrefix.size(), opening - kPrefix.size()) + "/flintlock";
    const std::string reason = description.substr(opening + kOpening.size());
    const std::optional<int> code = errno_named(reason);
    if (code == EACCES || code == EPERM) {
      return Error(Error::Kind::io, where + ": permission denied opening the lock file " +
                                        lock_file +
                                        " for writing: writing to an index takes write "
                                        "permission on its folder and its files");
    }
    if (code == EROFS) {
      return Error(Error::Kind::io,
                   where + ": the index is on a read-only file system (cannot open the lock file " +
                       lock_file + ": " + reason + ")");
    }
    return Error(Error::Kind::io,
                 where + ": cannot open the lock file " + lock_file + ": " + reason);
  }
  if (description.ends_with(": too many open files"))
    return Error(Error::Kind::io, where + ": cannot open the lock file: too many open files");
  if (description.ends_with(": locking probably not supported by this FS")) {
    return Error(
        Error::Kind::io,
        where + ": cannot lock the index: its file system probably does not support locks");
  }
  return Error(Error::Kind::io, where + ": cannot take the write lock: " + description);
}

}  // namespace

Error translate(const Xapian::Error& error, std::string_view context) {
  // Xapian::Error is not polymorphic: its class is known by name only.
  const std::string_view type = error.get_type();
  const std::string where(context);
  const std::string message = where + ": " + error.get_description();
  if (type == "DatabaseLockError")
    return translate_lock_error(error.get_msg(), where);
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
