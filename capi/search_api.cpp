// byline_searcher_*, byline_search*, byline_results_*, byline_hit_*: the C
// API's reading side.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/handles.hpp"
#include "capi/options.hpp"
#include "capi/status.hpp"
#include "json/json_output.hpp"

using byline::capi::guarded;
using byline::capi::live;
using byline::capi::require;
using byline::capi::usable;

namespace {

[[noreturn]] void ignored(std::string_view what, std::string_view key, std::string_view why) {
  throw byline::Error(byline::Error::Kind::invalid_argument,
                      std::string(what) + ": \"" + std::string(key) + "\" " + std::string(why));
}

// An option given that would do nothing beside the others, as an error
// naming both: never silently ignored.
void check_applies(const byline::capi::JsonObject& json, const byline::SearchOptions& options) {
  constexpr std::string_view what = "search options";
  if (options.limit == 0) {
    const auto no_hits = [&](std::string_view key) {
      ignored(what, key, "applies to the hits, and \"limit\": 0 returns none");
    };
    if (options.offset > 0)
      no_hits("offset");
    if (options.sort != byline::SortOrder::relevance)
      no_hits("sort");
    if (options.snippets.count > 0)
      no_hits("snippets");
    if (options.snippets.title)
      no_hits("highlight_title");
  }
  if (json.has("snippet_length") && options.snippets.count == 0)
    ignored(what, "snippet_length",
            "is the length of the snippets, and \"snippets\" asks for none");
  if (json.has("facet_top") && options.facets.empty())
    ignored(what, "facet_top", "applies to facets, and \"facets\" asks for none");
}

// `explain`: for byline_explain_json(), which takes only the options that
// shape the query (default_operator, aliases, max_wildcard_terms).
byline::SearchOptions parse_search_options(const char* options_json, bool explain = false) {
  const byline::capi::JsonObject json(
      options_json, explain ? "explain options" : "search options",
      {"offset", "limit", "default_operator", "sort", "aliases", "max_wildcard_terms",
       "suggest_below", "snippets", "snippet_length", "highlight_title", "facets", "facet_top",
       "exact_total", "timeout_ms"});
  if (explain) {
    for (std::string_view key :
         {"offset", "limit", "sort", "suggest_below", "snippets", "snippet_length",
          "highlight_title", "facets", "facet_top", "exact_total", "timeout_ms"}) {
      if (json.has(key)) {
        ignored("explain options", key,
                "does nothing when explaining a query, which is not run (explain takes "
                "default_operator, aliases and max_wildcard_terms)");
      }
    }
  }
  byline::SearchOptions options;
  if (auto offset = json.count("offset"))
    options.offset = *offset;
  if (auto limit = json.count("limit"))
    options.limit = *limit;
  if (auto op = json.string("default_operator")) {
    if (*op == "all") {
      options.default_operator = byline::DefaultOperator::all;
    } else if (*op == "any") {
      options.default_operator = byline::DefaultOperator::any;
    } else {
      throw byline::Error(byline::Error::Kind::invalid_argument,
                          "search options: \"default_operator\" must be \"all\" or \"any\"");
    }
  }
  if (auto sort = json.string("sort")) {
    if (*sort == "relevance") {
      options.sort = byline::SortOrder::relevance;
    } else if (*sort == "newest") {
      options.sort = byline::SortOrder::newest;
    } else if (*sort == "oldest") {
      options.sort = byline::SortOrder::oldest;
    } else {
      throw byline::Error(byline::Error::Kind::invalid_argument,
                          "search options: \"sort\" must be \"relevance\", \"newest\" or "
                          "\"oldest\"");
    }
  }
  if (auto aliases = json.boolean("aliases"))
    options.aliases = *aliases;
  if (auto max_terms = json.count("max_wildcard_terms"))
    options.max_wildcard_terms = *max_terms;
  if (auto below = json.count("suggest_below"))
    options.suggest_below = *below;
  if (auto snippets = json.count("snippets"))
    options.snippets.count = *snippets;
  if (auto length = json.count("snippet_length"))
    options.snippets.length = *length;
  if (auto title = json.boolean("highlight_title"))
    options.snippets.title = *title;
  // "facets": "source,month", as the command line's --facets.
  if (auto facets = json.string("facets")) {
    std::string_view rest = *facets;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const auto field = byline::parse_facet_field(rest.substr(0, comma));
      if (!field) {
        throw byline::Error(byline::Error::Kind::invalid_argument,
                            "search options: \"facets\" lists source, year, month, day, "
                            "author or lang, separated by commas");
      }
      byline::FacetRequest request;
      request.field = *field;
      if (auto top = json.count("facet_top"))
        request.top = *top;
      options.facets.push_back(request);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (auto exact = json.boolean("exact_total"))
    options.exact_total = *exact;
  // From now: the options are parsed as the search starts. Past a century,
  // as good as none (and no overflow of the clock).
  if (auto timeout = json.count("timeout_ms"); timeout && *timeout > 0) {
    constexpr std::size_t kCentury = std::size_t{100} * 366 * 24 * 3600 * 1000;
    if (*timeout < kCentury) {
      options.deadline = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(static_cast<std::int64_t>(*timeout));
    }
  }
  if (!explain)
    check_applies(json, options);
  return options;
}

// `function`: the C function called, for the misuse message.
std::unique_ptr<byline_results> run(byline_searcher* searcher, const char* query,
                                    const char* options_json, std::string_view function) {
  byline_searcher& handle = live(searcher, function, "searcher");
  require(query, "query");
  auto results = std::make_unique<byline_results>();
  results->query = query;
  results->options = parse_search_options(options_json);
  // byline_searcher_interrupt()'s flag stops this search; it is cleared as
  // the search ends, however it ends.
  struct ClearInterrupt {
    std::atomic<bool>& flag;
    ~ClearInterrupt() { flag.store(false); }
  } clear{handle.interrupted};
  results->options.cancel = &handle.interrupted;
  results->results = handle.searcher.search(results->query, results->options);
  results->options.cancel = nullptr;  // the results outlive the searcher
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

byline_status byline_explain_json(byline_searcher* searcher, const char* query,
                                  const char* options_json, char** explanation_json) {
  if (explanation_json != nullptr)
    *explanation_json = nullptr;
  return guarded([&, fn = __func__] {
    require(explanation_json, "explanation_json");
    byline_searcher& handle = live(searcher, fn, "searcher");
    require(query, "query");
    const byline::Explanation explanation =
        handle.searcher.explain(query, parse_search_options(options_json, /*explain=*/true));
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

void byline_results_free(byline_results* results) {
  byline::capi::release(results, __func__);
}

byline_status byline_results_json(const byline_results* results, char** json) {
  if (json != nullptr)
    *json = nullptr;
  return guarded([&, fn = __func__] {
    const byline_results& handle = live(results, fn, "results");
    require(json, "json");
    *json = byline::capi::copy_out(byline::json_output::dump(
        byline::json_output::results(handle.results, handle.query, handle.options)));
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

}  // extern "C"
