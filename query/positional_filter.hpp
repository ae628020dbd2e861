// Matching that Xapian 1.4 cannot express, done by byline itself as a
// Xapian::PostingSource that lets through only the documents passing a
// check. Used with OP_FILTER beside the ordinary query that ranks them:
//   - NEAR/ADJ between phrases (Xapian's OP_NEAR takes single terms only);
//   - body: (a match outside the title);
//   - exact phrases (=“dirty hands”): checked against the stored text.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "byline/analyzer.hpp"
#include "query/interrupt.hpp"

namespace byline::detail {

// Where a word may stand: any of these terms at one position.
using Slot = std::vector<std::string>;
// A phrase: one slot per word, consecutive (or within `slop` extra words).
struct Sequence {
  std::vector<Slot> slots;
  unsigned slop = 0;
};
// Alternatives: any of these sequences (a word's aliases, say).
using Pattern = std::vector<Sequence>;

class DocumentCheck {
 public:
  virtual ~DocumentCheck() = default;
  [[nodiscard]] virtual bool accept(const Xapian::Database& db, Xapian::docid did) const = 0;
  [[nodiscard]] virtual std::string describe() const = 0;
};

// `left` and `right` occur with at most `distance` words between them; in
// that order when `ordered`, else in either.
[[nodiscard]] std::shared_ptr<const DocumentCheck> near_check(Pattern left, Pattern right,
                                                              unsigned distance, bool ordered);

// `pattern` occurs at or after the body's first position.
[[nodiscard]] std::shared_ptr<const DocumentCheck> body_check(Pattern pattern);

// The exact (unstemmed, normalized) words occur in this order in the stored
// text: in the title, the body or either (`where` = "title", "body", "").
[[nodiscard]] std::shared_ptr<const DocumentCheck> exact_check(std::vector<std::string> words,
                                                               std::string where,
                                                               AnalyzerSettings settings);

// The terms whose posting lists, together, hold every document `pattern` can
// match: for each alternative sequence, the terms of its rarest slot.
[[nodiscard]] std::vector<std::string> driver_terms(const Xapian::Database& db,
                                                    const Pattern& pattern);

// The documents of the drivers' posting lists (their union) that pass
// `check`. Drivers from driver_terms() bound the work to what can match.
// With an `interrupt` (which must outlive the matching), it is polled at
// each document checked: Error(interrupted) stops the match.
class CheckedPostingSource : public Xapian::PostingSource {
 public:
  CheckedPostingSource(std::shared_ptr<const DocumentCheck> check, std::vector<std::string> drivers,
                       const Interrupt* interrupt = nullptr);

  void init(const Xapian::Database& db) override;
  [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return 0; }
  [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return frequency_ / 2; }
  [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return frequency_; }
  void next(double min_weight) override;
  void skip_to(Xapian::docid did, double min_weight) override;
  [[nodiscard]] bool at_end() const override { return current_ == 0; }
  [[nodiscard]] Xapian::docid get_docid() const override { return current_; }
  [[nodiscard]] CheckedPostingSource* clone() const override;
  [[nodiscard]] std::string get_description() const override;

 private:
  // Moves every driver to `did` or past it; current_ = the smallest docid
  // then (0 at the end).
  void seek(Xapian::docid did);
  // From current_ on, to the first document that passes the check.
  void settle();

  struct Cursor {
    Xapian::PostingIterator it;
    Xapian::PostingIterator end;
  };
  std::shared_ptr<const DocumentCheck> check_;
  std::vector<std::string> drivers_;
  const Interrupt* interrupt_;
  InterruptPoll poll_;
  Xapian::Database db_;
  std::vector<Cursor> cursors_;
  Xapian::docid current_ = 0;
  Xapian::doccount frequency_ = 0;
  bool started_ = false;
};

}  // namespace byline::detail
