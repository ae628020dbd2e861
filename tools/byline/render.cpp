#include "byline/render.hpp"

#include <fmt/core.h>

#include <string>

#include "byline/text_layout.hpp"

namespace byline::cli {

namespace {

std::string plural(std::uint64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

void print_results(std::FILE* out, const SearchResults& results, std::string_view query,
                   const Style& style) {
  const double ms = static_cast<double>(results.elapsed.count()) / 1000.0;
  fmt::print(out, "{}{} {} {} {}\n", results.total_exact ? "" : "about ",
             plural(results.total, "article"), results.total == 1 ? "matches" : "match", query,
             style.dim(fmt::format("({:.1f} ms)", ms)));
  if (!results.suggestion.empty()) {
    fmt::print(out, "Did you mean: {}\n", style.bold(results.suggestion));
  }
  if (results.hits.empty())
    return;
  fmt::print(out, "\n");
  for (const Hit& hit : results.hits) {
    fmt::print(out, "{:>3}. {}\n", hit.rank, style.bold(hit.title.empty() ? hit.id : hit.title));
    std::string meta;
    for (std::string_view part : {std::string_view(hit.source), std::string_view(hit.date)}) {
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
  }
}

nlohmann::json results_json(const SearchResults& results, std::string_view query,
                            const SearchOptions& options) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : results.hits) {
    hits.push_back({{"rank", hit.rank},
                    {"id", hit.id},
                    {"title", hit.title},
                    {"source", hit.source},
                    {"date", hit.date},
                    {"url", hit.url},
                    {"score", hit.score}});
  }
  return {{"query", query},
          {"total", results.total},
          {"total_exact", results.total_exact},
          {"offset", options.offset},
          {"limit", options.limit},
          {"elapsed_ms", static_cast<double>(results.elapsed.count()) / 1000.0},
          {"suggestion",
           results.suggestion.empty() ? nlohmann::json() : nlohmann::json(results.suggestion)},
          {"hits", std::move(hits)}};
}

void print_explanation(std::FILE* out, const Explanation& explanation, const Style& style) {
  fmt::print(out, "{} {}\n", style.bold("parsed:  "), explanation.parsed);
  for (const std::string& line : explanation.expansions) {
    fmt::print(out, "{} {}\n", style.bold("expanded:"), line);
  }
  fmt::print(out, "{} {}\n", style.bold("xapian:  "), explanation.xapian_query);
}

nlohmann::json explanation_json(const Explanation& explanation) {
  return {{"parsed", explanation.parsed},
          {"expansions", explanation.expansions},
          {"xapian_query", explanation.xapian_query}};
}

void print_stats(std::FILE* out, const IndexStats& s, std::string_view path, bool json,
                 const Style& style) {
  if (json) {
    print_json(out, {{"index", path},
                     {"articles", s.articles},
                     {"words", s.words},
                     {"sources", s.sources},
                     {"first_date", s.first_date},
                     {"last_date", s.last_date},
                     {"bytes_on_disk", s.bytes_on_disk},
                     {"language", s.language},
                     {"format_version", s.format_version}});
    return;
  }
  const auto row = [&](std::string_view name, const std::string& value) {
    fmt::print(out, "{} {}\n", style.bold(fmt::format("{:<14}", name)), value);
  };
  row("index", std::string(path));
  row("articles", std::to_string(s.articles));
  row("words", std::to_string(s.words));
  row("sources", std::to_string(s.sources));
  row("dates", s.first_date.empty() ? "none" : s.first_date + " to " + s.last_date);
  row("size on disk", fmt::format("{:.1f} MB", static_cast<double>(s.bytes_on_disk) / 1e6));
  row("language", s.language);
  row("format", std::to_string(s.format_version));
}

void print_error(std::FILE* out, const Error& error, std::string_view query, const Style& style) {
  fmt::print(out, "{} {}\n", style.red("byline: error:"), error.what());
  if (error.kind() == Error::Kind::invalid_query && error.position() && !query.empty()) {
    const std::size_t at = std::min(*error.position(), query.size());
    fmt::print(out, "  {}\n  {}{}\n", query, std::string(columns(query.substr(0, at)), ' '),
               style.red("^"));
  }
}

nlohmann::json error_json(const Error& error) {
  nlohmann::json body = {{"kind", kind_name(error.kind())}, {"message", error.what()}};
  if (error.position())
    body["position"] = *error.position();
  return {{"error", std::move(body)}};
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
  fmt::print(out, "{}\n", json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace byline::cli
