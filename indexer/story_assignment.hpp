// StoryAssigner: gives each article its near-duplicate group and its story
// as it is indexed, before it is first written, against the articles
// indexed before it: a reader never sees an article without them, and
// nothing is written twice.
//
// (Writing them afterwards was measured first: Xapian rewrites a
// document's term list and positions to change a value, about 10 ms an
// article, three times the cost of indexing it.)
//
// What is compared is made when the article is built, on any thread
// (indexer/document_builder.hpp): its body's fingerprint, with one term
// per band (indexer/near_duplicates.hpp), and its story features
// (indexer/story_features.hpp). Here:
//   - group: the article joins the group of the most resembling earlier
//     near-duplicate (candidates: articles sharing a band, checked on the
//     whole fingerprints), else stays a group of its own (its id);
//   - story: a StoryClusterer (indexer/story_clustering.hpp), fed the
//     stories of the index's articles within reach of the article's date
//     (loaded as dates come), puts it in a story or starts one.
// Articles are grouped in the order they are indexed; a pile indexed far
// out of date order groups less well than in date order, which
// `byline stories --rebuild` (indexer/story_regroup.hpp) restores.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "indexer/story_support.hpp"

namespace byline::detail {

class StoryAssigner {
 public:
  // With `db`, a read-only handle on the index (its committed articles):
  // earlier articles are looked up there as well as among those this
  // assigner grouped, and story ids go on from its kNextStory. Not the
  // Writer's own database: reading a value stream there flushes the batch,
  // and an I/O error in that flush ends the process inside Xapian
  // (std::terminate, found by the I/O fault sweep). The caller reopens it
  // after each commit and it must outlive the assigner. Without (null; an
  // index built from shards, empty at the start): only those this assigner
  // grouped. `aliases`: the alias table, the batch's included.
  StoryAssigner(const Xapian::Database* db, AliasCanonicals aliases);
  ~StoryAssigner();
  StoryAssigner(const StoryAssigner&) = delete;
  StoryAssigner& operator=(const StoryAssigner&) = delete;

  // Sets the group and story slots of `doc`, the article `id` built by a
  // DocumentBuilder. Not thread-safe: a build from shards locks around it.
  // Xapian errors propagate.
  void assign(Xapian::Document& doc, std::string_view id);

  // With a database: the document assign() just set went in as `docid`,
  // and is no context to load again.
  void written(Xapian::docid docid);

  // The next story id to give: for kNextStory at commit.
  [[nodiscard]] std::uint64_t next_story() const noexcept;
  // Of the articles assigned: those in another's group, and the stories
  // started.
  [[nodiscard]] std::size_t duplicates() const noexcept;
  [[nodiscard]] std::size_t new_stories() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::detail
