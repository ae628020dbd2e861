#include "byline/text_layout.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace byline::cli {

std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      // CSI sequence: ESC [ ... final byte in @..~
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~' && text[i] != '['))
        ++i;
      continue;
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      ++n;
  }
  return n;
}

std::size_t terminal_width(int fd) {
  winsize size{};
  if (::isatty(fd) != 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* env = std::getenv("COLUMNS"); env != nullptr) {
    const long value = std::strtol(env, nullptr, 10);
    if (value > 0)
      return static_cast<std::size_t>(value);
  }
  return 80;
}

namespace {

// Follows the SGR escape sequences in `word`: `active` is the last one that
// turned a style on, empty after a reset.
void track_style(std::string_view word, std::string& active) {
  for (std::size_t at = word.find("\x1b["); at != std::string_view::npos;
       at = word.find("\x1b[", at + 1)) {
    const std::size_t m = word.find('m', at);
    if (m == std::string_view::npos)
      return;
    const std::string_view code = word.substr(at + 2, m - at - 2);
    const bool reset = code.empty() || code == "0" || code == "22" || code == "27";
    active = reset ? std::string() : std::string(word.substr(at, m - at + 1));
  }
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  const std::string pad(indent, ' ');
  const std::size_t usable = width > indent + 10 ? width - indent : 10;
  std::string out;
  std::string active;    // the style open at this point, if any
  std::size_t line = 0;  // columns on the current line, after the indent
  bool fresh_paragraph = true;
  std::size_t i = 0;
  while (i < text.size()) {
    // Blank line(s): a paragraph break.
    if (text[i] == '\n') {
      std::size_t newlines = 0;
      while (i < text.size() && (text[i] == '\n' || text[i] == ' ' || text[i] == '\r')) {
        newlines += text[i] == '\n' ? 1 : 0;
        ++i;
      }
      if (newlines >= 2 && !out.empty()) {
        out += "\n\n" + pad;
        line = 0;
        fresh_paragraph = true;
        continue;
      }
      if (i >= text.size())
        break;
    }
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t')
      ++end;
    const std::string_view word = text.substr(i, end - i);
    const std::size_t w = columns(word);
    if (!fresh_paragraph && line > 0 && line + 1 + w > usable) {
      // A style (a highlight) open across the break stops before the
      // newline and starts again after the indent.
      out += active.empty() ? "\n" + pad : "\x1b[0m\n" + pad + active;
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += w;
    track_style(word, active);
    fresh_paragraph = false;
    i = end;
  }
  return out;
}

}  // namespace byline::cli
