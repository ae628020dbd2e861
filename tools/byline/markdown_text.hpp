// A Markdown page (markdown.hpp) laid out as text for a terminal, as
// `byline help query` shows docs/query-language.md: headings underlined,
// paragraphs wrapped, code blocks indented and left as written, tables in
// columns, each cell wrapped within its column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "byline/terminal.hpp"

namespace byline::cli {

// `markdown` as text lines of at most `width` columns (but for code
// blocks' lines, which are shown as written). With `style` enabled,
// headings and code are bold; without, code keeps its backticks, which tell
// a query's text from the prose around it.
[[nodiscard]] std::string markdown_as_text(std::string_view markdown, std::size_t width,
                                           const Style& style);

// The widths of a table's columns, its rows of `cells` (as shown; ANSI
// styles take no room) laid out in `room` columns, the gaps between
// columns left out: the widths of the widest cells when they fit; else at
// least the widest word of each column, and the room left shared in
// proportion to what each column still needs, as browsers lay out tables.
[[nodiscard]] std::vector<std::size_t> table_column_widths(
    const std::vector<std::vector<std::string>>& cells, std::size_t room);

}  // namespace byline::cli
