#include "query/positional_filter.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

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

class ExactCheck final : public DocumentCheck {
 public:
  ExactCheck(std::vector<std::string> words, std::string where, AnalyzerSettings settings)
      : words_(std::move(words)), where_(std::move(where)), analyzer_(std::move(settings)) {}

  bool accept(const Xapian::Database& db, Xapian::docid did) const override {
    const Article article = decode_article(db.get_document(did).get_data());
    return (where_ != "body" && contains(article.title)) ||
           (where_ != "title" && contains(article.body));
  }

  std::string describe() const override {
    std::string out = (where_.empty() ? "" : where_ + ":") + std::string("=\"");
    for (std::size_t k = 0; k < words_.size(); ++k)
      out += (k > 0 ? " " : "") + words_[k];
    return out + "\" (checked in the stored text)";
  }

 private:
  bool contains(const std::string& text) const {
    std::vector<std::string> terms;
    for (Token& token : analyzer_.analyze(text)) {
      if (!token.joined)
        terms.push_back(std::move(token.term));
    }
    return std::search(terms.begin(), terms.end(), words_.begin(), words_.end()) != terms.end();
  }

  std::vector<std::string> words_;
  std::string where_;
  // Analysis is not const; each check belongs to one Searcher (one thread).
  mutable Analyzer analyzer_;
};

}  // namespace

std::shared_ptr<const DocumentCheck> near_check(Pattern left, Pattern right, unsigned distance,
                                                bool ordered) {
  return std::make_shared<NearCheck>(std::move(left), std::move(right), distance, ordered);
}

std::shared_ptr<const DocumentCheck> body_check(Pattern pattern) {
  return std::make_shared<BodyCheck>(std::move(pattern));
}

std::shared_ptr<const DocumentCheck> exact_check(std::vector<std::string> words, std::string where,
                                                 AnalyzerSettings settings) {
  return std::make_shared<ExactCheck>(std::move(words), std::move(where), std::move(settings));
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
  cursors_.clear();
  frequency_ = 0;
  for (const std::string& term : drivers_) {
    cursors_.push_back({db_.postlist_begin(term), db_.postlist_end(term)});
    frequency_ += db_.get_termfreq(term);
  }
  frequency_ = std::min(frequency_, db_.get_doccount());
  current_ = 0;
  started_ = false;
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
  settle();
}

void CheckedPostingSource::skip_to(Xapian::docid did, double) {
  if (started_ && (current_ == 0 || current_ >= did))
    return;
  started_ = true;
  seek(did);
  settle();
}

CheckedPostingSource* CheckedPostingSource::clone() const {
  return new CheckedPostingSource(check_, drivers_, interrupt_);
}

std::string CheckedPostingSource::get_description() const {
  return "check(" + check_->describe() + ")";
}

}  // namespace byline::detail
