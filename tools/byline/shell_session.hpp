// The query shell's state and commands, apart from how lines are read: one
// line in (a query or a :command), output out. command_shell.cpp feeds it
// from readline or a pipe.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
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

  // Called from a SIGINT handler while a search runs: abandon it.
  static void interrupt() noexcept;
  // Whether a search is running (so Ctrl-C means "stop it", not "clear the line").
  [[nodiscard]] static bool searching() noexcept;

 private:
  void query(std::string text);
  void page(std::size_t offset);
  void next_page();
  void previous_page();
  void open(std::string_view argument);
  void show_article(std::string_view id);
  void filter(std::string_view argument);
  void facets(std::string_view argument);
  void sort(std::string_view argument);
  void limit(std::string_view argument);
  void explain(std::string_view argument);
  void stats();
  void help();

  // The query as run: the user's query, then the sticky filters.
  [[nodiscard]] std::string effective_query(const std::string& text) const;
  // Runs a search, abandoning it on Ctrl-C (nullopt then).
  std::optional<SearchResults> search(const std::string& text, const SearchOptions& options);
  void show(const SearchResults& results, const std::string& text);
  void fail(const Error& error, std::string_view query);
  void complain(std::string_view message);

  const Index& index_;
  std::shared_ptr<Searcher> searcher_;
  ShellOutput io_;
  SearchOptions options_;
  std::vector<std::string> filters_;
  std::string last_query_;  // as typed, without the filters
  std::optional<SearchResults> last_;
  bool json_ = false;
  int status_ = 0;
};

}  // namespace byline::cli
