// An index opened for reading through each of its databases: the combined
// handle that queries use, and each shard's own handle, which shares the
// combined one's state (Database::add_database() keeps the shard's
// internals), so that a shard's revision is the combined handle's, after
// reopen() too. Xapian's own opening of a stub file gives the combined
// handle alone, whose revision it does not tell (get_revision() wants
// exactly one database), and the caches built for one state of the index
// (facet columns) need it; nor does it say which shard an error came from.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/stub_file.hpp"

namespace byline::detail {

class ShardSet {
 public:
  // `path`: an index folder, or a stub file (or folder holding XAPIANDB,
  // stub_file.hpp) listing shards, whose remote ones are given `timeouts`.
  // A bad stub is Error(bad_input); a local shard that is not there,
  // Error(not_found), "shard 2 (shards/b, line 2 of idx/XAPIANDB) does
  // not exist"; a shard that does not open, the Xapian error translated,
  // "shard 2 (remote 127.0.0.1:5000, line 2 of idx/XAPIANDB) could not be
  // opened: ...". A plain folder's Xapian errors propagate.
  explicit ShardSet(const std::filesystem::path& path, const RemoteTimeouts& timeouts = {});

  [[nodiscard]] Xapian::Database& database() noexcept { return combined_; }
  [[nodiscard]] const Xapian::Database& database() const noexcept { return combined_; }

  // The state the combined handle reads, for keying what is built from it:
  // each local database's revision, and each remote one's uuid, document
  // counts and total length (the remote backend tells no revision; these
  // come with each reopen, without a round trip). A remote shard changed
  // in place to the same counts would not show (docs/plans/scale-out.md):
  // served shards are read-only.
  [[nodiscard]] std::string state() const;

  [[nodiscard]] bool any_remote() const noexcept { return remote_ > 0; }
  [[nodiscard]] std::size_t remote_count() const noexcept { return remote_; }
  [[nodiscard]] std::size_t size() const noexcept { return shards_.size(); }
  // Shard k (from 0) alone, and where it is listed (a plain folder: none).
  [[nodiscard]] const Xapian::Database& shard(std::size_t k) const { return shards_[k]; }
  [[nodiscard]] const std::vector<StubShard>& listed() const noexcept { return listed_; }

  // The shard whose connection raised `e`, described for a message; nullopt
  // when none did (a local error).
  [[nodiscard]] std::optional<std::string> shard_of(const Xapian::Error& e) const;

 private:
  Xapian::Database combined_;
  std::vector<Xapian::Database> shards_;
  std::vector<StubShard> listed_;
  std::size_t remote_ = 0;
};

}  // namespace byline::detail
