// How writers keep the vocabulary store (engine/vocabulary_store.hpp) up to
// date: a Writer notes the exact-form terms of each article it adds and, at
// each commit, puts those the store lacks into its delta; a merge of shards
// builds the store anew.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/vocabulary_store.hpp"

namespace byline::detail {

// The delta is merged into main, and main rewritten, once it holds more
// than a sixteenth of main's words (and more than a few thousand): each
// commit rewrites at most ~6% of the vocabulary, and main is rewritten
// about every 6% of growth, which keeps the bytes written per new word
// bounded however large the vocabulary grows.
inline constexpr std::size_t kDeltaShare = 16;
inline constexpr std::size_t kMinDeltaWords = 4'096;

// Distinct words: a hash set with open addressing over one buffer of their
// bytes, ~40 ns an insertion where std::unordered_set<std::string> took 60.
class WordSet {
 public:
  void insert(std::string_view word);
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  // The words, sorted (valid until the next change).
  [[nodiscard]] std::vector<std::string_view> sorted() const;

 private:
  [[nodiscard]] std::string_view word(std::size_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void grow();

  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t word = 0;  // 1 + its index; 0: empty
  };
  std::string text_;
  std::vector<std::uint32_t> ends_;
  std::vector<Slot> slots_;  // a power of two of them, at most half full
};

// One Writer's bookkeeping of the store. Not thread-safe: the Writer's.
class VocabularyUpdates {
 public:
  // At the start of each batch, while `db` has no change pending: reads the
  // store's delta unless this object wrote the store of the last commit,
  // and notes whether that store can be added to (it describes `db`) or
  // must be built anew at the next commit (also when reading it fails).
  void start(const Xapian::Database& db) noexcept;

  // Notes the exact-form terms of a document added to the batch.
  void add(const Xapian::Document& document) noexcept;

  // Sets the store for the batch about to be committed, inside its
  // transaction, after its last change. Throws Xapian::Error.
  void write(Xapian::WritableDatabase& db);

  // The commit went through: what write() set is now the store.
  void committed();

  // The batch was discarded, or the database reopened or replaced: what
  // write() set did not commit, and the next start() reads the store again.
  void forget() noexcept;

 private:
  bool known_ = false;       // start() has read the committed store
  bool extendable_ = false;  // which describes the database
  std::string main_id_;
  std::optional<WordList> main_;  // read at the first write() that needs it
  WordList delta_;
  // The exact forms of the batch's articles: each article's appended to
  // one buffer as it is added, and put in the set at the commit (or when
  // the buffer grows large), as a set looked up between the analyses of
  // articles is out of the cache: measured on generated news articles
  // (~300 exact forms each), the set took 65 us an article, 2.5% of adding
  // it through a Writer, and the buffer 20 us, most of it reading the
  // document's terms.
  std::string logged_;
  std::vector<std::uint32_t> logged_ends_;
  WordSet batch_;
  void fold_logged();
  void clear_batch() noexcept;

  // What write() set, for committed().
  struct Written {
    std::string main_id;
    std::optional<WordList> main;  // when rewritten
    WordList delta;
  };
  std::optional<Written> written_;
};

// Sets a store of every exact-form term of `db`, walked, replacing any it
// has (not committed): for a database merged from shards. Throws
// Xapian::Error.
void write_whole_vocabulary(Xapian::WritableDatabase& db);

}  // namespace byline::detail
