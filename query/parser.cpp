#include "query/parser.hpp"

#include "byline/error.hpp"

namespace byline::detail {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

QueryNode parse_query(std::string_view query, QueryNode::Type top) {
  QueryNode root{top, {}, 0, {}};
  std::size_t i = 0;
  while (i < query.size()) {
    if (is_space(query[i])) {
      ++i;
      continue;
    }
    if (query[i] == '"') {
      const std::size_t close = query.find('"', i + 1);
      if (close == std::string_view::npos) {
        throw Error(Error::Kind::invalid_query, "unbalanced quote: this phrase is never closed", i);
      }
      root.children.push_back(
          {QueryNode::Type::phrase, std::string(query.substr(i + 1, close - i - 1)), i, {}});
      i = close + 1;
      continue;
    }
    const std::size_t start = i;
    while (i < query.size() && !is_space(query[i]) && query[i] != '"')
      ++i;
    root.children.push_back(
        {QueryNode::Type::word, std::string(query.substr(start, i - start)), start, {}});
  }
  if (root.children.empty())
    throw Error(Error::Kind::invalid_query, "empty query", 0);
  return root;
}

}  // namespace byline::detail
