// The languages a query's words are analysed in. An index stems each
// article in its own language (include/byline/analyzer.hpp), so a query word
// must be stemmed as each of those languages would stem it: "Irak" is
// "irak" in French and in English, "running" is "run" in English only. The
// stems of one word then stand in one slot, as alternatives.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "byline/analyzer.hpp"
#include "query/parser.hpp"

namespace byline::detail {

// The distinct stemmers (Xapian names: "english", "french", "none") of the
// articles in `db`: one per language of its L terms, plus the index's own
// for the articles that have none. An index made before per-article
// languages, or one whose articles are all in its language, gives one.
// Remembered for `db`'s revision, or for an index of several databases
// (which has none) for `state` (ShardSet::state()); read every time
// without either.
[[nodiscard]] std::vector<std::string> index_stemmers(const Xapian::Database& db,
                                                      const Analyzer& analyzer,
                                                      const std::string& state = {});

// The languages the query restricts itself to, when its top level ANDs
// lang: filters with the rest (lang:fr Irak, lang:(fr OR de) ...): their
// codes; empty when it does not.
[[nodiscard]] std::vector<std::string> selected_languages(const QueryNode& root);

}  // namespace byline::detail
