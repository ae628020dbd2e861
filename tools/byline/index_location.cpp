#include "byline/index_location.hpp"

#include <cstdlib>

namespace byline::cli {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// $XDG_<kind>_HOME, else ~/<fallback>, per the XDG base directory spec.
std::filesystem::path xdg_dir(const char* variable, const char* fallback) {
  if (const std::string dir = env(variable); !dir.empty())
    return dir;
  const std::string home = env("HOME");
  return std::filesystem::path(home.empty() ? "." : home) / fallback;
}

}  // namespace

std::filesystem::path resolve_index_path(const std::string& option) {
  if (!option.empty())
    return option;
  if (const std::string from_env = env("BYLINE_INDEX"); !from_env.empty())
    return from_env;
  return xdg_dir("XDG_DATA_HOME", ".local/share") / "byline" / "index";
}

std::filesystem::path history_path() {
  return xdg_dir("XDG_STATE_HOME", ".local/state") / "byline" / "history";
}

}  // namespace byline::cli
