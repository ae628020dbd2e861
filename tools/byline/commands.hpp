// The byline command's subcommands. Each registers itself on the CLI11 app
// and stores its exit status in `exit_code` when it runs.
#pragma once

#include <CLI/CLI.hpp>

namespace byline::cli {

// Exit statuses, documented in the README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, a bad query, an index problem
inline constexpr int kExitUsage = 2;    // wrong command-line arguments

void add_index_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_shell_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);

}  // namespace byline::cli
