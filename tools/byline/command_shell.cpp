// byline shell: type queries, read results. Line editing and history on a
// terminal; one query or command per line, no prompts and no colours, from
// a pipe.
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
#include "byline/shell_session.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct ShellCommand {
  std::string index;
  std::size_t limit = 10;
};

volatile std::sig_atomic_t g_pending_interrupt = 0;

// Ctrl-C: stops a running search, else drops the line being typed; never
// leaves the shell. The handler only records it: readline is not safe to
// call from a signal handler, so the line is dropped from readline's signal
// event hook, which runs when the interrupted read returns.
void on_interrupt(int) {
  if (ShellSession::searching()) {
    ShellSession::interrupt();
  } else {
    g_pending_interrupt = 1;
  }
}

int drop_line() {
  if (g_pending_interrupt != 0) {
    g_pending_interrupt = 0;
    rl_crlf();
    rl_replace_line("", 0);
    rl_on_new_line();
    rl_redisplay();
  }
  return 0;
}

// Reads lines with readline (and keeps its history) on a terminal, from
// std::cin otherwise.
class LineReader {
 public:
  explicit LineReader(bool interactive) : interactive_(interactive) {
    if (!interactive_)
      return;
    history_ = history_path();
    std::error_code ec;
    std::filesystem::create_directories(history_.parent_path(), ec);
    using_history();
    stifle_history(1000);
    read_history(history_.c_str());
    rl_catch_signals = 0;
    // The signal event hook runs when Ctrl-C interrupts readline's wait for
    // a key; a Ctrl-C that lands while readline is busy (echoing, say) is
    // picked up by the event hook, which readline runs every 50 ms while it
    // waits for input.
    rl_signal_event_hook = drop_line;
    rl_event_hook = drop_line;
    rl_set_keyboard_input_timeout(50'000);
    struct sigaction action {};
    action.sa_handler = on_interrupt;  // without SA_RESTART: the read is interrupted
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
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
    if (line.find_first_not_of(" \t") != std::string::npos)
      add_history(line.c_str());
    return line;
  }

 private:
  bool interactive_;
  std::filesystem::path history_;
};

int run(const ShellCommand& cmd) {
  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  ShellOutput output;
  output.interactive = interactive;
  output.style = Style(interactive && use_colour(stdout));
  output.err_style = Style(interactive && use_colour(stderr));
  // A pager quit early must not take the shell down with it.
  std::signal(SIGPIPE, SIG_IGN);

  std::optional<Index> index;
  std::optional<ShellSession> session;
  try {
    index.emplace(Index::open(resolve_index_path(cmd.index)));
    session.emplace(*index, output, cmd.limit);
  } catch (const Error& e) {
    print_error(stderr, e, {}, output.err_style);
    return kExitFailure;
  }
  if (interactive) {
    fmt::print("byline {}: {} articles in {}. Type :help for help.\n", version(),
               index->article_count(), index->path().string());
  }
  LineReader reader(interactive);
  while (auto line = reader.next(session->prompt())) {
    if (!session->handle(*line))
      break;
    std::fflush(stdout);
  }
  if (interactive)
    fmt::print("\n");
  return session->status();
}

}  // namespace

void add_shell_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<ShellCommand>();
  CLI::App* sub = app.add_subcommand(
      "shell",
      "Interactive query shell (reads one query or :command per line when stdin is not a "
      "terminal)");
  sub->add_option("--index", cmd->index, "Index folder");
  sub->add_option("-n,--limit", cmd->limit, "Hits per page")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
