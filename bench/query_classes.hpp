// The query classes the benchmark measures, as one table: each class says
// what it samples, how each engine spells it, with {a} and {b} standing for
// the sampled words, what it asks for besides the hits, and why a peer's
// totals differ from byline's where that is known. An engine with no
// equivalent has no template and is left out of that class.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/engines.hpp"
#include "bench/query_sampler.hpp"

namespace byline::bench {

struct QueryClass {
  std::string name;
  SampleKind sample = SampleKind::one_word;
  // By engine name: byline's query language; Xapian::QueryParser (default
  // flags and wildcards) for xapian and xapian-stem; FTS5's MATCH syntax;
  // Lucene's classic QueryParser over title and body.
  std::map<std::string, std::string, std::less<>> templates;
  bool byline_any = false;    // bare words combine with OR (DefaultOperator::any)
  Extra extra = Extra::none;  // facet counts or snippets besides the hits
  // The peers' date filter; byline's template says it in its own words.
  DateRange dates;
  // By peer: why its totals are known to differ from byline's on this class
  // (besides each peer's general reasons, known_differences()).
  std::map<std::string, std::string, std::less<>> differs;

  // The engine's template; empty when the engine has none.
  [[nodiscard]] std::string template_for(std::string_view engine) const;
};

[[nodiscard]] const std::vector<QueryClass>& query_classes();

// Why a peer's totals may differ from byline's on any class: how it
// analyses text (its stemmer, its tokenizer) where that is not byline's,
// in words that known_differences_legend() explains.
[[nodiscard]] std::string known_differences(std::string_view engine);
[[nodiscard]] const std::vector<std::string>& known_differences_legend();

// The template with {a} and {b} replaced.
[[nodiscard]] std::string render(std::string_view query_template, const Sample& sample);

}  // namespace byline::bench
