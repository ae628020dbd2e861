// Metadata from a page's own markup: structured data first (schema.org
// JSON-LD, Open Graph and other <meta> tags, microdata), the visible page
// second. A field that cannot be told with confidence stays empty: a wrong
// date or source is worse than none.
#pragma once

#include <string>
#include <string_view>

#include "indexer/html_tree.hpp"

namespace byline::detail {

struct PageMetadata {
  std::string title;   // the headline, without the site's suffix (" | BBC News")
  std::string date;    // publication date, "YYYY-MM-DD"; never the modification date
  std::string source;  // the outlet's name ("BBC News"), not a site's domain unless nothing else
  std::string author;  // "Jane Doe" or "Jane Doe, John Roe"
  std::string url;     // canonical URL, else og:url, else `page_url`
  std::string lang;    // ISO 639-1 ("en"), from the markup only (lang, Content-Language)
  std::string article_body;  // JSON-LD articleBody, when the page states it
};

// A language tag's ISO 639-1 code: "en-GB", "en_GB", "EN" -> "en"; renamed
// codes updated ("iw" -> "he"); empty for anything that is not a two-letter
// primary subtag ("x-default", "und"). Takes the first of a list ("de, en").
[[nodiscard]] std::string language_code(std::string_view tag);

// `page_url`: where the page came from (a WARC record's target URI), or
// empty; it resolves relative canonical URLs and is the last-resort url.
[[nodiscard]] PageMetadata extract_page_metadata(const HtmlTree& tree,
                                                 std::string_view page_url = {});

}  // namespace byline::detail
