// What the C API reads from JSON: the options objects, articles and
// highlight spans, parsed into the C++ API's structs. Each list of keys
// below is the whole of what one object accepts (any other key is an
// error naming it); tests/capi/options_coverage_test.cpp holds each list
// against the fields of the C++ struct it fills, so that a field added to
// an options struct without its key in the C API fails that test.
//
// Internal to the C API and its tests: libbyline_c exports the byline_*
// functions only.
#pragma once

#include <string_view>
#include <vector>

#include "byline/byline.hpp"

namespace byline::capi {

// byline_index_open()'s options: IndexOptions (its `mode` is an argument of
// the function) and its AnalyzerSettings, flattened.
inline constexpr std::string_view kIndexOptionKeys[] = {
    "language",      "fold_diacritics",    "article_languages", "script_folding",
    "wait_for_lock", "connect_timeout_ms", "remote_timeout_ms", "allow_partial"};

// byline_search()'s and byline_search_json()'s options: SearchOptions, its
// SnippetOptions flattened ("snippets", "snippet_length",
// "highlight_title"), and facets as the command line asks for them
// ("facets", "facet_top", "facet_sort", "facet_range", "empty_buckets": the
// names of --facets, --facet-top, ...).
inline constexpr std::string_view kSearchOptionKeys[] = {"offset",           "limit",
                                                         "default_operator", "sort",
                                                         "aliases",          "max_wildcard_terms",
                                                         "suggest_below",    "snippets",
                                                         "snippet_length",   "highlight_title",
                                                         "facets",           "facet_top",
                                                         "facet_sort",       "facet_range",
                                                         "empty_buckets",    "exact_total",
                                                         "timeout_ms",       "collapse",
                                                         "list_copies"};

// byline_similar()'s and byline_similar_json()'s options: the search
// options (kSearchOptionKeys, but "suggest_below": similar articles have
// no "did you mean") and SimilarOptions, with its fields' names.
inline constexpr std::string_view kSimilarOptionKeys[] = {"terms", "include_duplicates", "filter"};

// The search options that shape the query without running it: all that
// byline_explain_json() and byline_highlight_json() take.
inline constexpr std::string_view kQueryShapeKeys[] = {"default_operator", "aliases",
                                                       "max_wildcard_terms"};

// An object in the "facets" array of the search options: a FacetRequest,
// with its fields' names.
inline constexpr std::string_view kFacetRequestKeys[] = {
    "field", "top", "order", "from", "to", "empty_buckets", "disjunctive"};

// byline_stories_json()'s options: StoryListOptions, with its fields' names.
inline constexpr std::string_view kStoryListOptionKeys[] = {"offset", "limit", "default_operator",
                                                            "aliases", "timeout_ms"};

// byline_ingest()'s options: IngestOptions but its callbacks, its flag and
// its stream (see byline_ingest() and byline_ingest_stop()).
inline constexpr std::string_view kIngestOptionKeys[] = {"manifest",     "aliases", "batch_size",
                                                         "threads",      "shards",  "segment_size",
                                                         "follow_links", "prune"};

// An article given as JSON (byline_writer_add_json(), byline_highlight_json()):
// an Article, with its fields' names, as `byline show --json` prints it.
inline constexpr std::string_view kArticleKeys[] = {"id",  "title", "source", "date", "author",
                                                    "url", "path",  "lang",   "body"};

// Fills IndexOptions::analyzer and ::wait_for_lock; `mode` stays read_only.
[[nodiscard]] IndexOptions parse_index_options(const char* options_json);

// Which C function the search options are for. explain and highlight run
// no search: they take kQueryShapeKeys only, and any other search option is
// an error saying so.
enum class SearchOptionsUse { search, explain, highlight };

// Throws Error(invalid_argument) for an unknown key, a value of the wrong
// type or out of range, and an option that would do nothing beside the
// others ("offset" with "limit": 0, "facet_top" without "facets", ...).
// "timeout_ms" becomes a deadline from now.
[[nodiscard]] SearchOptions parse_search_options(const char* options_json,
                                                 SearchOptionsUse use = SearchOptionsUse::search);

// What byline_similar() takes: the search's options and the similar ones.
struct SimilarRequest {
  SearchOptions search;
  SimilarOptions similar;
};

// Throws as parse_search_options() does, and for "suggest_below" (it does
// nothing) and a query-shaping option (kQueryShapeKeys) without "filter",
// the query it shapes.
[[nodiscard]] SimilarRequest parse_similar_options(const char* options_json);

// Fills every IngestOptions field that JSON can hold (not the callbacks,
// `stop` or `standard_input`).
[[nodiscard]] IngestOptions parse_ingest_options(const char* options_json);

// Throws Error(invalid_argument) for an unknown key or a value of the wrong
// type, as parse_search_options() does.
[[nodiscard]] StoryListOptions parse_story_list_options(const char* options_json);

// `fields`: whether "id" and "body" must be given (adding an article), or
// every field may be left out (highlighting one).
enum class ArticleFields { id_and_body_required, all_optional };
[[nodiscard]] Article parse_article(const char* article_json, ArticleFields fields);

// [[begin, end], ...], byte offsets, as the highlights of search results
// and byline_highlight_json() are written.
[[nodiscard]] std::vector<Highlight> parse_highlights(const char* highlights_json);

}  // namespace byline::capi
