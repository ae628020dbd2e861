// What the C API's opaque handles hold.
#pragma once

#include <memory>
#include <string>

#include "byline/byline.h"
#include "byline/byline.hpp"

// Shared, so that a writer keeps its index alive whatever order a garbage
// collector frees the handles in.
struct byline_index {
  std::shared_ptr<byline::Index> index;
};

struct byline_writer {
  std::shared_ptr<byline::Index> index;  // declared first: destroyed after the writer
  byline::Writer writer;

  explicit byline_writer(std::shared_ptr<byline::Index> idx)
      : index(std::move(idx)), writer(*index) {}
};

// A Searcher opens its own handle on the index: searchers made from one
// byline_index share no Xapian state and can run in parallel.
struct byline_searcher {
  byline::Searcher searcher;

  explicit byline_searcher(const byline::Index& index) : searcher(index) {}
};

struct byline_results {
  std::string query;
  byline::SearchOptions options;
  byline::SearchResults results;
};
