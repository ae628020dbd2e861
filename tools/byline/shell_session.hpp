// The query shell's state and commands, apart from how lines are read: one
// line in (a query or a :command), output out. command_shell.cpp feeds it
// from readline or a pipe.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

struct ShellOutput {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  Style style{false};      // for `out`
  Style err_style{false};  // for `err`
  // On a terminal: searches can be stopped with Ctrl-C, output is wrapped
  // to the terminal's width and paged when taller than the terminal.
  bool interactive = false;
};

class ShellSession {
 public:
  ShellSession(const Index& index, ShellOutput output, std::size_t limit);
  ~ShellSession();

  // Handles one line; false once the user asked to leave.
  bool handle(std::string_view line);

  // "byline> ", or "byline [source:bbc date:2014]> " with sticky filters.
  [[nodiscard]] std::string prompt() const;

  // 1 if any query or command failed, else 0.
  [[nodiscard]] int status() const { return status_; }

  // Tab completion. `word` is the text from the start of the word being
  // completed to the cursor, `before` the line before it; `quoted`: the word
  // follows an opening '"' (the last character of `before`). Candidates
  // replace `word` whole: :commands at the start of a line, then a
  // command's arguments; in a query, field names ("ti" -> "title:"), and
  // after source:, author: and date: the index's sources, authors and years
  // (source:"BBC News" quoted when it has spaces; inside a quote, the bare
  // value, which readline closes).
  struct Completion {
    std::vector<std::string> candidates;
    bool space_after = true;  // false after a field name, "title:"
  };
  [[nodiscard]] Completion complete(std::string_view before, std::string_view word, bool quoted);

  // Called from a SIGINT handler while a search runs: stop it. Only stores
  // to a lock-free atomic, which the search reads (SearchOptions::cancel).
  static void interrupt() noexcept;
  // Whether a search is running (so Ctrl-C means "stop it", not "clear the line").
  [[nodiscard]] static bool searching() noexcept;

 private:
  struct Command;
  // The commands, in the order :help lists them.
  static std::span<const Command> commands();
  [[nodiscard]] static const Command* find_command(std::string_view name);

  void query(std::string text);
  // Runs the last query from hit `offset` and shows the page; false if
  // nothing was shown (an error, Ctrl-C, no more hits).
  bool page(std::size_t offset);
  void next_page(std::string_view);
  void previous_page(std::string_view);
  void open(std::string_view argument);
  void similar(std::string_view argument);
  void show_article(std::string_view id);
  void filter(std::string_view argument);
  void clear_filters(std::string_view);
  void facets(std::string_view argument);
  void timeline(std::string_view argument);
  void stories(std::string_view argument);
  void sort(std::string_view argument);
  void collapse(std::string_view argument);
  void limit(std::string_view argument);
  void explain(std::string_view argument);
  void stats(std::string_view);
  void toggle_json(std::string_view);
  void help(std::string_view);

  // The query as run: the user's query, then the sticky filters.
  [[nodiscard]] std::string effective_query(const std::string& text) const;
  // Runs a search. On a terminal it can be stopped with Ctrl-C (nullopt
  // then), and says it is searching when it takes a while.
  std::optional<SearchResults> search(const std::string& text, SearchOptions options);
  // The list shown: the last query's matches, or after :similar the
  // articles like the ones it was given (into `why`, if given, with their
  // words and each hit's); nullopt as search() says.
  std::optional<SearchResults> list(SearchOptions options,
                                    std::optional<SimilarResults>* why = nullptr);
  // The id of hit `n` of the list shown (fetched when not on this page);
  // empty, said, when there is none or the search was stopped.
  std::string hit_id(std::size_t n);
  void show(const SearchResults& results, const std::string& text);
  void fail(const Error& error, std::string_view query);
  void complain(std::string_view message);
  // Writes `text` to the output, through the pager when it is taller than
  // the terminal.
  void print(const std::string& text);
  // The width to wrap output to: the terminal's (0 when not a terminal).
  [[nodiscard]] std::size_t width(std::FILE* stream) const;
  // Completions for a word of a query.
  [[nodiscard]] Completion complete_query(std::string_view word);
  // The index's sources, authors and years (for completion), counted once
  // a session.
  [[nodiscard]] std::vector<std::string> values(FacetField field);

  const Index& index_;
  std::shared_ptr<Searcher> searcher_;
  ShellOutput io_;
  SearchOptions options_;
  std::vector<std::string> filters_;
  std::string last_query_;  // as typed, without the filters
  std::optional<SearchResults> last_;
  // After :similar, the ids of the articles the list shown is like, and
  // the page's words and matches; empty after a query.
  std::vector<std::string> like_;
  std::optional<SimilarResults> why_;
  std::optional<std::vector<Facet>> vocabulary_;  // values(), once counted
  bool json_ = false;
  int status_ = 0;
};

}  // namespace byline::cli
