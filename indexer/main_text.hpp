// The article's own text, without the page around it.
//
// A news page is mostly not the article: navigation, share buttons, cookie
// and subscription notices, "related" link lists, comments, captions and
// credits, the byline and dateline again. The main text is found the way
// the best public extractors find it (trafilatura, Readability, jusText,
// DOM Distiller): structural hints first (<article>, itemprop=articleBody,
// main), then the block with the most text and the fewest links, with a
// fallback when that finds too little.
#pragma once

#include <string>
#include <string_view>

#include "indexer/html_tree.hpp"

namespace byline::detail {

// The main text of the page: its paragraphs, headings inside the article,
// list items and block quotes, in document order, one per paragraph,
// paragraphs separated by "\n\n", whitespace inside each normalized.
// `structured_body` is the page's own statement of its text (schema.org
// JSON-LD articleBody), used when the markup yields less than it. Empty when
// the page holds no article text.
[[nodiscard]] std::string extract_main_text(const HtmlTree& tree,
                                            std::string_view structured_body = {});

}  // namespace byline::detail
