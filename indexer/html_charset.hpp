// Deciding the charset of an HTML page's bytes and decoding them to UTF-8,
// in the order browsers use (WHATWG HTML, "determining the character
// encoding"): a byte order mark, then the charset of the HTTP Content-Type,
// then a <meta> declaration near the top, then detection. Declarations lie
// often enough (a template says UTF-8, the CMS writes Windows-1252) that the
// bytes are checked against them: a declaration the bytes cannot be is
// overruled, with a warning saying so.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/decode.hpp"

namespace byline::detail {

// How much of a page the <meta> prescan reads. Browsers read 1024 bytes; a
// news page's head often carries kilobytes of inline script and style before
// its <meta charset>, so a little more.
inline constexpr std::size_t kCharsetPrescanBytes = 4096;

// The WHATWG Encoding Standard name of the encoding `label` stands for,
// label matched without case or surrounding spaces: "latin1", "us-ascii"
// and "iso-8859-1" give "windows-1252", "gb2312" gives "GBK", "utf8" gives
// "UTF-8". nullopt for unknown labels and for those the standard maps to
// "replacement" (ISO-2022-KR, HZ-GB-2312, ...), which no page is read as.
[[nodiscard]] std::optional<std::string> encoding_for_label(std::string_view label);

// The encoding declared by a <meta charset> or <meta http-equiv=Content-Type
// content="...; charset=..."> in the first kCharsetPrescanBytes of `bytes`,
// found as the WHATWG prescan finds it (comments and other tags skipped,
// unknown labels passed over; a UTF-16 declaration means UTF-8, as an
// ASCII-compatible prescan cannot have read UTF-16). nullopt when none.
[[nodiscard]] std::optional<std::string> prescan_meta_charset(std::string_view bytes);

// Decodes an HTML page to UTF-8 (line ends "\n"). `http_charset` is the
// charset parameter of the response's Content-Type, empty when there was
// none. `charset` in the result is the encoding read, by its WHATWG name.
// Warnings, the text still usable:
//   "declared UTF-8 but is not: read as windows-1252"
//   "declared windows-1252 but is UTF-8: read as UTF-8"
//   "declared UTF-8 with 3 invalid byte sequences: replaced with U+FFFD"
//   "unknown charset \"x-foo\" declared: read as UTF-8"
// Without a declaration the page is decoded as decode_text() decodes a
// file, errors included. Never throws on malformed bytes.
[[nodiscard]] DecodedText decode_html(std::string_view bytes, std::string_view http_charset = {});

}  // namespace byline::detail
