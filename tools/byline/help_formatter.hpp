// How --help lays itself out: CLI11's layout, with the descriptions, the
// footer and the options' help wrapped to fit kHelpWidth columns (CLI11
// prints each description on one line, however long).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace byline::cli {

// The width of every line of --help: the width a terminal opens at, and
// what man pages and other commands' --help keep to. Help is read in a
// terminal of any width, and text wrapped narrower than the window reads
// well where text wider than it does not.
inline constexpr std::size_t kHelpWidth = 80;

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();

  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  // "  NAME   description...", the description wrapped beside the name, or
  // under it from the column when the name is too wide.
  [[nodiscard]] std::string two_columns(std::string_view name, std::string_view description) const;
};

}  // namespace byline::cli
