#include "engine/alias_table.hpp"

#include <algorithm>

#include "byline/error.hpp"
#include "engine/fnv.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// The stored form: a header line, then a line per key, the key and its
// others separated by tabs (a key is analysed words and single spaces: it
// holds neither tabs nor line ends).
constexpr std::string_view kHeader = "byline aliases 1\n";

std::string key_of(std::string_view name) {
  return std::string(name);
}

}  // namespace

AliasTable AliasTable::of_groups(const std::vector<std::vector<std::string>>& groups) {
  AliasTable table;
  for (const auto& group : groups) {
    for (const std::string& key : group) {
      for (const std::string& other : group) {
        auto& others = table.others_[key];
        if (other != key && std::find(others.begin(), others.end(), other) == others.end())
          others.push_back(other);
      }
    }
  }
  std::erase_if(table.others_, [](const auto& entry) { return entry.second.empty(); });
  // In the synonym table's order.
  for (auto& entry : table.others_)
    std::sort(entry.second.begin(), entry.second.end());
  return table;
}

std::optional<AliasTable> AliasTable::stored(const Xapian::Database& db) {
  const std::string value = db.get_metadata(key_of(schema::metadata::kAliases));
  if (value.empty())
    return std::nullopt;
  if (!value.starts_with(kHeader)) {
    throw Error(Error::Kind::corrupt, "the index's stored alias table (" +
                                          std::string(schema::metadata::kAliases) +
                                          ") is not one byline wrote");
  }
  AliasTable table;
  std::string_view rest = std::string_view(value).substr(kHeader.size());
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    std::vector<std::string> fields;
    while (!line.empty()) {
      const std::size_t tab = std::min(line.find('\t'), line.size());
      fields.emplace_back(line.substr(0, tab));
      line.remove_prefix(std::min(tab + 1, line.size()));
    }
    if (fields.size() > 1)
      table.others_[fields.front()].assign(fields.begin() + 1, fields.end());
  }
  return table;
}

AliasTable AliasTable::from_synonyms(const Xapian::Database& db) {
  AliasTable table;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::vector<std::string> others(db.synonyms_begin(*key), db.synonyms_end(*key));
    if (!others.empty())
      table.others_.emplace(*key, std::move(others));
  }
  return table;
}

AliasTable AliasTable::read(const Xapian::Database& db) {
  if (auto table = stored(db))
    return std::move(*table);
  return from_synonyms(db);
}

void AliasTable::store(Xapian::WritableDatabase& db) const {
  std::string value(kHeader);
  for (const auto& [key, others] : others_) {
    value += key;
    for (const std::string& other : others) {
      value += '\t';
      value += other;
    }
    value += '\n';
  }
  db.set_metadata(key_of(schema::metadata::kAliases), value);
  db.set_metadata(key_of(schema::metadata::kAliasesDigest), fnv1a_hex(value));
}

std::string AliasTable::stored_digest(const Xapian::Database& db) {
  return db.get_metadata(key_of(schema::metadata::kAliasesDigest));
}

const std::vector<std::string>& AliasTable::others(const std::string& key) const {
  static const std::vector<std::string> none;
  const auto found = others_.find(key);
  return found == others_.end() ? none : found->second;
}

}  // namespace byline::detail
