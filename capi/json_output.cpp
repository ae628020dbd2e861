#include "capi/json_output.hpp"

#include <string>
#include <utility>

namespace byline::capi {

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

nlohmann::json explanation_json(const Explanation& explanation) {
  return {{"parsed", explanation.parsed},
          {"expansions", explanation.expansions},
          {"xapian_query", explanation.xapian_query}};
}

nlohmann::json stats_json(const IndexStats& s, const Index& index) {
  return {{"index", index.path().string()},
          {"articles", s.articles},
          {"words", s.words},
          {"sources", s.sources},
          {"first_date", s.first_date},
          {"last_date", s.last_date},
          {"bytes_on_disk", s.bytes_on_disk},
          {"language", s.language},
          {"format_version", s.format_version}};
}

nlohmann::json article_json(const Article& a) {
  return {{"id", a.id},   {"title", a.title}, {"source", a.source}, {"date", a.date},
          {"url", a.url}, {"path", a.path},   {"lang", a.lang},     {"body", a.body}};
}

nlohmann::json summary_json(const IngestSummary& s, const Index& index) {
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : s.diagnostics) {
    diagnostics.push_back(
        {{"severity", d.severity == Diagnostic::Severity::error ? "error" : "warning"},
         {"path", d.path},
         {"line", d.line},
         {"message", d.message}});
  }
  return {{"index", index.path().string()},
          {"indexed", s.indexed},
          {"replaced", s.replaced},
          {"skipped", s.skipped},
          {"warnings", s.warnings},
          {"aliases", s.aliases},
          {"articles", index.article_count()},
          {"seconds", s.seconds},
          {"diagnostics", std::move(diagnostics)}};
}

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace byline::capi
