// Facet counts: how the articles matching a query spread over sources,
// dates and authors, counted exactly over every match from the in-memory
// columns of query/facet_columns.hpp (the source; the day, which is added
// up into months and years; the author field, each of whose names counts).
//
// Multi-select ("disjunctive") facets, which Xapian has no notion of: the
// query's top-level selections on a field (source:, author: or date: filters ANDed
// with the rest, alone or ORed together) are left out when that field's
// facets are counted, so that a facet shows what its other values would
// add. That takes one more pass over the matches per field selected; facets
// of fields the query does not select ride along the main search's pass.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"
#include "byline/search.hpp"
#include "query/facet_columns.hpp"
#include "query/interrupt.hpp"
#include "query/parser.hpp"

namespace byline::detail {

// The query field whose filters select a facet's values: "source" for the
// source facet, "author" for the author facet, "date" for year, month and
// day.
[[nodiscard]] std::string_view selecting_field(FacetField field) noexcept;

// The filter nodes of the query's top-level selections on `field`
// ("source", "author" or "date"): filters ANDed with the rest of the query (through
// AND, the default operator, or the positive side of NOT), alone or ORed
// together. Pointers into `root`.
[[nodiscard]] std::vector<const QueryNode*> selections(const QueryNode& root,
                                                       std::string_view field);

// `root` without those selections; match_all when nothing else is left.
[[nodiscard]] QueryNode without_selections(const QueryNode& root, std::string_view field);

class FacetCounter {
 public:
  // Throws Error(invalid_argument) for a request that makes no sense.
  // `columns` (of the database searched) must outlive the counter.
  FacetCounter(const std::vector<FacetRequest>& requests, const QueryNode& root, Analyzer& analyzer,
               const FacetColumns& columns);
  ~FacetCounter();
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  // Adds to `enquire` the counters of the facets counted over the whole
  // query; its get_mset must then be given checkatleast = the document
  // count, so that every match is counted.
  void attach(Xapian::Enquire& enquire);

  // Counts the disjunctive facets, one pass per selected field, over the
  // query without its selections (turned into a Xapian query by `compile`).
  // `interrupt` is checked between the passes and polled inside them.
  void count_disjunctive(const Xapian::Database& db,
                         const std::function<Xapian::Query(const QueryNode&)>& compile,
                         const Interrupt& interrupt);

  // The facets, one per request, after attach()'s search and count_disjunctive().
  [[nodiscard]] std::vector<Facet> results();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline::detail
