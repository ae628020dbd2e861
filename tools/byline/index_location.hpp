// Where the byline command finds its index when --index is not given, and
// how it opens it.
#pragma once

#include <filesystem>
#include <string>

#include "byline/index.hpp"

namespace byline::cli {

// --index PATH if given (non-empty), else $BYLINE_INDEX, else
// $XDG_DATA_HOME/byline/index, else ~/.local/share/byline/index.
[[nodiscard]] std::filesystem::path resolve_index_path(const std::string& option);

// `options` with what the environment says: $BYLINE_REMOTE_TIMEOUT, the
// milliseconds to wait for a remote shard to connect and to answer (as
// psql reads PGCONNECT_TIMEOUT). Throws Error(invalid_argument) for a value
// that is not one.
[[nodiscard]] IndexOptions with_environment(IndexOptions options);

// Index::open() for a command, with_environment(): the same, but the errors a user can act on
// say what to do next after the library's message, which names the problem
// only: no index at the path ("no index at X; create one with: byline index
// --index X FILES..."), or another writer holding it (add --wait, which the
// commands that write have).
[[nodiscard]] Index open_index(const std::filesystem::path& path, const IndexOptions& options = {});

// Where the shell keeps its history: $XDG_STATE_HOME/byline/history, else
// ~/.local/state/byline/history.
[[nodiscard]] std::filesystem::path history_path();

}  // namespace byline::cli
