#include "query/query_languages.hpp"

#include <algorithm>

#include "engine/schema.hpp"

namespace byline::detail {

namespace {

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(std::move(value));
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The codes of a node that is a lang: filter, or an OR of them; nullopt-like
// empty result with `ok` false otherwise.
bool language_choice(const QueryNode& node, std::vector<std::string>& codes) {
  if (node.type == QueryNode::Type::filter && node.field == "lang") {
    add_unique(codes, lower(node.text));
    return true;
  }
  if (node.type != QueryNode::Type::any_of || node.children.empty())
    return false;
  std::vector<std::string> found;
  for (const QueryNode& child : node.children) {
    if (!language_choice(child, found))
      return false;
  }
  for (std::string& code : found)
    add_unique(codes, std::move(code));
  return true;
}

}  // namespace

std::vector<std::string> index_stemmers(const Xapian::Database& db, const Analyzer& analyzer) {
  const AnalyzerSettings& settings = analyzer.settings();
  std::vector<std::string> out;
  if (!settings.article_languages)
    return {analyzer.stemmer_name({})};
  const std::string prefix(schema::prefix::kLang);
  Xapian::doccount with_language = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    with_language += it.get_termfreq();
    add_unique(out, analyzer.stemmer_name((*it).substr(prefix.size())));
  }
  if (with_language < db.get_doccount() || out.empty())
    add_unique(out, analyzer.stemmer_name({}));
  return out;
}

std::vector<std::string> selected_languages(const QueryNode& root) {
  std::vector<std::string> codes;
  if (language_choice(root, codes))
    return codes;
  if (root.type == QueryNode::Type::and_not && !root.children.empty())
    return selected_languages(root.children.front());
  if (root.type != QueryNode::Type::all_of)
    return {};
  bool chosen = false;
  for (const QueryNode& child : root.children) {
    std::vector<std::string> found;
    if (!language_choice(child, found))
      continue;
    if (chosen) {
      // lang:fr lang:(fr OR de): only what both allow can match.
      std::erase_if(codes, [&](const std::string& code) {
        return std::find(found.begin(), found.end(), code) == found.end();
      });
    } else {
      codes = std::move(found);
      chosen = true;
    }
  }
  return codes;
}

}  // namespace byline::detail
