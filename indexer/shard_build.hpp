// ShardBuild: how ingest() fills an empty index with every core.
//
// Xapian takes one writer per database, and that writer's work (inverting
// documents, B-trees, compression) is most of indexing: with analysis on a
// second thread, the writing thread is still the bottleneck. So each shard,
// a database of its own in a folder next to the index, has a thread that
// analyses and writes its articles, and at the end the shards and the
// (empty) index are merged into one compacted database that takes the
// index's place in one rename.
//
// A shard is itself a series of databases (segments): it starts a new one
// every `segment_size` of its articles, because a Xapian commit costs more
// the bigger the database it goes into (300k articles: 214 s with segments
// of 10,000 against 276 s without). An id written to two segments of a
// shard is in the merged database twice until the older versions are
// deleted, just before the swap.
//
// The price: nothing is visible in the index until the end, and a process
// killed before it leaves the index as it was (empty). Only an empty index
// is built this way; adding to one that holds articles goes batch by batch.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "byline/article.hpp"
#include "byline/ingest.hpp"
#include "byline/writer.hpp"
#include "indexer/story_assignment.hpp"

namespace byline::detail {

class ShardBuild {
 public:
  struct Counts {
    std::size_t added = 0;
    std::size_t replaced = 0;
  };

  // An article a shard did not index: DocumentBuilder::build() refused it.
  struct Refusal {
    Diagnostic diagnostic;
    bool warned = false;  // as given to add()
  };

  // A build of `shards` (2 or more) shards for the Writer's index, each
  // starting a new database every `segment_size` articles (0: never), which
  // copies articles in `batch_size` at a time if it must (see finish()); null when the
  // index holds articles or uncommitted changes, or cannot be replaced by a
  // rename (IndexAccess::make_build_folder), or no thread can be made.
  static std::unique_ptr<ShardBuild> start(Writer& writer, unsigned shards, std::size_t batch_size,
                                           std::size_t segment_size);

  ShardBuild(const ShardBuild&) = delete;
  ShardBuild& operator=(const ShardBuild&) = delete;
  // Abandons an unfinished build: stops its threads, removes its folder.
  ~ShardBuild();

  // Hands the article to its shard, to be analysed and written there; `path`
  // and `line` say where it came from should it be refused. All articles with
  // one id go to the same shard, in order, so the last one wins as it would
  // in the index. Throws Error when a shard has failed.
  void add(Article article, const std::string& path, std::size_t line, bool warned);

  // The alias table story grouping reads (indexer/story_assignment.hpp):
  // the Writer's, once the ingestion loaded it, before the first add().
  void use_aliases(const Xapian::Database& db);

  // Of the articles the shards wrote: those in another's near-duplicate
  // group, and the stories they started.
  [[nodiscard]] std::size_t near_duplicates() const noexcept;
  [[nodiscard]] std::size_t new_stories() const noexcept;

  // The articles refused since the last call, to report and count.
  [[nodiscard]] std::vector<Refusal> take_refusals();

  // Waits for the shards, merges them with the index (committing the
  // Writer's batch first: the index's metadata and aliases) and swaps the
  // result in. When no swap can be done there, copies the articles into the
  // index batch by batch instead. Throws Error when a shard or the index
  // failed; the index is then as it was.
  Counts finish();

 private:
  struct Shard;
  struct Queued;
  ShardBuild(Writer& writer, std::filesystem::path folder, unsigned shards, std::size_t batch_size,
             std::size_t segment_size);
  void refuse(Refusal refusal);
  void stop_threads() noexcept;
  void finish_merged(const std::filesystem::path& merged, const std::vector<std::string>& ids);
  void copy_into_index();
  void copy_into_index(const std::string& segment);

  Writer& writer_;
  const std::filesystem::path folder_;
  const std::size_t batch_size_;
  const std::size_t shard_batch_;   // articles per commit of a shard
  const std::size_t segment_size_;  // articles per database of a shard (0: one)
  const std::size_t max_segments_;  // databases per shard, for the open files limit
  std::vector<std::unique_ptr<Shard>> shards_;
  std::mutex refusals_mutex_;
  std::vector<Refusal> refusals_;
  // One for all the shards, so that an article's copies and its story's
  // other articles are found whichever shard has them: each shard's thread
  // takes the lock for an article's grouping, a few microseconds of its
  // milliseconds of analysis.
  std::mutex assigner_mutex_;
  std::unique_ptr<StoryAssigner> assigner_;
};

}  // namespace byline::detail
