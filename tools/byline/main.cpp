// byline: index and search news articles from the command line.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/commands.hpp"
#include "byline/help_formatter.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"
#include "byline/version.hpp"

namespace byline::cli {

namespace {

// The arguments after the program's name, up to "--" when `before_dashes`.
std::vector<std::string> arguments(int argc, char** argv, bool before_dashes) {
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) {
    if (before_dashes && std::string_view(argv[i]) == "--")
      break;
    out.emplace_back(argv[i]);
  }
  return out;
}

// A query that excludes a word ("Kerry -Steinmeier", "-Steinmeier Kerry")
// reads as an unknown option; the same command with the query after "--",
// which reads it as it is, else empty. The options known to `search` stay
// in front.
std::string dash_query_command(const CLI::App& search, const std::vector<std::string>& args) {
  std::vector<std::string> options;
  std::vector<std::string> words;
  bool dashed = false;
  std::size_t i = 0;
  while (i < args.size() && args[i] != search.get_name())
    ++i;
  for (++i; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--")
      return {};  // the query is after "--" already
    if (arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    const bool long_form = arg[1] == '-';
    // "--limit=5", "--limit 5"; "-n5", "-n 5".
    const std::string name = long_form ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
    const CLI::Option* option = search.get_option_no_throw(name);
    const bool takes_value = option != nullptr && option->get_expected_min() > 0;
    const bool attached = long_form ? arg.find('=') != std::string::npos : arg.size() > 2;
    // "-neighbours" is a word, not -n with "eighbours": its value would be a number.
    const bool is_option =
        option != nullptr &&
        (long_form || !attached ||
         (takes_value && arg.find_first_not_of("0123456789", 2) == std::string::npos));
    if (!is_option) {
      if (long_form)
        return {};  // a misspelt option, not a word
      words.push_back(arg);
      dashed = true;
      continue;
    }
    options.push_back(arg);
    if (takes_value && !attached && i + 1 < args.size())
      options.push_back(args[++i]);
  }
  if (!dashed)
    return {};
  std::string command = "byline " + search.get_name();
  for (const std::string& option : options)
    command += " " + shell_quoted(option);
  command += " --";
  for (const std::string& word : words)
    command += " " + shell_quoted(word);
  return command;
}

// A usage error (unknown option, missing argument, bad value) as the
// command's other errors are shown: "byline: error: ..." on stderr, or the
// JSON error object on stdout with --json; then how to go on.
int report_usage_error(const CLI::App& app, const CLI::Error& error, int argc, char** argv) {
  const auto args = arguments(argc, argv, /*before_dashes=*/true);
  const bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  const auto parsed = app.get_subcommands();
  const CLI::App* command = parsed.empty() ? nullptr : parsed.front();
  std::string hint;
  // The commands whose positional arguments are a query.
  if (command != nullptr && (command->get_name() == "search" || command->get_name() == "stories")) {
    if (const std::string fixed = dash_query_command(*command, arguments(argc, argv, false));
        !fixed.empty())
      hint = "to exclude a word, put the query after --: " + fixed;
  }
  const Error usage(Error::Kind::invalid_argument, error.what());
  if (json) {
    nlohmann::json out = json_output::error(usage);
    if (!hint.empty())
      out["error"]["hint"] = hint;
    print_json(stdout, out);
    return kExitUsage;
  }
  const Style style(use_colour(stderr));
  print_error(stderr, usage, {}, style);
  if (!hint.empty()) {
    std::fprintf(stderr, "byline: %s\n", hint.c_str());
  } else {
    std::fprintf(stderr, "Run 'byline%s --help' for the %s.\n",
                 command != nullptr ? (" " + command->get_name()).c_str() : "",
                 command != nullptr ? "options" : "commands");
  }
  return kExitUsage;
}

}  // namespace

}  // namespace byline::cli

int main(int argc, char** argv) {
  CLI::App app{"byline: full-text search for news articles, on Xapian and ICU.", "byline"};
  app.set_version_flag("-V,--version", "byline " + std::string(byline::version()));
  app.require_subcommand(1);
  // The subcommands take the formatter and the footer when they are added.
  app.formatter(std::make_shared<byline::cli::HelpFormatter>());
  app.footer(std::string(byline::cli::kIndexLocationHelp) +
             "\nExit status: " + std::string(byline::cli::kExitStatusHelp) +
             "\nRun 'byline COMMAND --help' for a command's options, 'byline help query' for the "
             "query language.");

  int exit_code = byline::cli::kExitOk;
  byline::cli::add_index_command(app, exit_code);
  byline::cli::add_remove_command(app, exit_code);
  byline::cli::add_search_command(app, exit_code);
  byline::cli::add_serve_command(app, exit_code);
  byline::cli::add_shell_command(app, exit_code);
  byline::cli::add_show_command(app, exit_code);
  byline::cli::add_similar_command(app, exit_code);
  byline::cli::add_stats_command(app, exit_code);
  byline::cli::add_stories_command(app, exit_code);
  byline::cli::add_completion_command(app, exit_code);
  byline::cli::add_help_command(app, exit_code);
  byline::cli::add_man_page_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(e) == 0 ? byline::cli::kExitOk : byline::cli::kExitUsage;
    return byline::cli::report_usage_error(app, e, argc, argv);
  }
  return exit_code;
}
