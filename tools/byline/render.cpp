#include "byline/render.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "byline/commands.hpp"
#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

std::string plural(std::uint64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The query field whose filters select the facet's values: "source:",
// "author:", "date:".
std::string filter_name(FacetField field) {
  switch (field) {
    case FacetField::source:
    case FacetField::author:
      return std::string(facet_field_name(field)) + ":";
    default:
      return "date:";
  }
}

}  // namespace

void print_results(std::FILE* out, const SearchResults& results, std::string_view query,
                   const Style& style, std::size_t width) {
  const double ms = static_cast<double>(results.elapsed.count()) / 1000.0;
  fmt::print(out, "{}{} {} {} {}\n", results.total_exact ? "" : "about ",
             plural(results.total, "article"), results.total == 1 ? "matches" : "match", query,
             style.dim(fmt::format("({:.1f} ms)", ms)));
  if (!results.suggestion.empty()) {
    fmt::print(out, "Did you mean: {}\n", style.bold(results.suggestion));
  }
  if (!results.hits.empty())
    fmt::print(out, "\n");
  const Markup markup = style.enabled() ? Markup::ansi : Markup::none;
  for (const Hit& hit : results.hits) {
    const std::string title =
        hit.title.empty() ? hit.id : mark_up(hit.title, hit.title_highlights, markup);
    fmt::print(out, "{:>3}. {}\n", hit.rank, style.bold(title));
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
    fmt::print(out, "     {}\n", style.dim(fmt::format("{} · score {:.2f}", meta, hit.score)));
    for (const Snippet& snippet : hit.snippets) {
      const std::string text = mark_up(snippet.text, snippet.highlights, markup);
      fmt::print(out, "     {}\n", width > 0 ? wrap(text, width, 5) : text);
    }
  }
  print_facets(out, results.facets, style);
}

void print_facets(std::FILE* out, const std::vector<Facet>& facets, const Style& style) {
  if (facets.empty())
    return;
  std::size_t width = 0;
  for (const Facet& facet : facets)
    width = std::max(width, facet_field_name(facet.field).size());
  fmt::print(out, "\n");
  for (const Facet& facet : facets) {
    std::string line;
    for (const FacetValue& v : facet.values) {
      if (!line.empty())
        line += " · ";
      const std::string item = fmt::format("{}{} {}", v.selected ? "*" : "", v.value, v.count);
      line += v.selected ? style.bold(item) : item;
    }
    if (facet.values.empty())
      line = style.dim("(none)");
    if (facet.values.size() < facet.distinct)
      line += style.dim(fmt::format(" · … {} more", facet.distinct - facet.values.size()));
    fmt::print(
        out, "{:<{}}  {}{}\n", std::string(facet_field_name(facet.field)) + ":", width + 1, line,
        facet.disjunctive
            ? style.dim(" (counted without the query's " + filter_name(facet.field) + " filters)")
            : "");
  }
}

void print_explanation(std::FILE* out, const Explanation& explanation, const Style& style) {
  fmt::print(out, "{} {}\n", style.bold("parsed:  "), explanation.parsed);
  for (const std::string& line : explanation.expansions) {
    fmt::print(out, "{} {}\n", style.bold("expanded:"), line);
  }
  fmt::print(out, "{} {}\n", style.bold("xapian:  "), explanation.xapian_query);
}

void print_stats(std::FILE* out, const IndexStats& s, std::string_view path, bool json,
                 const Style& style) {
  if (json) {
    print_json(out, json_output::stats(s, path));
    return;
  }
  const auto row = [&](std::string_view name, const std::string& value) {
    fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<14}", name)), value);
  };
  row("index", std::string(path));
  row("articles", std::to_string(s.articles));
  row("words", std::to_string(s.words));
  row("sources", std::to_string(s.sources));
  row("authors", std::to_string(s.authors));
  row("dates", s.first_date.empty() ? "none" : s.first_date + " to " + s.last_date);
  row("size on disk", fmt::format("{:.1f} MB", static_cast<double>(s.bytes_on_disk) / 1e6));
  row("language", s.language);
  row("format", std::to_string(s.format_version));
}

void print_article(std::FILE* out, const Article& a, bool json, const Style& style,
                   std::size_t width) {
  if (json) {
    print_json(out, json_output::article(a));
    return;
  }
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"title", &a.title}, {"source", &a.source}, {"date", &a.date}, {"author", &a.author},
      {"url", &a.url},     {"lang", &a.lang},     {"id", &a.id}};
  for (const auto& [name, value] : fields) {
    if (!value->empty())
      fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<7}", std::string(name) + ":")),
                 width > 8 ? wrap(*value, width - 8, 8) : *value);
  }
  fmt::print(out, "\n{}\n", width > 0 ? wrap(a.body, width, 0) : a.body);
}

void print_error(std::FILE* out, const Error& error, std::string_view query, const Style& style) {
  fmt::print(out, "{} {}\n", style.red("byline: error:"), error.what());
  if (error.kind() == Error::Kind::invalid_query && error.position() && !query.empty()) {
    const std::size_t at = std::min(*error.position(), query.size());
    fmt::print(out, "  {}\n  {}{}\n", query, std::string(columns(query.substr(0, at)), ' '),
               style.red("^"));
  }
}

int report_failure(const Error& error, std::string_view query, bool json) {
  if (json) {
    print_json(stdout, json_output::error(error));
  } else {
    print_error(stderr, error, query, Style(use_colour(stderr)));
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
