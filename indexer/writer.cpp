#include "byline/writer.hpp"

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "byline/error.hpp"
#include "engine/alias_table.hpp"
#include "engine/commit_guard.hpp"
#include "engine/field_keys.hpp"
#include "engine/index_access.hpp"
#include "engine/schema.hpp"
#include "engine/xapian_error.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/story_assignment.hpp"
#include "indexer/story_regroup.hpp"
#include "indexer/vocabulary_updates.hpp"
#include "indexer/writer_access.hpp"

namespace byline {

namespace {

// "IS" folds to the word "is": members this short would match everywhere.
constexpr std::size_t kMinAliasKeyBytes = 3;

}  // namespace

// Every batch is a Xapian transaction: commit_transaction() makes it visible
// atomically, and nothing in between ever reaches the disk as a committed
// revision.
//
// The failure path matters as much: once Xapian has thrown on a write
// (add, remove, commit, cancel), its in-memory state is suspect, and the
// usual ways to carry on -- begin_transaction(true), close(), the destructor
// -- would each commit that state. So any such error discards the batch and
// reopens the database from its last commit (IndexAccess::reset_writable).
//
// Each commit also sets the vocabulary store for the batch, in the same
// transaction (indexer/vocabulary_updates.hpp). Each article gets its
// near-duplicate group and its story as it is added, before it is written
// (indexer/story_assignment.hpp); the commit records the next story id.
struct Writer::Impl {
  Index& index;
  detail::DocumentBuilder builder;
  std::size_t pending = 0;
  detail::VocabularyUpdates vocabulary;
  // Groups and stories for the articles added: made on first use from the
  // database, dropped with a discarded batch (it holds what the batch
  // added) and when its alias table or story ids no longer hold.
  std::unique_ptr<detail::StoryAssigner> assigner;
  // What the assigner reads the committed index through (see
  // story_assignment.hpp: not the writable handle), reopened at each commit.
  std::optional<Xapian::Database> committed;
  bool regroup = false;  // rebuild_stories() was asked for
  // What the commits so far assigned; what the batch's assigners did
  // before they were dropped; the current one's counts at the last commit.
  detail::StoryOutcome assigned;
  detail::StoryOutcome uncommitted;
  std::size_t counted_duplicates = 0;
  std::size_t counted_stories = 0;

  detail::StoryAssigner& stories() {
    if (!assigner) {
      if (!committed)
        committed.emplace(index.path().string());
      else
        committed->reopen();
      assigner =
          std::make_unique<detail::StoryAssigner>(&*committed, detail::AliasCanonicals(db()));
      counted_duplicates = counted_stories = 0;
    }
    return *assigner;
  }

  // Drops the assigner, keeping what it did for the batch: its counts, and
  // its next story id in the batch's metadata, which the next one reads.
  void retire_assigner() {
    if (!assigner)
      return;
    uncommitted.duplicates += assigner->duplicates() - counted_duplicates;
    uncommitted.new_stories += assigner->new_stories() - counted_stories;
    db().set_metadata(std::string(schema::metadata::kNextStory),
                      std::to_string(assigner->next_story()));
    assigner.reset();
  }

  void forget_stories() noexcept {
    assigner.reset();
    regroup = false;
    uncommitted = {};
  }

  explicit Impl(Index& idx) : index(idx), builder(idx.analyzer_settings()) {
    (void)db();  // read-only index: invalid_argument
    begin();
  }

  Xapian::WritableDatabase& db() { return detail::IndexAccess::writable_database(index); }

  std::string context(std::string_view what) const {
    return std::string(what) + " in index " + index.path().string();
  }

  void begin() {
    try {
      db().begin_transaction(true);
      vocabulary.start(db());
    } catch (const Xapian::InvalidOperationError&) {
      throw Error(Error::Kind::invalid_argument,
                  context("opening a second Writer") + ": another Writer is already open on it");
    } catch (const Xapian::Error& e) {
      throw detail::translate(e, context("starting a batch"));
    }
  }

  // After a Xapian error inside a batch: the batch is gone, the handle is
  // reopened at the last commit and a new batch begun. Returns the error to
  // throw, never of a logic kind: the caller must not take the batch as
  // intact and go on adding to it.
  Error fail(const Xapian::Error& e, std::string_view what) noexcept {
    Error error = detail::translate(e, context(what));
    pending = 0;
    vocabulary.forget();
    forget_stories();
    try {
      detail::IndexAccess::reset_writable(index);
      begin();
    } catch (const Error&) {
      // The Index now refuses writes with its own message; report the first error.
    }
    if (error.is_logic_error()) {
      return Error(Error::Kind::io,
                   std::string(error.what()) + " (the uncommitted batch was discarded)");
    }
    return error;
  }

  void discard() noexcept {
    pending = 0;
    forget_stories();
    try {
      db().cancel_transaction();
    } catch (const Error&) {
      // The Index is unusable for writing already.
    } catch (const Xapian::Error&) {
      try {
        detail::IndexAccess::reset_writable(index);
      } catch (const Error&) {
        // Likewise: it refuses further writes.
      }
    }
  }
};

Writer::Writer(Index& index) : impl_(std::make_unique<Impl>(index)) {}

Writer::~Writer() {
  if (impl_)
    impl_->discard();
}

AddOutcome Writer::add(const Article& article) {
  // Build and check first: a bad article throws before the batch is touched.
  return detail::WriterAccess::add(*this, detail::prepare_article(impl_->builder, article));
}

namespace detail {

PreparedArticle prepare_article(DocumentBuilder& builder, const Article& article) {
  return {article.id, id_term(article.id), builder.build(article)};
}

AddOutcome WriterAccess::add(Writer& writer, PreparedArticle prepared) {
  Writer::Impl& impl = *writer.impl_;
  Xapian::WritableDatabase& db = impl.db();
  try {
    // replace_document() adds when no document has the id term, else
    // replaces it: the count says which, without a second lookup of the id.
    const Xapian::doccount before = db.get_doccount();
    detail::StoryAssigner& stories = impl.stories();
    stories.assign(prepared.document, prepared.id);
    stories.written(db.replace_document(prepared.id_term, prepared.document));
    impl.vocabulary.add(prepared.document);
    ++impl.pending;
    return db.get_doccount() > before ? AddOutcome::added : AddOutcome::replaced;
  } catch (const Xapian::Error& e) {
    throw impl.fail(e, "adding article " + prepared.id);
  }
}

const AnalyzerSettings& WriterAccess::analyzer_settings(const Writer& writer) {
  return writer.impl_->index.analyzer_settings();
}

Index& WriterAccess::index(Writer& writer) {
  return writer.impl_->index;
}

bool WriterAccess::empty_and_clean(Writer& writer) {
  Writer::Impl& impl = *writer.impl_;
  if (impl.pending > 0)
    return false;
  return guard_xapian(impl.context("counting articles"),
                      [&] { return impl.db().get_doccount() == 0; });
}

bool WriterAccess::swap_in(Writer& writer, const std::filesystem::path& built) {
  Writer::Impl& impl = *writer.impl_;
  if (!IndexAccess::swap_in(impl.index, built))
    return false;
  impl.pending = 0;
  impl.vocabulary.forget();
  impl.forget_stories();
  impl.begin();
  return true;
}

StoryOutcome WriterAccess::stories_assigned(const Writer& writer) {
  return writer.impl_->assigned;
}

}  // namespace detail

bool Writer::remove(std::string_view id) {
  const std::string id_term = detail::id_term(id);
  Xapian::WritableDatabase& db = impl_->db();
  try {
    if (!db.term_exists(id_term))
      return false;
    db.delete_document(id_term);
    ++impl_->pending;
    return true;
  } catch (const Xapian::Error& e) {
    throw impl_->fail(e, "removing article " + std::string(id));
  }
}

void Writer::commit() {
  Xapian::WritableDatabase& db = impl_->db();
  std::optional<Xapian::Error> failure;
  {
    // Fail-stop: once an I/O call of the commit fails, Xapian's own attempt
    // to commit the old revision again writes nothing (commit_guard.hpp).
    detail::CommitGuard guard;
    try {
      detail::StoryOutcome outcome = impl_->uncommitted;
      if (impl_->regroup) {
        outcome = detail::regroup_stories(db, impl_->builder.analyzer());
        impl_->assigner.reset();  // its stories are renumbered
      } else if (impl_->assigner) {
        outcome.duplicates += impl_->assigner->duplicates() - impl_->counted_duplicates;
        outcome.new_stories += impl_->assigner->new_stories() - impl_->counted_stories;
        db.set_metadata(std::string(schema::metadata::kNextStory),
                        std::to_string(impl_->assigner->next_story()));
      }
      impl_->vocabulary.write(db);
      db.commit_transaction();
      impl_->pending = 0;
      impl_->regroup = false;
      impl_->uncommitted = {};
      if (impl_->assigner) {
        impl_->counted_duplicates = impl_->assigner->duplicates();
        impl_->counted_stories = impl_->assigner->new_stories();
      }

      impl_->assigned.articles += outcome.articles;
      impl_->assigned.duplicates += outcome.duplicates;
      impl_->assigned.new_stories += outcome.new_stories;
    } catch (const Xapian::Error& e) {
      failure.emplace(e);
    }
  }
  if (failure)
    throw impl_->fail(*failure, "committing a batch");
  impl_->vocabulary.committed();
  impl_->begin();
  // The assigner's read-only handle, kept at the latest revision (an older
  // one's blocks may be reused); one that cannot be reopened is dropped,
  // and opened again by the next batch.
  try {
    if (impl_->committed)
      impl_->committed->reopen();
  } catch (const Xapian::Error&) {
    impl_->assigner.reset();
    impl_->committed.reset();
  }
}

std::size_t Writer::set_aliases(const std::vector<std::vector<std::string>>& groups) {
  Analyzer& analyzer = impl_->builder.analyzer();
  std::vector<std::vector<std::string>> keyed;
  std::size_t kept = 0;
  for (const auto& group : groups) {
    std::vector<std::string> keys;
    for (const std::string& member : group) {
      std::string key = detail::alias_key(analyzer, member);
      if (key.size() < kMinAliasKeyBytes)
        continue;
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        keys.push_back(std::move(key));
    }
    kept += keys.size();
    if (keys.size() > 1)
      keyed.push_back(std::move(keys));
  }
  Xapian::WritableDatabase& db = impl_->db();
  try {
    std::vector<std::string> old;
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it)
      old.push_back(*it);
    for (const std::string& key : old)
      db.clear_synonyms(key);
    const auto table = detail::AliasTable::of_groups(keyed);
    for (const auto& [key, others] : table.entries()) {
      for (const std::string& other : others)
        db.add_synonym(key, other);
    }
    table.store(db);
    // The assigner's alias table is the old one; the batch's articles are
    // in the database, which a new assigner reads.
    impl_->retire_assigner();
  } catch (const Xapian::Error& e) {
    throw impl_->fail(e, "replacing the aliases");
  }
  ++impl_->pending;
  return kept;
}

void Writer::rebuild_stories() {
  impl_->regroup = true;
  ++impl_->pending;
}

std::size_t Writer::pending() const noexcept {
  return impl_->pending;
}

}  // namespace byline
