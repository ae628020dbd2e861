// What the C API's opaque handles hold. Each is registered (registry.hpp)
// from the moment it is handed out until its release function runs, and
// names its type for the registry's checks.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.h"
#include "byline/byline.hpp"
#include "capi/registry.hpp"

// Shared, so that a writer keeps its index alive whatever order a garbage
// collector frees the handles in.
struct byline_index {
  static constexpr byline::capi::HandleType type = byline::capi::HandleType::index;
  std::shared_ptr<byline::Index> index;
};

struct byline_writer {
  static constexpr byline::capi::HandleType type = byline::capi::HandleType::writer;
  std::shared_ptr<byline::Index> index;  // declared first: destroyed after the writer
  byline::Writer writer;
  // Set by byline_ingest_stop() from any thread; the run it stops (the one
  // under way, else the next) sees it as IngestOptions::stop, and every
  // byline_ingest() clears it as it ends.
  std::atomic<bool> stop_ingest{false};

  explicit byline_writer(std::shared_ptr<byline::Index> idx)
      : index(std::move(idx)), writer(*index) {}
};

// A Searcher opens its own handle on the index: searchers made from one
// byline_index share no Xapian state and can run in parallel.
struct byline_searcher {
  static constexpr byline::capi::HandleType type = byline::capi::HandleType::searcher;
  byline::Searcher searcher;
  // Set by byline_searcher_interrupt() from any thread; the search it stops
  // (the one running, else the next) sees it as SearchOptions::cancel, and
  // every search clears it as it ends.
  std::atomic<bool> interrupted{false};

  explicit byline_searcher(const byline::Index& index) : searcher(index) {}
};

struct byline_results {
  static constexpr byline::capi::HandleType type = byline::capi::HandleType::results;
  std::string query;
  byline::SearchOptions options;
  byline::SearchResults results;
  // From byline_similar(): the ids given (empty for a search), the words
  // looked for and each hit's, for its JSON.
  std::vector<std::string> like;
  std::vector<byline::SimilarTerm> terms;
  std::vector<std::vector<std::string>> matched;
};

namespace byline::capi {

// Registers a handle just made and gives up ownership of it, to be returned
// through an `out` argument. Throws std::bad_alloc (the handle is deleted).
template <typename Handle>
[[nodiscard]] Handle* hand_out(std::unique_ptr<Handle> handle) {
  register_handle(handle.get(), Handle::type);
  return handle.release();
}

// What each release function does: nothing for NULL; deletes a live handle of
// this type; leaves anything else untouched, recording BYLINE_MISUSE as the
// thread's last error (a double release must not crash, nor free what the
// pointer points to now).
template <typename Handle>
void release(Handle* handle, std::string_view function) noexcept {
  if (handle != nullptr && unregister_handle(handle, Handle::type, function))
    delete handle;
}

}  // namespace byline::capi
