// byline search: run one query and print ranked results.
#include <fmt/core.h>
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
#include "byline/timeline.hpp"

namespace byline::cli {

namespace {

struct SearchCommand {
  std::string index;
  std::vector<std::string> words;
  std::size_t limit = 10;
  std::size_t page = 1;
  bool any = false;
  bool json = false;
  bool explain = false;
  bool no_aliases = false;
  bool allow_partial = false;
  // One hit per group of near-identical articles; with copies, each hit
  // lists the others.
  bool collapse = false;
  bool copies = false;
  std::string sort = "relevance";
  std::vector<std::string> facets;
  std::size_t facet_top = 10;
  std::string facet_sort = "count";
  std::string facet_range;
  bool empty_buckets = false;
  // Fragments per hit; unless given, 1 in text output and none in JSON (whose
  // default object is the one the C API returns).
  std::optional<std::size_t> snippets;
  std::size_t snippet_length = 200;
  // --timeline [UNIT]: the matches over time instead of hits. CLI11 takes
  // the word after the option as its value, so a value that is not a unit
  // is the query's first word (`--timeline ceasefire`).
  std::optional<std::string> timeline;
  // The options given on the command line ("--limit"), defaults aside.
  std::set<std::string> given;
};

bool is_date_facet(std::string_view name) {
  return name == "year" || name == "month" || name == "day";
}

// An option given that would do nothing beside the others given, as a
// usage error naming both; empty when every option given applies.
// `timeline`: the hits are charted over time instead of listed.
std::string ignored_option(const SearchCommand& cmd, bool timeline) {
  const auto given = [&](std::string_view name) { return cmd.given.contains(std::string(name)); };
  std::string instead;  // what shows in place of the hits
  if (cmd.explain) {
    instead = "--explain, which shows how the query is understood without running it";
  } else if (timeline) {
    instead = "--timeline, which charts the matches over time instead of listing them";
  }
  if (!instead.empty()) {
    for (std::string_view name : {"--limit", "--page", "--sort", "--snippets", "--snippet-length",
                                  "--facets", "--facet-top", "--facet-sort", "--facet-range",
                                  "--empty-buckets", "--collapse", "--copies", "--timeline"}) {
      if (given(name) && !(name == "--timeline" && !cmd.explain))
        return std::string(name) + " does nothing with " + instead;
    }
  }
  if (cmd.copies && !cmd.collapse) {
    return "--copies lists the near-identical copies --collapse folds into each hit, and "
           "--collapse is not given";
  }
  if (cmd.limit == 0) {
    for (std::string_view name :
         {"--page", "--sort", "--snippets", "--snippet-length", "--copies"}) {
      if (given(name))
        return std::string(name) + " applies to the hits, and --limit 0 lists none";
    }
  }
  if (given("--snippet-length") && cmd.snippets.value_or(cmd.json ? 0 : 1) == 0) {
    return "--snippet-length is the length of the snippets, and " +
           std::string(cmd.snippets ? "--snippets 0 asks for none"
                                    : "--json shows none unless --snippets N asks for them");
  }
  std::string facets;
  bool dated = false;
  bool all_dated = !cmd.facets.empty();
  for (const std::string& name : cmd.facets) {
    facets += (facets.empty() ? "" : ",") + name;
    dated = dated || is_date_facet(name);
    all_dated = all_dated && is_date_facet(name);
  }
  for (std::string_view name :
       {"--facet-top", "--facet-sort", "--facet-range", "--empty-buckets"}) {
    if (given(name) && cmd.facets.empty())
      return std::string(name) + " applies to facets, and no --facets are asked for";
  }
  for (std::string_view name : {"--facet-range", "--empty-buckets"}) {
    if (given(name) && !dated) {
      return std::string(name) + " applies to date facets (year, month, day), and --facets " +
             facets + " has none";
    }
  }
  if (cmd.empty_buckets && all_dated) {
    for (std::string_view name : {"--facet-top", "--facet-sort"}) {
      if (given(name)) {
        return std::string(name) +
               " does nothing with --empty-buckets, whose histograms show every bucket in date "
               "order";
      }
    }
  }
  return {};
}

std::vector<FacetRequest> facet_requests(const SearchCommand& cmd) {
  std::vector<FacetRequest> out;
  const std::size_t dots = cmd.facet_range.find("..");
  for (const std::string& name : cmd.facets) {
    FacetRequest r;
    r.field = parse_facet_field(name).value_or(FacetField::source);  // CLI11 checked the name
    r.top = cmd.facet_top;
    r.order = cmd.facet_sort == "value" ? FacetOrder::value : FacetOrder::count;
    if (r.field == FacetField::year || r.field == FacetField::month || r.field == FacetField::day) {
      if (dots != std::string::npos) {
        r.from = cmd.facet_range.substr(0, dots);
        r.to = cmd.facet_range.substr(dots + 2);
      } else {
        r.from = r.to = cmd.facet_range;
      }
      r.empty_buckets = cmd.empty_buckets;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty())
      out += ' ';
    out += w;
  }
  return out;
}

// byline search --timeline: the chart, or its buckets as JSON.
int run_timeline(Searcher& searcher, const std::string& query, const SearchOptions& options,
                 TimelineUnit unit, bool json) {
  // The window's width, else $COLUMNS, else 80.
  const std::size_t width = terminal_width(STDOUT_FILENO);
  // The count scale takes a few columns on the left.
  const Timeline timeline =
      *build_timeline([&](const SearchOptions& o) { return searcher.search(query, o); }, options,
                      unit, width > 16 ? width - 8 : 8);
  if (json) {
    print_json(stdout, {{"query", query}, {"timeline", timeline_json(timeline)}});
  } else {
    std::fputs(render_timeline(timeline, width, Style(use_colour(stdout))).c_str(), stdout);
  }
  return kExitOk;
}

int run(SearchCommand cmd) {
  std::optional<TimelineUnit> unit;
  if (cmd.timeline) {
    unit = parse_timeline_unit(cmd.timeline->empty() ? "auto" : *cmd.timeline);
    if (!unit) {
      cmd.words.insert(cmd.words.begin(), *cmd.timeline);
      unit = TimelineUnit::automatic;
    }
  }
  if (cmd.words.empty()) {
    // Not CLI11's required(): --timeline may have taken the only word.
    (void)report_failure(Error(Error::Kind::invalid_argument,
                               "query is required (run 'byline search --help' for the options)"),
                         {}, cmd.json);
    return kExitUsage;
  }
  if (const std::string problem = ignored_option(cmd, unit.has_value()); !problem.empty()) {
    (void)report_failure(Error(Error::Kind::invalid_argument, problem), {}, cmd.json);
    return kExitUsage;
  }
  const std::string query = join(cmd.words);
  SearchOptions options;
  options.limit = cmd.limit;
  options.offset = (cmd.page - 1) * cmd.limit;
  options.default_operator = cmd.any ? DefaultOperator::any : DefaultOperator::all;
  options.aliases = !cmd.no_aliases;
  options.sort = cmd.sort == "newest"   ? SortOrder::newest
                 : cmd.sort == "oldest" ? SortOrder::oldest
                                        : SortOrder::relevance;
  options.facets = facet_requests(cmd);
  options.snippets.count = cmd.snippets.value_or(cmd.json ? 0 : 1);
  options.snippets.length = cmd.snippet_length;
  options.snippets.title = options.snippets.count > 0;
  options.collapse = cmd.collapse;
  options.list_copies = cmd.copies;
  try {
    IndexOptions index_options;
    index_options.allow_partial = cmd.allow_partial;
    const Index index = open_index(resolve_index_path(cmd.index), index_options);
    Searcher searcher(index);
    if (cmd.explain) {
      const Explanation explanation = searcher.explain(query, options);
      if (cmd.json) {
        print_json(stdout, json_output::explanation(explanation));
      } else {
        print_explanation(stdout, explanation, Style(use_colour(stdout)));
      }
      return kExitOk;
    }
    if (unit)
      return run_timeline(searcher, query, options, *unit, cmd.json);
    const SearchResults results = searcher.search(query, options);
    if (cmd.json) {
      print_json(stdout, json_output::results(results, query, options));
    } else {
      const bool terminal = ::isatty(STDOUT_FILENO) != 0;
      print_results(stdout, results, query, Style(use_colour(stdout)),
                    terminal ? terminal_width(STDOUT_FILENO) : 0, options.collapse);
    }
    return kExitOk;
  } catch (const Error& e) {
    return report_failure(e, query, cmd.json);
  }
}

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<SearchCommand>();
  CLI::App* sub = app.add_subcommand("search", "Search the index and print ranked results");
  sub->add_option("query", cmd->words,
                  "The query (see 'byline help query'); several arguments are joined by spaces");
  add_index_option(*sub, cmd->index);
  sub->add_option("-n,--limit", cmd->limit,
                  "Results per page; 0: none, only the count (and --facets)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{10'000}));
  sub->add_option("-p,--page", cmd->page, "Page of results, from 1")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_flag("--any", cmd->any, "Bare words: match articles with any of them, not all");
  sub->add_option("--sort", cmd->sort, "Order of the hits")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  sub->add_flag("--no-aliases", cmd->no_aliases, "Do not expand words to their aliases");
  sub->add_flag("--allow-partial", cmd->allow_partial,
                "An index made of shards: search the shards that answer, and say which did not, "
                "instead of failing");
  sub->add_option("--facets", cmd->facets,
                  "Count the matching articles per source, year, month, day, story, author or "
                  "lang (language code; articles without one are counted apart): a "
                  "comma-separated list, as in source,month")
      ->delimiter(',')
      // One argument (a comma-separated list): the query's words that follow
      // are not more facet names.
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"source", "year", "month", "day", "author", "lang", "story"}));
  sub->add_option("--facet-top", cmd->facet_top, "Values shown per facet, most frequent; 0: all")
      ->capture_default_str();
  sub->add_option("--facet-sort", cmd->facet_sort, "Order of a facet's values")
      ->capture_default_str()
      ->check(CLI::IsMember({"count", "value"}));
  sub->add_option("--facet-range", cmd->facet_range,
                  "Date facets: only the buckets in FROM..TO (YYYY[-MM[-DD]], either end may be "
                  "left out)");
  sub->add_flag("--empty-buckets", cmd->empty_buckets,
                "Date facets: a histogram, every bucket in the range in date order, empty ones "
                "with 0");
  sub->add_option("--snippets", cmd->snippets,
                  "Fragments of each hit's text shown, with the matches highlighted; 0: none "
                  "[default: 1, 0 with --json]")
      ->check(CLI::Range(std::size_t{0}, std::size_t{20}));
  sub->add_option("--snippet-length", cmd->snippet_length,
                  "About this many characters per fragment")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{10}, std::size_t{10'000}));
  sub->add_flag("--collapse", cmd->collapse,
                "One hit per group of near-identical articles (reprinted wire copy), the best "
                "ranked, with the number of its copies");
  sub->add_flag("--copies", cmd->copies,
                "With --collapse: list each hit's copies, by source and id");
  sub->add_flag("--explain", cmd->explain,
                "Show how the query is understood (parse tree, expansions, Xapian query) "
                "instead of running it");
  sub->add_option("--timeline", cmd->timeline,
                  "Chart the matches over time instead of listing them, by day, week, month or "
                  "year [default: auto, the finest that fits the width]")
      ->expected(0, 1);
  sub->add_flag("--json", cmd->json, "Print results as one JSON object");
  sub->callback([cmd, sub, &exit_code] {
    cmd->given = given_options(*sub);
    exit_code = run(*cmd);
  });
}

}  // namespace byline::cli
