// The vocabulary store: the sorted set of an index's exact-form terms
// (schema::prefix::kExact, every term that starts with no upper-case
// prefix), kept in the index's user metadata, so that fuzzy words, "did you
// mean" and leading wildcards search the vocabulary in memory instead of
// walking Xapian's term list, which in the glass backend reads each term's
// posting data on the way (a fuzzy word: 6-8 ms at 100k articles).
//
// Two blobs, as a log-structured merge tree keeps two levels:
//   main  (schema::metadata::kVocabularyMain): the words as of the last
//         rewrite of it: at a merge of shards, when the store is built anew,
//         and when the delta grows past a share of it (see
//         indexer/vocabulary_updates.hpp);
//   delta (schema::metadata::kVocabularyDelta): the words added since, none
//         of them in main, and the stamp that says which database state the
//         store describes. Rewritten at every commit, so it stays small.
// Both are set inside the transaction of the commit whose documents they
// describe: the store commits atomically with them, and a failed commit
// drops it with the batch.
//
// Each blob is a varint header, then the words front-coded (each as the
// length of the prefix it shares with the word before, the length of the
// rest and the rest) and zstd-compressed: ~0.4 MB at 100k news articles.
//
// The store is a superset: words of deleted or replaced articles stay in it
// until it is built anew, so a reader confirms each word it finds
// (termfreq > 0), which it needs anyway for the word's frequency.
//
// Staleness (an index made before the store, or written since by a byline,
// or any Xapian program, that does not keep it): the stamp records the
// database's uuid, the revision the commit made, and its article count,
// last document id and total length. The store describes a database that
// has the same uuid and revision (every commit, even one that changes only
// metadata, makes a new revision, and only a writer that keeps the store
// stamps it), or, for a copy made by compaction (xapian-compact,
// Database::compact, which copy the metadata but start a new uuid at
// revision 1), one at revision 1 with the same three counts. Anything else
// is stale, and readers walk the term list as before the store, with the
// same results. (What the counts cannot see: a compacted copy of an index
// that an older byline had changed only by replacing articles with others of
// exactly the same total length, after the store's last commit.)
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

// Distinct words in ascending byte order (Xapian's term order), in one
// buffer: ~10 bytes a word where a std::vector<std::string> takes 40.
class WordList {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  [[nodiscard]] bool empty() const noexcept { return ends_.empty(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  // The first position in [from, to) whose word is not less than `word`;
  // `to` (at most size()) when there is none.
  [[nodiscard]] std::size_t lower_bound(std::string_view word, std::size_t from = 0,
                                        std::size_t to = SIZE_MAX) const;
  [[nodiscard]] bool contains(std::string_view word) const;

  // Adds `word` at the end; it must be greater than every word in the list.
  void append(std::string_view word);
  void reserve(std::size_t words, std::size_t bytes);

  // The words of both lists, each once.
  [[nodiscard]] static WordList merged(const WordList& a, const WordList& b);

 private:
  std::string text_;
  std::vector<std::uint32_t> ends_;  // where each word ends in text_
};

// The database state a store describes: see the top of this file.
struct VocabularyStamp {
  std::string uuid;
  Xapian::rev revision = 0;
  Xapian::doccount doccount = 0;
  Xapian::docid last_docid = 0;
  Xapian::totallength total_length = 0;

  // The stamp of `db` once its pending changes are committed: the revision
  // after its current one, the counts as they are with the changes. For a
  // writable database inside the transaction that is about to commit.
  [[nodiscard]] static VocabularyStamp after_commit(const Xapian::WritableDatabase& db);

  // Whether a store with this stamp describes `db` as it is (committed, no
  // changes pending). False for a database of several shards, whose
  // revision Xapian does not give; for one remote database, which gives
  // none either, by its counts alone.
  [[nodiscard]] bool describes(const Xapian::Database& db) const;
};

// What the delta blob holds: the stamp, which main blob goes with it, and
// the words added since that one was written.
struct VocabularyDelta {
  VocabularyStamp stamp;
  std::string main_id;  // the uuid and revision of the commit that wrote main
  WordList words;
};

// The store's delta as `db` holds it; nullopt when it has none or it is
// damaged. Says nothing of staleness: check stamp.describes(db).
[[nodiscard]] std::optional<VocabularyDelta> read_vocabulary_delta(const Xapian::Database& db);

// The main word list of the store of `db`, when it is the one `main_id`
// names; nullopt when it is absent, damaged or another one.
[[nodiscard]] std::optional<WordList> read_vocabulary_main(const Xapian::Database& db,
                                                           std::string_view main_id);

// Sets the store of `db` for its pending changes (not committed: call it
// inside the transaction about to commit, after its last change): `main`
// when given, else the main blob stays, named `main_id`; and `delta`, with
// the stamp of the commit to come. Returns the id of the main blob in
// effect. Throws Xapian::Error as set_metadata() does.
std::string write_vocabulary(Xapian::WritableDatabase& db, const WordList* main,
                             std::string_view main_id, const WordList& delta);

// Every exact-form term of `db` (its pending changes too, for a writable
// database), walking its term list: what a store is built from.
[[nodiscard]] WordList exact_terms(const Xapian::Database& db);

// Whether `term` is an exact form: not empty, not starting with an upper-case
// ASCII letter, which starts every prefix of schema.hpp.
[[nodiscard]] inline bool is_exact_form(std::string_view term) noexcept {
  return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

}  // namespace byline::detail
