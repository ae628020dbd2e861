#include "engine/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace byline::utf8 {

namespace {

// The end of the run of ASCII bytes at `offset`, found eight bytes at a time.
std::size_t end_of_ascii(std::string_view text, std::size_t offset) noexcept {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  for (std::uint64_t eight = 0; offset + sizeof eight <= text.size(); offset += sizeof eight) {
    std::memcpy(&eight, text.data() + offset, sizeof eight);
    if ((eight & kHighBits) != 0)
      break;
  }
  while (offset < text.size() && static_cast<unsigned char>(text[offset]) < 0x80)
    ++offset;
  return offset;
}

}  // namespace

Decoded decode(std::string_view text, std::size_t offset) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80)
    return {lead, 1, true};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {kReplacement, 1, false};
  }
  if (offset + length > text.size())
    return {kReplacement, 1, false};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80)
      return {kReplacement, 1, false};
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {kReplacement, 1, false};
  }
  return {cp, length, true};
}

std::optional<std::size_t> find_invalid(std::string_view text) noexcept {
  std::size_t offset = 0;
  while (offset < text.size()) {
    // ASCII runs are the common case: skipped without decoding.
    if (static_cast<unsigned char>(text[offset]) < 0x80) {
      offset = end_of_ascii(text, offset);
      continue;
    }
    const Decoded d = decode(text, offset);
    if (!d.valid)
      return offset;
    offset += d.length;
  }
  return std::nullopt;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace byline::utf8
