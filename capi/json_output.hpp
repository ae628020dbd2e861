// The C API's JSON output: the objects the byline command prints with
// --json (tools/byline/render.cpp and command_index.cpp), key for key. The C
// API's tests compare the two on the same index, so that they cannot drift
// apart silently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "byline/article.hpp"
#include "byline/index.hpp"
#include "byline/ingest.hpp"
#include "byline/search.hpp"

namespace byline::capi {

// `byline search --json`.
[[nodiscard]] nlohmann::json results_json(const SearchResults& results, std::string_view query,
                                          const SearchOptions& options);

// `byline search --explain --json`.
[[nodiscard]] nlohmann::json explanation_json(const Explanation& explanation);

// `byline stats --json`.
[[nodiscard]] nlohmann::json stats_json(const IndexStats& stats, const Index& index);

// An article as the shell's :open prints it with :json on.
[[nodiscard]] nlohmann::json article_json(const Article& article);

// `byline index --json`.
[[nodiscard]] nlohmann::json summary_json(const IngestSummary& summary, const Index& index);

// One line of JSON; invalid UTF-8 in stored text is replaced, never fatal.
[[nodiscard]] std::string dump(const nlohmann::json& json);

}  // namespace byline::capi
