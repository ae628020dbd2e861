// Index: a handle on one byline index (a Xapian database folder).
//
// One process may hold the index open for writing at a time; any number may
// read. A read-only handle sees the revision that was current when it was
// opened (or last reopened).
//
// Threads. An Index and the Writer made from it share one database handle:
// use them from one thread at a time (they may move from thread to thread).
// A Searcher opens a handle of its own (search.hpp): to search in parallel,
// make one Searcher per thread, from any Index of the folder, even one a
// Writer is using in another thread (making a Searcher reads only the
// Index's path and settings, which never change). Searches run while the
// Writer adds and commits, and each sees every commit whole or not at all
// (tests/api/concurrency_test.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "byline/analyzer.hpp"

namespace byline {

namespace detail {
struct IndexAccess;  // how the indexer and query layers reach the database
}

enum class OpenMode {
  read_only,       // the index must exist
  read_write,      // the index must exist; takes the writer lock
  create_or_open,  // creates the index if missing or an empty folder (through a
                   // symbolic link: where it points); takes the writer lock
};

struct IndexOptions {
  OpenMode mode = OpenMode::read_only;
  // Used only when the index is created; an existing index keeps the
  // settings it was created with (they are stored in it).
  AnalyzerSettings analyzer;
  // When another writer holds the lock: wait for it instead of throwing.
  bool wait_for_lock = false;
  // An index made of shards, some served by xapian-tcpsrv (docs/cli.md,
  // "More than one machine"): how long a remote shard may take to accept
  // the connection, and then to answer each request, before opening or
  // searching fails with an error that names it.
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds remote_timeout{10000};
  // An index made of shards, for reading: a shard that cannot be opened or
  // reached is left out instead of failing the call, and the results say
  // which (SearchResults::unavailable_shards). At least one shard must
  // answer.
  bool allow_partial = false;
};

// One database of an index made of shards, as its stub file lists it.
struct ShardStats {
  // A local shard's folder (absolute); a remote one's "HOST:PORT", or
  // ":PROGRAM ARGS" for one a program serves.
  std::string location;
  bool remote = false;
  std::uint64_t bytes_on_disk = 0;  // a local shard's files; 0 for a remote one
};

// What an index holds, for `byline stats` and the shell's :stats.
struct IndexStats {
  std::uint64_t articles = 0;
  std::uint64_t words = 0;    // distinct words (exact forms)
  std::uint64_t sources = 0;  // distinct sources
  std::uint64_t authors = 0;  // distinct authors (each name of an author field)
  std::string first_date;     // "YYYY-MM-DD" of the oldest dated article; empty if none
  std::string last_date;
  // The files of the index, or of its local shards: a remote shard's are
  // on another machine, and not counted.
  std::uint64_t bytes_on_disk = 0;
  std::string language;    // the stemming language
  int format_version = 0;  // the index's, which may be older than index_format_version()
  // The databases it is made of: 1, or the shards a Xapian stub file lists
  // (docs/plans/scale-out.md), of which `remote_shards` are served by
  // xapian-tcpsrv or a program.
  std::uint64_t shards = 1;
  std::uint64_t remote_shards = 0;
  // The shards in the stub's order; empty for an index of one database.
  std::vector<ShardStats> shard_list;
};

class Index {
 public:
  // Opens (or creates) the index at `path`; on success the handle is ready
  // and, for the writable modes, holds the writer lock until it is destroyed.
  // Throws Error with kind
  //   not_found         no index at path (read_only, read_write);
  //   locked            another writer holds it (unless wait_for_lock);
  //   version_mismatch  written in an index format this library cannot read
  //                     (see index_format_version()), or not a byline index;
  //   corrupt / io      the files cannot be read; io also when the writable
  //                     modes cannot open the lock file (permission denied,
  //                     an I/O error: the message says which);
  //   invalid_argument  create_or_open on a folder that holds other files, or
  //                     a language Xapian has no stemmer for.
  [[nodiscard]] static Index open(const std::filesystem::path& path,
                                  const IndexOptions& options = {});

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;
  // Closing a writable index discards what no Writer committed.
  ~Index();

  [[nodiscard]] const std::filesystem::path& path() const noexcept;
  [[nodiscard]] bool writable() const noexcept;

  // The settings the index was created with; every reader analyses with them.
  [[nodiscard]] const AnalyzerSettings& analyzer_settings() const noexcept;

  // Number of articles in the revision this handle sees. Throws Error
  // (corrupt, io) if the database cannot be read.
  [[nodiscard]] std::uint64_t article_count() const;

  // How many of the databases the index is made of xapian-tcpsrv (or a
  // program) serves: 0 but for an index made of shards (IndexStats::shards)
  // listing remote ones, over which facet counts and story listings are
  // not available yet (docs/cli.md).
  [[nodiscard]] std::size_t remote_shards() const noexcept;

  // Counts what the index holds (walks its vocabulary: milliseconds for a
  // large index, not microseconds). Should a writer's commits discard the
  // revision a read-only handle sees meanwhile, it counts the latest
  // revision instead (the handle itself stays where it is). Throws Error (corrupt, io) if the
  // database cannot be read.
  [[nodiscard]] IndexStats stats() const;

  // Moves a read-only handle to the latest committed revision. Throws Error
  // (corrupt, io) if the database cannot be read.
  void reopen();

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend struct detail::IndexAccess;
};

}  // namespace byline
