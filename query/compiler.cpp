#include "query/compiler.hpp"

#include <string>
#include <vector>

#include "byline/error.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// Words of `text` as positional stem terms: one term, or a phrase when the
// text holds several words ("al-Qaeda", "dirty hands"). Empty if no words.
Xapian::Query text_query(std::string_view text, Analyzer& analyzer) {
  std::vector<Xapian::Query> terms;
  for (const Token& token : analyzer.analyze(text)) {
    // Joined forms ("alqaeda") are for indexing; a query matches the parts.
    if (token.joined)
      continue;
    terms.emplace_back(std::string(schema::prefix::kStem) + token.stem);
  }
  if (terms.empty())
    return Xapian::Query();
  if (terms.size() == 1)
    return terms.front();
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

Xapian::Query compile_node(const QueryNode& node, Analyzer& analyzer) {
  switch (node.type) {
    case QueryNode::Type::word:
    case QueryNode::Type::phrase:
      return text_query(node.text, analyzer);
    case QueryNode::Type::all_of:
    case QueryNode::Type::any_of: {
      std::vector<Xapian::Query> parts;
      for (const QueryNode& child : node.children) {
        Xapian::Query q = compile_node(child, analyzer);
        if (!q.empty())
          parts.push_back(std::move(q));
      }
      const auto op =
          node.type == QueryNode::Type::all_of ? Xapian::Query::OP_AND : Xapian::Query::OP_OR;
      return Xapian::Query(op, parts.begin(), parts.end());
    }
  }
  return Xapian::Query();
}

}  // namespace

Xapian::Query compile_query(const QueryNode& root, Analyzer& analyzer) {
  Xapian::Query query = compile_node(root, analyzer);
  if (query.empty()) {
    throw Error(Error::Kind::invalid_query, "the query has no words to search for",
                root.children.empty() ? root.position : root.children.front().position);
  }
  return query;
}

}  // namespace byline::detail
