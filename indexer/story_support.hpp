// What near-duplicate grouping and story grouping read from an index, shared
// by the incremental assignment (indexer/story_assignment.hpp) and the
// regrouping of a whole index (indexer/story_regroup.hpp).
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace byline::detail {

// A fingerprint band this many articles share is a shingle everyone writes
// ("according to the"), not a sign of copying: no near-duplicate
// candidates through it. Copies share most of their 32 bands, so they
// meet through others.
inline constexpr std::size_t kMaxBandArticles = 500;

// Days since 1970-01-01 of a date slot's "YYYYMMDD"; nullopt for anything
// else.
[[nodiscard]] std::optional<std::int32_t> day_number(std::string_view key);

// The article's id: from its fields slot, else its unique Q term.
[[nodiscard]] std::string article_id(const Xapian::Document& doc);

// The alias table, as story grouping names a group: each member's key
// (alias_key()) maps to the group's smallest key, so that ISIS, ISIL and
// Daesh are one name to a story.
class AliasCanonicals {
 public:
  AliasCanonicals() = default;
  // Reads the synonym table of `db` as it is now (its uncommitted batch too,
  // for a WritableDatabase).
  explicit AliasCanonicals(const Xapian::Database& db);
  [[nodiscard]] std::optional<std::string> operator()(std::string_view key) const;

 private:
  std::unordered_map<std::string, std::string> canonical_;
};

// How telling a story key is, from the article counts of an index: a
// word's ("w:<stem>") from its stem's, a name's ("n:<words>") from its
// rarest word's; log(1 + N / df), as story grouping was tuned with.
class IndexWeights {
 public:
  explicit IndexWeights(const Xapian::Database& db) : db_(db) {}
  [[nodiscard]] double operator()(std::string_view key);

 private:
  const Xapian::Database& db_;
  std::unordered_map<std::string, double> cache_;
};

// The same from counts kept by the caller, for articles not yet in any
// index (a build from shards): seen() each article's keys once.
class RunningWeights {
 public:
  void seen(std::string_view key) { ++df_[std::string(key)]; }
  void article() { ++articles_; }
  [[nodiscard]] double operator()(std::string_view key) const;

 private:
  std::unordered_map<std::string, std::uint32_t> df_;
  std::uint64_t articles_ = 0;
};

}  // namespace byline::detail
