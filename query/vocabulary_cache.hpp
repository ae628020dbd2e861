// The vocabulary store (engine/vocabulary_store.hpp) as queries read it:
// decoded once per revision of a database and shared by every thread and
// Searcher of the process, so that a shell or a server reads it once (and
// again after a commit: the small delta, and main only when it changed),
// and a one-shot query pays one read of the metadata and one decoding.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <vector>

#include "engine/vocabulary_store.hpp"

namespace byline::detail {

// Every exact-form term of a database, and maybe words that none of its
// articles uses any more (confirm each: termfreq > 0). The two lists hold
// no word in common.
struct StoredVocabulary {
  std::shared_ptr<const WordList> main;
  std::shared_ptr<const WordList> delta;
};

// The store of `db` at its current revision; nullopt when the caller must
// walk the term list instead: the index has no store, or a stale or damaged
// one, or `db` is of several shards, or is a WritableDatabase (whose
// uncommitted articles no store holds yet). Throws Xapian::Error
// (DatabaseModifiedError: reopen and retry).
[[nodiscard]] std::optional<StoredVocabulary> stored_vocabulary(const Xapian::Database& db);

// The stores of an index: of `db` alone, or with `shards` (the databases
// `db` is made of, when several) of each shard, read one by one (a remote
// shard's once, then again only when its counts change); nullopt when one
// has none to use, and the caller must walk `db`'s term list.
[[nodiscard]] std::optional<std::vector<StoredVocabulary>> stored_vocabularies(
    const Xapian::Database& db, const std::vector<Xapian::Database>* shards);

}  // namespace byline::detail
