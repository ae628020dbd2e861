#include "query/vocabulary_cache.hpp"

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace byline::detail {

namespace {

// The databases whose stores are kept: a process seldom searches more (an
// index of shards counts each).
constexpr std::size_t kCachedDatabases = 16;

// A database's state: its revision, or for a remote one (which tells
// none) its counts, which come with each reopen.
std::string state_of(const Xapian::Database& db) {
  try {
    return std::to_string(db.get_revision());
  } catch (const Xapian::UnimplementedError&) {
    return std::to_string(db.get_doccount()) + ":" + std::to_string(db.get_lastdocid()) + ":" +
           std::to_string(db.get_total_length());
  }
}

// One database's store as last read.
struct Cached {
  std::string uuid;
  std::string state;
  std::string main_id;  // empty when there was no usable store
  StoredVocabulary words;
};

std::mutex cache_mutex;
std::vector<Cached> cache;  // the most recently read first

}  // namespace

std::optional<StoredVocabulary> stored_vocabulary(const Xapian::Database& db) {
  if (dynamic_cast<const Xapian::WritableDatabase*>(&db) != nullptr)
    return std::nullopt;
  Cached fresh;
  try {
    fresh.state = state_of(db);
    fresh.uuid = db.get_uuid();
  } catch (const Xapian::LogicError&) {
    return std::nullopt;  // several shards: each is read alone (stored_vocabularies())
  }
  std::shared_ptr<const WordList> known_main;
  std::string known_main_id;
  {
    const std::lock_guard lock(cache_mutex);
    const auto it = std::find_if(cache.begin(), cache.end(),
                                 [&](const Cached& c) { return c.uuid == fresh.uuid; });
    if (it != cache.end()) {
      if (it->state == fresh.state) {
        if (it->main_id.empty())
          return std::nullopt;
        return it->words;
      }
      known_main = it->words.main;
      known_main_id = it->main_id;
    }
  }
  // Read outside the lock: other databases' queries need not wait. Two
  // threads may both read a new revision; the last one's is kept.
  if (auto delta = read_vocabulary_delta(db); delta && delta->stamp.describes(db)) {
    std::shared_ptr<const WordList> main;
    if (!known_main_id.empty() && known_main_id == delta->main_id) {
      main = std::move(known_main);
    } else if (auto read = read_vocabulary_main(db, delta->main_id)) {
      main = std::make_shared<const WordList>(std::move(*read));
    }
    if (main) {
      fresh.main_id = std::move(delta->main_id);
      fresh.words = {std::move(main), std::make_shared<const WordList>(std::move(delta->words))};
    }
  }
  const std::lock_guard lock(cache_mutex);
  std::erase_if(cache, [&](const Cached& c) { return c.uuid == fresh.uuid; });
  cache.insert(cache.begin(), fresh);
  if (cache.size() > kCachedDatabases)
    cache.pop_back();
  if (fresh.main_id.empty())
    return std::nullopt;
  return fresh.words;
}

}  // namespace byline::detail

namespace byline::detail {

std::optional<std::vector<StoredVocabulary>> stored_vocabularies(
    const Xapian::Database& db, const std::vector<Xapian::Database>* shards) {
  std::vector<StoredVocabulary> out;
  if (shards == nullptr || shards->size() < 2) {
    auto one = stored_vocabulary(db);
    if (!one)
      return std::nullopt;
    out.push_back(std::move(*one));
    return out;
  }
  for (const Xapian::Database& shard : *shards) {
    auto one = stored_vocabulary(shard);
    if (!one)
      return std::nullopt;
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace byline::detail
