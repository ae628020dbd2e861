// mark_up(): highlights drawn as HTML or ANSI (byline/snippet.hpp).
#include <string>

#include "byline/snippet.hpp"
#include "engine/utf8.hpp"

namespace byline {

namespace {

constexpr std::string_view kAnsiOn = "\x1b[7m";    // reverse video
constexpr std::string_view kAnsiOff = "\x1b[27m";  // reverse off, other styles kept

bool continuation(std::string_view text, std::size_t at) {
  return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

// Moves `at` back to the start of the UTF-8 sequence it falls in.
std::size_t sequence_start(std::string_view text, std::size_t at) {
  for (int k = 0; k < 3 && at > 0 && continuation(text, at); ++k)
    --at;
  return at;
}

// Moves `at` forward past the continuation bytes it falls on.
std::size_t sequence_end(std::string_view text, std::size_t at) {
  for (int k = 0; k < 3 && continuation(text, at); ++k)
    ++at;
  return at;
}

void append_text(std::string& out, std::string_view text, Markup markup) {
  switch (markup) {
    case Markup::none:
      out += text;
      return;
    case Markup::html:
      for (const char c : text) {
        switch (c) {
          case '&':
            out += "&amp;";
            break;
          case '<':
            out += "&lt;";
            break;
          case '>':
            out += "&gt;";
            break;
          case '"':
            out += "&quot;";
            break;
          case '\'':
            out += "&#39;";
            break;
          default:
            out += c;
        }
      }
      return;
    case Markup::ansi:
      for (std::size_t at = 0; at < text.size();) {
        const auto d = utf8::decode(text, at);
        const char32_t c = d.code_point;
        if (c == '\n') {
          out += '\n';  // a whole article keeps its paragraphs
        } else if (c == '\t') {
          out += ' ';
        } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || !d.valid) {
          utf8::append(out, utf8::kReplacement);
        } else {
          out.append(text.substr(at, d.length));
        }
        at += d.length;
      }
      return;
  }
}

}  // namespace

std::string mark_up(std::string_view text, const std::vector<Highlight>& highlights,
                    Markup markup) {
  std::string out;
  out.reserve(text.size() + highlights.size() * 16);
  std::size_t at = 0;
  for (const Highlight& h : highlights) {
    const std::size_t begin = sequence_start(text, h.begin);
    const std::size_t end = sequence_end(text, h.end);
    if (h.end > text.size() || begin < at || end <= begin)
      continue;
    append_text(out, text.substr(at, begin - at), markup);
    out += markup == Markup::html ? "<mark>" : markup == Markup::ansi ? kAnsiOn : "";
    append_text(out, text.substr(begin, end - begin), markup);
    out += markup == Markup::html ? "</mark>" : markup == Markup::ansi ? kAnsiOff : "";
    at = end;
  }
  append_text(out, text.substr(at), markup);
  return out;
}

}  // namespace byline
