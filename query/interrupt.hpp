// Stopping a search part-way: SearchOptions::cancel (a flag another thread
// sets) and SearchOptions::deadline. Checked by the Searcher between its
// Xapian calls, and every kPollInterval documents inside the matcher by
// byline's own posting sources and match spies, so that a long match stops
// soon after it is asked to. Xapian's own Enquire::set_time_limit is not
// used: it does not stop the match, it only gives up counting exactly, and
// the results of a search that ran out of time would look complete.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <string>

namespace byline::detail {

class Interrupt {
 public:
  // Documents seen between two checks inside the matcher: a check reads an
  // atomic and, with a deadline, the clock (~20 ns), which is nothing next
  // to 256 documents matched.
  static constexpr unsigned kPollInterval = 256;

  // Never interrupted.
  Interrupt() = default;
  // `cancel` may be null (no flag); a `deadline` of the clock's epoch (the
  // default time_point) is none.
  Interrupt(const std::atomic<bool>* cancel, std::chrono::steady_clock::time_point deadline)
      : cancel_(cancel), deadline_(deadline) {}

  // Whether anything can interrupt: a flag or a deadline.
  [[nodiscard]] bool active() const noexcept {
    return cancel_ != nullptr || deadline_ != std::chrono::steady_clock::time_point{};
  }

  // Throws Error(interrupted) when the flag is set or the deadline has passed.
  void check() const;

 private:
  const std::atomic<bool>* cancel_ = nullptr;
  std::chrono::steady_clock::time_point deadline_{};
};

// A counter for loops over documents: check() on every kPollInterval-th
// call. `interrupt` may be null (never interrupted).
class InterruptPoll {
 public:
  explicit InterruptPoll(const Interrupt* interrupt) noexcept
      : interrupt_(interrupt != nullptr && interrupt->active() ? interrupt : nullptr) {}

  void operator()() {
    if (interrupt_ != nullptr && ++calls_ % Interrupt::kPollInterval == 0)
      interrupt_->check();
  }

 private:
  const Interrupt* interrupt_;
  unsigned calls_ = 0;
};

// A match spy that only polls: added to each Enquire of an interruptible
// search, it is called for every matching document the matcher visits.
class InterruptSpy final : public Xapian::MatchSpy {
 public:
  // `interrupt` must outlive the spy's use.
  explicit InterruptSpy(const Interrupt& interrupt) : poll_(&interrupt) {}

  void operator()(const Xapian::Document&, double) override { poll_(); }
  [[nodiscard]] std::string get_description() const override { return "InterruptSpy"; }

 private:
  InterruptPoll poll_;
};

}  // namespace byline::detail
