// A web page, decoded, becomes an article's text and fields: the extraction
// steps (indexer/html_tree, page_metadata, main_text, language_detection)
// put together. Knows nothing of files, crawls or Xapian: its callers read
// the page (an .html file, a WARC record, a JSON Lines "html" field), and
// ingest() decides what wins over what (manifest and explicit fields first).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace byline::detail {

struct PageArticle {
  // Empty fields are unknown: extraction leaves a field empty rather than
  // guess wrong.
  std::string title;
  std::string date;  // "YYYY-MM-DD"
  std::string source;
  std::string author;
  std::string url;
  std::string lang;  // from the markup, else `declared_lang`, else detected, else empty
  std::string body;  // the main text, paragraphs separated by "\n\n"
  // Set when the page is not read at all (say, markup nested too deep to
  // parse in reasonable time); the rest is then empty.
  std::optional<std::string> error;
};

// `utf8_html`: the page, already decoded (indexer/html_charset.hpp).
// `page_url`: where it came from (a WARC record's target URI), or empty.
// `declared_lang`: what the server said (Content-Language), or empty.
[[nodiscard]] PageArticle extract_page_article(std::string_view utf8_html,
                                               std::string_view page_url = {},
                                               std::string_view declared_lang = {});

}  // namespace byline::detail
