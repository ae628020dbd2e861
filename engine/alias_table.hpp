// The alias table (docs/searching.md, "Aliases") as a query reads it.
//
// Writer::set_aliases() keeps it twice, in one commit: in Xapian's synonym
// table, which story grouping reads while indexing, and as metadata
// (schema.hpp, kAliases), the only form Xapian's remote backend serves: it
// serves no synonyms, and a search over remote shards would otherwise drop
// every alias without a word (docs/plans/scale-out.md). An index made
// before the metadata form has the synonym table alone; its first writer
// adds the metadata (Index::open).
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

class AliasTable {
 public:
  AliasTable() = default;
  // `groups`: each a group's keys (alias_key()). Each key's others are
  // those of every group it is in, as in the synonym table.
  [[nodiscard]] static AliasTable of_groups(const std::vector<std::vector<std::string>>& groups);

  // The table stored in `db`'s metadata (over several shards, the first
  // shard's); nullopt when none is (an index made before it). Throws
  // Error(corrupt) for a stored value byline did not write.
  [[nodiscard]] static std::optional<AliasTable> stored(const Xapian::Database& db);
  // The table in `db`'s synonym table, the union of its local shards'
  // (a remote shard serves none).
  [[nodiscard]] static AliasTable from_synonyms(const Xapian::Database& db);

  // The table a reader of `db` uses: the stored one, else the synonym
  // table's.
  [[nodiscard]] static AliasTable read(const Xapian::Database& db);

  // Writes the table's metadata form into `db` (pending until its commit).
  void store(Xapian::WritableDatabase& db) const;
  // The stored table's fingerprint (kAliasesDigest): "" when `db` stores
  // none. Shards that store different tables differ in it, and a reader
  // rereads the table only when it changes.
  [[nodiscard]] static std::string stored_digest(const Xapian::Database& db);

  // The other members of the group `key` is in: empty when it is in none.
  [[nodiscard]] const std::vector<std::string>& others(const std::string& key) const;
  // Each key with its others, by key.
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& entries() const noexcept {
    return others_;
  }

 private:
  std::map<std::string, std::vector<std::string>> others_;
};

}  // namespace byline::detail
