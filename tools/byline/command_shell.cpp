// byline shell: type queries, read results. Line editing and history on a
// terminal; one query or command per line, no prompts and no colours, from
// a pipe.
#include <fmt/core.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/shell_session.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

struct ShellCommand {
  std::string index;
  std::size_t limit = 10;
  bool allow_partial = false;
};

volatile std::sig_atomic_t g_pending_interrupt = 0;

// The session Tab completes for (readline's callbacks take no context).
ShellSession* g_session = nullptr;

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

// The prompt as readline needs it: each escape sequence between \001 and
// \002 (RL_PROMPT_START_IGNORE, RL_PROMPT_END_IGNORE), which take no room on
// the screen. Without them readline counts the bold's bytes as columns and
// misplaces the cursor when it redraws the line (a line recalled with the
// up arrow shows on top of the one before).
std::string readline_prompt(std::string_view prompt) {
  std::string out;
  for (std::size_t i = 0; i < prompt.size();) {
    if (prompt[i] != '\x1b' || i + 1 >= prompt.size() || prompt[i + 1] != '[') {
      out += prompt[i++];
      continue;
    }
    std::size_t end = i + 2;
    while (end < prompt.size() && !(prompt[end] >= '@' && prompt[end] <= '~'))
      ++end;
    end = std::min(end + 1, prompt.size());
    out += RL_PROMPT_START_IGNORE;
    out += prompt.substr(i, end - i);
    out += RL_PROMPT_END_IGNORE;
    i = end;
  }
  return out;
}

// Tab: the session's candidates, never file names.
char** complete(const char* text, int start, int end) {
  rl_attempted_completion_over = 1;
  if (g_session == nullptr)
    return nullptr;
  const std::string_view word(text);
  const std::string_view before(rl_line_buffer, static_cast<std::size_t>(std::max(start, 0)));
  (void)end;
  const auto completion = g_session->complete(before, word, rl_completion_quote_character == '"');
  const auto& candidates = completion.candidates;
  if (candidates.empty())
    return nullptr;
  rl_completion_append_character = completion.space_after ? ' ' : '\0';
  // matches[0] replaces the word: the one candidate, else what all share
  // (the word itself if they share less, as when they match it in another
  // case), then the candidates to list.
  std::string common = candidates.front();
  for (const std::string& c : candidates) {
    std::size_t n = 0;
    while (n < common.size() && n < c.size() && common[n] == c[n])
      ++n;
    common.resize(n);
  }
  while (!common.empty() && (static_cast<unsigned char>(common.back()) & 0xC0) == 0x80)
    common.pop_back();  // not half a character
  if (candidates.size() > 1 && common.size() < word.size())
    common = word;
  auto** matches =
      static_cast<char**>(std::malloc((candidates.size() + 2) * sizeof(char*)));  // readline frees
  if (matches == nullptr)
    return nullptr;
  std::size_t n = 0;
  matches[n++] = ::strdup(candidates.size() == 1 ? candidates.front().c_str() : common.c_str());
  if (candidates.size() > 1) {
    for (const std::string& c : candidates)
      matches[n++] = ::strdup(c.c_str());
  }
  matches[n] = nullptr;
  return matches;
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
    // Tab completes commands, fields and values (ShellSession::complete); a
    // word runs to a space or a parenthesis, or is inside double quotes.
    rl_readline_name = "byline";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n()";
    rl_completer_word_break_characters = rl_basic_word_break_characters;
    rl_completer_quote_characters = "\"";
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
    char* raw = readline(readline_prompt(prompt).c_str());
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
    IndexOptions index_options;
    index_options.allow_partial = cmd.allow_partial;
    index.emplace(Index::open(resolve_index_path(cmd.index), with_environment(index_options)));
    session.emplace(*index, output, cmd.limit);
  } catch (const Error& e) {
    print_error(stderr, e, {}, output.err_style);
    return kExitFailure;
  }
  if (interactive) {
    fmt::print("{}\n", wrap(fmt::format("byline {}: {} articles in {}. Type :help for help.",
                                        version(), index->article_count(), index->path().string()),
                            text_width(terminal_width(STDOUT_FILENO)), 2));
  }
  g_session = &*session;
  LineReader reader(interactive);
  while (auto line = reader.next(session->prompt())) {
    if (!session->handle(*line))
      break;
    std::fflush(stdout);
  }
  g_session = nullptr;
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
  add_index_option(*sub, cmd->index);
  sub->add_option("-n,--limit", cmd->limit, "Hits per page")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  sub->add_flag("--allow-partial", cmd->allow_partial,
                "An index made of shards: search the shards that answer, and say which did not, "
                "instead of failing");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
