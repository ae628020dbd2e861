// schema.org objects from a page's <script type="application/ld+json">
// blocks: the article the page is about, the page, the site.
//
// Pages state their JSON-LD in every shape the format allows: one object, an
// array of objects, an "@graph" array, "@type" as a string or an array,
// full IRIs ("http://schema.org/NewsArticle"), publishers and authors given
// inline or as an "@id" reference to another object of the same block. All
// of these are read. Broken JSON is skipped as if it were not there: a page's
// typo must not cost the rest of its metadata.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

struct JsonLdObject {
  enum class Kind {
    article,   // Article, NewsArticle and its kinds, BlogPosting, LiveBlogPosting, Report
    web_page,  // WebPage, ItemPage
    web_site,  // WebSite: only `name` (the site's name) is filled
  };
  Kind kind = Kind::article;
  int depth = 0;         // nesting level in its block: 0 for a top-level object or @graph item
  std::string headline;  // "headline", else "name"
  std::string date_published;  // "datePublished" as written (never "dateModified")
  // Authors' names: people first; organisations only when no person is named
  // and they are not the publisher ("Reuters" on a newspaper's page).
  std::vector<std::string> authors;
  std::string publisher;     // publisher's name ("publisher" string, object, array or @id)
  std::string name;          // "name" (for web_site: the site's name)
  std::string url;           // "url", else "mainEntityOfPage" (string or its "@id")
  std::string article_body;  // "articleBody"
  std::string in_language;   // "inLanguage" when it is a string
};

// The article, page and site objects of one JSON-LD block (the text of one
// script element), in document order. Empty for invalid JSON. The walk is
// iterative and bounded: nesting deeper than 32 levels is not read, and at
// most 10,000 values are visited. Throws only std::bad_alloc.
[[nodiscard]] std::vector<JsonLdObject> parse_json_ld(std::string_view json);

}  // namespace byline::detail
