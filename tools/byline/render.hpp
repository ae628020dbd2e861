// How the byline command shows results, errors and diagnostics, as text for
// people and as JSON for scripts. Shared by `search` and `shell`.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "byline/terminal.hpp"
#include "json/json_output.hpp"

namespace byline::cli {

// `width`, in the functions below: the terminal's width in columns, to wrap
// every line to (see text_layout.hpp: at most kMaxTextWidth); 0 (a pipe, a
// file): lines are not wrapped.

// The count, the hits (number, title, source, date, id, story and score,
// snippets) and the facets. `collapsed`: the search collapsed
// near-duplicates (SearchOptions::collapse): the count says how many hits
// that left, and each hit its copies.
void print_results(std::FILE* out, const SearchResults& results, std::string_view query,
                   const Style& style, std::size_t width = 0, bool collapsed = false);

// The stories (byline stories, the shell's :stories): how many hold
// articles matching `query` ("*": every story), then each, numbered from
// `offset` + 1: its label, its id, dates and size (and its matching
// articles, for a query other than "*"), its first sources ("+3 more"),
// its keywords.
void print_stories(std::FILE* out, const StoryList& list, std::string_view query,
                   std::size_t offset, const Style& style, std::size_t width = 0);

// The facet counts, one line per facet: "source: *BBC News 3 · Reuters 2",
// then the articles without a value, if any: "· (no source) 1".
void print_facets(std::FILE* out, const std::vector<Facet>& facets, const Style& style,
                  std::size_t width = 0);

// How a query was understood (byline search --explain).
void print_explanation(std::FILE* out, const Explanation& explanation, const Style& style,
                       std::size_t width = 0);

// Why articles are alike (byline similar --explain), after their results:
// the words looked for with their weights, most telling first, then for
// each hit (by its number) the words of them it holds.
void print_similar_words(std::FILE* out, const SimilarResults& similar, const Style& style,
                         std::size_t width = 0);

// What an index holds (byline stats, :stats), as text or JSON.
void print_stats(std::FILE* out, const IndexStats& stats, std::string_view path, bool json,
                 const Style& style, std::size_t width = 0);

// A stored article as `byline show` and the shell's :show print it: a
// header of its non-empty fields (title, source, date, author, url, lang,
// id), a blank line, then the body as stored, its paragraph breaks kept,
// each paragraph wrapped to `width` columns when `width` is not 0 (a
// terminal; a pipe gets the body exactly as stored); with `json`,
// json_output::article() on one line.
void print_article(std::FILE* out, const Article& article, bool json, const Style& style,
                   std::size_t width = 0);

// "byline: error: ..." on `out`; for an invalid query, the query with a caret
// under the offending position: a query longer than 60 columns (or than a
// narrower terminal's line) is cut to that around the position, with "…"
// where it was cut. The command line and the shell both show errors so.
void print_error(std::FILE* out, const Error& error, std::string_view query, const Style& style,
                 std::size_t width = 0);

// A command's failure: JSON on stdout with --json, else print_error() on
// stderr (coloured and wrapped on a terminal). Returns the exit status for it.
int report_failure(const Error& error, std::string_view query, bool json);

void print_diagnostic(std::FILE* out, const Diagnostic& diagnostic, const Style& style);

// Prints one JSON document on a line of its own.
void print_json(std::FILE* out, const nlohmann::json& json);

}  // namespace byline::cli
