// How many near-duplicate groups the matches of a query make (the count a
// collapsed search reports), without visiting every match.
//
// Xapian's collapse knows the number of groups only once it has seen every
// match, which for one word costs as much again as the search (measured at
// 100,000 articles: 2.2 ms against 1.0 ms). But an article that is no copy
// (engine/schema.hpp: no XDC term) is the first of its group, whose key is
// its own id; so the groups are the matches that are no copy, plus the
// groups of the matching copies whose first article does not match. Copies
// are few, and so are the matches among them: two small searches instead
// of a pass over every match. Only Xapian's own operators are used, so
// that it runs over remote shards as well.
#pragma once

#include <xapian.h>

#include "query/interrupt.hpp"

namespace byline::detail {

struct CollapsedCount {
  Xapian::doccount groups = 0;
  // Whether any match is a copy. When none is, no two matches share a
  // group, and a search need not collapse at all.
  bool copies = false;
};

// The groups among the matches of `query`, of which there are exactly
// `matches` (known from the query, not from Xapian's uncollapsed estimate,
// which is not exact).
[[nodiscard]] CollapsedCount collapsed_count(const Xapian::Database& db, const Xapian::Query& query,
                                             Xapian::doccount matches, const Interrupt& interrupt);

}  // namespace byline::detail
