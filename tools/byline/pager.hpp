// Long text through a pager, on a terminal only, as git and psql do it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace byline::cli {

// The pager to use: $PAGER, else "less -RFX" (-R shows colours, -F quits at
// once when the text fits after all, -X leaves it on the screen); nullopt
// when $PAGER is empty or "cat" (no pager, as git takes them).
[[nodiscard]] std::optional<std::string> pager_command();

// Whether `pager` shows ANSI colours, with `less_options` ($LESS) in force:
// every pager does but less without -R (or -r), which shows them as "ESC[1m".
[[nodiscard]] bool pager_shows_colour(std::string_view pager, std::string_view less_options);

// Writes `text` to `out`, through the pager when `interactive`, `out` is a
// terminal and the text is taller than the terminal. Before the pager
// starts, LESS is set to "FRX" if unset (and LV to "-c"), so that a plain
// PAGER=less shows colours, as git does; colours are taken out for a pager
// that would show them as raw codes (less, its $LESS without R). Ctrl-C is
// the pager's while it runs. Falls back to `out` if the pager cannot start.
void show_text(std::FILE* out, std::string_view text, bool interactive);

// The terminal's height in rows (24 when `fd` is not a terminal).
[[nodiscard]] std::size_t terminal_height(int fd);

}  // namespace byline::cli
