#include "json/json_output.hpp"

#include <utility>

namespace byline::json_output {

namespace {

nlohmann::json spans(const std::vector<Highlight>& highlights) {
  nlohmann::json out = nlohmann::json::array();
  for (const Highlight& h : highlights)
    out.push_back({h.begin, h.end});
  return out;
}

// A value the article may not have (its story, its group: none for an
// article indexed before byline had stories), null then, as "suggestion".
nlohmann::json string_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

}  // namespace

nlohmann::json facets(const std::vector<Facet>& facets) {
  nlohmann::json out = nlohmann::json::object();
  for (const Facet& facet : facets) {
    nlohmann::json values = nlohmann::json::array();
    for (const FacetValue& v : facet.values) {
      values.push_back({{"value", v.value}, {"count", v.count}, {"selected", v.selected}});
    }
    out[std::string(facet_field_name(facet.field))] = {{"disjunctive", facet.disjunctive},
                                                       {"distinct", facet.distinct},
                                                       {"values", std::move(values)},
                                                       {"other", facet.other},
                                                       {"missing", facet.missing}};
  }
  return out;
}

nlohmann::json results(const SearchResults& results, std::string_view query,
                       const SearchOptions& options) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : results.hits) {
    nlohmann::json entry = {{"rank", hit.rank},     {"id", hit.id},     {"title", hit.title},
                            {"source", hit.source}, {"date", hit.date}, {"author", hit.author},
                            {"url", hit.url},       {"lang", hit.lang}, {"score", hit.score}};
    entry["duplicate_group"] = string_or_null(hit.duplicate_group);
    entry["story"] = string_or_null(hit.story);
    if (options.collapse)
      entry["copies_collapsed"] = hit.copies_collapsed;
    if (options.collapse && options.list_copies) {
      nlohmann::json copies = nlohmann::json::array();
      for (const DuplicateCopy& copy : hit.copies)
        copies.push_back({{"id", copy.id}, {"source", copy.source}});
      entry["copies"] = std::move(copies);
    }
    if (options.snippets.title) {
      entry["title_highlights"] = spans(hit.title_highlights);
      entry["title_html"] = mark_up(hit.title, hit.title_highlights, Markup::html);
    }
    if (options.snippets.count > 0) {
      nlohmann::json snippets = nlohmann::json::array();
      for (const Snippet& s : hit.snippets) {
        snippets.push_back({{"text", s.text},
                            {"highlights", spans(s.highlights)},
                            {"html", mark_up(s.text, s.highlights, Markup::html)}});
      }
      entry["snippets"] = std::move(snippets);
    }
    hits.push_back(std::move(entry));
  }
  nlohmann::json out = {
      {"query", query},
      {"total", results.total},
      {"total_exact", results.total_exact},
      {"offset", options.offset},
      {"limit", options.limit},
      {"elapsed_ms", static_cast<double>(results.elapsed.count()) / 1000.0},
      {"suggestion",
       results.suggestion.empty() ? nlohmann::json() : nlohmann::json(results.suggestion)},
      {"hits", std::move(hits)}};
  if (options.collapse)
    out["collapsed_total"] = results.collapsed_total;
  if (!results.unavailable_shards.empty())
    out["unavailable_shards"] = results.unavailable_shards;
  if (!options.facets.empty())
    out["facets"] = facets(results.facets);
  return out;
}

nlohmann::json stories(const StoryList& list, std::string_view query,
                       const StoryListOptions& options) {
  nlohmann::json stories = nlohmann::json::array();
  for (const StorySummary& story : list.stories) {
    nlohmann::json sources = nlohmann::json::array();
    for (const FacetValue& source : story.sources)
      sources.push_back({{"value", source.value}, {"count", source.count}});
    stories.push_back({{"id", story.id},
                       {"label", story.label},
                       {"central_id", story.central_id},
                       {"keywords", story.keywords},
                       {"first_date", story.first_date},
                       {"last_date", story.last_date},
                       {"size", story.size},
                       {"matching", story.matching},
                       {"sources", std::move(sources)}});
  }
  return {{"query", query},
          {"total", list.total},
          {"offset", options.offset},
          {"limit", options.limit},
          {"elapsed_ms", static_cast<double>(list.elapsed.count()) / 1000.0},
          {"stories", std::move(stories)}};
}

nlohmann::json similar(const SimilarResults& similar, const std::vector<std::string>& ids,
                       const SearchOptions& options) {
  nlohmann::json out = results(similar.results, {}, options);
  out.erase("query");
  out.erase("suggestion");
  out["ids"] = ids;
  nlohmann::json terms = nlohmann::json::array();
  for (const SimilarTerm& term : similar.terms)
    terms.push_back({{"word", term.word}, {"weight", term.weight}});
  out["terms"] = std::move(terms);
  nlohmann::json& hits = out["hits"];
  for (std::size_t i = 0; i < hits.size() && i < similar.matched.size(); ++i)
    hits[i]["matched"] = similar.matched[i];
  return out;
}

nlohmann::json explanation(const Explanation& explanation) {
  return {{"parsed", explanation.parsed},
          {"expansions", explanation.expansions},
          {"xapian_query", explanation.xapian_query}};
}

nlohmann::json stats(const IndexStats& s, std::string_view index_path) {
  nlohmann::json shard_list = nlohmann::json::array();
  for (const ShardStats& shard : s.shard_list) {
    shard_list.push_back({{"location", shard.location},
                          {"remote", shard.remote},
                          {"bytes_on_disk", shard.bytes_on_disk}});
  }
  return {{"index", index_path},
          {"articles", s.articles},
          {"words", s.words},
          {"sources", s.sources},
          {"authors", s.authors},
          {"first_date", s.first_date},
          {"last_date", s.last_date},
          {"bytes_on_disk", s.bytes_on_disk},
          {"language", s.language},
          {"format_version", s.format_version},
          {"shards", s.shards},
          {"remote_shards", s.remote_shards},
          {"shard_list", std::move(shard_list)}};
}

nlohmann::json article(const Article& a) {
  return {{"id", a.id},     {"title", a.title},   {"source", a.source},
          {"date", a.date}, {"author", a.author}, {"url", a.url},
          {"path", a.path}, {"lang", a.lang},     {"body", a.body}};
}

nlohmann::json summary(const IngestSummary& s, const Index& index) {
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : s.diagnostics) {
    diagnostics.push_back(
        {{"severity", d.severity == Diagnostic::Severity::error ? "error" : "warning"},
         {"path", d.path},
         {"line", d.line},
         {"message", d.message}});
  }
  nlohmann::json crawls = nlohmann::json::array();
  for (const CrawlSummary& c : s.crawls) {
    crawls.push_back({{"path", c.path},
                      {"records", c.records},
                      {"pages", c.pages},
                      {"non_html", c.non_html},
                      {"revisits", c.revisits},
                      {"not_ok", c.not_ok},
                      {"other", c.other},
                      {"broken", c.broken}});
  }
  return {{"index", index.path().string()},
          {"indexed", s.indexed},
          {"replaced", s.replaced},
          {"skipped", s.skipped},
          {"removed", s.removed},
          {"stopped", s.stopped},
          {"warnings", s.warnings},
          {"aliases", s.aliases},
          {"near_duplicates", s.near_duplicates},
          {"new_stories", s.new_stories},
          {"articles", index.article_count()},
          {"seconds", s.seconds},
          {"diagnostics", std::move(diagnostics)},
          {"crawls", std::move(crawls)}};
}

nlohmann::json error(const Error& error) {
  nlohmann::json body = {{"kind", kind_name(error.kind())}, {"message", error.what()}};
  if (error.position())
    body["position"] = *error.position();
  return {{"error", std::move(body)}};
}

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace byline::json_output
