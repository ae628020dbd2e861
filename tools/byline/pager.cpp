#include "byline/pager.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace byline::cli {

namespace {

std::size_t terminal_height(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_row > 0)
    return size.ws_row;
  return 24;
}

}  // namespace

void show_text(std::FILE* out, std::string_view text, bool interactive) {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  if (interactive && ::isatty(::fileno(out)) != 0 && lines + 1 >= terminal_height(::fileno(out))) {
    const char* env = std::getenv("PAGER");
    // -R shows colours, -F quits at once when the text fits after all.
    const std::string pager = env != nullptr && *env != '\0' ? env : "less -RF";
    std::fflush(out);
    if (std::FILE* pipe = ::popen(pager.c_str(), "w")) {
      std::fwrite(text.data(), 1, text.size(), pipe);
      if (::pclose(pipe) != -1)
        return;
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace byline::cli
