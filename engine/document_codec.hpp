// The stored form of an article: a Xapian document's data is the article
// (its fields as one line of JSON, then its body), zstd-compressed, fields,
// body and the body's resume points apart, so that results and snippets need
// no second store. Data stored as text (index format 1) or in one frame
// (format 2) is read too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "byline/article.hpp"

namespace byline::detail {

// The fields alone (all but the body) as one line of JSON, as the data
// begins with them: what schema::slot::kFields holds.
[[nodiscard]] std::string encode_fields(const Article& article);

// `body_resume`: the body's resume points and sentences as
// engine/resume_points.hpp encodes them, stored with the article so that a
// hit's snippets find them with it.
[[nodiscard]] std::string encode_article(const Article& article, std::string_view body_resume = {});

// Throws Error(corrupt) when `data` is not what encode_article() wrote.
[[nodiscard]] Article decode_article(std::string_view data);

// The same without the body (empty): all a hit shows, at a fraction of the cost.
[[nodiscard]] Article decode_fields(std::string_view data);

// The fields from encode_fields()'s line; throws Error(corrupt) as above.
[[nodiscard]] Article decode_fields_line(std::string_view line);

// The article and its body's resume points as encode_article() was given
// them: nullopt for articles stored before index format 3, which kept them
// in schema::slot::kBodyResume.
struct StoredArticle {
  Article article;
  std::optional<std::string> body_resume;
};
[[nodiscard]] StoredArticle decode_stored_article(std::string_view data);

}  // namespace byline::detail
