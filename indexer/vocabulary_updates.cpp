#include "indexer/vocabulary_updates.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

namespace byline::detail {

namespace {

// The buffer of an article's words is put in the set past this size.
constexpr std::size_t kMaxLoggedBytes = 16 << 20;

}  // namespace

void WordSet::insert(std::string_view word) {
  if ((ends_.size() + 1) * 2 > slots_.size())
    grow();
  const auto hash = static_cast<std::uint32_t>(std::hash<std::string_view>{}(word));
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    Slot& slot = slots_[at];
    if (slot.word == 0) {
      if (text_.size() + word.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("a batch of more than 4 GiB of words");
      text_.append(word);
      ends_.push_back(static_cast<std::uint32_t>(text_.size()));
      slot = {hash, static_cast<std::uint32_t>(ends_.size())};
      return;
    }
    if (slot.hash == hash && this->word(slot.word - 1) == word)
      return;
  }
}

void WordSet::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(old.size() * 2, 1024), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.word == 0)
      continue;
    std::size_t at = slot.hash & mask;
    while (slots_[at].word != 0)
      at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

void WordSet::clear() noexcept {
  text_.clear();
  ends_.clear();
  std::fill(slots_.begin(), slots_.end(), Slot{});
}

std::vector<std::string_view> WordSet::sorted() const {
  std::vector<std::string_view> words;
  words.reserve(size());
  for (std::size_t i = 0; i < size(); ++i)
    words.push_back(word(i));
  std::sort(words.begin(), words.end());
  return words;
}

void VocabularyUpdates::start(const Xapian::Database& db) noexcept {
  if (known_)
    return;
  extendable_ = false;
  delta_ = WordList();
  known_ = true;
  std::optional<VocabularyDelta> delta;
  try {
    delta = read_vocabulary_delta(db);
    if (!delta || !delta->stamp.describes(db)) {
      if (db.get_doccount() == 0) {
        // No articles, so no words: a store of none, no walk needed to
        // build it. Its main is written at the first commit.
        extendable_ = true;
        main_id_.clear();
        main_ = WordList();
      }
      return;
    }
  } catch (...) {
    // Xapian's errors, or no memory to decode it: as if there were none.
    // The next commit builds it anew, or fails as well.
    return;
  }
  extendable_ = true;
  if (delta->main_id != main_id_)
    main_.reset();  // another main than the one read before, if any
  main_id_ = std::move(delta->main_id);
  delta_ = std::move(delta->words);
}

void VocabularyUpdates::add(const Xapian::Document& document) noexcept {
  // Every prefixed term sorts between 'A' and 'Z' + 1: one skip past them.
  static const std::string past_prefixed(1, 'Z' + 1);
  try {
    auto it = document.termlist_begin();
    const auto end = document.termlist_end();
    while (it != end) {
      const std::string term = *it;
      if (is_exact_form(term)) {
        logged_.append(term);
        logged_ends_.push_back(static_cast<std::uint32_t>(logged_.size()));
        ++it;
      } else if (term.empty()) {
        ++it;
      } else {
        it.skip_to(past_prefixed);
      }
    }
    if (logged_.size() >= kMaxLoggedBytes)
      fold_logged();
  } catch (...) {
    // No memory for them, say: the words of the batch are not all known,
    // and the next commit walks the whole vocabulary instead.
    clear_batch();
    extendable_ = false;
  }
}

void VocabularyUpdates::clear_batch() noexcept {
  logged_.clear();
  logged_ends_.clear();
  batch_.clear();
}

void VocabularyUpdates::fold_logged() {
  std::size_t begin = 0;
  for (const std::uint32_t end : logged_ends_) {
    batch_.insert(std::string_view(logged_).substr(begin, end - begin));
    begin = end;
  }
  logged_.clear();
  logged_ends_.clear();
}

void VocabularyUpdates::write(Xapian::WritableDatabase& db) {
  written_.reset();
  if (extendable_ && !main_) {
    if (auto main = read_vocabulary_main(db, main_id_))
      main_ = std::move(*main);
    else
      extendable_ = false;  // main damaged or missing: build the store anew
  }
  if (!extendable_) {
    // No store, or one that misses what another program wrote: the whole
    // vocabulary, walked once (the batch's terms too).
    Written fresh{{}, exact_terms(db), {}};
    fresh.main_id = write_vocabulary(db, &*fresh.main, {}, fresh.delta);
    written_ = std::move(fresh);
    return;
  }
  fold_logged();
  WordList added;
  for (const std::string_view word : batch_.sorted()) {
    if (!main_->contains(word) && !delta_.contains(word))
      added.append(word);
  }
  Written next{main_id_, std::nullopt, WordList::merged(delta_, added)};
  if (main_id_.empty() ||
      (next.delta.size() > kMinDeltaWords && next.delta.size() * kDeltaShare > main_->size())) {
    next.main = WordList::merged(*main_, next.delta);
    next.delta = WordList();
  }
  next.main_id = write_vocabulary(db, next.main ? &*next.main : nullptr, main_id_, next.delta);
  written_ = std::move(next);
}

void VocabularyUpdates::committed() {
  clear_batch();
  if (!written_) {
    known_ = false;  // nothing written: read the store again
    return;
  }
  main_id_ = std::move(written_->main_id);
  if (written_->main)
    main_ = std::move(written_->main);
  delta_ = std::move(written_->delta);
  written_.reset();
  extendable_ = true;
  known_ = true;
}

void VocabularyUpdates::forget() noexcept {
  clear_batch();
  written_.reset();
  known_ = false;
}

void write_whole_vocabulary(Xapian::WritableDatabase& db) {
  const WordList all = exact_terms(db);
  (void)write_vocabulary(db, &all, {}, WordList());
}

}  // namespace byline::detail
