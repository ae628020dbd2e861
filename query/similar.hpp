// "More like this": the query that finds the articles most like some given
// ones, from their most telling words, by Xapian's relevance feedback
// (Enquire::get_eset over an RSet of the given articles). Searcher::similar
// runs it as it runs a search.
//
// The words are the given articles' stems (Z terms, engine/schema.hpp):
// every form of a word counts once, and title words weigh more, as they
// do in a search. Xapian's expand weight (wdf in the given articles
// against how common the word is) ranks them; a word no other article has
// is left out (it finds nothing), and so is one that most articles of the
// same language have (a stopword). The given articles' near-duplicates
// join them as examples, so that the words only a group of copies shares
// do not crowd out the rest, and are left out of the results unless
// asked for. Only Xapian's own operators reach the matcher (a sharded
// index over xapian-tcpsrv runs them).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "byline/analyzer.hpp"
#include "byline/search.hpp"
#include "query/compiler.hpp"
#include "query/interrupt.hpp"

namespace byline::detail {

struct SimilarQuery {
  // The chosen stems ORed, ranked by BM25 as a search's words are, without
  // the given articles and (unless they were asked for) their
  // near-duplicates, by their ids. MatchNothing when the given articles
  // have no words another article has.
  Xapian::Query query;
  // The chosen Z terms, most telling first.
  std::vector<std::string> stems;
  // The same, as words to show (SimilarTerm::word) with their weights.
  std::vector<SimilarTerm> terms;
  // The stems as highlighting patterns (CompiledQuery::matches).
  std::vector<MatchPattern> matches;
};

// The query for the articles like those with these ids (not empty; an id
// given twice counts once), from their `terms` most telling stems.
// `analyzer` (the index's) finds the words the given articles write for
// them. Throws Error(not_found) naming the first id the index at
// `index_path` lacks. `interrupt` is checked between the steps.
[[nodiscard]] SimilarQuery similar_query(const Xapian::Database& db, Analyzer& analyzer,
                                         const std::vector<std::string>& ids,
                                         const std::string& index_path, std::size_t terms,
                                         bool include_duplicates, const Interrupt& interrupt);

// Per article id (each a hit of the query), the words of `like.terms` its
// article holds, most telling first; none for an id no longer indexed.
[[nodiscard]] std::vector<std::vector<std::string>> matched_words(
    const Xapian::Database& db, const SimilarQuery& like, const std::vector<std::string>& ids);

}  // namespace byline::detail
