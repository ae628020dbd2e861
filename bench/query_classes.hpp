// The query classes the benchmark measures, as one table: each class says
// what it samples and how each engine spells it, with {a} and {b} standing
// for the sampled words. A class whose byline feature has not landed names
// what it waits for (`needs`) and is listed as not yet measured, never
// approximated; adding it once the feature lands is filling in its byline
// template and clearing `needs`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/query_sampler.hpp"

namespace byline::bench {

struct QueryClass {
  std::string name;
  SampleKind sample = SampleKind::one_word;
  std::string byline;       // byline's query language
  bool byline_any = false;  // bare words combine with OR (DefaultOperator::any)
  std::string xapian;       // Xapian::QueryParser, default flags
  std::string fts5;         // FTS5 MATCH syntax
  std::string needs;        // empty: measured; else what byline still lacks
};

[[nodiscard]] const std::vector<QueryClass>& query_classes();

// The template with {a} and {b} replaced.
[[nodiscard]] std::string render(std::string_view query_template, const Sample& sample);

}  // namespace byline::bench
