// byline: index and search news articles from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "byline/commands.hpp"
#include "byline/version.hpp"

namespace {

// A query that excludes a word first ("-Steinmeier Kerry") reads as an
// unknown option, and the query as missing; say how to pass it.
void print_dash_query_hint(const CLI::App& app, int argc, char** argv) {
  const auto parsed = app.get_subcommands();
  if (parsed.empty() || parsed.front()->get_name() != "search")
    return;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--")
      return;
    if (arg.size() > 1 && arg[0] == '-' && arg[1] != '-' &&
        parsed.front()->get_option_no_throw(arg.substr(0, 2)) == nullptr) {
      std::fprintf(stderr,
                   "byline: a query that starts with '-' goes after '--', as in: "
                   "byline search -- '%s'\n",
                   arg.c_str());
      return;
    }
  }
}

}  // namespace

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
  byline::cli::add_show_command(app, exit_code);
  byline::cli::add_stats_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0.
    if (app.exit(e) == 0)
      return byline::cli::kExitOk;
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)
      print_dash_query_hint(app, argc, argv);
    return byline::cli::kExitUsage;
  }
  return exit_code;
}
