// The query compiler: a QueryNode tree -> a Xapian::Query over byline's term
// layout. Every piece of text goes through the index's Analyzer, the same one
// that indexed the articles.
#pragma once

#include <xapian.h>

#include "byline/analyzer.hpp"
#include "query/parser.hpp"

namespace byline::detail {

// Throws Error(invalid_query) when nothing in the query is searchable (only
// punctuation, say), pointing at the first such node.
[[nodiscard]] Xapian::Query compile_query(const QueryNode& root, Analyzer& analyzer);

}  // namespace byline::detail
