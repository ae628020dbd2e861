#include "byline/text_layout.hpp"

#include <sys/ioctl.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace byline::cli {

namespace {

constexpr char kEscape = '\x1b';

// The length of the escape sequence starting at text[at] (an ESC): a CSI
// sequence (ESC [ parameters, final byte in @..~), an OSC string (ESC ] ...
// to BEL or ESC \), else ESC and one byte.
std::size_t escape_length(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size())
    return text.size() - at;
  std::size_t end = at + 2;
  if (text[at + 1] == '[') {
    while (end < text.size() && !(text[end] >= '@' && text[end] <= '~'))
      ++end;
    return std::min(end + 1, text.size()) - at;
  }
  if (text[at + 1] == ']') {
    for (; end < text.size(); ++end) {
      if (text[end] == '\a')
        return end + 1 - at;
      if (text[end] == kEscape && end + 1 < text.size() && text[end + 1] == '\\')
        return end + 2 - at;
    }
    return text.size() - at;
  }
  return 2;
}

std::size_t code_point_columns(UChar32 c) {
  if (c < 0)
    return 1;  // invalid UTF-8: the terminal shows a replacement character
  if (c < 0x20 || (c >= 0x7f && c < 0xa0))
    return 0;
  if (c == 0xad)
    return 1;  // the soft hyphen, a format character that terminals show
  const auto category = static_cast<UCharCategory>(u_charType(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) {
    return 0;
  }
  if (c >= 0x1160 && c <= 0x11ff)
    return 0;  // Hangul medial vowels and final consonants join the syllable before
  const auto width = static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

// The parameters of an SGR sequence ("\x1b[1;7m" -> "1;7"), or nullopt for
// any other escape sequence.
std::optional<std::string_view> sgr_parameters(std::string_view escape) {
  if (escape.size() < 3 || escape[1] != '[' || escape.back() != 'm')
    return std::nullopt;
  return escape.substr(2, escape.size() - 3);
}

std::vector<std::string_view> split_parameters(std::string_view parameters) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t semicolon = parameters.find(';', start);
    out.push_back(parameters.substr(start, semicolon - start));
    if (semicolon == std::string_view::npos)
      return out;
    start = semicolon + 1;
  }
}

// Whether an escape sequence only turns styles off (a reset, 22-29, 39, 49):
// it belongs with the text before it, where a highlight ends.
bool closes_styles(std::string_view escape) {
  const auto parameters = sgr_parameters(escape);
  if (!parameters)
    return false;
  for (std::string_view p : split_parameters(*parameters)) {
    const bool closes = p.empty() || p == "0" || (p.size() == 2 && p[0] == '2' && p[1] >= '2') ||
                        p == "39" || p == "49";
    if (!closes)
      return false;
  }
  return true;
}

// The SGR attributes in force at a point of the text, so that a line break
// can close them and open them again after the indent.
class StyleState {
 public:
  // 30-37, 90-97, 38;...: foreground colours; 40-47, 100-107, 48;...: background.
  static bool is_colour(std::string_view code, bool foreground) {
    if (foreground) {
      return (code.size() == 2 && (code[0] == '3' || code[0] == '9')) || code.starts_with("38;");
    }
    return (code.size() == 2 && code[0] == '4') || (code.size() == 3 && code[0] == '1') ||
           code.starts_with("48;");
  }

  void apply(std::string_view escape) {
    const auto parameters = sgr_parameters(escape);
    if (!parameters)
      return;
    const auto list = split_parameters(*parameters);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string_view p = list[i];
      if (p.empty() || p == "0") {
        active_.clear();
      } else if (p == "22") {
        drop({"1", "2"});
      } else if (p.size() == 2 && p[0] == '2' && p[1] >= '3') {
        drop({std::string_view(&p[1], 1)});  // 23 ends 3, 24 ends 4, ...
      } else if (p == "39" || p == "49") {
        const bool foreground = p == "39";
        std::erase_if(active_,
                      [&](const std::string& code) { return is_colour(code, foreground); });
      } else if ((p == "38" || p == "48") && i + 1 < list.size()) {
        // 38;5;N or 38;2;R;G;B: one colour in several parameters.
        const std::size_t n = list[i + 1] == "5" ? 2 : list[i + 1] == "2" ? 4 : 0;
        std::string code(p);
        for (std::size_t k = 1; k <= n && i + k < list.size(); ++k)
          code += ";" + std::string(list[i + k]);
        i += n;
        active_.push_back(std::move(code));
      } else {
        active_.emplace_back(p);
      }
    }
  }

  [[nodiscard]] bool empty() const { return active_.empty(); }

  // The sequence that turns the attributes in force back on.
  [[nodiscard]] std::string reopen() const {
    std::string out = "\x1b[";
    for (std::size_t i = 0; i < active_.size(); ++i)
      out += (i == 0 ? "" : ";") + active_[i];
    return out + "m";
  }

 private:
  void drop(std::initializer_list<std::string_view> codes) {
    std::erase_if(active_, [&](const std::string& code) {
      return std::find(codes.begin(), codes.end(), code) != codes.end();
    });
  }
  std::vector<std::string> active_;
};

// Text to lay out: its characters without the escape sequences, its
// whitespace made plain (tabs and carriage returns are spaces, a run of
// whitespace with one newline is one space, a run with a blank line one
// '\n', none at either end; other runs of spaces stay), and the escape
// sequences with the position in `plain` they stand before.
struct Split {
  struct Escape {
    std::size_t at;
    std::string_view sequence;
  };
  std::string plain;
  std::vector<Escape> escapes;
};

Split split(std::string_view text) {
  Split out;
  std::size_t newlines = 0;
  std::size_t spaces = 0;
  bool space = false;
  std::vector<std::string_view> held;  // escape sequences met in a run of whitespace
  const auto flush_space = [&] {
    // In a run of whitespace, the sequences up to the last that closes a
    // style end the text before; the rest start the text after.
    std::size_t closing = 0;
    for (std::size_t k = 0; k < held.size(); ++k) {
      if (closes_styles(held[k]))
        closing = k + 1;
    }
    for (std::size_t k = 0; k < closing; ++k)
      out.escapes.push_back({out.plain.size(), held[k]});
    if (space && !out.plain.empty()) {
      if (newlines >= 2) {
        out.plain += '\n';
      } else {
        out.plain.append(newlines == 1 ? 1 : spaces, ' ');
      }
    }
    for (std::size_t k = closing; k < held.size(); ++k)
      out.escapes.push_back({out.plain.size(), held[k]});
    held.clear();
    space = false;
    newlines = 0;
    spaces = 0;
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == kEscape) {
      const std::size_t n = escape_length(text, i);
      if (space) {
        held.push_back(text.substr(i, n));
      } else {
        out.escapes.push_back({out.plain.size(), text.substr(i, n)});
      }
      i += n;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      newlines += c == '\n' ? 1 : 0;
      spaces += c == '\n' ? 0 : 1;
      ++i;
      continue;
    }
    if (space)
      flush_space();
    out.plain += c;
    ++i;
  }
  space = false;  // no whitespace at the end
  flush_space();
  return out;
}

// Where Unicode's line breaking rules (UAX #14) allow a break in `text`:
// byte offsets, the last one text.size().
std::vector<std::size_t> break_opportunities(const std::string& text) {
  std::vector<std::size_t> out;
  UErrorCode status = U_ZERO_ERROR;
  // Making a line break iterator loads its rules: once per thread.
  thread_local std::unique_ptr<icu::BreakIterator> lines(
      icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (lines != nullptr && U_SUCCESS(status)) {
    lines->setText(utext, status);  // a shallow clone: `utext` may go now
  }
  utext_close(utext);
  if (lines == nullptr || U_FAILURE(status)) {
    // Without ICU's rules: after each space.
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ' ' || text[i] == '\n')
        out.push_back(i + 1);
    }
  } else {
    for (int32_t at = lines->next(); at != icu::BreakIterator::DONE; at = lines->next())
      out.push_back(static_cast<std::size_t>(at));
  }
  if (out.empty() || out.back() != text.size())
    out.push_back(text.size());
  return out;
}

std::size_t plain_columns(std::string_view text) {
  std::size_t n = 0;
  int32_t i = 0;
  const auto size = static_cast<int32_t>(text.size());
  while (i < size) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, size, c);
    n += code_point_columns(c);
  }
  return n;
}

// Writes the lines: the text of `split` from break to break, each line as
// long as fits.
class LineWriter {
 public:
  LineWriter(const Split& split, std::size_t usable, std::size_t indent)
      : split_(split), usable_(usable), pad_(indent, ' ') {}

  std::string lay_out(const std::vector<std::size_t>& breaks) {
    const std::string& plain = split_.plain;
    std::size_t start = 0;
    for (const std::size_t end : breaks) {
      if (end <= start)
        continue;
      std::size_t visible = end;
      while (visible > start && (plain[visible - 1] == ' ' || plain[visible - 1] == '\n'))
        --visible;
      const std::size_t gap = plain_columns(std::string_view(plain).substr(done_, start - done_));
      const std::size_t width =
          plain_columns(std::string_view(plain).substr(start, visible - start));
      if (line_ > 0 && line_ + gap + width > usable_)
        line_break(start, false);
      if (width > usable_) {
        squeeze(start, visible);
      } else {
        emit(visible);
        line_ += (line_ > 0 ? gap : 0) + width;
      }
      if (plain[end - 1] == '\n')
        line_break(end, true);
      start = end;
    }
    // Whatever closes the last styles.
    for (; next_escape_ < split_.escapes.size(); ++next_escape_)
      out_ += split_.escapes[next_escape_].sequence;
    return std::move(out_);
  }

 private:
  // Writes the characters (and escape sequences) up to plain[to].
  void emit(std::size_t to) {
    const std::string& plain = split_.plain;
    for (; done_ < to; ++done_) {
      escapes_before(done_ + 1);
      out_ += plain[done_];
    }
  }

  void escapes_before(std::size_t limit) {
    const auto& escapes = split_.escapes;
    for (; next_escape_ < escapes.size() && escapes[next_escape_].at < limit; ++next_escape_) {
      out_ += escapes[next_escape_].sequence;
      style_.apply(escapes[next_escape_].sequence);
    }
  }

  // A word wider than a line: as many characters as fit on each.
  void squeeze(std::size_t from, std::size_t to) {
    const std::string& plain = split_.plain;
    auto i = static_cast<int32_t>(from);
    while (static_cast<std::size_t>(i) < to) {
      const int32_t at = i;
      UChar32 c = 0;
      U8_NEXT(plain.data(), i, static_cast<int32_t>(to), c);
      const std::size_t w = code_point_columns(c);
      if (w > 0 && line_ > 0 && line_ + w > usable_) {
        emit(static_cast<std::size_t>(at));
        line_break(static_cast<std::size_t>(at), false);
      }
      line_ += w;
    }
    emit(to);
  }

  // Ends the line; the next starts at plain[at] (what lies between, spaces,
  // is dropped). With `paragraph`, a blank line between.
  void line_break(std::size_t at, bool paragraph) {
    // Sequences before `at`, and those at `at` up to the last one closing a
    // style, end this line.
    escapes_before(at);
    std::size_t closing = next_escape_;
    for (std::size_t k = next_escape_; k < split_.escapes.size() && split_.escapes[k].at == at;
         ++k) {
      if (closes_styles(split_.escapes[k].sequence))
        closing = k + 1;
    }
    for (; next_escape_ < closing; ++next_escape_) {
      out_ += split_.escapes[next_escape_].sequence;
      style_.apply(split_.escapes[next_escape_].sequence);
    }
    if (!style_.empty())
      out_ += "\x1b[0m";
    out_ += paragraph ? "\n\n" : "\n";
    out_ += pad_;
    if (!style_.empty())
      out_ += style_.reopen();
    done_ = at;
    line_ = 0;
  }

  const Split& split_;
  std::size_t usable_;
  std::string pad_;
  std::string out_;
  StyleState style_;
  std::size_t done_ = 0;         // plain[0, done_) is written (or dropped at a break)
  std::size_t next_escape_ = 0;  // the first escape sequence not written
  std::size_t line_ = 0;         // columns on the current line, after the indent
};

std::string lay_out(std::string_view text, std::size_t width, std::size_t indent,
                    std::string_view separator) {
  if (width == 0)
    return std::string(text);
  // A line keeps at least 10 columns, however deep the indent.
  const std::size_t usable = width > indent + 10 ? width - indent : 10;
  const Split parts = split(text);
  std::vector<std::size_t> breaks = break_opportunities(parts.plain);
  if (!separator.empty()) {
    // Only after a separator (or a paragraph), but within an item too wide
    // for a line.
    const std::string& plain = parts.plain;
    const auto after_separator = [&](std::size_t at) {
      return at == plain.size() || plain[at - 1] == '\n' ||
             (at >= separator.size() &&
              std::string_view(plain).substr(at - separator.size(), separator.size()) == separator);
    };
    std::vector<std::size_t> kept;
    std::size_t item_start = 0;
    std::vector<std::size_t> inside;
    for (const std::size_t at : breaks) {
      if (!after_separator(at)) {
        inside.push_back(at);
        continue;
      }
      if (plain_columns(std::string_view(plain).substr(item_start, at - item_start)) > usable)
        kept.insert(kept.end(), inside.begin(), inside.end());
      kept.push_back(at);
      inside.clear();
      item_start = at;
    }
    breaks = std::move(kept);
  }
  return LineWriter(parts, usable, indent).lay_out(breaks);
}

}  // namespace

std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  std::size_t start = 0;
  for (std::size_t at = text.find(kEscape); at != std::string_view::npos;
       at = text.find(kEscape, start)) {
    n += plain_columns(text.substr(start, at - start));
    start = at + escape_length(text, at);
  }
  return n + plain_columns(text.substr(std::min(start, text.size())));
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

std::size_t text_width(std::size_t terminal_columns) {
  return std::min(terminal_columns, kMaxTextWidth);
}

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  return lay_out(text, width, indent, {});
}

std::string wrap_list(std::string_view text, std::string_view separator, std::size_t width,
                      std::size_t indent) {
  return lay_out(text, width, indent, separator);
}

std::string strip_styles(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == kEscape) {
      i += escape_length(text, i);
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace byline::cli
