// byline similar: the articles most like one or more given ones.
#include <unistd.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

struct SimilarCommand {
  std::string index;
  std::vector<std::string> ids;
  std::size_t limit = 10;
  std::size_t page = 1;
  std::size_t terms = SimilarOptions{}.terms;
  bool with_duplicates = false;
  std::string filter;
  bool explain = false;
  bool json = false;
  // Fragments per hit; unless given, 1 in text output and none in JSON, as
  // byline search shows them.
  std::optional<std::size_t> snippets;
  // The options given on the command line ("--limit"), defaults aside.
  std::set<std::string> given;
};

// An option given that would do nothing beside the others given, as a
// usage error naming both; empty when every option given applies.
std::string ignored_option(const SimilarCommand& cmd) {
  if (cmd.explain && cmd.json)
    return "--explain does nothing with --json, whose output has the words and each hit's";
  if (cmd.limit == 0) {
    for (std::string_view name : {"--page", "--snippets", "--explain"}) {
      if (cmd.given.contains(std::string(name)))
        return std::string(name) + " applies to the hits, and --limit 0 lists none";
    }
  }
  return {};
}

int run(const SimilarCommand& cmd) {
  if (const std::string problem = ignored_option(cmd); !problem.empty()) {
    (void)report_failure(Error(Error::Kind::invalid_argument, problem), {}, cmd.json);
    return kExitUsage;
  }
  SearchOptions options;
  options.limit = cmd.limit;
  options.offset = (cmd.page - 1) * cmd.limit;
  options.snippets.count = cmd.snippets.value_or(cmd.json ? 0 : 1);
  options.snippets.title = options.snippets.count > 0;
  SimilarOptions similar;
  similar.terms = cmd.terms;
  similar.include_duplicates = cmd.with_duplicates;
  similar.filter = cmd.filter;
  try {
    const Index index = open_index(resolve_index_path(cmd.index));
    Searcher searcher(index);
    const SimilarResults found = searcher.similar(cmd.ids, options, similar);
    if (cmd.json) {
      print_json(stdout, json_output::similar(found, cmd.ids, options));
      return kExitOk;
    }
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    const std::size_t width = terminal ? terminal_width(STDOUT_FILENO) : 0;
    const Style style(use_colour(stdout));
    print_results(stdout, found.results, similar_label(cmd.ids), style, width);
    if (cmd.explain)
      print_similar_words(stdout, found, style, width);
    return kExitOk;
  } catch (const Error& e) {
    // A filter that does not parse: the caret goes under the filter.
    return report_failure(e, cmd.filter, cmd.json);
  }
}

}  // namespace

void add_similar_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<SimilarCommand>();
  CLI::App* sub = app.add_subcommand(
      "similar", "List the articles most like the ones given, for their most telling words");
  sub->add_option("id", cmd->ids,
                  "The article's id (as search results show it); several: articles like all of "
                  "them")
      ->required();
  add_index_option(*sub, cmd->index);
  sub->add_option("-n,--limit", cmd->limit, "Results per page; 0: none, only the count")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{10'000}));
  sub->add_option("-p,--page", cmd->page, "Page of results, from 1")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_option("--terms", cmd->terms,
                  "How many of the given articles' most telling words to look for")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000}));
  sub->add_flag("--with-duplicates", cmd->with_duplicates,
                "Also list near-duplicates of the given articles (reprinted copies)");
  sub->add_option("--filter", cmd->filter,
                  "A query the articles must match too, as in 'date:2014 source:bbc'")
      ->type_name("QUERY");
  sub->add_option("--snippets", cmd->snippets,
                  "Fragments of each hit's text shown, with the words highlighted; 0: none "
                  "[default: 1, 0 with --json]")
      ->check(CLI::Range(std::size_t{0}, std::size_t{20}));
  sub->add_flag("--explain", cmd->explain,
                "Also show the words looked for, with their weights, and those each hit has");
  sub->add_flag("--json", cmd->json,
                "Print results as one JSON object, with the words and each hit's");
  sub->callback([cmd, sub, &exit_code] {
    cmd->given = given_options(*sub);
    exit_code = run(*cmd);
  });
}

}  // namespace byline::cli
