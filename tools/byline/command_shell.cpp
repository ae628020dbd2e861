// byline shell: type queries, read results. Line editing and history on a
// terminal; one query per line, no prompts and no colours, from a pipe.
#include <fmt/core.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct ShellCommand {
  std::string index;
  std::size_t limit = 10;
};

constexpr std::string_view kHelp =
    "Type a query and press Enter. Words must all match (through stemming);\n"
    "\"quoted phrases\" match in order.\n"
    "Commands:\n"
    "  :help   this text\n"
    "  :quit   leave (Ctrl-D works too)\n";

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// Reads lines with readline on a terminal, from std::cin otherwise.
class LineReader {
 public:
  explicit LineReader(bool interactive) : interactive_(interactive) {
    if (!interactive_)
      return;
    history_ = history_path();
    std::error_code ec;
    std::filesystem::create_directories(history_.parent_path(), ec);
    using_history();
    read_history(history_.c_str());
    install_interrupt_handler();
  }

  ~LineReader() {
    if (interactive_)
      write_history(history_.c_str());
  }

  std::optional<std::string> next(const std::string& prompt) {
    if (!interactive_) {
      std::string line;
      if (!std::getline(std::cin, line))
        return std::nullopt;
      return line;
    }
    char* raw = readline(prompt.c_str());
    if (raw == nullptr)
      return std::nullopt;
    std::string line(raw);
    std::free(raw);
    if (!trim(line).empty())
      add_history(line.c_str());
    return line;
  }

 private:
  // Ctrl-C abandons the line being typed, never the shell.
  static void install_interrupt_handler() {
    rl_catch_signals = 0;
    struct sigaction action {};
    action.sa_handler = [](int) {
      rl_crlf();
      rl_on_new_line();
      rl_replace_line("", 0);
      rl_redisplay();
    };
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
  }

  bool interactive_;
  std::filesystem::path history_;
};

int run(const ShellCommand& cmd) {
  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  const Style style(interactive && use_colour(stdout));
  const Style err_style(interactive && use_colour(stderr));
  std::optional<Index> index;
  try {
    index.emplace(Index::open(resolve_index_path(cmd.index)));
  } catch (const Error& e) {
    print_error(stderr, e, {}, err_style);
    return kExitFailure;
  }
  Searcher searcher(*index);
  SearchOptions options;
  options.limit = cmd.limit;

  if (interactive) {
    fmt::print("byline {}: {} articles in {}. Type :help for help.\n", version(),
               index->article_count(), index->path().string());
  }
  int status = kExitOk;
  LineReader reader(interactive);
  while (auto line = reader.next(style.bold("byline> "))) {
    const std::string input = trim(*line);
    if (input.empty() || input.front() == '#')
      continue;
    if (input == ":quit" || input == ":q" || input == ":exit")
      break;
    if (input == ":help") {
      fmt::print("{}", kHelp);
      continue;
    }
    if (input.front() == ':') {
      fmt::print(stderr, "{} unknown command {}; type :help for the list\n",
                 err_style.red("byline: error:"), input);
      status = kExitFailure;
      continue;
    }
    try {
      print_results(stdout, searcher.search(input, options), input, style);
    } catch (const Error& e) {
      print_error(stderr, e, input, err_style);
      status = kExitFailure;
    }
    std::fflush(stdout);
  }
  if (interactive)
    fmt::print("\n");
  return status;
}

}  // namespace

void add_shell_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<ShellCommand>();
  CLI::App* sub = app.add_subcommand(
      "shell", "Interactive query shell (reads one query per line when stdin is not a terminal)");
  sub->add_option("--index", cmd->index, "Index folder");
  sub->add_option("-n,--limit", cmd->limit, "Results per query")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000}));
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
