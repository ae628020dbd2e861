// The byline command's subcommands. Each registers itself on the CLI11 app
// and stores its exit status in `exit_code` when it runs.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "byline/cli_definitions.hpp"

namespace byline::cli {

// Exit statuses, documented in docs/cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, a bad query, an index problem
inline constexpr int kExitUsage = 2;    // wrong command-line arguments
// An indexing run stopped by a signal exits 128 + its number, as a shell
// reports a process the signal killed: 130 for Ctrl-C (SIGINT).
inline constexpr int kExitSignalBase = 128;

// What every command's --help ends with (main.cpp), and what byline(1) says
// in sections of its own.
inline constexpr std::string_view kIndexLocationHelp =
    "The index is --index PATH, else $BYLINE_INDEX, else ~/.local/share/byline/index.";
inline constexpr std::string_view kExitStatusHelp =
    "0 success, 1 bad input, query or index (or an id remove did not find), 2 usage error, "
    "130 indexing stopped by Ctrl-C (what was read is kept).";

void add_index_command(CLI::App& app, int& exit_code);
void add_remove_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_shell_command(CLI::App& app, int& exit_code);
void add_show_command(CLI::App& app, int& exit_code);
void add_similar_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_stories_command(CLI::App& app, int& exit_code);
void add_completion_command(CLI::App& app, int& exit_code);
// Registered after the other listed commands: its topics are the commands
// registered before it.
void add_help_command(CLI::App& app, int& exit_code);
// Not listed by --help: the build's.
void add_man_page_command(CLI::App& app, int& exit_code);

// --index PATH, which every command that opens an index takes.
inline CLI::Option* add_index_option(CLI::App& command, std::string& index) {
  return command.add_option("--index", index, "Index folder")->type_name(kPathValue);
}

// The long names of the options given on the command line ("--limit"),
// defaults aside: for the usage errors of options that do nothing beside
// others. Called from the command's callback, once CLI11 has parsed.
[[nodiscard]] inline std::set<std::string> given_options(const CLI::App& command) {
  std::set<std::string> given;
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() > 0 && !option->get_lnames().empty())
      given.insert("--" + option->get_lnames().front());
  }
  return given;
}

// Wording shared by the commands.

// "1 article", "2 articles": `word` and an s unless there is one.
[[nodiscard]] inline std::string counted(std::uint64_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// `n` with its thousands grouped by commas, for people to read: "12,345".
[[nodiscard]] inline std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t at = digits.size(); at > 3; at -= 3)
    digits.insert(at - 3, ",");
  return digits;
}

// What the articles like the ones with `ids` match, for the count line of
// `byline similar` and :similar: "the words of a1", "... of a1, a2 and a3".
[[nodiscard]] inline std::string similar_label(const std::vector<std::string>& ids) {
  std::string out = "the words of ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0)
      out += i + 1 == ids.size() ? " and " : ", ";
    out += ids[i];
  }
  return out;
}

// `arg` as a POSIX shell reads it back: as it is when it holds only
// characters a shell leaves alone, else in single quotes.
[[nodiscard]] inline std::string shell_quoted(std::string_view arg) {
  constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+=,";
  if (!arg.empty() && arg.find_first_not_of(kPlain) == std::string_view::npos)
    return std::string(arg);
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace byline::cli
