// Terminal styling: colours only on a terminal, never with NO_COLOR or TERM=dumb.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace byline::cli {

// Whether output to `stream` may carry ANSI styles.
[[nodiscard]] bool use_colour(std::FILE* stream);

class Style {
 public:
  explicit Style(bool enabled) : enabled_(enabled) {}
  [[nodiscard]] bool enabled() const { return enabled_; }
  [[nodiscard]] std::string bold(std::string_view s) const { return wrap("1", s); }
  [[nodiscard]] std::string dim(std::string_view s) const { return wrap("2", s); }
  [[nodiscard]] std::string red(std::string_view s) const { return wrap("31", s); }
  [[nodiscard]] std::string yellow(std::string_view s) const { return wrap("33", s); }
  [[nodiscard]] std::string green(std::string_view s) const { return wrap("32", s); }

 private:
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view s) const;
  bool enabled_;
};

}  // namespace byline::cli
