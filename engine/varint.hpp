// Varints, as byline's stored encodings write unsigned numbers: 7 bits a
// byte, low bits first, the high bit set on every byte but the last (the
// body's resume points, fingerprints, story features, the vocabulary).
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

// Reads a varint off the front of `in`; none when `in` ends inside one or
// it does not fit in 64 bits. With `canonical`, also none for a number written
// with more bytes than put_varint() would (a last byte of 0 after others).
inline std::optional<std::uint64_t> get_varint(std::string_view& in, bool canonical = false) {
  std::uint64_t v = 0;
  for (unsigned shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) {
      if (shift == 63 && byte > 1)
        return std::nullopt;  // bits past the 64th
      return canonical && byte == 0 && shift > 0 ? std::nullopt : std::optional(v);
    }
  }
  return std::nullopt;
}

}  // namespace byline::detail
