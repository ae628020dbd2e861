// The query classes the benchmark measures, as one table: each class says
// what it samples, how each engine spells it, with {a} and {b} standing for
// the sampled words, and what it asks for besides the hits. An engine with
// no equivalent has an empty template and is left out of that class.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/engines.hpp"
#include "bench/query_sampler.hpp"

namespace byline::bench {

struct QueryClass {
  std::string name;
  SampleKind sample = SampleKind::one_word;
  std::string byline;         // byline's query language
  bool byline_any = false;    // bare words combine with OR (DefaultOperator::any)
  std::string xapian;         // Xapian::QueryParser, default flags
  std::string fts5;           // FTS5 MATCH syntax
  std::string lucene;         // Lucene's classic QueryParser over title and body
  Extra extra = Extra::none;  // facet counts or snippets besides the hits
};

[[nodiscard]] const std::vector<QueryClass>& query_classes();

// The template with {a} and {b} replaced.
[[nodiscard]] std::string render(std::string_view query_template, const Sample& sample);

}  // namespace byline::bench
