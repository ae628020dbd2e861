// An HTML page parsed as browsers parse it, for the extraction steps to read.
//
// gumbo (Debian's libgumbo-dev) implements the WHATWG HTML5 parsing
// algorithm: unclosed tags, stray end tags, misnested formatting and bare
// text are repaired exactly as a browser repairs them, so what extraction
// sees is the tree a reader of the page saw. No regular expression ever
// strips tags.
//
// Pages can be hostile: nesting a million levels deep is a few megabytes of
// "<div>". Every walk over the tree here and in the extraction steps is
// iterative (an explicit stack), never recursive.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace byline::detail {

using HtmlNode = GumboInternalNode;

class HtmlTree {
 public:
  // Parses UTF-8 `html` (invalid bytes become U+FFFD, as gumbo requires
  // valid UTF-8 and browsers do likewise). Never throws on malformed markup;
  // only std::bad_alloc.
  explicit HtmlTree(std::string_view html);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  // The <html> element (always there: the parser makes one).
  [[nodiscard]] const HtmlNode* root() const noexcept;
  // <head> and <body> (made by the parser when missing), or nullptr.
  [[nodiscard]] const HtmlNode* head() const noexcept;
  [[nodiscard]] const HtmlNode* body() const noexcept;

 private:
  std::string utf8_;  // gumbo points into it
  GumboInternalOutput* output_ = nullptr;
};

// The value of attribute `name` (lowercase) of an element, or nullptr.
[[nodiscard]] const char* html_attribute(const HtmlNode* element, const char* name) noexcept;

// The element's tag name in lowercase ("div", "article"); for elements gumbo
// does not know (custom elements, "<amp-img>"), the name as written,
// lowercased. Empty for text and other non-element nodes.
[[nodiscard]] std::string html_tag_name(const HtmlNode* node);

// The text content of a node: its text nodes in document order, with runs
// of whitespace left as they are. Script, style, template and noscript
// contents are left out.
[[nodiscard]] std::string html_text_content(const HtmlNode* node);

}  // namespace byline::detail
