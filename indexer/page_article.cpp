#include "indexer/page_article.hpp"

#include "byline/error.hpp"
#include "indexer/html_tree.hpp"
#include "indexer/language_detection.hpp"
#include "indexer/main_text.hpp"
#include "indexer/metadata.hpp"
#include "indexer/page_metadata.hpp"

namespace byline::detail {

PageArticle extract_page_article(std::string_view utf8_html, std::string_view page_url,
                                 std::string_view declared_lang) {
  PageArticle article;
  std::optional<HtmlTree> tree;
  try {
    tree.emplace(utf8_html);
  } catch (const Error& e) {
    article.error = e.what();
    return article;
  }
  PageMetadata metadata = extract_page_metadata(*tree, page_url);
  article.body = extract_main_text(*tree, metadata.article_body);
  article.title = normalize_whitespace(metadata.title);
  article.date = std::move(metadata.date);
  article.source = normalize_whitespace(metadata.source);
  article.author = normalize_whitespace(metadata.author);
  article.url = std::move(metadata.url);
  // The page's own statement of its language wins, then the server's; a
  // page without either is detected from its main text.
  if (!metadata.lang.empty())
    article.lang = std::move(metadata.lang);
  else if (auto declared = language_code(declared_lang); !declared.empty())
    article.lang = std::move(declared);
  else
    article.lang = detect_language(article.body);
  return article;
}

}  // namespace byline::detail
