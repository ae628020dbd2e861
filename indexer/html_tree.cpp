#include "indexer/html_tree.hpp"

#include <gumbo.h>

#include <cctype>
#include <vector>

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

}  // namespace

HtmlTree::HtmlTree(std::string_view html) : utf8_(valid_utf8(html)) {
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

const HtmlNode* HtmlTree::root() const noexcept { return output_->root; }

const HtmlNode* HtmlTree::head() const noexcept { return child_element(root(), GUMBO_TAG_HEAD); }

const HtmlNode* HtmlTree::body() const noexcept { return child_element(root(), GUMBO_TAG_BODY); }

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
