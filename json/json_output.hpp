// byline's results as JSON: what `byline ... --json` prints and what the C
// API returns, from one implementation, so the two cannot drift apart.
// Internal to the command and the C API (its interface is nlohmann::json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"

namespace byline::json_output {

// `byline search --json`: snippets and title highlights only when `options`
// asked for them, facets only when requested. Each hit's "duplicate_group"
// and "story" are null when it has none; with SearchOptions::collapse, each
// hit's "copies_collapsed" and the results' "collapsed_total", and with
// list_copies too, each hit's "copies": [{"id", "source"}].
[[nodiscard]] nlohmann::json results(const SearchResults& results, std::string_view query,
                                     const SearchOptions& options);

// `byline stories --json`: {"query", "total", "offset", "limit",
// "elapsed_ms", "stories": [{"id", "label", "central_id", "keywords",
// "first_date", "last_date" ("" when undated), "size", "matching",
// "sources": [{"value", "count"}]}]}.
[[nodiscard]] nlohmann::json stories(const StoryList& list, std::string_view query,
                                     const StoryListOptions& options);

// {"source": {"disjunctive", "distinct", "values": [{"value", "count", "selected"}], "other",
// "missing"}, ...}
[[nodiscard]] nlohmann::json facets(const std::vector<Facet>& facets);

// `byline similar --json`: as results(), with "ids" (the articles given)
// in place of "query" and no "suggestion", the words looked for ("terms":
// [{"word", "weight"}], most telling first) and each hit's "matched" (the
// words of them it holds).
[[nodiscard]] nlohmann::json similar(const SimilarResults& similar,
                                     const std::vector<std::string>& ids,
                                     const SearchOptions& options);

// `byline search --explain --json`.
[[nodiscard]] nlohmann::json explanation(const Explanation& explanation);

// `byline stats --json`.
[[nodiscard]] nlohmann::json stats(const IndexStats& stats, std::string_view index_path);

// An article as `byline show --json` prints it, and the shell's :open and
// :show with :json on: {"id", "title", "source", "date", "author", "url",
// "path", "lang", "body"}, unknown fields "".
[[nodiscard]] nlohmann::json article(const Article& article);

// `byline index --json`.
[[nodiscard]] nlohmann::json summary(const IngestSummary& summary, const Index& index);

// {"error": {"kind": "InvalidQuery", "message": ..., "position": 7}}
[[nodiscard]] nlohmann::json error(const Error& error);

// One line of JSON; invalid UTF-8 in stored text is replaced, never fatal.
[[nodiscard]] std::string dump(const nlohmann::json& json);

}  // namespace byline::json_output
