#include "byline/index_location.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "byline/commands.hpp"
#include "byline/error.hpp"

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

IndexOptions with_environment(IndexOptions options) {
  const std::string timeout = env("BYLINE_REMOTE_TIMEOUT");
  if (timeout.empty())
    return options;
  char* end = nullptr;
  errno = 0;
  const long long ms = std::strtoll(timeout.c_str(), &end, 10);
  if (*end != '\0' || errno != 0 || ms < 1 || ms > 86'400'000) {
    throw Error(Error::Kind::invalid_argument,
                "BYLINE_REMOTE_TIMEOUT is \"" + timeout +
                    "\": it is milliseconds to wait for a remote shard, from 1 to 86400000");
  }
  options.connect_timeout = options.remote_timeout = std::chrono::milliseconds(ms);
  return options;
}

Index open_index(const std::filesystem::path& path, const IndexOptions& options) {
  try {
    return Index::open(path, with_environment(options));
  } catch (const Error& e) {
    switch (e.kind()) {
      case Error::Kind::not_found: {
        // Not for a stub file, which names the shards it lacks.
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec) ||
            std::filesystem::exists(path / "XAPIANDB", ec))
          throw;
        throw Error(e.kind(), std::string(e.what()) + "; create one with: byline index --index " +
                                  shell_quoted(path.string()) + " FILES...");
      }
      case Error::Kind::locked:
        throw Error(e.kind(), std::string(e.what()) +
                                  "; add --wait to wait for it to finish instead of failing");
      default:
        throw;
    }
  }
}

std::filesystem::path history_path() {
  return xdg_dir("XDG_STATE_HOME", ".local/state") / "byline" / "history";
}

}  // namespace byline::cli
