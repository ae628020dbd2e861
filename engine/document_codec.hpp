// The stored form of an article: a Xapian document's data is the article
// (its fields as one line of JSON, then its body), zstd-compressed, fields
// and body apart, so that results and snippets need no second store. Data
// stored as text (index format 1) or in one frame (format 2) is read too.
#pragma once

#include <string>
#include <string_view>

#include "byline/article.hpp"

namespace byline::detail {

[[nodiscard]] std::string encode_article(const Article& article);

// Throws Error(corrupt) when `data` is not what encode_article() wrote.
[[nodiscard]] Article decode_article(std::string_view data);

// The same without the body (empty): all a hit shows, at a fraction of the cost.
[[nodiscard]] Article decode_fields(std::string_view data);

}  // namespace byline::detail
