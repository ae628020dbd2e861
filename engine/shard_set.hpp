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

// How a ShardSet opens its shards (IndexOptions says).
struct ShardOptions {
  RemoteTimeouts timeouts;
  // A listed shard that does not open is left out (unavailable() says
  // which and why), unless none opens.
  bool allow_partial = false;
};

class ShardSet {
 public:
  // `path`: an index folder, or a stub file (or folder holding XAPIANDB,
  // stub_file.hpp) listing shards, opened as `options` say.
  // A bad stub is Error(bad_input); a local shard that is not there,
  // Error(not_found), "shard 2 (shards/b, line 2 of idx/XAPIANDB) does
  // not exist"; a shard that does not open, the Xapian error translated,
  // "shard 2 (remote 127.0.0.1:5000, line 2 of idx/XAPIANDB) could not be
  // opened: ...". A plain folder's Xapian errors propagate.
  explicit ShardSet(const std::filesystem::path& path, const ShardOptions& options = {});

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
  // Shard k (from 0, of those opened) alone, and where it is listed
  // (described for messages: "shard 2 (...)"; a plain folder: "").
  [[nodiscard]] const Xapian::Database& shard(std::size_t k) const { return shards_[k]; }
  // Every shard opened, in order; null for an index of one database.
  [[nodiscard]] const std::vector<Xapian::Database>* several() const noexcept {
    return shards_.size() > 1 ? &shards_ : nullptr;
  }
  [[nodiscard]] std::string describe(std::size_t k) const;
  // The listed shards left out (allow_partial), each described with why.
  [[nodiscard]] const std::vector<std::string>& unavailable() const noexcept {
    return unavailable_;
  }

  // The shard whose connection raised `e`, described for a message; nullopt
  // when none did (a local error).
  [[nodiscard]] std::optional<std::string> shard_of(const Xapian::Error& e) const;

 private:
  Xapian::Database combined_;
  std::vector<Xapian::Database> shards_;
  // Where each opened shard is listed, and its number in the stub.
  std::vector<StubShard> listed_;
  std::vector<std::size_t> numbers_;
  std::vector<std::string> unavailable_;
  std::size_t remote_ = 0;
};

}  // namespace byline::detail
