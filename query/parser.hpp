// The query parser: query text -> a tree of QueryNodes, before any analysis.
//
// Grammar (precedence from loosest to tightest):
//   query    := or_expr
//   or_expr  := seq ( "OR" seq )*
//   seq      := and_expr+                juxtaposed: joined by the default operator,
//                                        honouring +must and -mustnot
//   and_expr := near ( ("AND" | "NOT") near )*
//   near     := unary ( ("NEAR" | "NEAR/n" | "ADJ" | "ADJ/n") unary )*
//   unary    := ["+" | "-" | "NOT"] primary
//   primary  := "(" or_expr ")" | field ":(" or_expr ")" | field ":" value
//             | ["="] phrase | ["="] word | "*"
//   phrase   := '"' text '"' ["~" n]         a word of it may hold '*' or '?'
//   word     := text ["~" [n]]               text may hold '*' and '?' anywhere
//   value    := phrase | word | date | date ".." date
// Operators are upper case; "and", "or", "not", "near" are ordinary words.
// A field group, field:( ... ), gives its field to every word, phrase and
// value inside it (nested parentheses too); a term naming another field
// there is an error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

struct QueryNode {
  enum class Type {
    word,     // text; exact, wildcard, fuzzy; field "" | "title" | "body"
    phrase,   // text; exact, slop; field "" | "title" | "body"
    filter,   // field "source" | "author" | "date" | "lang" | "id" | "story"; text is the raw value
    near,     // two children; distance, ordered
    all_of,   // children
    any_of,   // children
    and_not,  // children[0] but none of children[1..]
    and_maybe,  // children[0], ranked higher with children[1..]
    match_all,  // every article: "*", or a query of only exclusions
  };
  Type type = Type::word;
  std::string text;
  std::string field;
  std::size_t position = 0;  // byte offset of the node in the query
  std::size_t length = 0;    // bytes of the query the node spans; 0: not typed
  // Byte offset of `text` in the query (words, phrases, filters): where the
  // text a user typed stands, to point at a part of it or rewrite it.
  std::size_t text_position = 0;
  bool quoted = false;    // a filter's value written as a "phrase"
  bool exact = false;     // "=": no stemming, no aliases
  bool wildcard = false;  // text holds '*' or '?': "pledg*", "pl*dge", "z?a*"
  int fuzzy = -1;         // -1: not fuzzy; 0: automatic distance; 1, 2
  unsigned slop = 0;      // "phrase"~slop
  unsigned distance = 0;  // NEAR/distance
  bool ordered = false;   // ADJ
  std::vector<QueryNode> children;
};

enum class DefaultJoin { all, any };

// Throws Error(invalid_query) with the byte position of the problem: an empty
// query, unbalanced quotes or parentheses, an operator with nothing on one
// side, an unknown field, a bad date, a limit (query/limits.hpp) exceeded.
[[nodiscard]] QueryNode parse_query(std::string_view query, DefaultJoin join);

// A readable rendering of the tree, for explain: AND(word "kerry", ...).
[[nodiscard]] std::string describe(const QueryNode& node);

}  // namespace byline::detail
