// Long text through a pager ($PAGER, else less), on a terminal only.
#pragma once

#include <cstdio>
#include <string_view>

namespace byline::cli {

// Writes `text` to `out`, through the pager when `interactive` and the text
// is taller than the terminal. Falls back to `out` if the pager fails.
void show_text(std::FILE* out, std::string_view text, bool interactive);

}  // namespace byline::cli
