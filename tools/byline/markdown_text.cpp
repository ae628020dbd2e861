#include "byline/markdown_text.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "byline/markdown.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

using markdown::Block;
using markdown::Span;

// The space between two columns of a table.
constexpr std::size_t kColumnGap = 2;

std::string inline_text(std::string_view text, const Style& style) {
  std::string out;
  for (const Span& span : markdown::parse_spans(text)) {
    switch (span.kind) {
      case Span::Kind::code:
        out += style.enabled() ? style.bold(span.text) : "`" + span.text + "`";
        break;
      case Span::Kind::link:
        // The page is read away from the others it links to: their names
        // say where to look.
        out += span.text;
        if (const std::string page = span.target.substr(0, span.target.find('#'));
            !page.empty() && page != span.text)
          out += " (" + page + ")";
        break;
      default:
        out += span.text;
    }
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  if (lines.empty())
    lines.emplace_back();
  return lines;
}

std::size_t widest_word(std::string_view text) {
  std::size_t widest = 0;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(' '), text.size());
    widest = std::max(widest, columns(text.substr(0, end)));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return widest;
}

std::string table_text(const Block& table, std::size_t width, const Style& style) {
  std::size_t count = 0;
  for (const auto& row : table.rows)
    count = std::max(count, row.size());
  if (count == 0)
    return {};
  std::vector<std::vector<std::string>> cells;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < count; ++c) {
      std::string cell = c < table.rows[r].size() ? inline_text(table.rows[r][c], style) : "";
      row.push_back(r == 0 ? style.bold(cell) : cell);
    }
    cells.push_back(std::move(row));
  }
  const std::size_t gaps = kColumnGap * (count - 1);
  const std::vector<std::size_t> widths =
      table_column_widths(cells, width > gaps ? width - gaps : count);

  // Each row's cells wrapped in their columns; rows apart by a blank line
  // once one of them takes several lines, so that a row's end is seen.
  std::vector<std::vector<std::vector<std::string>>> wrapped;
  bool tall = false;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::vector<std::vector<std::string>> row;
    for (std::size_t c = 0; c < count; ++c) {
      row.push_back(split_lines(wrap(cells[r][c], widths[c], 0)));
      tall = tall || (r > 0 && row.back().size() > 1);
    }
    wrapped.push_back(std::move(row));
  }
  std::string out;
  for (std::size_t r = 0; r < wrapped.size(); ++r) {
    if (r > 1 && tall)
      out += '\n';
    std::size_t height = 0;
    for (const auto& cell : wrapped[r])
      height = std::max(height, cell.size());
    for (std::size_t line = 0; line < height; ++line) {
      std::string text;
      for (std::size_t c = 0; c < count; ++c) {
        const std::string part = line < wrapped[r][c].size() ? wrapped[r][c][line] : "";
        if (c > 0)
          text.append(kColumnGap, ' ');
        text += part;
        if (c + 1 < count)
          text.append(widths[c] - std::min(widths[c], columns(part)), ' ');
      }
      text.erase(text.find_last_not_of(' ') + 1);
      out += text + '\n';
    }
    if (r == 0) {
      std::string rule;
      for (std::size_t c = 0; c < count; ++c)
        rule += (c > 0 ? std::string(kColumnGap, ' ') : "") + std::string(widths[c], '-');
      out += style.dim(rule) + '\n';
    }
  }
  return out;
}

std::string block_text(const Block& block, std::size_t width, const Style& style) {
  switch (block.kind) {
    case Block::Kind::heading: {
      const std::string title = inline_text(block.text, Style(false));
      if (block.level > 2)
        return style.bold(title) + '\n';
      const char rule = block.level == 1 ? '=' : '-';
      return style.bold(title) + '\n' + std::string(columns(title), rule) + '\n';
    }
    case Block::Kind::list_item:
      return "  - " + wrap(inline_text(block.text, style), width, 4) + '\n';
    case Block::Kind::code: {
      std::string out;
      for (const std::string& line : split_lines(block.text))
        out += line.empty() ? "\n" : "    " + line + '\n';
      return out;
    }
    case Block::Kind::table:
      return table_text(block, width, style);
    default:
      return wrap(inline_text(block.text, style), width, 0) + '\n';
  }
}

}  // namespace

std::vector<std::size_t> table_column_widths(const std::vector<std::vector<std::string>>& cells,
                                             std::size_t room) {
  std::size_t count = 0;
  for (const auto& row : cells)
    count = std::max(count, row.size());
  std::vector<std::size_t> natural(count, 0);
  std::vector<std::size_t> least(count, 0);
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      natural[c] = std::max(natural[c], columns(row[c]));
      least[c] = std::max(least[c], widest_word(strip_styles(row[c])));
    }
  }
  const std::size_t needed = std::accumulate(natural.begin(), natural.end(), std::size_t{0});
  if (needed <= room)
    return natural;
  const std::size_t floor = std::accumulate(least.begin(), least.end(), std::size_t{0});
  std::vector<std::size_t> widths(count);
  if (floor >= room) {
    // Words wider than their share are broken (wrap() breaks them).
    for (std::size_t c = 0; c < count; ++c)
      widths[c] = std::max<std::size_t>(4, room * least[c] / std::max<std::size_t>(floor, 1));
    return widths;
  }
  const std::size_t spare = room - floor;
  const std::size_t wanted = needed - floor;
  for (std::size_t c = 0; c < count; ++c)
    widths[c] = least[c] + spare * (natural[c] - least[c]) / wanted;
  return widths;
}

std::string markdown_as_text(std::string_view markdown, std::size_t width, const Style& style) {
  // Narrower than this, a table's columns are a word wide.
  width = std::max<std::size_t>(width, 40);
  std::string out;
  const std::vector<Block> blocks = markdown::parse_blocks(markdown);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    // A blank line between blocks, but between the items of a list.
    if (i > 0 &&
        !(blocks[i].kind == Block::Kind::list_item && blocks[i - 1].kind == Block::Kind::list_item))
      out += '\n';
    out += block_text(blocks[i], width, style);
  }
  return out;
}

}  // namespace byline::cli
