// byline stories: the stories of the index (or of a query's matches),
// newest first; --rebuild groups every article again.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

struct StoriesCommand {
  std::string index;
  std::vector<std::string> words;
  std::string date;
  std::size_t limit = 10;
  std::size_t page = 1;
  bool any = false;
  bool no_aliases = false;
  bool rebuild = false;
  bool wait = false;
  bool json = false;
  // The options given on the command line ("--limit"), defaults aside.
  std::set<std::string> given;
};

// An option given that would do nothing beside the others given, as a
// usage error naming both; empty when every option given applies.
std::string ignored_option(const StoriesCommand& cmd) {
  const auto given = [&](std::string_view name) { return cmd.given.contains(std::string(name)); };
  if (cmd.rebuild) {
    if (!cmd.words.empty())
      return "a query does nothing with --rebuild, which groups every article and lists nothing";
    for (std::string_view name : {"--date", "--limit", "--page", "--any", "--no-aliases"}) {
      if (given(name))
        return std::string(name) +
               " does nothing with --rebuild, which groups every article and lists nothing";
    }
  } else if (cmd.wait) {
    return "--wait waits for another writer, and only --rebuild writes";
  } else if (cmd.limit == 0 && given("--page")) {
    return "--page applies to the stories listed, and --limit 0 lists none";
  }
  return {};
}

// --date RANGE as the query language's date: filter. Only a date's or a
// range's characters, so that the range cannot change what the rest of the
// query means ("2014 OR x" would); the parser checks the dates themselves.
std::string date_filter(const std::string& range) {
  if (range.empty() || range.find_first_not_of("0123456789-.") != std::string::npos) {
    throw Error(Error::Kind::invalid_argument,
                "--date takes a date or a range of them, YYYY[-MM[-DD]] or FROM..TO (either end "
                "may be left out), not \"" +
                    range + "\"");
  }
  return "date:" + range;
}

// The query run: the words given, with --date ANDed; every story ("*")
// when neither is given.
std::string query_of(const StoriesCommand& cmd) {
  std::string words;
  for (const std::string& w : cmd.words)
    words += (words.empty() ? "" : " ") + w;
  if (cmd.date.empty())
    return words.empty() ? "*" : words;
  const std::string date = date_filter(cmd.date);
  return words.empty() ? date : "(" + words + ") " + date;
}

// byline stories --rebuild: every article grouped again, in one commit,
// then what that made.
int rebuild(const StoriesCommand& cmd) {
  const auto started = std::chrono::steady_clock::now();
  IndexOptions options;
  options.mode = OpenMode::read_write;
  options.wait_for_lock = cmd.wait;
  Index index = open_index(resolve_index_path(cmd.index), options);
  {
    Writer writer(index);
    writer.rebuild_stories();
    writer.commit();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // What the commit made, read back as any reader sees it.
  Searcher searcher(index);
  StoryListOptions none;
  none.limit = 0;
  const std::uint64_t stories = searcher.stories("*", none).total;
  SearchOptions collapsed;
  collapsed.limit = 0;
  collapsed.suggest_below = 0;
  collapsed.collapse = true;
  const SearchResults all = searcher.search("*", collapsed);
  const std::uint64_t near_duplicates = all.total - all.collapsed_total;
  if (cmd.json) {
    print_json(stdout, {{"index", index.path().string()},
                        {"articles", all.total},
                        {"near_duplicates", near_duplicates},
                        {"stories", stories},
                        {"seconds", seconds}});
  } else {
    fmt::print("Rebuilt the stories of {} in {:.2f} s: {} near-{}, {} {}.\n",
               counted(all.total, "article"), seconds, near_duplicates,
               near_duplicates == 1 ? "duplicate" : "duplicates", stories,
               stories == 1 ? "story" : "stories");
  }
  return kExitOk;
}

int run(const StoriesCommand& cmd) {
  if (const std::string problem = ignored_option(cmd); !problem.empty()) {
    (void)report_failure(Error(Error::Kind::invalid_argument, problem), {}, cmd.json);
    return kExitUsage;
  }
  std::string query;
  try {
    query = query_of(cmd);
  } catch (const Error& e) {
    (void)report_failure(e, {}, cmd.json);
    return kExitUsage;
  }
  try {
    if (cmd.rebuild)
      return rebuild(cmd);
    const Index index = open_index(resolve_index_path(cmd.index));
    Searcher searcher(index);
    StoryListOptions options;
    options.limit = cmd.limit;
    options.offset = (cmd.page - 1) * cmd.limit;
    options.default_operator = cmd.any ? DefaultOperator::any : DefaultOperator::all;
    options.aliases = !cmd.no_aliases;
    const StoryList list = searcher.stories(query, options);
    if (cmd.json) {
      print_json(stdout, json_output::stories(list, query, options));
      return kExitOk;
    }
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    print_stories(stdout, list, query, options.offset, Style(use_colour(stdout)),
                  terminal ? terminal_width(STDOUT_FILENO) : 0);
    // Articles indexed before byline had stories are in none until they
    // are grouped; an index of nothing else lists no story at all.
    if (list.total == 0 && query == "*" && index.article_count() > 0) {
      fmt::print(
          "No story holds the index's {} yet (indexed before byline had stories): 'byline "
          "stories --rebuild' groups them.\n",
          counted(index.article_count(), "article"));
    }
    return kExitOk;
  } catch (const Error& e) {
    return report_failure(e, query, cmd.json);
  }
}

}  // namespace

void add_stories_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<StoriesCommand>();
  CLI::App* sub = app.add_subcommand(
      "stories", "List the stories (articles about one event), newest first, or group them again");
  sub->add_option("query", cmd->words,
                  "Only the stories with articles that match this query (see 'byline help "
                  "query'); several arguments are joined by spaces");
  add_index_option(*sub, cmd->index);
  sub->add_option("--date", cmd->date,
                  "Only the stories with articles of these dates, as the query's date: filter "
                  "takes them: a year, month or day (2014-09), or FROM..TO (either end may be "
                  "left out)")
      ->type_name("RANGE");
  sub->add_option("-n,--limit", cmd->limit, "Stories per page; 0: none, only the count")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{10'000}));
  sub->add_option("-p,--page", cmd->page, "Page of stories, from 1")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_flag("--any", cmd->any, "Bare words: match articles with any of them, not all");
  sub->add_flag("--no-aliases", cmd->no_aliases, "Do not expand words to their aliases");
  sub->add_flag("--rebuild", cmd->rebuild,
                "Group every article again into near-duplicates and stories (articles indexed "
                "before byline had stories get theirs; story ids start from 1 again), then say "
                "how many");
  sub->add_flag("--wait", cmd->wait,
                "With --rebuild: wait for another writer to finish instead of failing");
  sub->add_flag("--json", cmd->json, "Print one JSON object");
  sub->callback([cmd, sub, &exit_code] {
    cmd->given = given_options(*sub);
    exit_code = run(*cmd);
  });
}

}  // namespace byline::cli
