#include "byline/shell_session.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <utility>

#include "byline/pager.hpp"
#include "byline/render.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

std::atomic<bool> g_searching{false};
std::atomic<bool> g_interrupted{false};

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

constexpr std::string_view kHelp =
    R"(Type a query and press Enter; see docs/query-language.md for the syntax:
  words  "phrases"  NEAR/5  AND OR NOT ( )  +must -not
  title: body: source: author: date: lang: id:
  date:2014-09..2014-10  pledg*  Massoum~  =exact
Commands:
  :next, :prev         the next or previous page (Enter on an empty line: next)
  :open N              article N in full, its matches highlighted
  :show ID             the stored article with this id: its fields, its text as indexed
  :facets FIELD        counts for the last query by source, year, month, day or author
  :filter FILTERS      sticky filters added to every query, e.g. :filter source:bbc date:2014
  :clear               drop the filters
  :sort relevance|newest|oldest
  :limit N             hits per page
  :explain [QUERY]     how the last (or given) query is understood
  :stats               what the index holds
  :json                JSON output on or off
  :help                this text
  :quit                leave (Ctrl-D works too; Ctrl-C stops a search or clears the line)
)";

}  // namespace

void ShellSession::interrupt() noexcept {
  g_interrupted = true;
}
bool ShellSession::searching() noexcept {
  return g_searching;
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
  if (name == ":quit" || name == ":q" || name == ":exit")
    return false;
  if (name == ":help" || name == ":h" || name == ":?") {
    help();
  } else if (name == ":next" || name == ":n") {
    next_page();
  } else if (name == ":prev" || name == ":p") {
    previous_page();
  } else if (name == ":open" || name == ":o") {
    open(argument);
  } else if (name == ":show") {
    show_article(argument);
  } else if (name == ":facets") {
    facets(argument);
  } else if (name == ":filter") {
    filter(argument);
  } else if (name == ":clear") {
    filters_.clear();
    fmt::print(io_.out, "Filters cleared.\n");
  } else if (name == ":sort") {
    sort(argument);
  } else if (name == ":limit") {
    limit(argument);
  } else if (name == ":explain") {
    explain(argument);
  } else if (name == ":stats") {
    stats();
  } else if (name == ":json") {
    json_ = !json_;
    fmt::print(io_.out, "JSON output {}.\n", json_ ? "on" : "off");
  } else {
    complain(fmt::format("unknown command {}; type :help for the list", name));
  }
  std::fflush(io_.out);
  return true;
}

void ShellSession::next_page() {
  if (!last_) {
    complain("no query yet");
  } else {
    page(options_.offset + options_.limit);
  }
}

void ShellSession::previous_page() {
  if (!last_) {
    complain("no query yet");
  } else if (options_.offset == 0) {
    complain("already on the first page");
  } else {
    page(options_.offset > options_.limit ? options_.offset - options_.limit : 0);
  }
}

void ShellSession::help() {
  fmt::print(io_.out, "{}", kHelp);
}

void ShellSession::complain(std::string_view message) {
  fmt::print(io_.err, "{} {}\n", io_.err_style.red("byline: error:"), message);
  status_ = 1;
}

void ShellSession::fail(const Error& error, std::string_view query) {
  if (json_) {
    print_json(io_.out, json_output::error(error));
  } else {
    print_error(io_.err, error, query, io_.err_style);
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

std::optional<SearchResults> ShellSession::search(const std::string& text,
                                                  const SearchOptions& options) {
  if (!io_.interactive)
    return searcher_->search(text, options);
  // On a terminal the search runs on its own thread, so that Ctrl-C can
  // abandon it: the thread keeps its Searcher and finishes alone, and the
  // shell goes on with a new one.
  auto promise = std::make_shared<std::promise<SearchResults>>();
  std::future<SearchResults> future = promise->get_future();
  std::thread([searcher = searcher_, promise, text, options] {
    try {
      promise->set_value(searcher->search(text, options));
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  }).detach();
  g_interrupted = false;
  g_searching = true;
  while (future.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    if (g_interrupted) {
      g_searching = false;
      searcher_ = std::make_shared<Searcher>(index_);
      fmt::print(io_.err, "\nSearch interrupted.\n");
      return std::nullopt;
    }
  }
  g_searching = false;
  return future.get();
}

void ShellSession::query(std::string text) {
  // A query that fails leaves the previous one for :next, :open and :sort.
  std::string previous = std::exchange(last_query_, std::move(text));
  std::optional<SearchResults> before = last_;
  const int failures = status_;
  status_ = 0;
  page(0);
  if (status_ != 0 && last_query_ != previous) {
    last_query_ = std::move(previous);
    last_ = std::move(before);
  }
  status_ = std::max(status_, failures);
}

void ShellSession::page(std::size_t offset) {
  SearchOptions options = options_;
  options.offset = offset;
  const std::string full = effective_query(last_query_);
  try {
    auto results = search(full, options);
    if (!results)
      return;
    if (offset > 0 && results->hits.empty()) {
      complain("no more results");
      return;
    }
    options_.offset = offset;
    show(*results, full);
    last_ = std::move(results);
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::show(const SearchResults& results, const std::string& text) {
  if (json_) {
    print_json(io_.out, json_output::results(results, text, options_));
    return;
  }
  print_results(io_.out, results, text, io_.style, terminal_width(::fileno(io_.out)));
  const std::size_t shown_to = options_.offset + results.hits.size();
  if (io_.interactive && shown_to < results.total) {
    fmt::print(io_.out, "{}\n",
               io_.style.dim(fmt::format("{}-{} of {}; Enter or :next for more",
                                         options_.offset + 1, shown_to, results.total)));
  }
}

void ShellSession::open(std::string_view argument) {
  const auto n = positive_number(argument);
  if (!n)
    return complain(":open takes the number of a hit, as in :open 2");
  if (!last_)
    return complain("no query yet");
  std::string id;
  for (const Hit& hit : last_->hits) {
    if (hit.rank == *n)
      id = hit.id;
  }
  try {
    if (id.empty()) {
      // Not on this page: fetch that one hit.
      SearchOptions one = options_;
      one.offset = *n - 1;
      one.limit = 1;
      const auto results = searcher_->search(effective_query(last_query_), one);
      if (results.hits.empty())
        return complain(fmt::format("there is no hit {}", *n));
      id = results.hits.front().id;
    }
    const auto article = searcher_->article(id);
    if (!article)
      return complain("article " + id + " is no longer in the index");
    if (json_) {
      print_json(io_.out, json_output::article(*article));
      return;
    }
    const std::size_t width = terminal_width(::fileno(io_.out));
    const Markup markup = io_.style.enabled() ? Markup::ansi : Markup::none;
    const ArticleHighlights marks =
        searcher_->highlight(effective_query(last_query_), *article, options_);
    std::string text = io_.style.bold(mark_up(article->title, marks.title, markup)) + "\n";
    std::string meta;
    for (const std::string* part :
         {&article->source, &article->date, &article->id, &article->url}) {
      if (part->empty())
        continue;
      meta += (meta.empty() ? "" : " · ") + *part;
    }
    text += io_.style.dim(meta) + "\n\n" +
            wrap(mark_up(article->body, marks.body, markup), width, 0) + "\n";
    show_text(io_.out, text, io_.interactive);
  } catch (const Error& e) {
    fail(e, {});
  }
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
    const int fd = ::fileno(io_.out);
    print_article(io_.out, *article, json_, io_.style, ::isatty(fd) != 0 ? terminal_width(fd) : 0);
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
    return complain(":facets takes source, year, month, day or author");
  request.field = *field;
  request.top = 50;
  SearchOptions options = options_;
  options.limit = 0;
  options.snippets = SnippetOptions{};
  options.facets = {request};
  const std::string full = effective_query(last_query_);
  try {
    const auto results = search(full, options);
    if (!results)
      return;
    if (json_) {
      print_json(io_.out, json_output::results(*results, full, options));
    } else {
      print_facets(io_.out, results->facets, io_.style);
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

void ShellSession::limit(std::string_view argument) {
  const auto n = positive_number(argument);
  if (!n || *n > 1000)
    return complain(":limit takes a number of hits from 1 to 1000");
  options_.limit = *n;
  fmt::print(io_.out, "{} hits per page.\n", *n);
}

void ShellSession::explain(std::string_view argument) {
  const std::string text = argument.empty() ? last_query_ : std::string(argument);
  if (text.empty())
    return complain("no query to explain yet: :explain QUERY");
  const std::string full = effective_query(text);
  try {
    const Explanation e = searcher_->explain(full, options_);
    if (json_) {
      print_json(io_.out, json_output::explanation(e));
    } else {
      print_explanation(io_.out, e, io_.style);
    }
  } catch (const Error& e) {
    fail(e, full);
  }
}

void ShellSession::stats() {
  try {
    const Index current = Index::open(index_.path());  // the latest commit
    print_stats(io_.out, current.stats(), current.path().string(), json_, io_.style);
  } catch (const Error& e) {
    fail(e, {});
  }
}

}  // namespace byline::cli
