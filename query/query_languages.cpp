#include "query/query_languages.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/field_keys.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

namespace {

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(std::move(value));
}

// The codes of a node that is a lang: filter, or an OR of them; nullopt-like
// empty result with `ok` false otherwise.
bool language_choice(const QueryNode& node, std::vector<std::string>& codes) {
  if (node.type == QueryNode::Type::filter && node.field == "lang") {
    add_unique(codes, language_key(node.text));
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

namespace {

// The last answer of index_stemmers() on this thread, for one revision of
// one database: reading the L terms cost a tenth of a one-word query.
struct StemmersSeen {
  std::string uuid;
  std::string revision;
  std::string own_stemmer;
  std::vector<std::string> stemmers;
};

// The database's identity and revision (or `state`, for one of several
// shards, whose revision Xapian does not give); nullopt when neither is
// known.
std::optional<std::pair<std::string, std::string>> revision_of(const Xapian::Database& db,
                                                               const std::string& state) {
  try {
    if (!state.empty())
      return std::pair{db.get_uuid(), state};
    return std::pair{db.get_uuid(), std::to_string(db.get_revision())};
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

std::vector<std::string> read_index_stemmers(const Xapian::Database& db, const Analyzer& analyzer) {
  std::vector<std::string> out;
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

}  // namespace

std::vector<std::string> index_stemmers(const Xapian::Database& db, const Analyzer& analyzer,
                                        const std::string& state) {
  const std::string own = analyzer.stemmer_name({});
  if (!analyzer.settings().article_languages)
    return {own};
  const auto revision = revision_of(db, state);
  if (!revision)
    return read_index_stemmers(db, analyzer);
  thread_local StemmersSeen seen;
  if (seen.uuid != revision->first || seen.revision != revision->second ||
      seen.own_stemmer != own) {
    seen.stemmers = read_index_stemmers(db, analyzer);
    seen.uuid = revision->first;
    seen.revision = revision->second;
    seen.own_stemmer = own;
  }
  return seen.stemmers;
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
