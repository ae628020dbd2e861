// How the indexer and query layers reach the Xapian database inside an Index.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include "byline/index.hpp"

namespace byline::detail {

struct IndexAccess {
  // The database, for reading. Valid while the Index lives.
  static Xapian::Database& database(Index& index);
  static const Xapian::Database& database(const Index& index);
  // The writable database; throws Error(invalid_argument) for a read-only Index.
  static Xapian::WritableDatabase& writable_database(Index& index);
};

}  // namespace byline::detail
