// Writer: adds, replaces and removes articles in a writable Index, in
// all-or-nothing batches.
//
// Everything added since the last commit() is one batch: it becomes visible
// to readers atomically at commit(), and a crash, an exception or destroying
// the Writer before commit() discards it whole. The index is never left
// half-written.
//
// Threads: a Writer belongs, with its Index, to one thread at a time;
// Searchers in other threads search meanwhile (see index.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/article.hpp"
#include "byline/index.hpp"

namespace byline {

namespace detail {
struct WriterAccess;  // how ingest() adds articles analysed on another thread
}

enum class AddOutcome { added, replaced };

class Writer {
 public:
  // `index` must be open for writing and must outlive the Writer. Only one
  // Writer per Index at a time. Throws Error(invalid_argument) otherwise.
  explicit Writer(Index& index);
  ~Writer();  // discards the uncommitted batch
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Adds the article, or replaces the one with the same id. Throws
  // Error(invalid_argument) for an empty or over-long id (200 bytes at most),
  // a date that is not "YYYY-MM-DD" or a field that would make a term over
  // Xapian's 245-byte limit; the batch is unchanged then. Any other Error
  // (io, corrupt: the index failed) discards the whole batch, as a failed
  // commit does.
  AddOutcome add(const Article& article);

  // Removes the article with this id in the current batch; false if there
  // was none. Throws Error (corrupt, io) if the database cannot be read; any
  // such Error discards the whole batch, as for add().
  bool remove(std::string_view id);

  // Replaces the index's alias table, as part of the current batch. Each
  // group lists names of one thing ({"ISIS", "ISIL", "Daesh", "Islamic
  // State"}): a query for any member also finds articles that use any other
  // (multi-word members as phrases). Members shorter than three characters
  // once normalized ("IS") are left out: case folding makes them ordinary
  // words. Returns the number of members kept.
  std::size_t set_aliases(const std::vector<std::vector<std::string>>& groups);

  // Recomputes, at the next commit(), every article's near-duplicate group
  // and story (docs/stories.md) as if the index were built again: story ids
  // start from 1 again, and articles indexed before byline had stories get
  // theirs. Each commit otherwise groups only the articles of its batch,
  // against those already indexed.
  void rebuild_stories();

  // Commits the batch. On failure (Error io/corrupt) the batch is discarded
  // and nothing of it is visible: the index stays at its previous commit,
  // which is never written again. The Writer may go on with a new batch; if
  // the index cannot even be reopened, every later call throws Error(io).
  void commit();

  // Changes in the current batch.
  [[nodiscard]] std::size_t pending() const noexcept;

 private:
  friend struct detail::WriterAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
