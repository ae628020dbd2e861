#include "query/positional_filter.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <optional>

#include "engine/document_codec.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

using Positions = std::vector<Xapian::termpos>;

// Where any term of the slot stands in document `did`, sorted.
Positions slot_positions(const Xapian::Database& db, Xapian::docid did, const Slot& slot) {
  Positions out;
  for (const std::string& term : slot) {
    for (auto it = db.positionlist_begin(did, term); it != db.positionlist_end(did, term); ++it) {
      out.push_back(*it);
    }
  }
  if (slot.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

struct Span {
  Xapian::termpos first;
  Xapian::termpos last;
};

// Every occurrence of the sequence: for each position of the first word, the
// earliest in-order positions of the others, if they fit the window.
std::vector<Span> occurrences(const Xapian::Database& db, Xapian::docid did, const Sequence& seq) {
  std::vector<Positions> lists;
  for (const Slot& slot : seq.slots) {
    lists.push_back(slot_positions(db, did, slot));
    if (lists.back().empty())
      return {};
  }
  const Xapian::termpos window = static_cast<Xapian::termpos>(seq.slots.size()) + seq.slop;
  std::vector<Span> spans;
  for (const Xapian::termpos start : lists.front()) {
    Xapian::termpos at = start;
    bool complete = true;
    for (std::size_t k = 1; k < lists.size() && complete; ++k) {
      const auto next = std::upper_bound(lists[k].begin(), lists[k].end(), at);
      if (next == lists[k].end() || *next - start >= window) {
        complete = false;
      } else {
        at = *next;
      }
    }
    if (complete)
      spans.push_back({start, at});
  }
  return spans;
}

std::vector<Span> occurrences(const Xapian::Database& db, Xapian::docid did, const Pattern& p) {
  std::vector<Span> all;
  for (const Sequence& seq : p) {
    auto spans = occurrences(db, did, seq);
    all.insert(all.end(), spans.begin(), spans.end());
  }
  std::sort(all.begin(), all.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
  return all;
}

std::string describe_pattern(const Pattern& pattern) {
  std::string out;
  for (const Sequence& seq : pattern) {
    if (!out.empty())
      out += " | ";
    out += '"';
    for (std::size_t k = 0; k < seq.slots.size(); ++k) {
      if (k > 0)
        out += ' ';
      for (std::size_t t = 0; t < seq.slots[k].size(); ++t) {
        if (t > 0)
          out += '/';
        out += seq.slots[k][t];
      }
    }
    out += '"';
    if (seq.slop > 0)
      out += "~" + std::to_string(seq.slop);
  }
  return out;
}

class NearCheck final : public DocumentCheck {
 public:
  NearCheck(Pattern left, Pattern right, unsigned distance, bool ordered)
      : left_(std::move(left)), right_(std::move(right)), distance_(distance), ordered_(ordered) {}

  bool accept(const Xapian::Database& db, Xapian::docid did) const override {
    const auto a = occurrences(db, did, left_);
    if (a.empty())
      return false;
    const auto b = occurrences(db, did, right_);
    for (const Span& x : a) {
      for (const Span& y : b) {
        // Words strictly between the two, which must not overlap.
        if (y.first > x.last && y.first - x.last - 1 <= distance_)
          return true;
        if (!ordered_ && x.first > y.last && x.first - y.last - 1 <= distance_)
          return true;
      }
    }
    return false;
  }

  std::string describe() const override {
    return describe_pattern(left_) + (ordered_ ? " ADJ/" : " NEAR/") + std::to_string(distance_) +
           " " + describe_pattern(right_);
  }

 private:
  Pattern left_;
  Pattern right_;
  unsigned distance_;
  bool ordered_;
};

class BodyCheck final : public DocumentCheck {
 public:
  explicit BodyCheck(Pattern pattern) : pattern_(std::move(pattern)) {}

  bool accept(const Xapian::Database& db, Xapian::docid did) const override {
    const std::string value =
        db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::slot::kBodyStart);
    const Xapian::termpos body_start =
        static_cast<Xapian::termpos>(std::strtoul(value.c_str(), nullptr, 10));
    for (const Span& span : occurrences(db, did, pattern_)) {
      if (span.first >= body_start)
        return true;
    }
    // A word may occur without a position: the joined form of a compound
    // ("alqaeda" of "al-Qaeda"). Its count in the body is what its count
    // in title and body leaves once the title's (boosted) count is taken off.
    for (const Sequence& seq : pattern_) {
      if (seq.slots.size() != 1)
        continue;
      for (const std::string& term : seq.slots.front()) {
        if (!term.starts_with(schema::prefix::kStem))
          continue;
        const std::string title_term =
            std::string(schema::prefix::kTitle) + term.substr(schema::prefix::kStem.size());
        const Xapian::termcount in_both = wdf_of(db, did, term);
        if (in_both > (1 + schema::kTitleWdfBoost) * wdf_of(db, did, title_term))
          return true;
      }
    }
    return false;
  }

  std::string describe() const override { return "body:" + describe_pattern(pattern_); }

 private:
  static Xapian::termcount wdf_of(const Xapian::Database& db, Xapian::docid did,
                                  const std::string& term) {
    Xapian::TermIterator it = db.termlist_begin(did);
    it.skip_to(term);
    return it != db.termlist_end(did) && *it == term ? it.get_wdf() : 0;
  }

  Pattern pattern_;
};

// Terms' postings in documents asked in increasing docid order, from their
// posting lists walked forwards. Reading a document's term list instead
// inflates it (zlib), and Database::positionlist_begin() descends the
// position table from its root each time (~9 µs), where a posting list's
// own positions are read on from where it was: either made an exact
// phrase's check cost ten times what the postings do.
class TermCursors {
 public:
  explicit TermCursors(std::vector<std::string> terms) : terms_(std::move(terms)) {}

  void restart() { cursors_.clear(); }

  // Term `k`'s posting in `did`, or nullptr when the document lacks it.
  const Xapian::PostingIterator* at(const Xapian::Database& db, Xapian::docid did, std::size_t k) {
    if (cursors_.empty() || did < last_did_) {
      cursors_.clear();
      for (const std::string& term : terms_)
        cursors_.push_back({db.postlist_begin(term), db.postlist_end(term)});
    }
    last_did_ = did;
    auto& [it, end] = cursors_[k];
    if (it != end && *it < did)
      it.skip_to(did);
    return it != end && *it == did ? &it : nullptr;
  }

  Xapian::termcount wdf(const Xapian::Database& db, Xapian::docid did, std::size_t k) {
    const Xapian::PostingIterator* it = at(db, did, k);
    return it ? it->get_wdf() : 0;
  }

  Positions positions(const Xapian::Database& db, Xapian::docid did, std::size_t k) {
    Positions out;
    if (const Xapian::PostingIterator* it = at(db, did, k)) {
      for (auto p = it->positionlist_begin(); p != it->positionlist_end(); ++p)
        out.push_back(*p);
    }
    return out;
  }

 private:
  std::vector<std::string> terms_;
  std::vector<std::pair<Xapian::PostingIterator, Xapian::PostingIterator>> cursors_;
  Xapian::docid last_did_ = 0;
};

class ExactCheck final : public DocumentCheck {
 public:
  ExactCheck(ExactPhrase phrase, std::string where, AnalyzerSettings settings)
      : phrase_(std::move(phrase)),
        where_(std::move(where)),
        analyzer_(std::move(settings)),
        cursors_(cursors_for(phrase_)) {}

  bool accept(const Xapian::Database& db, Xapian::docid did) const override {
    if (phrase_.layout == ExactPhrase::Layout::positions) {
      if (const auto found = by_counts(db, did))
        return *found;
      if (const auto found = by_positions(db, did))
        return *found;
    }
    const Article article = decode_article(db.get_document(did).get_data());
    return (where_ != "body" && contains(article.title)) ||
           (where_ != "title" && contains(article.body));
  }

  void restart() const override { cursors_.restart(); }

  std::shared_ptr<const DocumentCheck> fresh() const override {
    return std::make_shared<ExactCheck>(phrase_, where_, analyzer_.settings());
  }

  std::string describe() const override {
    std::string out = (where_.empty() ? "" : where_ + ":") + std::string("=\"");
    for (std::size_t k = 0; k < phrase_.words.size(); ++k)
      out += (k > 0 ? " " : "") + phrase_.words[k];
    return out + (phrase_.layout == ExactPhrase::Layout::positions
                      ? "\" (on positions)"
                      : "\" (checked in the stored text)");
  }

 private:
  // For each word: its exact form, its stem term and its title term.
  static TermCursors cursors_for(const ExactPhrase& phrase) {
    std::vector<std::string> terms;
    for (const std::string& word : phrase.words) {
      terms.push_back(std::string(schema::prefix::kExact) + word);
      terms.push_back(std::string(schema::prefix::kStem) + word);
      terms.push_back(std::string(schema::prefix::kTitle) + word);
    }
    return TermCursors(std::move(terms));
  }

  // The candidates (compiler.cpp) are the documents where the words stand
  // in order at their exact forms' positions, or, for a word that is its
  // own stem, at its stem's, which other words may share ("run" with
  // "running"). Those are all the word's own when they are as many as its
  // occurrences: the stem's wdf, less the title's boost, against the exact
  // form's wdf. nullopt when some word's positions cannot be told so.
  std::optional<bool> by_counts(const Xapian::Database& db, Xapian::docid did) const {
    if (!where_.empty())
      return std::nullopt;
    for (std::size_t k = 0; k < phrase_.words.size(); ++k) {
      if (phrase_.kinds[k] == ExactPhrase::Kind::exact_form)
        continue;
      if (phrase_.kinds[k] == ExactPhrase::Kind::mixed)
        return std::nullopt;
      const Xapian::termcount exact = cursors_.wdf(db, did, 3 * k);
      if (exact == 0)
        return false;
      const Xapian::termcount stem = cursors_.wdf(db, did, 3 * k + 1);
      const Xapian::termcount title = cursors_.wdf(db, did, 3 * k + 2);
      if (stem != exact + schema::kTitleWdfBoost * title)
        return std::nullopt;
    }
    return true;
  }

  // The same from the positions themselves: a word stands at its exact
  // form's positions when it has some (where it differs from its stem, or
  // where other words of the article share its stem: the index gives it
  // positions of its own then), else at its stem's. Then the title or the
  // body alone (`where_`) can be told too. nullopt when a word's positions
  // are not as many as its occurrences (an index that did not keep to
  // that rule).
  std::optional<bool> by_positions(const Xapian::Database& db, Xapian::docid did) const {
    std::vector<Positions> lists;
    lists.reserve(phrase_.words.size());
    for (std::size_t k = 0; k < phrase_.words.size(); ++k) {
      const Xapian::termcount occurrences = cursors_.wdf(db, did, 3 * k);
      if (occurrences == 0)
        return false;
      Positions own = cursors_.positions(db, did, 3 * k);
      if (own.empty())
        own = cursors_.positions(db, did, 3 * k + 1);
      if (own.size() != occurrences)
        return std::nullopt;
      lists.push_back(std::move(own));
    }
    Xapian::termpos body_start = 0;
    if (!where_.empty()) {
      const std::string value =
          db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::slot::kBodyStart);
      body_start = static_cast<Xapian::termpos>(std::strtoul(value.c_str(), nullptr, 10));
    }
    for (const Xapian::termpos start : lists.front()) {
      if ((where_ == "title" && start >= body_start) || (where_ == "body" && start < body_start))
        continue;
      bool complete = true;
      for (std::size_t k = 1; k < lists.size() && complete; ++k)
        complete = std::binary_search(lists[k].begin(), lists[k].end(),
                                      start + static_cast<Xapian::termpos>(k));
      if (complete)
        return true;
    }
    return false;
  }

  bool contains(const std::string& text) const {
    std::vector<std::string> terms;
    for (Token& token : analyzer_.analyze(text)) {
      if (!token.joined)
        terms.push_back(std::move(token.term));
    }
    return std::search(terms.begin(), terms.end(), phrase_.words.begin(), phrase_.words.end()) !=
           terms.end();
  }

  ExactPhrase phrase_;
  std::string where_;
  // Analysis is not const, nor are the cursors; each check belongs to one
  // Searcher (one thread).
  mutable Analyzer analyzer_;
  mutable TermCursors cursors_;
};

}  // namespace

std::shared_ptr<const DocumentCheck> near_check(Pattern left, Pattern right, unsigned distance,
                                                bool ordered) {
  return std::make_shared<NearCheck>(std::move(left), std::move(right), distance, ordered);
}

std::shared_ptr<const DocumentCheck> body_check(Pattern pattern) {
  return std::make_shared<BodyCheck>(std::move(pattern));
}

std::shared_ptr<const DocumentCheck> exact_check(ExactPhrase phrase, std::string where,
                                                 AnalyzerSettings settings) {
  return std::make_shared<ExactCheck>(std::move(phrase), std::move(where), std::move(settings));
}

std::vector<std::string> driver_terms(const Xapian::Database& db, const Pattern& pattern) {
  std::vector<std::string> drivers;
  for (const Sequence& seq : pattern) {
    const Slot* rarest = nullptr;
    Xapian::doccount rarest_frequency = 0;
    for (const Slot& slot : seq.slots) {
      Xapian::doccount frequency = 0;
      for (const std::string& term : slot)
        frequency += db.get_termfreq(term);
      if (rarest == nullptr || frequency < rarest_frequency) {
        rarest = &slot;
        rarest_frequency = frequency;
      }
    }
    if (rarest != nullptr)
      drivers.insert(drivers.end(), rarest->begin(), rarest->end());
  }
  std::sort(drivers.begin(), drivers.end());
  drivers.erase(std::unique(drivers.begin(), drivers.end()), drivers.end());
  return drivers;
}

CheckedPostingSource::CheckedPostingSource(std::shared_ptr<const DocumentCheck> check,
                                           std::vector<std::string> drivers,
                                           const Interrupt* interrupt)
    : check_(std::move(check)),
      drivers_(std::move(drivers)),
      interrupt_(interrupt),
      poll_(interrupt) {}

void CheckedPostingSource::init(const Xapian::Database& db) {
  db_ = db;
  check_->restart();
  cursors_.clear();
  for (const std::string& term : drivers_)
    cursors_.push_back({db_.postlist_begin(term), db_.postlist_end(term)});
  doccount_ = db_.get_doccount();
  current_ = 0;
  started_ = false;
  rejected_ = false;
}

void CheckedPostingSource::seek(Xapian::docid did) {
  current_ = 0;
  for (Cursor& c : cursors_) {
    if (c.it != c.end && *c.it < did)
      c.it.skip_to(did);
    if (c.it != c.end && (current_ == 0 || *c.it < current_))
      current_ = *c.it;
  }
}

void CheckedPostingSource::settle() {
  while (current_ != 0) {
    poll_();
    if (check_->accept(db_, current_))
      return;
    seek(current_ + 1);
  }
}

void CheckedPostingSource::next(double) {
  seek(started_ ? current_ + 1 : 1);
  started_ = true;
  rejected_ = false;
  settle();
}

void CheckedPostingSource::skip_to(Xapian::docid did, double) {
  if (started_ && !rejected_ && (current_ == 0 || current_ >= did))
    return;
  seek(rejected_ ? std::max(did, current_ + 1) : did);
  started_ = true;
  rejected_ = false;
  settle();
}

bool CheckedPostingSource::check(Xapian::docid did, double) {
  // Already at the first match from `did` on: as skip_to() would leave it.
  if (started_ && !rejected_ && (current_ == 0 || current_ >= did))
    return true;
  seek(did);
  started_ = true;
  rejected_ = false;
  if (current_ == 0)
    return true;  // at the end, as skip_to() would leave it
  if (current_ == did) {
    poll_();
    if (check_->accept(db_, did))
      return true;
  }
  // Not a match. Xapian leaves the position unspecified then; ours is
  // `did`, marked rejected, so that nothing reads it as a match.
  current_ = did;
  rejected_ = true;
  return false;
}

CheckedPostingSource* CheckedPostingSource::clone() const {
  return new CheckedPostingSource(check_->fresh(), drivers_, interrupt_);
}

std::string CheckedPostingSource::get_description() const {
  return "check(" + check_->describe() + ")";
}

}  // namespace byline::detail
