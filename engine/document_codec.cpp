#include "engine/document_codec.hpp"

#include <nlohmann/json.hpp>

#include "byline/error.hpp"

namespace byline::detail {

namespace {

// The stored form is the fields but the body as one line of JSON, a newline,
// then the body as is: a hit needs the fields only, and parsing a whole
// article for each hit was two thirds of a query's time.
constexpr char kSeparator = '\n';

[[noreturn]] void damaged(const std::string& why) {
  throw Error(Error::Kind::corrupt, "stored article data is damaged: " + why);
}

}  // namespace

std::string encode_article(const Article& a) {
  const nlohmann::json j = {{"id", a.id},     {"title", a.title}, {"source", a.source},
                            {"date", a.date}, {"url", a.url},     {"path", a.path},
                            {"lang", a.lang}};
  // Invalid UTF-8 cannot reach here (the indexer converts or rejects it), but
  // if it did, storing U+FFFD beats throwing in the middle of a batch. JSON
  // output never holds a raw newline, so the first one ends the fields.
  std::string data = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  data += kSeparator;
  data += a.body;
  return data;
}

Article decode_fields(std::string_view data) {
  const std::size_t end = data.find(kSeparator);
  if (end == std::string_view::npos)
    damaged("no end to the fields");
  try {
    const auto j = nlohmann::json::parse(data.substr(0, end));
    const auto field = [&](const char* name) { return j.value(name, std::string()); };
    return Article{field("id"),  field("title"), field("source"), field("date"),
                   field("url"), field("path"),  field("lang"),   {}};
  } catch (const nlohmann::json::exception& e) {
    damaged(e.what());
  }
}

Article decode_article(std::string_view data) {
  Article article = decode_fields(data);
  article.body = std::string(data.substr(data.find(kSeparator) + 1));
  return article;
}

}  // namespace byline::detail
