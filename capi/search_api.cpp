// byline_searcher_*, byline_search*, byline_results_*, byline_hit_*: the C
// API's reading side.
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/handles.hpp"
#include "capi/option_parsers.hpp"
#include "capi/status.hpp"
#include "json/json_output.hpp"

using byline::capi::guarded;
using byline::capi::live;
using byline::capi::require;
using byline::capi::usable;

namespace {

using byline::capi::parse_search_options;
using byline::capi::SearchOptionsUse;

// [[begin, end], ...], as the search results' JSON writes highlights.
nlohmann::json spans(const std::vector<byline::Highlight>& highlights) {
  nlohmann::json out = nlohmann::json::array();
  for (const byline::Highlight& h : highlights)
    out.push_back({h.begin, h.end});
  return out;
}

// byline_searcher_interrupt()'s flag stops the search (or story listing)
// of the call that holds this; it is cleared as that call ends, however it
// ends, so that an interrupt stops one search.
struct ClearInterrupt {
  std::atomic<bool>& flag;
  ~ClearInterrupt() { flag.store(false); }
};

// `function`: the C function called, for the misuse message.
std::unique_ptr<byline_results> run(byline_searcher* searcher, const char* query,
                                    const char* options_json, std::string_view function) {
  byline_searcher& handle = live(searcher, function, "searcher");
  require(query, "query");
  auto results = std::make_unique<byline_results>();
  results->query = query;
  results->options = parse_search_options(options_json);
  const ClearInterrupt clear{handle.interrupted};
  results->options.cancel = &handle.interrupted;
  results->results = handle.searcher.search(results->query, results->options);
  results->options.cancel = nullptr;  // the results outlive the searcher
  return results;
}

// The results as JSON: a search's, or with byline_similar() a similar one's.
nlohmann::json json_of(const byline_results& handle) {
  if (handle.like.empty())
    return byline::json_output::results(handle.results, handle.query, handle.options);
  return byline::json_output::similar(
      byline::SimilarResults{handle.results, handle.terms, handle.matched}, handle.like,
      handle.options);
}

// byline_similar()'s work, as run() is byline_search()'s.
std::unique_ptr<byline_results> run_similar(byline_searcher* searcher, const char* const* ids,
                                            size_t id_count, const char* options_json,
                                            std::string_view function) {
  byline_searcher& handle = live(searcher, function, "searcher");
  if (id_count > 0)
    require(ids, "ids");
  std::vector<std::string> given;
  for (size_t i = 0; i < id_count; ++i) {
    require(ids[i], "an id");
    given.emplace_back(ids[i]);
  }
  auto results = std::make_unique<byline_results>();
  const byline::capi::SimilarRequest request = byline::capi::parse_similar_options(options_json);
  results->options = request.search;
  const ClearInterrupt clear{handle.interrupted};
  results->options.cancel = &handle.interrupted;
  byline::SimilarResults found = handle.searcher.similar(given, results->options, request.similar);
  results->options.cancel = nullptr;  // the results outlive the searcher
  results->results = std::move(found.results);
  results->like = std::move(given);
  results->terms = std::move(found.terms);
  results->matched = std::move(found.matched);
  return results;
}

const byline::Hit* hit(const byline_results* results, size_t i, std::string_view function) {
  if (!usable(results, function) || i >= results->results.hits.size())
    return nullptr;
  return &results->results.hits[i];
}

}  // namespace

extern "C" {

byline_status byline_searcher_new(byline_index* index, byline_searcher** out) {
  if (out != nullptr)
    *out = nullptr;
  return guarded([&, fn = __func__] {
    require(out, "out");
    const byline_index& handle = live(index, fn, "index");
    *out = byline::capi::hand_out(std::make_unique<byline_searcher>(*handle.index));
  });
}

void byline_searcher_free(byline_searcher* searcher) {
  byline::capi::release(searcher, __func__);
}

byline_status byline_searcher_interrupt(byline_searcher* searcher) {
  return guarded([&, fn = __func__] { live(searcher, fn, "searcher").interrupted.store(true); });
}

byline_status byline_search(byline_searcher* searcher, const char* query, const char* options_json,
                            byline_results** out) {
  if (out != nullptr)
    *out = nullptr;
  return guarded([&, fn = __func__] {
    require(out, "out");
    *out = byline::capi::hand_out(run(searcher, query, options_json, fn));
  });
}

byline_status byline_search_json(byline_searcher* searcher, const char* query,
                                 const char* options_json, char** results_json) {
  if (results_json != nullptr)
    *results_json = nullptr;
  return guarded([&, fn = __func__] {
    require(results_json, "results_json");
    const auto results = run(searcher, query, options_json, fn);
    *results_json = byline::capi::copy_out(byline::json_output::dump(
        byline::json_output::results(results->results, results->query, results->options)));
  });
}

byline_status byline_similar(byline_searcher* searcher, const char* const* ids, size_t id_count,
                             const char* options_json, byline_results** out) {
  if (out != nullptr)
    *out = nullptr;
  return guarded([&, fn = __func__] {
    require(out, "out");
    *out = byline::capi::hand_out(run_similar(searcher, ids, id_count, options_json, fn));
  });
}

byline_status byline_similar_json(byline_searcher* searcher, const char* const* ids,
                                  size_t id_count, const char* options_json, char** results_json) {
  if (results_json != nullptr)
    *results_json = nullptr;
  return guarded([&, fn = __func__] {
    require(results_json, "results_json");
    const auto results = run_similar(searcher, ids, id_count, options_json, fn);
    *results_json = byline::capi::copy_out(byline::json_output::dump(json_of(*results)));
  });
}

byline_status byline_explain_json(byline_searcher* searcher, const char* query,
                                  const char* options_json, char** explanation_json) {
  if (explanation_json != nullptr)
    *explanation_json = nullptr;
  return guarded([&, fn = __func__] {
    require(explanation_json, "explanation_json");
    byline_searcher& handle = live(searcher, fn, "searcher");
    require(query, "query");
    const byline::Explanation explanation = handle.searcher.explain(
        query, parse_search_options(options_json, SearchOptionsUse::explain));
    *explanation_json = byline::capi::copy_out(
        byline::json_output::dump(byline::json_output::explanation(explanation)));
  });
}

byline_status byline_article_json(byline_searcher* searcher, const char* id, char** article_json) {
  if (article_json != nullptr)
    *article_json = nullptr;
  return guarded([&, fn = __func__] {
    require(article_json, "article_json");
    byline_searcher& handle = live(searcher, fn, "searcher");
    require(id, "id");
    const std::optional<byline::Article> article = handle.searcher.article(id);
    if (!article) {
      throw byline::Error(byline::Error::Kind::not_found,
                          "no article with id \"" + std::string(id) + "\"");
    }
    *article_json =
        byline::capi::copy_out(byline::json_output::dump(byline::json_output::article(*article)));
  });
}

byline_status byline_stories_json(byline_searcher* searcher, const char* query,
                                  const char* options_json, char** stories_json) {
  if (stories_json != nullptr)
    *stories_json = nullptr;
  return guarded([&, fn = __func__] {
    require(stories_json, "stories_json");
    byline_searcher& handle = live(searcher, fn, "searcher");
    require(query, "query");
    byline::StoryListOptions options = byline::capi::parse_story_list_options(options_json);
    const ClearInterrupt clear{handle.interrupted};
    options.cancel = &handle.interrupted;
    const byline::StoryList list = handle.searcher.stories(query, options);
    options.cancel = nullptr;
    *stories_json = byline::capi::copy_out(
        byline::json_output::dump(byline::json_output::stories(list, query, options)));
  });
}

byline_status byline_highlight_json(byline_searcher* searcher, const char* query,
                                    const char* article_json, const char* options_json,
                                    char** highlights_json) {
  if (highlights_json != nullptr)
    *highlights_json = nullptr;
  return guarded([&, fn = __func__] {
    require(highlights_json, "highlights_json");
    byline_searcher& handle = live(searcher, fn, "searcher");
    require(query, "query");
    require(article_json, "article_json");
    const byline::Article article =
        byline::capi::parse_article(article_json, byline::capi::ArticleFields::all_optional);
    const byline::ArticleHighlights marks = handle.searcher.highlight(
        query, article, parse_search_options(options_json, SearchOptionsUse::highlight));
    *highlights_json = byline::capi::copy_out(
        byline::json_output::dump({{"title", spans(marks.title)}, {"body", spans(marks.body)}}));
  });
}

byline_status byline_mark_up(const char* text, const char* highlights_json, int markup,
                             char** marked) {
  if (marked != nullptr)
    *marked = nullptr;
  return guarded([&] {
    require(marked, "marked");
    require(text, "text");
    byline::Markup how = byline::Markup::none;
    switch (markup) {
      case BYLINE_MARKUP_NONE:
        how = byline::Markup::none;
        break;
      case BYLINE_MARKUP_HTML:
        how = byline::Markup::html;
        break;
      case BYLINE_MARKUP_ANSI:
        how = byline::Markup::ansi;
        break;
      default:
        throw byline::Error(
            byline::Error::Kind::invalid_argument,
            "markup " + std::to_string(markup) + " is not BYLINE_MARKUP_NONE, _HTML or _ANSI");
    }
    *marked = byline::capi::copy_out(
        byline::mark_up(text, byline::capi::parse_highlights(highlights_json), how));
  });
}

void byline_results_free(byline_results* results) {
  byline::capi::release(results, __func__);
}

byline_status byline_results_json(const byline_results* results, char** json) {
  if (json != nullptr)
    *json = nullptr;
  return guarded([&, fn = __func__] {
    const byline_results& handle = live(results, fn, "results");
    require(json, "json");
    *json = byline::capi::copy_out(byline::json_output::dump(json_of(handle)));
  });
}

uint64_t byline_results_total(const byline_results* results) {
  return usable(results, __func__) ? results->results.total : 0;
}

int byline_results_total_exact(const byline_results* results) {
  return usable(results, __func__) && results->results.total_exact ? 1 : 0;
}

uint64_t byline_results_total_lower(const byline_results* results) {
  return usable(results, __func__) ? results->results.total_lower : 0;
}

uint64_t byline_results_total_upper(const byline_results* results) {
  return usable(results, __func__) ? results->results.total_upper : 0;
}

size_t byline_results_count(const byline_results* results) {
  return usable(results, __func__) ? results->results.hits.size() : 0;
}

double byline_results_elapsed_ms(const byline_results* results) {
  return usable(results, __func__) ? static_cast<double>(results->results.elapsed.count()) / 1000.0
                                   : 0.0;
}

const char* byline_results_suggestion(const byline_results* results) {
  return usable(results, __func__) ? results->results.suggestion.c_str() : "";
}

uint64_t byline_results_collapsed_total(const byline_results* results) {
  return usable(results, __func__) ? results->results.collapsed_total : 0;
}

const char* byline_hit_id(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->id.c_str();
}

const char* byline_hit_title(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->title.c_str();
}

const char* byline_hit_source(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->source.c_str();
}

const char* byline_hit_date(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->date.c_str();
}

const char* byline_hit_author(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->author.c_str();
}

const char* byline_hit_url(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->url.c_str();
}

const char* byline_hit_lang(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->lang.c_str();
}

double byline_hit_score(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? 0.0 : h->score;
}

size_t byline_hit_rank(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? 0 : h->rank;
}

const char* byline_hit_duplicate_group(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->duplicate_group.c_str();
}

const char* byline_hit_story(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? nullptr : h->story.c_str();
}

size_t byline_hit_copies_collapsed(const byline_results* results, size_t i) {
  const byline::Hit* h = hit(results, i, __func__);
  return h == nullptr ? 0 : h->copies_collapsed;
}

}  // extern "C"
