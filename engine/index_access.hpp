// How the indexer and query layers reach the Xapian database inside an Index.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string_view>

#include "byline/index.hpp"
#include "engine/shard_set.hpp"

namespace byline::detail {

// Leaves `db` where neither close() nor its destructor commits anything
// (both commit pending changes unless a transaction is active, and
// begin_transaction(false), unlike begin_transaction(true), writes nothing),
// then closes it, which releases the writer lock at once.
void close_without_commit(Xapian::WritableDatabase& db) noexcept;

struct IndexAccess {
  // The database, for reading. Valid while the Index lives.
  static Xapian::Database& database(Index& index);
  static const Xapian::Database& database(const Index& index);
  // How the index's shards were opened, for those who open them again (a
  // Searcher).
  static ShardOptions shard_options(const Index& index);
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

  // A new empty folder next to the index, to build a replacement for it in
  // (".NAME.building-PID-N"; those of killed processes are removed first).
  // nullopt when none can be made there or the index could not be swapped
  // for it (a mount point, a read-only parent, this process's current folder).
  static std::optional<std::filesystem::path> make_build_folder(const Index& index);

  // Puts the database built at `built` (inside a make_build_folder() folder)
  // in the index's place with one rename that exchanges the two folders, and
  // reopens the writable handle on it; the old database is left at `built`.
  // Returns false, with nothing changed, when the rename fails (a file
  // system without RENAME_EXCHANGE, say). Throws Error, and the Index then
  // refuses writes, if the swapped-in index cannot be opened (another writer
  // took the lock in between).
  static bool swap_in(Index& index, const std::filesystem::path& built);

 private:
  // Drops the writable handle without committing and opens the index at its
  // path again; on failure the Index refuses every further write.
  static void reopen_writable(Index& index, std::string_view why);
};

}  // namespace byline::detail
