#include "engine/document_codec.hpp"

#include <nlohmann/json.hpp>

#include "byline/error.hpp"

namespace byline::detail {

std::string encode_article(const Article& a) {
  const nlohmann::json j = {{"id", a.id},     {"title", a.title}, {"source", a.source},
                            {"date", a.date}, {"url", a.url},     {"path", a.path},
                            {"lang", a.lang}, {"body", a.body}};
  // Invalid UTF-8 cannot reach here (the indexer converts or rejects it), but
  // if it did, storing U+FFFD beats throwing in the middle of a batch.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_article(std::string_view data) {
  try {
    const auto j = nlohmann::json::parse(data);
    const auto field = [&](const char* name) { return j.value(name, std::string()); };
    return Article{field("id"),  field("title"), field("source"), field("date"),
                   field("url"), field("path"),  field("lang"),   field("body")};
  } catch (const nlohmann::json::exception& e) {
    throw Error(Error::Kind::corrupt, std::string("stored article data is damaged: ") + e.what());
  }
}

}  // namespace byline::detail
