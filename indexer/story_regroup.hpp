// Regrouping a whole index: every article's near-duplicate group and story
// computed again, as if the index were built anew in one go: groups in the
// order articles were first indexed, stories in date order, ids from 1.
// What `byline stories --rebuild` (Writer::rebuild_stories) runs; also how
// articles indexed before byline had stories get theirs (their fingerprint
// and features made from the stored article).
//
// It rewrites every article whose group or story changes, and Xapian
// rewrites a document's term list with its values: about 10 ms an article
// (measured, 3,000 articles), so this is a maintenance command, not what a
// commit does (indexer/story_assignment.hpp groups articles before they are
// first written).
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <cstddef>

#include "byline/analyzer.hpp"

namespace byline::detail {

struct StoryOutcome {
  std::size_t articles = 0;    // given a group and a story
  std::size_t duplicates = 0;  // of them, in another article's group
  std::size_t new_stories = 0;
};

// In `db`'s open transaction; `analyzer` (the index's) for the articles
// indexed before stories. Xapian errors propagate.
StoryOutcome regroup_stories(Xapian::WritableDatabase& db, Analyzer& analyzer);

}  // namespace byline::detail
