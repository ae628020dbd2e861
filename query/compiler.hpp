// The query compiler: a QueryNode tree -> a Xapian::Query over byline's term
// layout (engine/schema.hpp). Every piece of text goes through the index's
// Analyzer, the same one that indexed the articles.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "byline/analyzer.hpp"
#include "engine/alias_table.hpp"
#include "query/interrupt.hpp"
#include "query/limits.hpp"
#include "query/parser.hpp"
#include "query/positional_filter.hpp"

namespace byline::detail {

struct CompileOptions {
  bool aliases = true;
  // The index's alias table, when `aliases`; null: read from the database
  // (AliasTable::read()). Must outlive the compiling.
  const AliasTable* alias_table = nullptr;
  std::size_t max_wildcard_terms = limits::kDefaultMaxWildcardTerms;
  // The query must run inside xapian-tcpsrv (the index has remote shards),
  // which runs Xapian's own operators only: a construct byline checks with
  // a posting source of its own is refused, at its position, rather than
  // sent to fail there.
  bool portable = false;
  // The databases the index is made of, when several (ShardSet::several()),
  // for their vocabulary stores; must outlive the compiling.
  const std::vector<Xapian::Database>* shards = nullptr;
  // With `shards`: the state they were opened or reopened at
  // (ShardSet::state()), which caches what was read of them key on.
  std::string index_state;
  // Polled by the posting sources the query holds; must outlive their
  // matching. Null: never interrupted.
  const Interrupt* interrupt = nullptr;
};

// A word of the query as typed, for "did you mean": a word of a word or a
// phrase (of any field), or a source: value.
struct QueryWord {
  std::size_t position = 0;  // bytes in the query: the word (the value) alone
  std::size_t length = 0;
  std::string term;     // the normalized word; for a source, its key (source_key())
  std::string field;    // "" for a word; "source" for a source: value
  bool quoted = false;  // a source: value written in quotes
};

// What a match looks like, for highlighting: unprefixed stems (or exact
// words when `exact`), in the field given ("" for title and body).
struct MatchPattern {
  Pattern pattern;
  bool exact = false;
  std::string field;
};

// A NEAR or ADJ between two positive leaves, for highlighting: `left` and
// `right` index CompiledQuery::matches; only their occurrences that satisfy
// the NEAR are highlighted.
struct NearMatch {
  std::size_t left = 0;
  std::size_t right = 0;
  unsigned distance = 0;
  bool ordered = false;
};

struct CompiledQuery {
  Xapian::Query query;
  std::vector<std::string> expansions;  // how words were expanded, for explain
  std::vector<QueryWord> words;         // words and sources as typed, for "did you mean"
  std::vector<MatchPattern> matches;    // positive leaves, for highlighting
  std::vector<NearMatch> nears;         // NEAR/ADJ pairs among `matches`
};

// Throws Error(invalid_query) at the node's position when nothing in the
// query is searchable, a wildcard expands past its cap, or a construct
// cannot be compiled.
[[nodiscard]] CompiledQuery compile_query(const QueryNode& root, const Xapian::Database& db,
                                          Analyzer& analyzer, const CompileOptions& options);

}  // namespace byline::detail
