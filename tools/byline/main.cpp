// byline: index and search news articles from the command line.
#include <CLI/CLI.hpp>
#include <string>

#include "byline/commands.hpp"
#include "byline/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"byline: full-text search for news articles, on Xapian and ICU.", "byline"};
  app.set_version_flag("-V,--version", "byline " + std::string(byline::version()));
  app.require_subcommand(1);
  app.footer(
      "The index is --index PATH, else $BYLINE_INDEX, else ~/.local/share/byline/index.\n"
      "Exit status: 0 success, 1 bad input, query or index, 2 usage error.\n"
      "Run 'byline COMMAND --help' for a command's options.");

  int exit_code = byline::cli::kExitOk;
  byline::cli::add_index_command(app, exit_code);
  byline::cli::add_search_command(app, exit_code);
  byline::cli::add_shell_command(app, exit_code);
  byline::cli::add_stats_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0.
    return app.exit(e) == 0 ? byline::cli::kExitOk : byline::cli::kExitUsage;
  }
  return exit_code;
}
