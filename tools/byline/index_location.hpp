// Where the byline command finds its index when --index is not given.
#pragma once

#include <filesystem>
#include <string>

namespace byline::cli {

// --index PATH if given (non-empty), else $BYLINE_INDEX, else
// $XDG_DATA_HOME/byline/index, else ~/.local/share/byline/index.
[[nodiscard]] std::filesystem::path resolve_index_path(const std::string& option);

// Where the shell keeps its history: $XDG_STATE_HOME/byline/history, else
// ~/.local/state/byline/history.
[[nodiscard]] std::filesystem::path history_path();

}  // namespace byline::cli
