// The query parser: query text -> a tree of QueryNodes, before any analysis.
//
// First cut of the grammar (the full language grows from here):
//   query  := item*
//   item   := phrase | word
//   phrase := '"' text '"'
//   word   := a run of characters that are neither white space nor '"'
// Words combine with the default operator.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

struct QueryNode {
  enum class Type { word, phrase, all_of, any_of };
  Type type = Type::word;
  std::string text;          // for word and phrase: the raw text
  std::size_t position = 0;  // byte offset of the node in the query
  std::vector<QueryNode> children;
};

// Throws Error(invalid_query) with the byte position for an empty query or an
// unbalanced quote. `top` is the node type joining the items (all_of/any_of).
[[nodiscard]] QueryNode parse_query(std::string_view query, QueryNode::Type top);

}  // namespace byline::detail
