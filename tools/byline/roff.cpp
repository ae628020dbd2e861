#include "byline/roff.hpp"

#include <algorithm>
#include <vector>

#include "byline/markdown.hpp"
#include "byline/markdown_text.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli::roff {

namespace {

using markdown::Block;
using markdown::Span;

// The width of a man page's text on an 80-column terminal: man-db's line
// of 78 columns, less the indent of 7.
constexpr std::size_t kPageWidth = 71;
// The room tbl leaves between two columns, in columns (its default, 3n).
constexpr std::size_t kTableGap = 3;

std::string escape(std::string_view text, bool straight_quotes) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\''))
      out += "\\&";
    line_start = c == '\n';
    switch (c) {
      case '\\':
        out += "\\e";
        break;
      case '-':
        out += "\\-";
        break;
      case '^':
        out += "\\(ha";
        break;
      case '~':
        out += "\\(ti";
        break;
      case '`':
        out += "\\(ga";
        break;
      case '\'':
        out += straight_quotes ? "\\(aq" : "'";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string inline_roff(std::string_view text) {
  std::string out;
  for (const Span& span : markdown::parse_spans(text)) {
    switch (span.kind) {
      case Span::Kind::code:
        out += bold(span.text);
        break;
      case Span::Kind::emphasis:
        out += italic(span.text);
        break;
      case Span::Kind::link: {
        // As on the terminal (markdown_text.cpp): the page linked to, named.
        out += escaped(span.text);
        if (const std::string page = span.target.substr(0, span.target.find('#'));
            !page.empty() && page != span.text)
          out += " (" + escaped(page) + ")";
        break;
      }
      default:
        out += escaped(span.text);
    }
  }
  return out;
}

std::string upper_case(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// A tbl(1) table: the header row in bold, the columns as wide as the
// terminal's text (table_column_widths(), as `byline help query` lays them
// out), each cell a text block (T{ ... T}) that wraps within its column.
std::string table(const Block& block) {
  // The cells' text for their widths, with a space where bold() lets troff
  // break a word.
  std::vector<std::vector<std::string>> plain;
  std::size_t count = 0;
  for (const auto& row : block.rows) {
    std::vector<std::string> cells;
    for (const std::string& cell : row) {
      std::string text;
      for (const char c : markdown::plain_text(cell)) {
        text += c;
        if (c == '/' || c == '_' || (c == ':' && text.ends_with("::")))
          text += ' ';
      }
      cells.push_back(std::move(text));
    }
    count = std::max(count, cells.size());
    plain.push_back(std::move(cells));
  }
  if (count == 0)
    return {};
  const std::size_t gaps = kTableGap * (count - 1);
  const std::vector<std::size_t> widths =
      table_column_widths(plain, kPageWidth > gaps ? kPageWidth - gaps : count);
  std::string header_format;
  std::string row_format;
  for (std::size_t c = 0; c < count; ++c) {
    const std::string width = "w(" + std::to_string(std::max<std::size_t>(widths[c], 1)) + "n)";
    header_format += (c > 0 ? " " : "") + std::string("lb") + width;
    row_format += (c > 0 ? " " : "") + std::string("l") + width;
  }
  // The table's height, asked for with .ne before it: in man's continuous
  // page (groff's -rcR=1, on a terminal) that makes the page long enough
  // before tbl sets the text blocks, which otherwise warns that one "will not
  // fit on one page" wherever the page's first length ends.
  std::size_t height = 2;  // the header's rule, a margin
  for (const auto& row : plain) {
    std::size_t lines = 1;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string text = wrap(row[c], widths[c], 0);
      lines = std::max<std::size_t>(
          lines, 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    }
    height += lines;
  }
  std::string out =
      ".ne " + std::to_string(height) + "v\n.TS\n" + header_format + "\n" + row_format + ".\n";
  for (std::size_t r = 0; r < block.rows.size(); ++r) {
    for (std::size_t c = 0; c < count; ++c) {
      if (c > 0)
        out += '\t';
      const std::string& cell = c < block.rows[r].size() ? block.rows[r][c] : std::string();
      // Ragged right: a narrow column justified is mostly gaps.
      out += "T{\n.ad l\n" + inline_roff(cell) + "\nT}";
    }
    out += '\n';
    if (r == 0)
      out += "_\n";
  }
  return out + ".TE\n";
}

}  // namespace

std::string escaped(std::string_view text) {
  return escape(text, false);
}

std::string literal(std::string_view text) {
  return escape(text, true);
}

std::string bold(std::string_view text) {
  // "\\%" before each word: troff never hyphenates it (a query or an option
  // broken by a hyphen that is not in it would be typed wrong).
  // "\\:" after a slash, an underscore or "::": a place to break a long
  // name (SearchOptions::max_wildcard_terms) in a narrow column.
  std::string out = "\\fB\\%";
  const std::string escaped_text = literal(text);
  for (std::size_t i = 0; i < escaped_text.size(); ++i) {
    const char c = escaped_text[i];
    out += c;
    if (c == ' ')
      out += "\\%";
    else if (c == '/' || c == '_' || (c == ':' && i > 0 && escaped_text[i - 1] == ':'))
      out += "\\:";
  }
  return out + "\\fR";
}

std::string italic(std::string_view text) {
  return "\\fI" + escaped(text) + "\\fR";
}

std::string from_markdown(std::string_view markdown) {
  std::string out;
  for (const Block& block : markdown::parse_blocks(markdown)) {
    switch (block.kind) {
      case Block::Kind::heading:
        if (block.level == 2)
          out += ".SH\n" + escaped(upper_case(markdown::plain_text(block.text))) + "\n";
        else if (block.level > 2)
          out += ".SS\n" + escaped(markdown::plain_text(block.text)) + "\n";
        break;
      case Block::Kind::list_item:
        out += ".IP \\(bu 2\n" + inline_roff(block.text) + "\n";
        break;
      case Block::Kind::code:
        out += ".PP\n.RS 4\n.nf\n" + literal(block.text) + ".fi\n.RE\n";
        break;
      case Block::Kind::table:
        out += ".PP\n" + table(block);
        break;
      default:
        out += ".PP\n" + inline_roff(block.text) + "\n";
    }
  }
  return out;
}

}  // namespace byline::cli::roff
