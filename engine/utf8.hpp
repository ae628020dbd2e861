// UTF-8 helpers shared by the layers: validation and decoding that never
// throw on malformed input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace byline::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point starting at text[offset]. On a malformed or
// truncated sequence returns kReplacement with length 1, so callers always
// make progress. Overlong forms, surrogates and values past U+10FFFF are
// malformed.
struct Decoded {
  char32_t code_point;
  std::size_t length;
  bool valid;
};
[[nodiscard]] Decoded decode(std::string_view text, std::size_t offset) noexcept;

// The byte offset of the first malformed sequence, or nullopt if `text` is
// valid UTF-8.
[[nodiscard]] std::optional<std::size_t> find_invalid(std::string_view text) noexcept;

// Appends the UTF-8 encoding of cp.
void append(std::string& out, char32_t cp);

}  // namespace byline::utf8
