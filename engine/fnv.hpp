// 64-bit FNV-1a: the same on every platform and in every run, so that what
// byline derives from it (ids of text without one, the shard an id goes to,
// near-duplicate bands, the alias table's fingerprint) is too.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace byline::detail {

[[nodiscard]] inline std::uint64_t fnv1a(std::string_view bytes) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The hash as 16 lowercase hex digits.
[[nodiscard]] inline std::string fnv1a_hex(std::string_view bytes) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
  return buffer;
}

}  // namespace byline::detail
