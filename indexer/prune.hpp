// Which articles of an index came from files that are gone: what
// IngestOptions::prune removes.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "byline/index.hpp"

namespace byline::detail {

// The ids of the articles whose stored path (Article::path, the file they
// were read from, as it was given) lies strictly below one of `folders`
// and names nothing on disk any more. Paths are compared whole components
// at a time, both made absolute from the current folder and lexically
// normalised ("./corpus/" is "corpus"), so "corpus2/a.txt" is not below
// "corpus". Articles without a path (standard input) are never stale. The
// index as `index` sees it, its Writer's uncommitted batch included. Throws
// Error (corrupt, io) if the index cannot be read.
[[nodiscard]] std::vector<std::string> stale_articles(
    const Index& index, const std::vector<std::filesystem::path>& folders);

}  // namespace byline::detail
