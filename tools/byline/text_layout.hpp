// Laying text out on a terminal: display widths and line wrapping, for
// every script a news index holds (ICU's line breaking and East Asian
// widths), with ANSI styles kept intact across the breaks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace byline::cli {

// Columns a terminal gives `text`, as wcwidth() counts them: 2 for East Asian
// wide and fullwidth characters (CJK ideographs, kana, Hangul syllables), 0
// for combining marks, format characters (zero-width space and joiners) and
// control characters, 1 for the rest. ANSI escape sequences take none.
[[nodiscard]] std::size_t columns(std::string_view text);

// The terminal's width in columns: the window's size when `fd` is a
// terminal, else $COLUMNS, else 80.
[[nodiscard]] std::size_t terminal_width(int fd);

// The widest text byline lays out, however wide the terminal. Lines of 95
// columns or more are hard to read: the eye loses its place going back to
// the start of the next one (typographers keep prose to 45-75 characters;
// monospace search results, scanned more than read, bear somewhat more). 100
// columns leaves a snippet, after its 5-column indent, 95: about 15 English
// words or 47 Japanese characters a line, and leaves 80-column terminals,
// the common case, unaffected.
inline constexpr std::size_t kMaxTextWidth = 100;

// The width to lay text out at on a terminal `terminal_columns` wide: the
// terminal's width up to kMaxTextWidth; 0 (not wrapped) stays 0.
[[nodiscard]] std::size_t text_width(std::size_t terminal_columns);

// `text` wrapped to `width` columns, every line after the first indented by
// `indent` spaces (the first line is taken to start after an indent as
// wide, which the caller prints). Lines break where Unicode's line breaking
// rules allow (UAX #14: after spaces and hyphens, between CJK characters,
// never before closing punctuation such as "。"); a word wider than the line
// is broken between characters, and the spaces at a break are dropped. A
// blank line (two newlines or more) is a paragraph break and is kept; a
// single newline (with the spaces around it) and a tab become a space. ANSI styles open across a
// break are closed before it and opened again after the indent, so no line leaks a highlight into
// the next one's indent. With `width` 0, `text` is returned unchanged.
[[nodiscard]] std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

// As wrap(), for a list whose items are joined by `separator` (as in
// "BBC News 3 · Reuters 2"): lines break only after a separator, whose
// trailing spaces are dropped, unless an item alone is wider than a line.
[[nodiscard]] std::string wrap_list(std::string_view text, std::string_view separator,
                                    std::size_t width, std::size_t indent);

// `text` without its ANSI escape sequences.
[[nodiscard]] std::string strip_styles(std::string_view text);

}  // namespace byline::cli
