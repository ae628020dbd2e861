#include "byline/pager.hpp"

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    i = s.find_first_not_of(" \t", i);
    if (i == std::string_view::npos)
      break;
    const std::size_t end = std::min(s.find_first_of(" \t", i), s.size());
    out.push_back(s.substr(i, end - i));
    i = end;
  }
  return out;
}

void ignore_signal(int) {}

}  // namespace

std::size_t terminal_height(int fd) {
  winsize size{};
  if (::isatty(fd) != 0 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_row > 0)
    return size.ws_row;
  return 24;
}

std::optional<std::string> pager_command() {
  const char* env = std::getenv("PAGER");
  if (env == nullptr)
    return "less -RFX";
  const auto parts = words(env);
  if (parts.empty() || (parts.size() == 1 && parts.front() == "cat"))
    return std::nullopt;
  return std::string(env);
}

bool pager_shows_colour(std::string_view pager, std::string_view less_options) {
  const auto parts = words(pager);
  if (parts.empty())
    return true;
  std::string_view program = parts.front();
  if (const auto slash = program.rfind('/'); slash != std::string_view::npos)
    program.remove_prefix(slash + 1);
  if (program != "less")
    return true;
  // less's options, from $LESS and then its command line: -R or -r (in a
  // cluster such as -FRX; $LESS may leave out the dash), or the long names.
  std::vector<std::string_view> options = words(less_options);
  options.insert(options.end(), parts.begin() + 1, parts.end());
  for (std::string_view option : options) {
    if (option.starts_with("--")) {
      if (option == "--RAW-CONTROL-CHARS" || option == "--raw-control-chars")
        return true;
      continue;
    }
    if (option.starts_with("-"))
      option.remove_prefix(1);
    if (option.find_first_of("Rr") != std::string_view::npos)
      return true;
  }
  return false;
}

void show_text(std::FILE* out, std::string_view text, bool interactive) {
  const int fd = ::fileno(out);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  const auto pager = interactive && ::isatty(fd) != 0 && lines >= terminal_height(fd)
                         ? pager_command()
                         : std::nullopt;
  if (pager) {
    // As git does: less shows colours (R), quits when the text fits (F) and
    // leaves it on the screen (X), unless the user's LESS says otherwise.
    ::setenv("LESS", "FRX", 0);
    ::setenv("LV", "-c", 0);
    const char* less = std::getenv("LESS");
    const std::string shown = pager_shows_colour(*pager, less != nullptr ? less : "")
                                  ? std::string(text)
                                  : strip_styles(text);
    std::fflush(out);
    // Ctrl-C goes to the pager (the terminal's whole foreground group gets
    // it): the shell takes no notice meanwhile. A handler, not SIG_IGN,
    // which the pager would inherit.
    struct sigaction quiet {};
    struct sigaction before {};
    quiet.sa_handler = ignore_signal;
    sigemptyset(&quiet.sa_mask);
    ::sigaction(SIGINT, &quiet, &before);
    bool shown_by_pager = false;
    if (std::FILE* pipe = ::popen(pager->c_str(), "w")) {
      std::fwrite(shown.data(), 1, shown.size(), pipe);
      // 127: the shell found no such command, and said so.
      const int status = ::pclose(pipe);
      shown_by_pager = status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 127);
    }
    ::sigaction(SIGINT, &before, nullptr);
    if (shown_by_pager)
      return;
  }
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace byline::cli
