#include "byline/writer.hpp"

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "byline/error.hpp"
#include "engine/field_keys.hpp"
#include "engine/index_access.hpp"
#include "engine/xapian_error.hpp"
#include "indexer/document_builder.hpp"

namespace byline {

namespace {

// "IS" folds to the word "is": members this short would match everywhere.
constexpr std::size_t kMinAliasKeyBytes = 3;

}  // namespace

// Every batch is a Xapian transaction: commit_transaction() makes it visible
// atomically, cancel_transaction() drops it, and nothing in between ever
// reaches the disk as a committed revision.
struct Writer::Impl {
  Index& index;
  Xapian::WritableDatabase& db;
  detail::DocumentBuilder builder;
  std::size_t pending = 0;

  explicit Impl(Index& idx)
      : index(idx),
        db(detail::IndexAccess::writable_database(idx)),
        builder(idx.analyzer_settings()) {
    begin();
  }

  std::string context(std::string_view what) const {
    return std::string(what) + " in index " + index.path().string();
  }

  void begin() {
    try {
      db.begin_transaction(true);
    } catch (const Xapian::InvalidOperationError&) {
      throw Error(Error::Kind::invalid_argument,
                  context("opening a second Writer") + ": another Writer is already open on it");
    } catch (const Xapian::Error& e) {
      throw detail::translate(e, context("starting a batch"));
    }
  }

  void discard() noexcept {
    try {
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // No transaction left to cancel.
    }
    pending = 0;
  }
};

Writer::Writer(Index& index) : impl_(std::make_unique<Impl>(index)) {}

Writer::~Writer() {
  if (impl_)
    impl_->discard();
}

AddOutcome Writer::add(const Article& article) {
  // Build first: a bad article throws before the batch is touched.
  Xapian::Document doc = impl_->builder.build(article);
  const std::string id_term = detail::id_term(article.id);
  return detail::guard_xapian(impl_->context("adding article " + article.id), [&] {
    const bool exists = impl_->db.term_exists(id_term);
    impl_->db.replace_document(id_term, doc);
    ++impl_->pending;
    return exists ? AddOutcome::replaced : AddOutcome::added;
  });
}

bool Writer::remove(std::string_view id) {
  const std::string id_term = detail::id_term(id);
  return detail::guard_xapian(impl_->context("removing article " + std::string(id)), [&] {
    if (!impl_->db.term_exists(id_term))
      return false;
    impl_->db.delete_document(id_term);
    ++impl_->pending;
    return true;
  });
}

void Writer::commit() {
  try {
    impl_->db.commit_transaction();
    impl_->pending = 0;
  } catch (const Xapian::Error& e) {
    // The batch is lost, never half-applied: drop what is left of it so
    // that no later commit (or Xapian's destructor) writes it.
    impl_->discard();
    Error error = detail::translate(e, impl_->context("committing a batch"));
    try {
      impl_->begin();
    } catch (const Error&) {
      // Reported through the commit error below; the next add() will fail too.
    }
    throw error;
  }
  impl_->begin();
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
  detail::guard_xapian(impl_->context("replacing the aliases"), [&] {
    std::vector<std::string> old;
    for (auto it = impl_->db.synonym_keys_begin(); it != impl_->db.synonym_keys_end(); ++it) {
      old.push_back(*it);
    }
    for (const std::string& key : old)
      impl_->db.clear_synonyms(key);
    for (const auto& keys : keyed) {
      for (const std::string& key : keys) {
        for (const std::string& other : keys) {
          if (other != key)
            impl_->db.add_synonym(key, other);
        }
      }
    }
  });
  ++impl_->pending;
  return kept;
}

std::size_t Writer::pending() const noexcept {
  return impl_->pending;
}

}  // namespace byline
