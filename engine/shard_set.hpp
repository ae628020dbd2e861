// An index opened for reading through each of its databases: the combined
// handle that queries use, and each shard's own handle, which shares the
// combined one's state (Database::add_database() keeps the shard's
// internals), so that a shard's revision is the combined handle's, after
// reopen() too. Xapian's own opening of a stub file gives the combined
// handle alone, whose revision it does not tell (get_revision() wants
// exactly one database), and the caches built for one state of the index
// (facet columns) need it.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <vector>

namespace byline::detail {

class ShardSet {
 public:
  // `path`: an index folder, or a stub file (or folder holding XAPIANDB,
  // stub_file.hpp) listing shards. Xapian errors propagate; a bad stub is
  // Error(bad_input).
  explicit ShardSet(const std::filesystem::path& path);

  [[nodiscard]] Xapian::Database& database() noexcept { return combined_; }
  [[nodiscard]] const Xapian::Database& database() const noexcept { return combined_; }

  // The state the combined handle reads: each database's revision, in
  // order; nullopt when one is remote (the remote backend tells no
  // revision).
  [[nodiscard]] std::optional<std::vector<Xapian::rev>> revisions() const;

  [[nodiscard]] bool any_remote() const noexcept { return any_remote_; }
  [[nodiscard]] std::size_t size() const noexcept { return shards_.size(); }

 private:
  Xapian::Database combined_;
  std::vector<Xapian::Database> shards_;
  bool any_remote_ = false;
};

}  // namespace byline::detail
