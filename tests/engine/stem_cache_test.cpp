// The analyzer's stem cache: what goes in comes out, through growth and
// through the emptying that bounds it.
#include "engine/stem_cache.hpp"

#include <doctest/doctest.h>

#include <string>

using byline::detail::StemCache;

TEST_CASE("the stem cache finds what it holds, through growth, and stays bounded") {
  StemCache cache;
  CHECK(cache.find("pledged") == nullptr);
  CHECK(cache.insert("pledged", "pledg") == "pledg");
  REQUIRE(cache.find("pledged") != nullptr);
  CHECK(*cache.find("pledged") == "pledg");
  CHECK(cache.find("pledge") == nullptr);

  // Past every growth step and past the bound, which empties it once.
  StemCache bounded;
  const std::size_t total = StemCache::kMaxEntries + 1000;
  for (std::size_t k = 0; k < total; ++k) {
    const std::string word = "w" + std::to_string(k);
    REQUIRE_FALSE(bounded.find(word));
    bounded.insert(word, "s" + std::to_string(k));
    REQUIRE(bounded.size() <= StemCache::kMaxEntries);
  }
  CHECK(bounded.size() == total - StemCache::kMaxEntries);
  for (std::size_t k = 0; k < total; ++k) {
    const std::string* stem = bounded.find("w" + std::to_string(k));
    if (k < StemCache::kMaxEntries) {
      REQUIRE(stem == nullptr);  // emptied
    } else {
      REQUIRE(stem != nullptr);
      REQUIRE(*stem == "s" + std::to_string(k));
    }
  }
}
