#include "indexer/json_ld.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

namespace byline::detail {

namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxValues = 10'000;

std::string_view trim_ascii(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// Some CMSs still wrap script contents in an HTML comment or a CDATA section.
std::string_view unwrap(std::string_view text) {
  text = trim_ascii(text);
  for (const auto& [open, close] : std::array<std::pair<std::string_view, std::string_view>, 2>{
           {{"<!--", "-->"}, {"<![CDATA[", "]]>"}}}) {
    if (text.starts_with(open)) {
      text.remove_prefix(open.size());
      if (text.ends_with(close))
        text.remove_suffix(close.size());
      text = trim_ascii(text);
    }
  }
  return text;
}

// "NewsArticle" from "NewsArticle", "schema:NewsArticle" or
// "https://schema.org/NewsArticle".
std::string_view local_type_name(std::string_view type) {
  const auto cut = type.find_last_of("/:#");
  return cut == std::string_view::npos ? type : type.substr(cut + 1);
}

bool is_article_type(std::string_view type) {
  static constexpr std::array<std::string_view, 7> kTypes = {
      "Article", "NewsArticle",      "BlogPosting",       "LiveBlogPosting",
      "Report",  "SatiricalArticle", "SocialMediaPosting"};
  if (std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end())
    return true;
  // ReportageNewsArticle, AnalysisNewsArticle, OpinionNewsArticle, ...
  return type.ends_with("NewsArticle");
}

bool is_organisation_type(std::string_view type) {
  return type == "Organization" || type == "NewsMediaOrganization" || type == "Corporation" ||
         type == "Organisation";
}

// The local names of an object's "@type" (a string or an array of strings).
std::vector<std::string_view> types_of(const Json& object) {
  std::vector<std::string_view> types;
  const auto it = object.find("@type");
  if (it == object.end())
    return types;
  if (it->is_string()) {
    types.push_back(local_type_name(it->get_ref<const std::string&>()));
  } else if (it->is_array()) {
    for (const Json& item : *it) {
      if (item.is_string())
        types.push_back(local_type_name(item.get_ref<const std::string&>()));
    }
  }
  return types;
}

bool has_type(const std::vector<std::string_view>& types, bool (*predicate)(std::string_view)) {
  return std::any_of(types.begin(), types.end(), predicate);
}

std::string string_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end())
    return {};
  if (it->is_string())
    return std::string(trim_ascii(it->get_ref<const std::string&>()));
  // Some pages give a one-element array.
  if (it->is_array() && !it->empty() && it->front().is_string())
    return std::string(trim_ascii(it->front().get_ref<const std::string&>()));
  return {};
}

// Objects of the block that carry an "@id", for references such as
// "publisher": {"@id": "https://example.com/#organization"}.
using IdIndex = std::unordered_map<std::string, const Json*>;

const Json& resolve(const Json& value, const IdIndex& ids) {
  if (!value.is_object() || value.contains("name"))
    return value;
  const auto id = value.find("@id");
  if (id == value.end() || !id->is_string())
    return value;
  const auto found = ids.find(id->get_ref<const std::string&>());
  return found != ids.end() ? *found->second : value;
}

struct Party {
  std::string name;
  bool organisation = false;
};

// Names from a string, an object with "name", or an array of these.
std::vector<Party> parties(const Json& value, const IdIndex& ids) {
  std::vector<Party> out;
  const auto add = [&](const Json& item_in) {
    const Json& item = resolve(item_in, ids);
    if (item.is_string()) {
      if (std::string name(trim_ascii(item.get_ref<const std::string&>())); !name.empty())
        out.push_back({std::move(name), false});
    } else if (item.is_object()) {
      std::string name = string_member(item, "name");
      if (!name.empty())
        out.push_back({std::move(name), has_type(types_of(item), is_organisation_type)});
    }
  };
  if (value.is_array()) {
    for (const Json& item : value) {
      if (out.size() >= 20)
        break;
      add(item);
    }
  } else {
    add(value);
  }
  return out;
}

JsonLdObject read_object(const Json& object, JsonLdObject::Kind kind, int depth,
                         const IdIndex& ids) {
  JsonLdObject out;
  out.kind = kind;
  out.depth = depth;
  out.name = string_member(object, "name");
  if (kind == JsonLdObject::Kind::web_site)
    return out;
  out.headline = string_member(object, "headline");
  if (out.headline.empty())
    out.headline = out.name;
  out.date_published = string_member(object, "datePublished");
  out.article_body = string_member(object, "articleBody");
  out.in_language = string_member(object, "inLanguage");
  out.url = string_member(object, "url");
  if (out.url.empty()) {
    if (const auto it = object.find("mainEntityOfPage"); it != object.end()) {
      if (it->is_string())
        out.url = std::string(trim_ascii(it->get_ref<const std::string&>()));
      else if (it->is_object())
        out.url = string_member(*it, "@id");
    }
  }
  if (const auto it = object.find("publisher"); it != object.end()) {
    const auto publishers = parties(*it, ids);
    if (!publishers.empty())
      out.publisher = publishers.front().name;
  }
  if (const auto it = object.find("author"); it != object.end()) {
    const auto authors = parties(*it, ids);
    const bool any_person =
        std::any_of(authors.begin(), authors.end(), [](const Party& p) { return !p.organisation; });
    for (const Party& author : authors) {
      if (any_person ? author.organisation : author.name == out.publisher)
        continue;
      if (std::find(out.authors.begin(), out.authors.end(), author.name) == out.authors.end())
        out.authors.push_back(author.name);
    }
  }
  return out;
}

}  // namespace

std::vector<JsonLdObject> parse_json_ld(std::string_view json) {
  std::vector<JsonLdObject> found;
  const std::string_view text = unwrap(json);
  if (text.empty())
    return found;
  // Values nested deeper than kMaxDepth are dropped while parsing, so neither
  // the walk below nor the value's destructor meets a hostile depth.
  const Json::parser_callback_t limit_depth = [](int depth, Json::parse_event_t event, Json&) {
    if (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start)
      return depth <= kMaxDepth;
    return true;
  };
  Json root;
  try {
    root = Json::parse(text.begin(), text.end(), limit_depth, /*allow_exceptions=*/false);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    return found;  // nlohmann may still throw for odd input; treat it as broken JSON
  }
  if (root.is_discarded())
    return found;

  // Iterative pre-order walk: objects in document order, each with the
  // depth of its nesting among objects ("@graph" and arrays do not count).
  struct Entry {
    const Json* value;
    int depth;
  };
  std::vector<Entry> stack{{&root, 0}};
  std::vector<Entry> objects;
  IdIndex ids;
  std::size_t visited = 0;
  while (!stack.empty() && visited < kMaxValues) {
    const Entry entry = stack.back();
    stack.pop_back();
    ++visited;
    const Json& value = *entry.value;
    if (value.is_array()) {
      for (auto it = value.rbegin(); it != value.rend(); ++it) {
        if (it->is_structured())
          stack.push_back({&*it, entry.depth});
      }
    } else if (value.is_object()) {
      objects.push_back(entry);
      if (const auto id = value.find("@id");
          id != value.end() && id->is_string() && value.contains("name"))
        ids.emplace(id->get_ref<const std::string&>(), &value);
      // Children in reverse, so that they come off the stack in order.
      std::vector<Entry> children;
      for (const auto& [key, child] : value.items()) {
        if (!child.is_structured())
          continue;
        children.push_back({&child, key == "@graph" ? entry.depth : entry.depth + 1});
      }
      stack.insert(stack.end(), children.rbegin(), children.rend());
    }
  }

  for (const Entry& entry : objects) {
    const auto types = types_of(*entry.value);
    if (has_type(types, is_article_type)) {
      found.push_back(read_object(*entry.value, JsonLdObject::Kind::article, entry.depth, ids));
    } else if (has_type(types,
                        [](std::string_view t) { return t == "WebPage" || t == "ItemPage"; })) {
      found.push_back(read_object(*entry.value, JsonLdObject::Kind::web_page, entry.depth, ids));
    } else if (has_type(types, [](std::string_view t) { return t == "WebSite"; })) {
      found.push_back(read_object(*entry.value, JsonLdObject::Kind::web_site, entry.depth, ids));
    }
  }
  return found;
}

}  // namespace byline::detail
