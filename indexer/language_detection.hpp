// The language of a text, when its markup does not say (CLD2, the compact
// language detector of Chromium).
#pragma once

#include <string>
#include <string_view>

namespace byline::detail {

// The ISO 639-1 code of the language `utf8_text` is written in ("en",
// "de", "zh", "ja", "he"), or empty when it cannot be told: text too short
// (fewer than 20 bytes of letters as CLD2 counts them), CLD2 not reliable,
// or a language without a two-letter code. Chinese is "zh" in both scripts
// (CLD2 says "zh-Hant" for traditional characters); CLD2's old codes are
// brought up to date ("iw" -> "he", "jw" -> "jv"). Only the first 64 KiB
// are read; invalid UTF-8 ends the text read. Never throws.
[[nodiscard]] std::string detect_language(std::string_view utf8_text) noexcept;

}  // namespace byline::detail
