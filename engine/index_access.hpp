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
  // The writable database; throws Error(invalid_argument) for a read-only
  // Index, Error(io) for one that could not be reopened after a failed write
  // (see reset_writable).
  static Xapian::WritableDatabase& writable_database(Index& index);

  // After any Xapian error on the write path the database handle's state in
  // memory cannot be trusted: committing it again (which Xapian's destructor,
  // close() and begin_transaction(true) all do) has been seen to corrupt the
  // position table. This drops that state without writing anything, releases
  // the lock and reopens the index at its last commit on disk, exactly as a
  // crashed and restarted writer would. Throws Error if the reopening fails;
  // the Index then refuses every further write.
  static void reset_writable(Index& index);
};

}  // namespace byline::detail
