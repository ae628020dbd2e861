#include "byline/shell_session.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <future>
#include <utility>

#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/pager.hpp"
#include "byline/render.hpp"
#include "byline/text_layout.hpp"
#include "byline/timeline.hpp"

namespace byline::cli {

namespace {

// Set by Ctrl-C (a signal handler, which may only store to a lock-free
// atomic), read by the running search.
std::atomic<bool> g_searching{false};
std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free);

// How long a search runs before the shell says it is searching.
constexpr std::chrono::milliseconds kPatience{200};
// How long Tab may spend counting the index's sources, authors and years.
constexpr std::chrono::seconds kCompletionBudget{2};

constexpr std::string_view kSearching = "searching… (Ctrl-C to stop)";

constexpr std::string_view kFields[] = {
    "title:", "body:", "source:", "author:", "date:", "lang:", "id:", "story:"};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::optional<std::size_t> positive_number(std::string_view s) {
  if (s.empty() || s.size() > 9)
    return std::nullopt;
  std::size_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0)
    return std::nullopt;
  return n;
}

constexpr std::string_view kSyntax =
    R"(Type a query and press Enter; 'byline help query' describes the syntax:
  words  "phrases"  NEAR/5  AND OR NOT ( )  +must -not
  title: body: source: author: date: lang: id: story:
  date:2014-09..2014-10  pledg*  Massoum~  =exact
Tab completes commands, field names, and sources, authors and years after
source:, author: and date:.
Commands:
)";

// What `print` writes to a FILE*, as a string.
template <class Print>
std::string capture(Print print) {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* stream = ::open_memstream(&data, &size);
  if (stream == nullptr)
    return {};
  print(stream);
  std::fclose(stream);
  std::string out(data, size);
  std::free(data);
  return out;
}

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size())
    return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

// `value` as a query writes it: in quotes when it is more than one word.
std::string quoted_if_needed(std::string_view value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
           (static_cast<unsigned char>(c) & 0x80) != 0;
  });
  return plain ? std::string(value) : "\"" + std::string(value) + "\"";
}

// Runs `run` (a search of some kind, given its options) as the shell runs
// every search. On a terminal it runs on a thread of its own while this one
// waits, says "searching…" if it takes a while, and passes Ctrl-C on: the
// search reads g_cancel and stops with Error(interrupted), and nullopt is
// returned.
template <typename Run>
auto interruptibly(const ShellOutput& io, SearchOptions options, Run run)
    -> std::optional<decltype(run(options))> {
  if (!io.interactive)
    return run(options);
  g_cancel = false;
  options.cancel = &g_cancel;
  g_searching = true;
  auto running = std::async(std::launch::async, [&] { return run(options); });
  const bool terminal = ::isatty(::fileno(io.err)) != 0;
  bool said = false;
  if (running.wait_for(kPatience) != std::future_status::ready && terminal) {
    fmt::print(io.err, "{}", io.err_style.dim(kSearching));
    std::fflush(io.err);
    said = true;
  }
  running.wait();
  g_searching = false;
  if (said) {
    // Rubbed out, and the "^C" the terminal may have echoed after it.
    fmt::print(io.err, "\r{}\r", std::string(columns(kSearching) + 2, ' '));
    std::fflush(io.err);
  }
  try {
    return running.get();
  } catch (const Error& e) {
    if (e.kind() != Error::Kind::interrupted)
      throw;
    // At the start of the line, over the "^C".
    fmt::print(io.err, "\rSearch interrupted.\n");
    return std::nullopt;
  }
}

}  // namespace

void ShellSession::interrupt() noexcept {
  g_cancel = true;
}
bool ShellSession::searching() noexcept {
  return g_searching;
}

struct ShellSession::Command {
  std::string_view name;       // ":open"
  std::string_view aliases;    // ":o", or several separated by spaces
  std::string_view arguments;  // "N", as :help shows them
  std::string_view help;
  void (ShellSession::*run)(std::string_view argument);  // null for :quit
  // What Tab offers for the argument (words separated by spaces); "query":
  // what it offers in a query.
  std::string_view completions = {};
};

std::span<const ShellSession::Command> ShellSession::commands() {
  // A new command is a row here and a member function.
  static constexpr Command kCommands[] = {
      {":next", ":n", "", "the next page (Enter on an empty line: next)", &ShellSession::next_page},
      {":prev", ":p", "", "the previous page", &ShellSession::previous_page},
      {":open", ":o", "N", "article N in full, its matches highlighted", &ShellSession::open},
      {":similar", "", "N|ID...",
       "the articles most like hit N (or the article ID; several: like all), for their most "
       "telling words, which :explain then shows",
       &ShellSession::similar},
      {":show", "", "ID", "the stored article with this id: its fields, its text as indexed",
       &ShellSession::show_article},
      {":facets", "", "FIELD",
       "counts for the last query by source, year, month, day, author, lang (language) or "
       "story",
       &ShellSession::facets, "source year month day author lang story"},
      {":timeline", ":t", "[UNIT] [QUERY]",
       "the last (or given) query's matches over time, as a bar chart by day, week, month or "
       "year (UNIT; default: the finest that fits)",
       &ShellSession::timeline, "day week month year"},
      {":stories", "", "[QUERY]",
       "the stories of the last (or given) query's matches, newest first; before any query, "
       "every story (story:ID finds a story's articles)",
       &ShellSession::stories, "query"},
      {":filter", "", "FILTERS",
       "sticky filters added to every query, e.g. :filter source:bbc date:2014",
       &ShellSession::filter, "query"},
      {":clear", "", "", "drop the filters", &ShellSession::clear_filters},
      {":sort", "", "relevance|newest|oldest", "the order of the hits", &ShellSession::sort,
       "relevance newest oldest"},
      {":collapse", "", "[on|off]",
       "one hit per group of near-identical articles (reprinted wire copy), its copies listed "
       "under it; alone: on if off, off if on",
       &ShellSession::collapse, "on off"},
      {":limit", "", "N", "hits per page", &ShellSession::limit},
      {":explain", "", "[QUERY]", "how the last (or given) query is understood",
       &ShellSession::explain, "query"},
      {":stats", "", "", "what the index holds", &ShellSession::stats},
      {":json", "", "", "JSON output on or off", &ShellSession::toggle_json},
      {":help", ":h :?", "", "this text", &ShellSession::help},
      {":quit", ":q :exit", "",
       "leave (Ctrl-D works too; Ctrl-C stops a search or clears the line)", nullptr},
  };
  return kCommands;
}

const ShellSession::Command* ShellSession::find_command(std::string_view name) {
  for (const Command& command : commands()) {
    if (name == command.name)
      return &command;
    std::string_view aliases = command.aliases;
    while (!aliases.empty()) {
      const std::size_t space = std::min(aliases.find(' '), aliases.size());
      if (aliases.substr(0, space) == name)
        return &command;
      aliases.remove_prefix(std::min(space + 1, aliases.size()));
    }
  }
  return nullptr;
}

ShellSession::ShellSession(const Index& index, ShellOutput output, std::size_t limit)
    : index_(index), searcher_(std::make_shared<Searcher>(index)), io_(output) {
  options_.limit = limit;
  // Each hit with its title highlighted and its best fragment; after the
  // hits, a summary of the sources and months.
  options_.snippets.count = 1;
  options_.snippets.length = 240;
  options_.snippets.title = true;
  for (const FacetField field : {FacetField::source, FacetField::month}) {
    FacetRequest request;
    request.field = field;
    request.top = 5;
    options_.facets.push_back(request);
  }
}

ShellSession::~ShellSession() = default;

std::string ShellSession::prompt() const {
  std::string filters;
  for (const auto& f : filters_)
    filters += (filters.empty() ? "" : " ") + f;
  const std::string text = filters.empty() ? "byline> " : "byline [" + filters + "]> ";
  return io_.style.bold(text);
}

bool ShellSession::handle(std::string_view raw) {
  const std::string_view line = trim(raw);
  if (line.empty()) {
    // Enter on an empty line pages on, at a terminal.
    if (io_.interactive && last_ && last_->hits.size() == options_.limit) {
      page(options_.offset + options_.limit);
    }
    return true;
  }
  if (line.front() == '#')
    return true;
  if (line.front() != ':') {
    query(std::string(line));
    return true;
  }
  const auto space = line.find(' ');
  const std::string_view name = line.substr(0, space);
  const std::string_view argument =
      space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
  const Command* command = find_command(name);
  if (command == nullptr) {
    complain(fmt::format("unknown command {}; type :help for the list", name));
  } else if (command->run == nullptr) {
    return false;  // :quit
  } else if (command->arguments.empty() && !argument.empty()) {
    // Not run without it: the argument would be ignored (":json on" would
    // turn JSON off when it is on).
    complain(fmt::format("{} takes no argument; type :help for the commands", command->name));
  } else {
    (this->*command->run)(argument);
  }
  std::fflush(io_.out);
  return true;
}

void ShellSession::next_page(std::string_view) {
  if (!last_) {
    complain("no query yet");
  } else {
    page(options_.offset + options_.limit);
  }
}

void ShellSession::previous_page(std::string_view) {
  if (!last_) {
    complain("no query yet");
  } else if (options_.offset == 0) {
    complain("already on the first page");
  } else {
    page(options_.offset > options_.limit ? options_.offset - options_.limit : 0);
  }
}

void ShellSession::help(std::string_view) {
  const std::size_t w = width(io_.out);
  std::string text;
  std::string_view syntax = kSyntax;
  while (!syntax.empty()) {
    // The examples' lines, indented, keep their indent when wrapped.
    const std::size_t end = syntax.find('\n');
    const std::string_view line = syntax.substr(0, end);
    const std::size_t indent = line.starts_with("  ") ? 2 : 0;
    text += std::string(indent, ' ') + wrap(line.substr(indent), w, indent) + "\n";
    syntax.remove_prefix(end + 1);
  }
  // The descriptions line up in a column 23 columns in, wrapped inside it;
  // on a terminal too narrow for that column (under 60 columns), and after
  // a synopsis too long for its place, each goes under its command instead.
  constexpr std::size_t kColumn = 23;
  const bool stacked = w > 0 && w < 60;
  for (const Command& command : commands()) {
    std::string synopsis(command.name);
    if (!command.arguments.empty())
      synopsis += " " + std::string(command.arguments);
    if (stacked || synopsis.size() + 3 > kColumn) {
      const std::size_t indent = stacked ? 6 : kColumn;
      text += fmt::format("  {}\n{}{}\n", synopsis, std::string(indent, ' '),
                          wrap(command.help, w, indent));
    } else {
      text += fmt::format("  {:<{}}{}\n", synopsis, kColumn - 2, wrap(command.help, w, kColumn));
    }
  }
  print(text);
}

void ShellSession::clear_filters(std::string_view) {
  filters_.clear();
  fmt::print(io_.out, "Filters cleared.\n");
}

void ShellSession::toggle_json(std::string_view) {
  json_ = !json_;
  fmt::print(io_.out, "JSON output {}.\n", json_ ? "on" : "off");
}

void ShellSession::complain(std::string_view message) {
  fmt::print(
      io_.err, "{}\n",
      wrap(io_.err_style.red("byline: error:") + " " + std::string(message), width(io_.err), 2));
  status_ = 1;
}

std::size_t ShellSession::width(std::FILE* stream) const {
  const int fd = ::fileno(stream);
  return io_.interactive && ::isatty(fd) != 0 ? text_width(terminal_width(fd)) : 0;
}

void ShellSession::print(const std::string& text) {
  show_text(io_.out, text, io_.interactive);
}

void ShellSession::fail(const Error& error, std::string_view query) {
  if (json_) {
    print_json(io_.out, json_output::error(error));
  } else {
    print_error(io_.err, error, query, io_.err_style, width(io_.err));
  }
  status_ = 1;
}

std::string ShellSession::effective_query(const std::string& text) const {
  if (filters_.empty())
    return text;
  std::string q = "(" + text + ")";
  for (const auto& f : filters_)
    q += " AND (" + f + ")";
  return q;
}

std::optional<SearchResults> ShellSession::search(const std::string& text, SearchOptions options) {
  return interruptibly(io_, std::move(options),
                       [&](const SearchOptions& o) { return searcher_->search(text, o); });
}

std::optional<SearchResults> ShellSession::list(SearchOptions options,
                                                std::optional<SimilarResults>* why) {
  if (like_.empty())
    return search(effective_query(last_query_), std::move(options));
  // The sticky filters narrow similar articles as they narrow a query.
  SimilarOptions similar;
  for (const auto& f : filters_)
    similar.filter += (similar.filter.empty() ? "(" : " AND (") + f + ")";
  auto found = interruptibly(io_, std::move(options), [&](const SearchOptions& o) {
    return searcher_->similar(like_, o, similar);
  });
  if (!found)
    return std::nullopt;
  SearchResults results = found->results;
  if (why != nullptr)
    *why = std::move(found);
  return results;
}

std::string ShellSession::hit_id(std::size_t n) {
  for (const Hit& hit : last_->hits) {
    if (hit.rank == n)
      return hit.id;
  }
  // Not on this page: fetch that one hit, without the page's extras.
  SearchOptions one = options_;
  one.offset = n - 1;
  one.limit = 1;
  one.facets.clear();
  one.snippets = SnippetOptions{};
  const auto results = list(one);
  if (!results)
    return {};
  if (results->hits.empty()) {
    complain(fmt::format("there is no hit {}", n));
    return {};
  }
  return results->hits.front().id;
}

void ShellSession::query(std::string text) {
  // A query that fails, or is stopped, leaves the previous one for :next,
  // :open and :sort.
  std::string previous = std::exchange(last_query_, std::move(text));
  std::vector<std::string> previous_like = std::exchange(like_, {});
  if (!page(0)) {
    last_query_ = std::move(previous);
    like_ = std::move(previous_like);
  }
}

bool ShellSession::page(std::size_t offset) {
  SearchOptions options = options_;
  options.offset = offset;
  const std::string full = like_.empty() ? effective_query(last_query_) : similar_label(like_);
  try {
    std::optional<SimilarResults> why;
    auto results = list(options, &why);
    if (!results)
      return false;
    if (offset > 0 && results->hits.empty()) {
      complain("no more results");
      return false;
    }
    options_.offset = offset;
    why_ = std::move(why);
    show(*results, full);
    last_ = std::move(results);
    return true;
  } catch (const Error& e) {
    // A similar list's error is in no query the user typed.
    fail(e, like_.empty() ? full : std::string());
    return false;
  }
}

void ShellSession::show(const SearchResults& results, const std::string& text) {
  if (json_) {
    print_json(io_.out, like_.empty() || !why_ ? json_output::results(results, text, options_)
                                               : json_output::similar(*why_, like_, options_));
    return;
  }
  const std::size_t w = width(io_.out);
  std::string out = capture(
      [&](std::FILE* f) { print_results(f, results, text, io_.style, w, options_.collapse); });
  const std::size_t shown_to = options_.offset + results.hits.size();
  // Collapsed, the pages hold the hits left, not every match.
  const std::uint64_t hits = options_.collapse ? results.collapsed_total : results.total;
  if (io_.interactive && shown_to < hits) {
    out += wrap(io_.style.dim(fmt::format("{}-{} of {}; Enter or :next for more",
                                          options_.offset + 1, shown_to, hits)),
                w, 0) +
           "\n";
  }
  print(out);
}

void ShellSession::open(std::string_view argument) {
  const auto n = positive_number(argument);
  if (!n)
    return complain(":open takes the number of a hit, as in :open 2");
  if (!last_)
    return complain("no query yet");
  try {
    const std::string id = hit_id(*n);
    if (id.empty())
      return;
    const auto article = searcher_->article(id);
    if (!article)
      return complain("article " + id + " is no longer in the index");
    if (json_) {
      print_json(io_.out, json_output::article(*article));
      return;
    }
    const std::size_t w = width(io_.out);
    const Markup markup = io_.style.enabled() ? Markup::ansi : Markup::none;
    // A similar list has no query to mark (its snippets show the words).
    const ArticleHighlights marks =
        like_.empty() ? searcher_->highlight(effective_query(last_query_), *article, options_)
                      : ArticleHighlights{};
    std::string text =
        wrap(io_.style.bold(mark_up(article->title, marks.title, markup)), w, 0) + "\n";
    std::string meta;
    for (const std::string* part :
         {&article->source, &article->date, &article->id, &article->url}) {
      if (part->empty())
        continue;
      meta += (meta.empty() ? "" : " · ") + *part;
    }
    text += wrap_list(io_.style.dim(meta), " · ", w, 0) + "\n\n" +
            wrap(mark_up(article->body, marks.body, markup), w, 0) + "\n";
    print(text);
  } catch (const Error& e) {
    fail(e, {});
  }
}

void ShellSession::similar(std::string_view argument) {
  // Hit numbers of the list shown, or ids (a number is a hit's when there
  // is a list).
  std::vector<std::string> ids;
  try {
    std::string_view rest = argument;
    while (!rest.empty()) {
      const std::size_t space = std::min(rest.find_first_of(" \t"), rest.size());
      const std::string_view word = rest.substr(0, space);
      rest = trim(rest.substr(space));
      if (const auto n = positive_number(word); n && last_) {
        std::string id = hit_id(*n);
        if (id.empty())
          return;
        ids.push_back(std::move(id));
      } else {
        ids.emplace_back(word);
      }
    }
  } catch (const Error& e) {
    return fail(e, {});
  }
  if (ids.empty())
    return complain(":similar takes the number of a hit, as in :similar 2, or an article's id");
  std::vector<std::string> previous = std::exchange(like_, std::move(ids));
  if (!page(0))
    like_ = std::move(previous);
}

void ShellSession::show_article(std::string_view id) {
  if (id.empty())
    return complain(":show takes the id of an article, as in :show 000_948900f74b3c9d2b");
  try {
    const auto article = searcher_->article(id);
    if (!article) {
      return complain(
          fmt::format("no article with id \"{}\" in index {}", id, index_.path().string()));
    }
    const std::size_t w = width(io_.out);
    print(capture([&](std::FILE* f) { print_article(f, *article, json_, io_.style, w); }));
  } catch (const Error& e) {
    fail(e, {});
  }
}

void ShellSession::facets(std::string_view argument) {
  if (!last_)
    return complain("no query yet");
  FacetRequest request;
  std::string_view name = argument;
  if (name.ends_with('s'))
    name.remove_suffix(1);  // :facets sources, :facets months
  const auto field = parse_facet_field(name);
  if (!field)
    return complain(":facets takes source, year, month, day, author, lang or story");
  request.field = *field;
  request.top = 50;
  SearchOptions options = options_;
  options.limit = 0;
  options.snippets = SnippetOptions{};
  options.facets = {request};
  const std::string full = like_.empty() ? effective_query(last_query_) : similar_label(like_);
  try {
    const auto results = list(options);
    if (!results)
      return;
    if (json_) {
      print_json(io_.out, json_output::results(*results, full, options));
    } else {
      const std::size_t w = width(io_.out);
      print(capture([&](std::FILE* f) { print_facets(f, results->facets, io_.style, w); }));
    }
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::timeline(std::string_view argument) {
  // An optional unit, then an optional query (else the last one).
  std::string_view rest = argument;
  const std::size_t space = std::min(rest.find(' '), rest.size());
  auto unit = parse_timeline_unit(rest.substr(0, space));
  if (unit) {
    rest.remove_prefix(space);
    while (!rest.empty() && rest.front() == ' ')
      rest.remove_prefix(1);
  } else {
    unit = TimelineUnit::automatic;
  }
  if (rest.empty() && !last_)
    return complain("no query yet: :timeline [day|week|month|year] QUERY");
  const bool shown = rest.empty() && !like_.empty();  // the similar list shown
  const std::string full = shown ? similar_label(like_)
                                 : effective_query(rest.empty() ? last_query_ : std::string(rest));
  // A pipe gets the chart as wide as $COLUMNS (else 80) says.
  const std::size_t w = width(io_.out) != 0 ? width(io_.out) : terminal_width(::fileno(io_.out));
  try {
    const auto built = build_timeline(
        [&](const SearchOptions& options) { return shown ? list(options) : search(full, options); },
        options_, *unit, w > 16 ? w - 8 : 8);
    if (!built)
      return;
    if (json_) {
      print_json(io_.out, {{"query", full}, {"timeline", timeline_json(*built)}});
    } else {
      print(render_timeline(*built, w, io_.style));
    }
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::filter(std::string_view argument) {
  if (argument.empty()) {
    if (filters_.empty()) {
      fmt::print(io_.out, "No filters. Add some with :filter source:... date:...\n");
    } else {
      for (const auto& f : filters_)
        fmt::print(io_.out, "{}\n", f);
    }
    return;
  }
  try {
    // Checked now, so that a bad filter is reported once, not with every query.
    (void)searcher_->explain(std::string(argument), options_);
    filters_.emplace_back(argument);
    fmt::print(io_.out, "Filter added: {}\n", argument);
  } catch (const Error& e) {
    fail(e, argument);
  }
}

void ShellSession::sort(std::string_view argument) {
  if (argument == "relevance") {
    options_.sort = SortOrder::relevance;
  } else if (argument == "newest") {
    options_.sort = SortOrder::newest;
  } else if (argument == "oldest") {
    options_.sort = SortOrder::oldest;
  } else {
    return complain(":sort takes relevance, newest or oldest");
  }
  fmt::print(io_.out, "Sorting by {}.\n", argument);
  if (last_)
    page(0);
}

void ShellSession::collapse(std::string_view argument) {
  bool on = !options_.collapse;
  if (argument == "on") {
    on = true;
  } else if (argument == "off") {
    on = false;
  } else if (!argument.empty()) {
    return complain(":collapse takes on or off (alone: on if off, off if on)");
  }
  // A person reading wants to know who carried the copy: the copies are
  // listed, which costs a pass over the matches for each hit that has any.
  options_.collapse = on;
  options_.list_copies = on;
  fmt::print(io_.out, "{}\n",
             on ? "Near-duplicates collapsed: one hit per group, its copies listed under it."
                : "Near-duplicates not collapsed: each a hit of its own.");
  if (last_)
    page(0);
}

void ShellSession::stories(std::string_view argument) {
  // The given query, else the last one, else every story; narrowed by the
  // sticky filters as queries are.
  const std::string text = !argument.empty()     ? std::string(argument)
                           : last_query_.empty() ? "*"
                                                 : last_query_;
  const std::string full = effective_query(text);
  StoryListOptions options;
  options.limit = options_.limit;
  options.default_operator = options_.default_operator;
  options.aliases = options_.aliases;
  try {
    // Ctrl-C stops it as it stops a search.
    const auto listed = interruptibly(io_, options_, [&](const SearchOptions& o) {
      StoryListOptions how = options;
      how.cancel = o.cancel;
      return searcher_->stories(full, how);
    });
    if (!listed)
      return;
    const StoryList& list = *listed;
    if (json_) {
      print_json(io_.out, json_output::stories(list, full, options));
      return;
    }
    const std::size_t w = width(io_.out);
    std::string out = capture([&](std::FILE* f) { print_stories(f, list, full, 0, io_.style, w); });
    if (list.stories.size() < list.total) {
      out += wrap(io_.style.dim(fmt::format("The {} newest of {} stories; :limit N shows more.",
                                            list.stories.size(), list.total)),
                  w, 0) +
             "\n";
    }
    print(out);
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::limit(std::string_view argument) {
  const auto n = positive_number(argument);
  if (!n || *n > 1000)
    return complain(":limit takes a number of hits from 1 to 1000");
  options_.limit = *n;
  fmt::print(io_.out, "{} hit{} per page.\n", *n, *n == 1 ? "" : "s");
}

void ShellSession::explain(std::string_view argument) {
  if (argument.empty() && !like_.empty() && why_) {
    // Why the similar articles shown are alike.
    if (json_) {
      print_json(io_.out, json_output::similar(*why_, like_, options_));
    } else {
      const std::size_t w = width(io_.out);
      print(capture([&](std::FILE* f) { print_similar_words(f, *why_, io_.style, w); }));
    }
    return;
  }
  const std::string text = argument.empty() ? last_query_ : std::string(argument);
  if (text.empty())
    return complain("no query to explain yet: :explain QUERY");
  const std::string full = effective_query(text);
  try {
    const Explanation e = searcher_->explain(full, options_);
    if (json_) {
      print_json(io_.out, json_output::explanation(e));
    } else {
      const std::size_t w = width(io_.out);
      print(capture([&](std::FILE* f) { print_explanation(f, e, io_.style, w); }));
    }
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::stats(std::string_view) {
  try {
    const Index current = Index::open(index_.path(), with_environment({}));  // the latest commit
    const std::size_t w = width(io_.out);
    print(capture([&](std::FILE* f) {
      print_stats(f, current.stats(), current.path().string(), json_, io_.style, w);
    }));
  } catch (const Error& e) {
    fail(e, {});
  }
}

}  // namespace byline::cli

namespace byline::cli {

ShellSession::Completion ShellSession::complete(std::string_view before, std::string_view word,
                                                bool quoted) {
  const std::size_t first = before.find_first_not_of(" \t");
  if (first == std::string_view::npos && !quoted && word.starts_with(':')) {
    Completion out;
    for (const Command& command : commands()) {
      if (command.name.starts_with(word))
        out.candidates.emplace_back(command.name);
    }
    return out;
  }
  std::string_view line = first == std::string_view::npos ? "" : before.substr(first);
  if (line.starts_with(':')) {
    // A command's argument.
    const Command* command = find_command(line.substr(0, line.find_first_of(" \t")));
    if (command == nullptr || command->completions.empty())
      return {};
    if (command->completions != "query") {
      Completion out;
      std::string_view options = command->completions;
      while (!options.empty()) {
        const std::size_t space = std::min(options.find(' '), options.size());
        if (options.substr(0, space).starts_with(word) && !quoted)
          out.candidates.emplace_back(options.substr(0, space));
        options.remove_prefix(std::min(space + 1, options.size()));
      }
      return out;
    }
  }
  if (!quoted)
    return complete_query(word);
  // Inside quotes: a value of the field just before them (source:"BBC N).
  std::string_view field = before.substr(0, before.size() - 1);
  field = field.substr(std::min(field.find_last_of(" \t(") + 1, field.size()));
  field.remove_prefix(std::min(field.find_first_not_of("+-="), field.size()));
  Completion out;
  const auto kind = field == "source:"   ? std::optional(FacetField::source)
                    : field == "author:" ? std::optional(FacetField::author)
                                         : std::nullopt;
  if (kind) {
    for (const std::string& value : values(*kind)) {
      if (starts_with_folded(value, word))
        out.candidates.push_back(value);
    }
  }
  return out;
}

ShellSession::Completion ShellSession::complete_query(std::string_view word) {
  // +must, -mustnot and =exact stay in front of what is completed.
  const std::string lead(word.substr(0, std::min(word.find_first_not_of("+-="), word.size())));
  word.remove_prefix(lead.size());
  Completion out;
  const std::size_t colon = word.find(':');
  if (colon == std::string_view::npos) {
    for (std::string_view field : kFields) {
      if (starts_with_folded(field, word) && !word.empty())
        out.candidates.push_back(lead + std::string(field));
    }
    out.space_after = false;
    return out;
  }
  const std::string_view field = word.substr(0, colon + 1);
  const std::string_view typed = word.substr(colon + 1);
  std::optional<FacetField> kind;
  if (field == "source:") {
    kind = FacetField::source;
  } else if (field == "author:") {
    kind = FacetField::author;
  } else if (field == "date:") {
    kind = FacetField::year;
  } else if (field == "lang:") {
    kind = FacetField::lang;
  } else {
    return out;
  }
  for (const std::string& value : values(*kind)) {
    if (value.find('"') == std::string::npos && starts_with_folded(value, typed))
      out.candidates.push_back(lead + std::string(field) + quoted_if_needed(value));
  }
  return out;
}

std::vector<std::string> ShellSession::values(FacetField field) {
  if (!vocabulary_) {
    // Every article ("*"), no hits, the facets whole; counted once a
    // session, and given up on an index too big to count in a moment.
    vocabulary_.emplace();
    SearchOptions options;
    options.limit = 0;
    options.suggest_below = 0;
    options.deadline = std::chrono::steady_clock::now() + kCompletionBudget;
    for (const FacetField f :
         {FacetField::source, FacetField::author, FacetField::year, FacetField::lang}) {
      FacetRequest request;
      request.field = f;
      request.top = 0;
      request.order = FacetOrder::value;
      options.facets.push_back(request);
    }
    try {
      *vocabulary_ = searcher_->search("*", options).facets;
    } catch (const Error&) {
      // Nothing to offer: Tab completes fields and commands still.
    }
  }
  std::vector<std::string> out;
  for (const Facet& facet : *vocabulary_) {
    if (facet.field != field)
      continue;
    for (const FacetValue& value : facet.values)
      out.push_back(value.value);
  }
  return out;
}

}  // namespace byline::cli
