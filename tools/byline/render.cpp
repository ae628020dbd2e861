#include "byline/render.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "byline/commands.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

std::string plural(std::uint64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The query field whose filters select the facet's values: "source:",
// "author:", "lang:", "date:".
std::string filter_name(FacetField field) {
  switch (field) {
    case FacetField::source:
    case FacetField::author:
    case FacetField::lang:
    case FacetField::story:
      return std::string(facet_field_name(field)) + ":";
    default:
      return "date:";
  }
}

// What the articles without a value in the field are counted as: in
// parentheses, as no value is (it would be no filter).
std::string_view missing_label(FacetField field) {
  switch (field) {
    case FacetField::source:
      return "(no source)";
    case FacetField::author:
      return "(no author)";
    case FacetField::lang:
      return "(no language)";
    case FacetField::story:
      return "(no story)";
    default:
      return "(no date)";
  }
}

// The most of a query an error shows around its position, in columns: a
// query pasted whole (10,000 bytes at most) must not fill the screen, nor
// its caret line run 10,000 columns to the right.
constexpr std::size_t kErrorContext = 60;

// A query longer than kErrorContext columns (or than `width`, a terminal's
// narrower line), cut around byte `at` with "…" where it was cut (as psql
// shows the place of an error in a long statement), and the column of `at`
// in what is shown. A query that fits, whole. `width` 0: not a terminal.
std::pair<std::string, std::size_t> around(std::string_view query, std::size_t at,
                                           std::size_t width) {
  width = width == 0 ? kErrorContext : std::clamp<std::size_t>(width, 20, kErrorContext);
  if (columns(query) <= width)
    return {std::string(query), columns(query.substr(0, at))};
  std::vector<std::size_t> starts;  // of the code points, then the end
  for (std::size_t i = 0; i < query.size(); ++i) {
    if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  }
  const std::size_t n = starts.size();
  starts.push_back(query.size());
  const auto span = [&](std::size_t from, std::size_t to) {
    return columns(query.substr(starts[from], starts[to] - starts[from]));
  };
  std::size_t caret = 0;
  while (caret + 1 < n && starts[caret + 1] <= at)
    ++caret;
  // The place a third of the way in, then as much as fits after it, then
  // before it; a column kept at each end for "…".
  const std::size_t room = width - 2;
  std::size_t first = caret;
  std::size_t last = caret;
  while (first > 0 && span(first - 1, caret) <= room / 3)
    --first;
  while (last < n && span(first, last + 1) <= room)
    ++last;
  while (first > 0 && span(first - 1, last) <= room)
    --first;
  std::string shown = first > 0 ? "…" : "";
  shown += query.substr(starts[first], starts[last] - starts[first]);
  if (last < n)
    shown += "…";
  const std::size_t column = (first > 0 ? 1 : 0) + span(first, caret) +
                             columns(query.substr(starts[caret], at - std::min(at, starts[caret])));
  return {std::move(shown), column};
}

}  // namespace

void print_results(std::FILE* out, const SearchResults& results, std::string_view query,
                   const Style& style, std::size_t width, bool collapsed) {
  width = text_width(width);
  const double ms = static_cast<double>(results.elapsed.count()) / 1000.0;
  // Collapsed, the count still says how many articles match, and then how
  // many hits are left to page through.
  std::string after_collapsing;
  if (collapsed && results.collapsed_total < results.total) {
    after_collapsing =
        fmt::format(", {} after collapsing near-duplicates",
                    results.total_exact ? std::to_string(results.collapsed_total)
                                        : "about " + std::to_string(results.collapsed_total));
  } else if (collapsed && results.total > 1) {
    after_collapsing = ", none of them near-duplicates";
  }
  const std::string count =
      fmt::format("{}{} {} {}{} {}", results.total_exact ? "" : "about ",
                  plural(results.total, "article"), results.total == 1 ? "matches" : "match", query,
                  after_collapsing, style.dim(fmt::format("({:.1f} ms)", ms)));
  fmt::print(out, "{}\n", wrap(count, width, 2));
  // IndexOptions::allow_partial: the counts leave these shards' articles out.
  for (const std::string& shard : results.unavailable_shards)
    fmt::print(out, "{}\n", wrap(style.yellow("Left out: ") + shard, width, 2));
  if (!results.suggestion.empty()) {
    fmt::print(out, "{}\n", wrap("Did you mean: " + style.bold(results.suggestion), width, 2));
  }
  if (!results.hits.empty())
    fmt::print(out, "\n");
  const Markup markup = style.enabled() ? Markup::ansi : Markup::none;
  for (const Hit& hit : results.hits) {
    // Everything under a hit's number lines up after it: five columns.
    const std::string title =
        hit.title.empty() ? hit.id : mark_up(hit.title, hit.title_highlights, markup);
    fmt::print(out, "{:>3}. {}\n", hit.rank, wrap(style.bold(title), width, 5));
    std::string meta;
    for (std::string_view part :
         {std::string_view(hit.source), std::string_view(hit.date), std::string_view(hit.author)}) {
      if (part.empty())
        continue;
      if (!meta.empty())
        meta += " · ";
      meta += part;
    }
    if (!meta.empty())
      meta += " · ";
    meta += hit.id;
    // The story as the story: filter names it (byline stories lists them).
    if (!hit.story.empty())
      meta += " · story " + hit.story;
    fmt::print(
        out, "     {}\n",
        wrap_list(style.dim(fmt::format("{} · score {:.2f}", meta, hit.score)), " · ", width, 5));
    if (hit.copies_collapsed > 0) {
      // "and 2 near-identical copies: Reuters (r7), AP (ap12)", each copy by
      // its source, and its id to open it by; those the search did not
      // list (without SearchOptions::list_copies) by their count alone.
      std::string copies = fmt::format("and {} near-identical {}", hit.copies_collapsed,
                                       hit.copies_collapsed == 1 ? "copy" : "copies");
      for (std::size_t i = 0; i < hit.copies.size(); ++i) {
        const DuplicateCopy& copy = hit.copies[i];
        copies += i == 0 ? ": " : ", ";
        copies += copy.source.empty() ? copy.id : copy.source + " (" + copy.id + ")";
      }
      fmt::print(out, "     {}\n", wrap(style.dim(copies), width, 5));
    }
    for (const Snippet& snippet : hit.snippets) {
      const std::string text = mark_up(snippet.text, snippet.highlights, markup);
      fmt::print(out, "     {}\n", wrap(text, width, 5));
    }
  }
  print_facets(out, results.facets, style, width);
}

void print_stories(std::FILE* out, const StoryList& list, std::string_view query,
                   std::size_t offset, const Style& style, std::size_t width) {
  width = text_width(width);
  const bool everything = query == "*";
  const double ms = static_cast<double>(list.elapsed.count()) / 1000.0;
  const std::string stories =
      fmt::format("{} {}", list.total, list.total == 1 ? "story" : "stories");
  const std::string count =
      everything ? fmt::format("{} {}", stories, style.dim(fmt::format("({:.1f} ms)", ms)))
                 : fmt::format("{} {} {} {}", stories, list.total == 1 ? "matches" : "match", query,
                               style.dim(fmt::format("({:.1f} ms)", ms)));
  fmt::print(out, "{}\n", wrap(count, width, 2));
  if (!list.stories.empty())
    fmt::print(out, "\n");
  // A few sources by name, the rest counted: a story of a hundred outlets
  // stays one line. (Never "+1 more": that one is named instead.)
  constexpr std::size_t kSourcesShown = 5;
  std::size_t rank = offset;
  for (const StorySummary& story : list.stories) {
    // Laid out as a hit is: the headline by its number, the rest under it.
    const std::string& label = story.label.empty() ? story.central_id : story.label;
    fmt::print(out, "{:>3}. {}\n", ++rank, wrap(style.bold(label), width, 5));
    std::string meta = "story " + story.id;
    if (!story.first_date.empty()) {
      meta += " · " + story.first_date;
      if (story.last_date != story.first_date)
        meta += " to " + story.last_date;
    }
    meta += " · " + plural(story.size, "article");
    if (!everything && story.matching == story.size)
      meta += ", all matching";
    else if (!everything)
      meta += fmt::format(", {} matching", story.matching);
    fmt::print(out, "     {}\n", wrap_list(style.dim(meta), " · ", width, 5));
    if (!story.sources.empty()) {
      std::string sources = "sources: ";
      const std::size_t shown =
          story.sources.size() > kSourcesShown + 1 ? kSourcesShown : story.sources.size();
      for (std::size_t i = 0; i < shown; ++i) {
        sources += i == 0 ? "" : " · ";
        sources += fmt::format("{} {}", story.sources[i].value, story.sources[i].count);
      }
      if (shown < story.sources.size())
        sources += fmt::format(" · +{} more", story.sources.size() - shown);
      fmt::print(out, "     {}\n", wrap_list(sources, " · ", width, 5));
    }
    if (!story.keywords.empty()) {
      std::string keywords = "keywords: ";
      for (std::size_t i = 0; i < story.keywords.size(); ++i)
        keywords += (i == 0 ? "" : ", ") + story.keywords[i];
      fmt::print(out, "     {}\n", wrap(style.dim(keywords), width, 5));
    }
  }
}

void print_facets(std::FILE* out, const std::vector<Facet>& facets, const Style& style,
                  std::size_t width) {
  if (facets.empty())
    return;
  width = text_width(width);
  std::size_t label = 0;
  for (const Facet& facet : facets)
    label = std::max(label, facet_field_name(facet.field).size());
  fmt::print(out, "\n");
  for (const Facet& facet : facets) {
    std::string line;
    for (const FacetValue& v : facet.values) {
      if (!line.empty())
        line += " · ";
      // A story is a number: its count in parentheses, not to read as one.
      const std::string item =
          facet.field == FacetField::story
              ? fmt::format("{}{} ({})", v.selected ? "*" : "", v.value, v.count)
              : fmt::format("{}{} {}", v.selected ? "*" : "", v.value, v.count);
      line += v.selected ? style.bold(item) : item;
    }
    if (facet.values.size() < facet.distinct)
      line += style.dim(fmt::format(" · … {} more", facet.distinct - facet.values.size()));
    // Counted apart, so that the counts add up to the articles.
    if (facet.missing > 0) {
      if (!line.empty())
        line += " · ";
      line += style.dim(fmt::format("{} {}", missing_label(facet.field), facet.missing));
    }
    if (line.empty())
      line = style.dim("(none)");
    if (facet.disjunctive)
      line += style.dim(" (counted without the query's " + filter_name(facet.field) + " filters)");
    // The values line up after the longest name: "source:  ", "month:   ".
    fmt::print(out, "{:<{}}  {}\n", std::string(facet_field_name(facet.field)) + ":", label + 1,
               wrap_list(line, " · ", width, label + 3));
  }
}

void print_explanation(std::FILE* out, const Explanation& explanation, const Style& style,
                       std::size_t width) {
  width = text_width(width);
  fmt::print(out, "{} {}\n", style.bold("parsed:  "), wrap(explanation.parsed, width, 10));
  for (const std::string& line : explanation.expansions) {
    fmt::print(out, "{} {}\n", style.bold("expanded:"), wrap(line, width, 10));
  }
  fmt::print(out, "{} {}\n", style.bold("xapian:  "), wrap(explanation.xapian_query, width, 10));
}

void print_similar_words(std::FILE* out, const SimilarResults& similar, const Style& style,
                         std::size_t width) {
  width = text_width(width);
  std::string words;
  for (const SimilarTerm& term : similar.terms)
    words += fmt::format("{}{} {:.2f}", words.empty() ? "" : " · ", term.word, term.weight);
  fmt::print(out, "\n{} {}\n", style.bold("words:   "), wrap_list(words, " · ", width, 10));
  const auto& hits = similar.results.hits;
  for (std::size_t i = 0; i < hits.size() && i < similar.matched.size(); ++i) {
    std::string matched;
    for (const std::string& word : similar.matched[i])
      matched += (matched.empty() ? "" : " · ") + word;
    fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<9}", fmt::format("{}.", hits[i].rank))),
               wrap_list(matched, " · ", width, 10));
  }
}

void print_stats(std::FILE* out, const IndexStats& s, std::string_view path, bool json,
                 const Style& style, std::size_t width) {
  if (json) {
    print_json(out, json_output::stats(s, path));
    return;
  }
  width = text_width(width);
  const auto row = [&](std::string_view name, const std::string& value) {
    fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<14}", name)), wrap(value, width, 15));
  };
  row("index", std::string(path));
  row("articles", std::to_string(s.articles));
  row("words", std::to_string(s.words));
  row("sources", std::to_string(s.sources));
  row("authors", std::to_string(s.authors));
  row("dates", s.first_date.empty() ? "none" : s.first_date + " to " + s.last_date);
  std::string size = fmt::format("{:.1f} MB", static_cast<double>(s.bytes_on_disk) / 1e6);
  if (s.remote_shards > 0)
    size += fmt::format(" (without the {} remote)", s.remote_shards);
  row("size on disk", size);
  if (s.shards > 1)
    row("shards", s.remote_shards > 0 ? fmt::format("{} ({} remote)", s.shards, s.remote_shards)
                                      : std::to_string(s.shards));
  for (std::size_t k = 0; k < s.shard_list.size(); ++k) {
    const ShardStats& shard = s.shard_list[k];
    row(fmt::format("  shard {}", k + 1),
        shard.remote ? "remote " + shard.location
                     : fmt::format("{} ({:.1f} MB)", shard.location,
                                   static_cast<double>(shard.bytes_on_disk) / 1e6));
  }
  row("language", s.language);
  row("format", std::to_string(s.format_version));
}

void print_article(std::FILE* out, const Article& a, bool json, const Style& style,
                   std::size_t width) {
  if (json) {
    print_json(out, json_output::article(a));
    return;
  }
  width = text_width(width);
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"title", &a.title}, {"source", &a.source}, {"date", &a.date}, {"author", &a.author},
      {"url", &a.url},     {"lang", &a.lang},     {"id", &a.id}};
  for (const auto& [name, value] : fields) {
    if (!value->empty())
      fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<7}", std::string(name) + ":")),
                 wrap(*value, width, 8));
  }
  fmt::print(out, "\n{}\n", wrap(a.body, width, 0));
}

void print_error(std::FILE* out, const Error& error, std::string_view query, const Style& style,
                 std::size_t width) {
  width = text_width(width);
  fmt::print(out, "{}\n", wrap(style.red("byline: error:") + " " + error.what(), width, 2));
  if (error.kind() == Error::Kind::invalid_query && error.position() && !query.empty()) {
    const std::size_t at = std::min(*error.position(), query.size());
    const auto [shown, caret] = around(query, at, width > 2 ? width - 2 : 0);
    fmt::print(out, "  {}\n  {}{}\n", shown, std::string(caret, ' '), style.red("^"));
  }
}

int report_failure(const Error& error, std::string_view query, bool json) {
  if (json) {
    print_json(stdout, json_output::error(error));
  } else {
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    print_error(stderr, error, query, Style(use_colour(stderr)),
                terminal ? terminal_width(STDERR_FILENO) : 0);
  }
  return kExitFailure;
}

void print_diagnostic(std::FILE* out, const Diagnostic& d, const Style& style) {
  const bool is_error = d.severity == Diagnostic::Severity::error;
  std::string where = d.path;
  if (d.line > 0)
    where += fmt::format(":{}", d.line);
  fmt::print(out, "{} {}: {}\n",
             is_error ? style.red("byline: error:") : style.yellow("byline: warning:"), where,
             d.message);
}

void print_json(std::FILE* out, const nlohmann::json& json) {
  fmt::print(out, "{}\n", json_output::dump(json));
}

}  // namespace byline::cli
