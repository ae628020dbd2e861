// Turning the raw bytes of an input file into UTF-8 text.
//
// News scrapes arrive in whatever encoding the site or the scraper used:
// mostly UTF-8, sometimes with a BOM, sometimes UTF-16 from Windows tools,
// and often enough Windows-1252 mislabelled as "Latin-1". Xapian silently
// reads invalid UTF-8 as Latin-1, so nothing may reach it undecoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

struct DecodedText {
  // UTF-8, BOM removed, line endings "\n". Empty when `error` is set.
  std::string text;
  // The charset the bytes were read as: "UTF-8", "UTF-16LE", "windows-1252", ...
  std::string charset;
  // Set when the text was readable but not UTF-8, e.g.
  // "not UTF-8: read as windows-1252". The text is still usable.
  std::optional<std::string> warning;
  // Set when the bytes are not text at all ("empty file", "binary file (NUL
  // byte at offset 12)"); the input should be skipped.
  std::optional<std::string> error;

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// Decodes `bytes` by these rules, in order:
//   1. a UTF-8 BOM is dropped; a UTF-16 or UTF-32 BOM selects that encoding;
//   2. NUL bytes mean UTF-16 without a BOM if ICU's detector is confident and
//      the result reads as text, else a binary file (an error);
//   3. valid UTF-8 is taken as is; UTF-8 with a few invalid sequences among
//      more valid multi-byte ones is a damaged file (an error): read in any
//      other charset, all its accented letters would come out garbled;
//   4. anything else is detected with ICU and converted; ISO-8859-1 is read as
//      windows-1252 (as browsers do), and a warning says so.
// Then CRLF and lone CR become LF. Input that is empty or only whitespace is
// an error. Never throws on malformed bytes (only std::bad_alloc).
[[nodiscard]] DecodedText decode_text(std::string_view bytes);

// CRLF and lone CR -> LF.
[[nodiscard]] std::string normalize_line_endings(std::string_view text);

}  // namespace byline::detail
