// A small deterministic random number generator (SplitMix64). The standard
// library's distributions are implementation-defined, so the corpus generator
// uses this and integer arithmetic only: the same seed gives the same bytes
// on every platform and compiler.
#pragma once

#include <cstdint>

namespace byline::bench {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); n > 0. The modulo bias is far below anything measured.
  std::uint64_t below(std::uint64_t n) { return next() % n; }

  // True with probability per_mille / 1000.
  bool chance(std::uint64_t per_mille) { return below(1000) < per_mille; }

 private:
  std::uint64_t state_;
};

// A stable 64-bit hash (FNV-1a), for seeds derived from names.
inline std::uint64_t stable_hash(const char* data, std::uint64_t size) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (std::uint64_t i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace byline::bench
