// The part of Markdown byline's documentation is written in (docs/*.md),
// read into blocks and inline spans, for the command to show a page on a
// terminal (`byline help query`) and to write it as a man page: headings,
// paragraphs, bullet lists, fenced code blocks and tables (GitHub's); code
// spans, emphasis and links. Anything else reads as a paragraph's text, as
// it is written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline::cli::markdown {

struct Block {
  enum class Kind { heading, paragraph, list_item, code, table };
  Kind kind = Kind::paragraph;
  // A heading's level: 1 for "#", 2 for "##", and so on.
  int level = 0;
  // A heading, paragraph or list item: its inline Markdown, the lines
  // joined by spaces. A code block: its lines as written, each ending in a
  // newline.
  std::string text;
  // A table: its rows, the header first (the "| --- |" line left out), each
  // a list of cells of inline Markdown.
  std::vector<std::vector<std::string>> rows;
};

[[nodiscard]] std::vector<Block> parse_blocks(std::string_view text);

struct Span {
  enum class Kind { text, code, emphasis, link };
  Kind kind = Kind::text;
  // What is shown: code without its backticks, emphasis without its
  // asterisks, a link's text.
  std::string text;
  // A link's destination: "searching.md#aliases".
  std::string target;
};

// Inline Markdown as spans, in order; backslash escapes resolved.
[[nodiscard]] std::vector<Span> parse_spans(std::string_view text);

// The spans' text, without their markup: "the `*` alone" as "the * alone".
[[nodiscard]] std::string plain_text(std::string_view inline_markdown);

}  // namespace byline::cli::markdown
