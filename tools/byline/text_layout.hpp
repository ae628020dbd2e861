// Laying text out on a terminal: widths and word wrapping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace byline::cli {

// Columns a terminal gives `text`: one per code point, ANSI escape sequences
// excluded. Right for the Latin, Greek and Cyrillic text of most news (wide
// CJK characters are off by one each).
[[nodiscard]] std::size_t columns(std::string_view text);

// The terminal's width in columns: the window's size when `fd` is a
// terminal, else $COLUMNS, else 80.
[[nodiscard]] std::size_t terminal_width(int fd);

// `text` wrapped at word boundaries to `width` columns, every line after the
// first indented by `indent` spaces. Paragraph breaks (blank lines) are kept;
// single newlines inside a paragraph become spaces.
[[nodiscard]] std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

}  // namespace byline::cli
