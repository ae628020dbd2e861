#include "byline/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace byline::cli {

bool use_colour(std::FILE* stream) {
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  if (const char* no_colour = std::getenv("NO_COLOR"); no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  if (const char* term = std::getenv("TERM"); term == nullptr || std::string(term) == "dumb") {
    return false;
  }
  return ::isatty(::fileno(stream)) != 0;
}

std::string Style::wrap(std::string_view code, std::string_view s) const {
  if (!enabled_)
    return std::string(s);
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += s;
  out += "\x1b[0m";
  return out;
}

}  // namespace byline::cli
