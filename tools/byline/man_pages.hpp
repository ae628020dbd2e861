// byline's man pages, written from what the command's --help and
// `byline help query` show, so that they say the same: byline(1) from the
// CLI11 definitions of the command and its subcommands, byline-query(7)
// from docs/query-language.md (built into the command). The build writes
// them with `byline man-page NAME` and installs them.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace byline::cli {

// The pages, by file name: "byline.1", "byline-query.7".
[[nodiscard]] std::vector<std::string> man_page_names();

// The page `name` (one of man_page_names()) as roff, for `app`, the
// command's root. Empty for another name.
[[nodiscard]] std::string man_page(std::string_view name, const CLI::App& app);

}  // namespace byline::cli
