// Varints, as byline's stored encodings write unsigned numbers: 7 bits a
// byte, low bits first, the high bit set on every byte but the last (the
// body's resume points, fingerprints, story features). Each format reads
// them back its own way, with its own checks.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <cstdint>
#include <string>

namespace byline::detail {

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

}  // namespace byline::detail
