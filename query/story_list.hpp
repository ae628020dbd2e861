// The stories listing (Searcher::stories): what each story holds, who
// covered it, when, and what it is about, for the stories of a query's
// matches.
//
// Everything but the labels comes from the facet columns (the story, the
// day and the source of every article, in memory by document id): one pass
// over them sizes every story, whatever the query matched. Labels and
// keywords are made only for the page of stories listed, from their
// members' titles.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <vector>

#include "byline/analyzer.hpp"
#include "byline/search.hpp"
#include "query/facet_columns.hpp"
#include "query/interrupt.hpp"

namespace byline::detail {

// `matching`: the count of the query's matches per story ordinal
// (ColumnCountSpy::per_story over `columns`). Xapian errors propagate;
// `interrupt` is polled along the passes over the articles and checked
// between the stories described (Error(interrupted)).
[[nodiscard]] StoryList list_stories(const Xapian::Database& db, Analyzer& analyzer,
                                     const FacetColumns& columns,
                                     const std::vector<std::uint64_t>& matching,
                                     const StoryListOptions& options, const Interrupt& interrupt);

}  // namespace byline::detail
