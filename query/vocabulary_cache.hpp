// The vocabulary store (engine/vocabulary_store.hpp) as queries read it:
// decoded once per revision of a database and shared by every thread and
// Searcher of the process, so that a shell or a server reads it once (and
// again after a commit: the small delta, and main only when it changed),
// and a one-shot query pays one read of the metadata and one decoding.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>

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

}  // namespace byline::detail
