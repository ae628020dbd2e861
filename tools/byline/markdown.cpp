#include "byline/markdown.hpp"

#include <algorithm>
#include <cctype>

namespace byline::cli::markdown {

namespace {

std::string_view trimmed(std::string_view s) {
  const std::size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos)
    return {};
  const std::size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end + 1 - begin);
}

bool is_fence(std::string_view line) {
  return trimmed(line).starts_with("```");
}

// "## Fields": 2; 0 when `line` is not a heading.
int heading_level(std::string_view line) {
  const std::size_t hashes = line.find_first_not_of('#');
  if (hashes == 0 || hashes > 6 || hashes == std::string_view::npos || line[hashes] != ' ')
    return 0;
  return static_cast<int>(hashes);
}

bool is_table_row(std::string_view line) {
  return trimmed(line).starts_with('|');
}

bool is_list_item(std::string_view line) {
  return line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ';
}

// "| --- | :--: |", the line under a table's header.
bool is_delimiter_row(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("-: ") == std::string::npos;
  });
}

// A table row's cells: split at each "|" not escaped as "\|" (which stays
// in the cell's inline Markdown, for parse_spans to resolve), the outer
// pipes left out.
std::vector<std::string> table_cells(std::string_view line) {
  line = trimmed(line);
  if (line.starts_with('|'))
    line.remove_prefix(1);
  if (line.ends_with('|') && !line.ends_with("\\|"))
    line.remove_suffix(1);
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (line[i] == '|') {
      cells.emplace_back(trimmed(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  cells.emplace_back(trimmed(cell));
  return cells;
}

bool is_ascii_punctuation(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0;
}

void add_text(std::vector<Span>& spans, std::string_view text) {
  if (text.empty())
    return;
  if (!spans.empty() && spans.back().kind == Span::Kind::text) {
    spans.back().text += text;
  } else {
    spans.push_back({Span::Kind::text, std::string(text), {}});
  }
}

// The backslash escapes of `text` resolved: "\*" as "*".
std::string unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && is_ascii_punctuation(text[i + 1]))
      ++i;
    out += text[i];
  }
  return out;
}

}  // namespace

std::vector<Block> parse_blocks(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  std::vector<Block> blocks;
  // Whether the last block takes the next line of text: a paragraph or a
  // list item before a blank line.
  bool open = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (trimmed(line).empty()) {
      open = false;
    } else if (is_fence(line)) {
      Block code{Block::Kind::code, 0, {}, {}};
      for (++i; i < lines.size() && !is_fence(lines[i]); ++i)
        code.text.append(lines[i]).append("\n");
      blocks.push_back(std::move(code));
      open = false;
    } else if (const int level = heading_level(line); level > 0) {
      blocks.push_back({Block::Kind::heading, level, std::string(trimmed(line.substr(level))), {}});
      open = false;
    } else if (is_table_row(line)) {
      Block table{Block::Kind::table, 0, {}, {}};
      for (; i < lines.size() && is_table_row(lines[i]); ++i) {
        std::vector<std::string> cells = table_cells(lines[i]);
        if (!is_delimiter_row(cells))
          table.rows.push_back(std::move(cells));
      }
      --i;
      blocks.push_back(std::move(table));
      open = false;
    } else if (is_list_item(line)) {
      blocks.push_back({Block::Kind::list_item, 0, std::string(trimmed(line.substr(2))), {}});
      open = true;
    } else if (open) {
      blocks.back().text.append(" ").append(trimmed(line));
    } else {
      blocks.push_back({Block::Kind::paragraph, 0, std::string(trimmed(line)), {}});
      open = true;
    }
  }
  return blocks;
}

std::vector<Span> parse_spans(std::string_view text) {
  std::vector<Span> spans;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && is_ascii_punctuation(text[i + 1])) {
      add_text(spans, text.substr(i + 1, 1));
      i += 2;
      continue;
    }
    if (c == '`') {
      // A code span closes at a run of as many backticks as opened it.
      const std::size_t run = std::min(text.find_first_not_of('`', i), text.size()) - i;
      const std::string fence(run, '`');
      std::size_t close = text.find(fence, i + run);
      while (close != std::string_view::npos && close + run < text.size() &&
             text[close + run] == '`')
        close = text.find(fence, text.find_first_not_of('`', close));
      if (close == std::string_view::npos) {
        add_text(spans, fence);
        i += run;
        continue;
      }
      std::string_view code = text.substr(i + run, close - i - run);
      // "`` `x` ``": one space inside each end is padding.
      if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
          code.find_first_not_of(' ') != std::string_view::npos)
        code = code.substr(1, code.size() - 2);
      spans.push_back({Span::Kind::code, std::string(code), {}});
      i = close + run;
      continue;
    }
    if (c == '*' && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '*') {
      // Emphasis: "*word*", the closing asterisk after a character that is
      // not a space.
      std::size_t close = text.find('*', i + 1);
      while (close != std::string_view::npos && text[close - 1] == ' ')
        close = text.find('*', close + 1);
      if (close != std::string_view::npos) {
        spans.push_back({Span::Kind::emphasis, unescaped(text.substr(i + 1, close - i - 1)), {}});
        i = close + 1;
        continue;
      }
    }
    if (c == '[') {
      // A link: "[text](target)".
      const std::size_t text_end = text.find(']', i + 1);
      const std::size_t target_end =
          text_end == std::string_view::npos || text.substr(text_end + 1, 1) != "("
              ? std::string_view::npos
              : text.find(')', text_end + 2);
      if (target_end != std::string_view::npos) {
        spans.push_back({Span::Kind::link, plain_text(text.substr(i + 1, text_end - i - 1)),
                         std::string(text.substr(text_end + 2, target_end - text_end - 2))});
        i = target_end + 1;
        continue;
      }
    }
    const std::size_t next = std::min(text.find_first_of("\\`*[", i + 1), text.size());
    add_text(spans, text.substr(i, next - i));
    i = next;
  }
  return spans;
}

std::string plain_text(std::string_view inline_markdown) {
  std::string out;
  for (const Span& span : parse_spans(inline_markdown))
    out += span.text;
  return out;
}

}  // namespace byline::cli::markdown
