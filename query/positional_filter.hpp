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

class DocumentCheck : public std::enable_shared_from_this<DocumentCheck> {
 public:
  virtual ~DocumentCheck() = default;
  // Asked of documents in increasing docid order between two restart()s.
  [[nodiscard]] virtual bool accept(const Xapian::Database& db, Xapian::docid did) const = 0;
  // A new match begins (or the database was reopened): state kept from one
  // document to the next must go.
  virtual void restart() const {}
  // The same check with state of its own, for another database: each
  // shard of an index gets one (CheckedPostingSource::clone()), as Xapian
  // matches the shards one after the other, each with its own docids.
  // Without state, the check itself.
  [[nodiscard]] virtual std::shared_ptr<const DocumentCheck> fresh() const {
    return shared_from_this();
  }
  [[nodiscard]] virtual std::string describe() const = 0;
};

// `left` and `right` occur with at most `distance` words between them; in
// that order when `ordered`, else in either.
[[nodiscard]] std::shared_ptr<const DocumentCheck> near_check(Pattern left, Pattern right,
                                                              unsigned distance, bool ordered);

// `pattern` occurs at or after the body's first position.
[[nodiscard]] std::shared_ptr<const DocumentCheck> body_check(Pattern pattern);

// An exact phrase (="officials said"): its words (unstemmed, normalized) and
// how the index holds their positions.
struct ExactPhrase {
  enum class Layout {
    // Exact forms without positions (an index made before format 5): the
    // stored text decides.
    stored_text,
    // An exact form has positions where it differs from its stem, the
    // stem's serve it elsewhere (schema.hpp, format 5).
    positions,
  };
  // Per word, in the languages searched.
  enum class Kind {
    exact_form,  // never its own stem: its exact form has its positions
    own_stem,    // always its own stem ("said"): its stem has them
    mixed,       // its own stem in some languages only
  };
  std::vector<std::string> words;
  std::vector<Kind> kinds;  // one per word
  Layout layout = Layout::stored_text;
};

// The words of `phrase` occur in this order: in the title, the body or
// either (`where` = "title", "body", ""). With the positions layout, the
// documents asked are only the candidates that a phrase over each word's
// exact form and (unless Kind::exact_form) its stem matched; the check
// confirms them from the words' counts, else their positions, else the
// stored text.
[[nodiscard]] std::shared_ptr<const DocumentCheck> exact_check(ExactPhrase phrase,
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
  // As many as the drivers hold, at most. The estimate is the index's size
  // on purpose: Xapian's AND leads with its sub-query of fewest documents
  // and only check()s the others, and a source that led would check every
  // document of its drivers, each at far greater cost than a posting.
  [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return doccount_; }
  [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return doccount_; }
  void next(double min_weight) override;
  void skip_to(Xapian::docid did, double min_weight) override;
  // Checks `did` alone: Xapian's AND asks this of every sub-query but its
  // leading one, so a phrase that leads has only its own matches checked,
  // instead of every document of the drivers up to the next one.
  bool check(Xapian::docid did, double min_weight) override;
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
  Xapian::doccount doccount_ = 0;
  bool started_ = false;
  // current_ failed check(): next() and skip_to() go on from after it.
  bool rejected_ = false;
};

}  // namespace byline::detail
