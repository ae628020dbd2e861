// A timeline: how the articles matching a query spread over time, drawn as a
// bar chart on the terminal (byline search --timeline, the shell's
// :timeline). The counts are the library's exact date histograms; weeks are
// summed from days here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

enum class TimelineUnit { automatic, day, week, month, year };

// "auto", "day", "week", "month", "year"; nullopt for anything else.
[[nodiscard]] std::optional<TimelineUnit> parse_timeline_unit(std::string_view name);
[[nodiscard]] std::string_view timeline_unit_name(TimelineUnit unit);

struct TimelineBucket {
  std::string period;  // "2014", "2014-09", "2014-W37" (ISO week) or "2014-09-15"
  std::uint64_t count = 0;
};

struct Timeline {
  TimelineUnit unit = TimelineUnit::day;  // never automatic once built
  // Every period from the first with a match to the last, the empty ones
  // with 0 (none when no matching article has a date).
  std::vector<TimelineBucket> buckets;
  std::uint64_t total = 0;    // matching articles, dated or not
  std::uint64_t undated = 0;  // matching articles without a date: not in any bucket
};

// Runs the query with the options given: a Searcher's search, or the
// shell's, which returns nullopt when Ctrl-C stopped it.
using TimelineSearch = std::function<std::optional<SearchResults>(const SearchOptions&)>;

// The timeline of the query `search` runs (nullopt when it was stopped).
// `automatic` picks the finest unit whose periods fit in `columns` columns
// (day, then week, month, year). `options` gives the query's operator,
// aliases and the like; its hits, facets and snippets are not used. Throws
// as Searcher::search does (a histogram of more than 100,000 days, say).
[[nodiscard]] std::optional<Timeline> build_timeline(const TimelineSearch& search,
                                                     SearchOptions options, TimelineUnit unit,
                                                     std::size_t columns);

// The chart, `width` columns wide at most: a line saying what it shows, the
// bars (eighth blocks, 8 rows, tallest = the busiest period) with the count
// scale on the left, the date axis under them with periods labelled where
// they fit, then the busiest period. When there are more periods than
// columns, each column sums several consecutive periods, and the first line
// says how many.
[[nodiscard]] std::string render_timeline(const Timeline& timeline, std::size_t width,
                                          const Style& style);

// {"unit": "day", "total": 9, "undated": 1, "buckets": [{"period":
// "2014-09-01", "count": 3}, ...]}: every period, the empty ones with 0.
[[nodiscard]] nlohmann::json timeline_json(const Timeline& timeline);

}  // namespace byline::cli
