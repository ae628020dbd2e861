// StemCache: the stems of words already seen, for one Analyzer.
//
// Stemming is a pure function of the word and the language, and a few
// thousand words make most of any text, so a cache saves most of the
// stemmer's cost. One look-up per word analysed makes the cache itself hot
// (a node-based std::unordered_map was 4-5% of indexing and 14% of a
// snippet query, mostly cache misses on its nodes): this is an open-
// addressing table, each entry in one slot of one array. Bounded: emptied
// when it holds kMaxEntries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

class StemCache {
 public:
  static constexpr std::size_t kMaxEntries = 3 << 15;  // 3/4 of 2^17 slots of 80 bytes: 10 MB

  // The cached stem of `term`, or null.
  [[nodiscard]] const std::string* find(std::string_view term) const;

  // Caches `stem` for `term` (not cached yet); returns the cached stem.
  const std::string& insert(std::string_view term, std::string stem);

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  struct Slot {
    std::size_t hash = 0;
    bool used = false;
    std::string term;
    std::string stem;
  };

  [[nodiscard]] std::size_t probe(std::string_view term, std::size_t hash) const;
  void rehash(std::size_t capacity);

  std::vector<Slot> slots_;  // a power of two in size, at most 3/4 used
  std::size_t size_ = 0;
};

}  // namespace byline::detail
