#include "indexer/html_tree.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "byline/error.hpp"
#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

// gumbo reads its input as UTF-8 and does not check it.
std::string valid_utf8(std::string_view text) {
  if (!utf8::find_invalid(text))
    return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t offset = 0; offset < text.size();) {
    const auto decoded = utf8::decode(text, offset);
    utf8::append(out, decoded.code_point);
    offset += decoded.length;
  }
  return out;
}

const GumboNode* child_element(const GumboNode* parent, GumboTag tag) noexcept {
  if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT)
    return nullptr;
  const GumboVector& children = parent->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == tag)
      return child;
  }
  return nullptr;
}

bool has_hidden_content(const GumboNode* node) noexcept {
  if (node->type == GUMBO_NODE_TEMPLATE)
    return true;
  if (node->type != GUMBO_NODE_ELEMENT)
    return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

// --- measure_nesting: a tokenizer just good enough to count nesting ---

bool is_name_char(char c) noexcept {
  return c != '\0' && c != '>' && c != '/' && std::isspace(static_cast<unsigned char>(c)) == 0;
}

bool is_space(char c) noexcept {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) noexcept {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements with no end tag.
constexpr std::array<std::string_view, 20> kVoid = {
    "area", "base",  "basefont", "bgsound", "br",   "col",   "embed",  "frame", "hr",  "image",
    "img",  "input", "keygen",   "link",    "meta", "param", "source", "track", "wbr", "menuitem"};
// Elements a sibling (or an enclosing end tag) closes without an end tag of
// their own, and the singletons html, head, body: not nesting.
constexpr std::array<std::string_view, 19> kImplicitlyClosed = {
    "p",  "li", "dt",  "dd",    "tr",    "td",    "th",   "option", "optgroup", "rb",
    "rt", "rp", "rtc", "tbody", "thead", "tfoot", "html", "head",   "body"};
// Elements whose contents are text, up to their own end tag. (gumbo parses
// <noscript> in the body as markup, so its contents are counted.)
constexpr std::array<std::string_view, 8> kRawText = {"script", "style",  "textarea", "title",
                                                      "xmp",    "iframe", "noembed",  "noframes"};
// HTML's "special" elements (those that nest among others): an end tag
// for a formatting element cannot close past one of them.
constexpr std::array<std::string_view, 37> kSpecial = {
    "address",  "applet",  "article",  "aside",   "blockquote", "button",   "caption",    "center",
    "colgroup", "details", "dir",      "div",     "dl",         "fieldset", "figcaption", "figure",
    "footer",   "form",    "frameset", "h1",      "h2",         "h3",       "h4",         "h5",
    "h6",       "header",  "hgroup",   "listing", "main",       "marquee",  "menu",       "nav",
    "object",   "ol",      "pre",      "section", "ul"};

class NestingCounter {
 public:
  void start_tag(std::string_view name, bool self_closing) {
    nesting_.work += stack_.size();
    const std::uint32_t id = intern(name);
    const Kind& kind = kinds_[id];
    if (kind.not_nesting)
      return;
    // "<x/>" closes itself only inside SVG and MathML; in HTML the slash is
    // ignored and <div/> opens a div.
    if (self_closing && foreign_ > 0)
      return;
    positions_[id].push_back(stack_.size());
    stack_.push_back(id);
    if (kind.special)
      special_positions_.push_back(stack_.size() - 1);
    if (kind.foreign)
      ++foreign_;
    nesting_.max_depth = std::max(nesting_.max_depth, stack_.size());
  }

  void end_tag(std::string_view name) {
    const auto found = ids_.find(name);
    if (found == ids_.end() || positions_[found->second].empty())
      return;  // nothing of that name is open: ignored
    const std::uint32_t id = found->second;
    const std::size_t position = positions_[id].back();
    if (!kinds_[id].special && !special_positions_.empty() && special_positions_.back() > position)
      return;  // </b> across an open <div>: ignored
    // Pops down to and including the element: every element is pushed once
    // and popped once, so this is linear over the page.
    while (stack_.size() > position) {
      const std::uint32_t top = stack_.back();
      stack_.pop_back();
      positions_[top].pop_back();
      if (kinds_[top].special)
        special_positions_.pop_back();
      if (kinds_[top].foreign)
        --foreign_;
    }
  }

  [[nodiscard]] MarkupNesting result() const noexcept { return nesting_; }

 private:
  struct Kind {
    bool not_nesting;  // void or implicitly closed
    bool special;
    bool foreign;  // svg, math
  };

  std::uint32_t intern(std::string_view name) {
    if (const auto found = ids_.find(name); found != ids_.end())
      return found->second;
    const auto id = static_cast<std::uint32_t>(names_.size());
    // Names live in a deque, so the views the map keys on stay valid.
    const std::string_view stored = names_.emplace_back(name);
    ids_.emplace(stored, id);
    positions_.emplace_back();
    kinds_.push_back({one_of(name, kVoid) || one_of(name, kImplicitlyClosed),
                      one_of(name, kSpecial), name == "svg" || name == "math"});
    return id;
  }

  MarkupNesting nesting_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::deque<std::string> names_;
  std::vector<Kind> kinds_;
  std::vector<std::vector<std::size_t>> positions_;  // per name: where it is open
  std::vector<std::uint32_t> stack_;                 // open elements, as name ids
  std::vector<std::size_t> special_positions_;       // where the special ones are
  int foreign_ = 0;
};

// The offset just past the '>' that ends the tag whose name ends at `i`;
// a quote opens an attribute value only right after '=' (and spaces), as
// in the HTML tokenizer. `self_closing` tells whether it ended with "/>".
std::size_t end_of_tag(std::string_view html, std::size_t i, bool& self_closing) {
  bool after_equals = false;
  self_closing = false;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') {
      self_closing = i > 0 && html[i - 1] == '/';
      return i + 1;
    }
    if (after_equals && (c == '"' || c == '\'')) {
      const std::size_t close = html.find(c, i + 1);
      if (close == std::string_view::npos)
        return html.size();
      i = close + 1;
      after_equals = false;
      continue;
    }
    if (c == '=')
      after_equals = true;
    else if (!is_space(c))
      after_equals = false;
    ++i;
  }
  return html.size();
}

// The offset of the "</name" that ends raw text begun at `i`, or the end.
std::size_t end_of_raw_text(std::string_view html, std::size_t i, std::string_view name) {
  while (true) {
    i = html.find("</", i);
    if (i == std::string_view::npos)
      return html.size();
    if (html.size() - (i + 2) >= name.size()) {
      bool same = true;
      for (std::size_t k = 0; k < name.size() && same; ++k)
        same = std::tolower(static_cast<unsigned char>(html[i + 2 + k])) == name[k];
      if (same && (i + 2 + name.size() == html.size() || !is_name_char(html[i + 2 + name.size()])))
        return i;
    }
    i += 2;
  }
}

}  // namespace

MarkupNesting measure_nesting(std::string_view html) {
  NestingCounter counter;
  std::string name;
  std::size_t i = 0;
  while (i < html.size()) {
    i = html.find('<', i);
    if (i == std::string_view::npos || i + 1 >= html.size())
      break;
    const char next = html[i + 1];
    if (next == '!') {
      if (html.substr(i, 4) == "<!--") {
        const std::size_t close = html.find("-->", i + 4);
        i = close == std::string_view::npos ? html.size() : close + 3;
      } else {
        const std::size_t close = html.find('>', i + 2);
        i = close == std::string_view::npos ? html.size() : close + 1;
      }
      continue;
    }
    if (next == '?') {
      const std::size_t close = html.find('>', i + 2);
      i = close == std::string_view::npos ? html.size() : close + 1;
      continue;
    }
    const bool end = next == '/';
    std::size_t j = i + (end ? 2 : 1);
    if (j >= html.size() || std::isalpha(static_cast<unsigned char>(html[j])) == 0) {
      i = j;  // "<" that opens no tag is text
      continue;
    }
    name.clear();
    for (; j < html.size() && is_name_char(html[j]); ++j)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[j])));
    bool self_closing = false;
    i = end_of_tag(html, j, self_closing);
    if (end) {
      counter.end_tag(name);
      continue;
    }
    if (name == "plaintext")
      break;  // the rest of the page is text
    counter.start_tag(name, self_closing);
    if (one_of(name, kRawText) && !self_closing)
      i = end_of_raw_text(html, i, name);
  }
  return counter.result();
}

HtmlTree::HtmlTree(std::string_view html) : utf8_(valid_utf8(html)) {
  const MarkupNesting nesting = measure_nesting(utf8_);
  if (nesting.max_depth > kMaxDepth) {
    throw Error(Error::Kind::bad_input, "markup nested " + std::to_string(nesting.max_depth) +
                                            " elements deep (the limit is " +
                                            std::to_string(kMaxDepth) + ")");
  }
  if (nesting.work > kMaxWork) {
    throw Error(Error::Kind::bad_input,
                "markup too costly to parse: " + std::to_string(nesting.work) +
                    " steps of nesting work (the limit is " + std::to_string(kMaxWork) + ")");
  }
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not reported to anyone; recording them costs memory.
  options.max_errors = 0;
  output_ = gumbo_parse_with_options(&options, utf8_.data(), utf8_.size());
  if (output_ == nullptr)
    throw std::bad_alloc();
}

HtmlTree::~HtmlTree() {
  if (output_ != nullptr)
    gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

const HtmlNode* HtmlTree::root() const noexcept {
  return output_->root;
}

const HtmlNode* HtmlTree::head() const noexcept {
  return child_element(root(), GUMBO_TAG_HEAD);
}

const HtmlNode* HtmlTree::body() const noexcept {
  return child_element(root(), GUMBO_TAG_BODY);
}

const char* html_attribute(const HtmlNode* element, const char* name) noexcept {
  if (element == nullptr ||
      (element->type != GUMBO_NODE_ELEMENT && element->type != GUMBO_NODE_TEMPLATE))
    return nullptr;
  const GumboAttribute* attribute = gumbo_get_attribute(&element->v.element.attributes, name);
  return attribute != nullptr ? attribute->value : nullptr;
}

std::string html_tag_name(const HtmlNode* node) {
  if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE))
    return {};
  const GumboElement& element = node->v.element;
  std::string name;
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    name = gumbo_normalized_tagname(element.tag);
  } else {
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    name.assign(piece.data != nullptr ? piece.data : "", piece.length);
  }
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string html_text_content(const HtmlNode* node) {
  std::string text;
  if (node == nullptr)
    return text;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    switch (current->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        text += current->v.text.text;
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        if (has_hidden_content(current))
          break;
        const GumboVector& children = current->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
          stack.push_back(static_cast<const GumboNode*>(children.data[i]));
        break;
      }
      default:
        break;
    }
  }
  return text;
}

}  // namespace byline::detail
