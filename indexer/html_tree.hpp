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
// iterative (an explicit stack), never recursive. And gumbo itself is not
// safe from them: for every start tag it scans its stack of open elements,
// so deep nesting costs time quadratic in the depth (on the development
// machine 50,000 nested <div> took 24 s, 100,000 over 3 minutes, 1,000,000
// never finished), and it frees the tree recursively. HtmlTree therefore
// measures the nesting first, in one linear pass (measure_nesting()), and
// refuses to parse a page that would cost far more than any real page.
#pragma once

#include <cstddef>
#include <cstdint>
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
  // valid UTF-8 and browsers do likewise). Malformed markup is repaired, not
  // reported. Throws byline::Error of kind bad_input when the page nests
  // deeper than kMaxDepth or measure_nesting() puts gumbo's work above
  // kMaxWork ("markup nested 50000 elements deep (the limit is 5000)"): the
  // caller reports that page like any other unreadable item and goes on.
  // Otherwise only std::bad_alloc.
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

// How deep a page's elements nest, told from the markup alone, in time
// linear in its size: what gumbo's tree builder will do, approximately.
struct MarkupNesting {
  std::size_t max_depth = 0;  // the most elements open at once
  // The sum, over start tags, of the elements open at that point: the
  // number of steps gumbo's scans of its open-element stack take.
  std::uint64_t work = 0;
};

// Counts open tags minus the end tags that close them: void elements
// (<br>, <img>), elements that close themselves implicitly (p, li, dt, dd,
// tr, td, th, option, ...), comments, doctype, and the contents of raw-text
// elements (script, style, textarea, title, ...) are not nesting; an end tag
// closes what it closes in a browser (</div> also closes the <span>s left
// open inside it; a stray </b> where a block intervenes closes nothing).
// It may undercount (a table's implied tbody/tr/td are not counted) but
// does not overcount ordinary pages.
[[nodiscard]] MarkupNesting measure_nesting(std::string_view html);

// The budgets HtmlTree parses within. Real news pages nest fewer than 100
// elements deep, and their work (about depth x tags) stays under 1e7 even
// for a page of several megabytes; a generated 50 MB page of ordinary
// markup is 1.3e7. Measured with gumbo 0.10.1 on the development machine
// (-O2): 5,000 nested <div>s parse in 0.2 s; 57,000 "<div></div>" at depth
// 4,990 (3e8 steps, the most the budgets allow) in 2.4 s; beyond, time
// grows with the square of the depth (50,000 nested <div>s: 24 s).
inline constexpr std::size_t kMaxDepth = 5000;
inline constexpr std::uint64_t kMaxWork = 300'000'000;

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
