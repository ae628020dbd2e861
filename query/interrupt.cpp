#include "query/interrupt.hpp"

#include "byline/error.hpp"

namespace byline::detail {

void Interrupt::check() const {
  if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed))
    throw Error(Error::Kind::interrupted, "the search was interrupted");
  if (deadline_ != std::chrono::steady_clock::time_point{} &&
      std::chrono::steady_clock::now() >= deadline_) {
    throw Error(Error::Kind::interrupted, "the search ran past its deadline");
  }
}

}  // namespace byline::detail
