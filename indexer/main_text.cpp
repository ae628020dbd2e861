// Main-text extraction: one walk over the parsed page to cut it into text
// blocks and measure them, one pass over the flattened page to choose the
// article's container, one pass over the blocks to emit it.
//
// The ideas are the public extractors' (read, not copied):
// - Readability: paragraphs vote for their parent (fully), grandparent (half)
//   and further ancestors (less); the candidate with the most votes, scaled
//   by how little of its text is links, is the article; siblings that vote
//   almost as well are part of it too.
// - trafilatura and DOM Distiller: structural hints first (itemprop
//   articleBody, "article-body"-like class names, <article>, <main>), and
//   class/id words that mark chrome (comments, share, related, newsletter,
//   cookie, caption, byline, ...).
// - jusText: the unit is the block of text between block-level tags; link
//   density and length decide whether a block is boilerplate; headings are
//   kept only when content follows them.
//
// Lengths are counted in code points, CJK ones weighted three times (a
// sentence of Chinese or Japanese is a third of the characters of the same
// sentence in English), so thresholds hold across scripts.
#include "indexer/main_text.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/utf8.hpp"
#include "indexer/localized_dates.hpp"
#include "indexer/metadata.hpp"

namespace byline::detail {

namespace {

// --- Tags ------------------------------------------------------------------

// Elements whose contents are never article text, and which break no
// paragraph either (scripts, form controls, embedded media).
bool is_skipped(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_AREA:
      return true;
    default:
      return false;
  }
}

// Page chrome by its tag alone, whatever its text.
bool is_chrome_tag(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

// Figures and their captions and credits: not chrome that ends a section,
// just not text.
bool is_media_tag(GumboTag tag) noexcept {
  return tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION;
}

// Elements that start and end a paragraph. Unknown (custom) elements count
// as blocks: they are components, and a component is rarely mid-sentence.
bool is_block(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag tag) noexcept {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Blocks that vote for their ancestors, as Readability's paragraphs do:
// running text, not list items (menus are lists) nor headings.
bool votes(GumboTag tag) noexcept {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

// --- Class, id and role hints ----------------------------------------------

struct Hints {
  bool chrome = false;    // certainly not the article (comments, share, related, ...)
  bool media = false;     // captions, credits, screen-reader labels
  bool weak = false;      // probably not (nav, header, sidebar, ...), unless it holds the text
  bool positive = false;  // article, content, story, ...
  bool body = false;      // the article body by name (itemprop=articleBody, "article-body")
  bool article = false;   // role=article
  bool main = false;      // role=main
};

template <std::size_t N>
bool starts_with_any(std::string_view word, const std::array<std::string_view, N>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return word.starts_with(p); });
}

template <std::size_t N>
bool equals_any(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

template <std::size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [&](std::string_view p) { return text.find(p) != std::string_view::npos; });
}

// Words that begin the name of something that is never the article.
constexpr std::array<std::string_view, 34> kChromePrefixes = {
    "comment",    "disqus",   "share",   "sharing",  "social",     "related", "recommend",
    "newsletter", "cookie",   "consent", "gdpr",     "paywall",    "subscri", "signup",
    "login",      "signin",   "byline",  "dateline", "breadcrumb", "promo",   "outbrain",
    "taboola",    "advert",   "sponsor", "popular",  "trending",   "tweet",   "twitter",
    "facebook",   "whatsapp", "embed",   "modal",    "popup",      "donation"};
// The same, for names written as one word ("readMore", "most-read").
constexpr std::array<std::string_view, 10> kChromeCompounds = {
    "readmore",    "mostread", "mostviewed", "mostpopular",  "readnext",
    "morestories", "alsoread", "seealso",    "relatedlinks", "skiplink"};
constexpr std::array<std::string_view, 6> kMediaPrefixes = {
    "caption", "credit", "copyright", "photographer", "lightbox", "slideshow"};
constexpr std::array<std::string_view, 5> kMediaCompounds = {"visuallyhidden", "sronly",
                                                             "screenreader", "srtext", "offscreen"};
// Words that name page furniture.
constexpr std::array<std::string_view, 40> kWeakWords = {
    "nav",     "navigation", "navbar",     "menu",    "footer",   "header", "masthead", "sidebar",
    "aside",   "widget",     "widgets",    "meta",    "metadata", "tags",   "tag",      "taglist",
    "toolbar", "banner",     "pagination", "pager",   "ad",       "ads",    "author",   "authors",
    "bio",     "timestamp",  "date",       "links",   "hidden",   "hide",   "overlay",  "rating",
    "topbar",  "tools",      "bottom",     "endnote", "footnote", "editor", "writer",   "donate"};
constexpr std::array<std::string_view, 5> kWeakPrefixes = {"nav", "menu", "footer", "header",
                                                           "sidebar"};
constexpr std::array<std::string_view, 13> kPositiveWords = {
    "article", "articles", "body", "content", "entry", "hentry",  "main",
    "post",    "story",    "text", "blog",    "prose", "richtext"};
// Names that say "this is the article's body" (compared without '-', '_').
constexpr std::array<std::string_view, 16> kBodyCompounds = {
    "articlebody",  "articletext",  "articlecontent", "articlecopy", "storybody", "storytext",
    "storycontent", "entrycontent", "entrybody",      "postcontent", "postbody",  "posttext",
    "postentry",    "bodytext",     "bodycopy",       "fieldbody"};

// Classifies one word of a class, id or itemprop.
void classify_word(std::string_view word, Hints& hints) {
  if (word.empty())
    return;
  if (starts_with_any(word, kChromePrefixes) && !word.starts_with("commentary"))
    hints.chrome = true;
  if (starts_with_any(word, kMediaPrefixes))
    hints.media = true;
  if (equals_any(word, kWeakWords) || starts_with_any(word, kWeakPrefixes))
    hints.weak = true;
  if (equals_any(word, kPositiveWords))
    hints.positive = true;
}

// Reads a class-like attribute: words split at non-letters and at
// camelCase humps ("articleBody" -> "article", "body"), and each
// space-separated token also whole, without punctuation, for compounds.
void classify_names(std::string_view value, Hints& hints) {
  std::string word;
  std::string token;
  auto end_word = [&] {
    classify_word(word, hints);
    word.clear();
  };
  auto end_token = [&] {
    end_word();
    if (contains_any(token, kChromeCompounds))
      hints.chrome = true;
    if (contains_any(token, kMediaCompounds))
      hints.media = true;
    if (contains_any(token, kBodyCompounds))
      hints.body = true;
    token.clear();
  };
  char previous = ' ';
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (u <= ' ') {
      end_token();
    } else if (upper || lower) {
      if (upper && previous >= 'a' && previous <= 'z')
        end_word();
      const char folded = upper ? static_cast<char>(c - 'A' + 'a') : c;
      word += folded;
      token += folded;
    } else {
      end_word();
    }
    previous = c;
  }
  end_token();
}

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

// display:none or visibility:hidden in a style attribute.
bool hidden_by_style(std::string_view style) {
  std::string compact;
  for (const char c : style) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    compact += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

const char* attribute(const GumboNode* node, const char* name) noexcept {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

Hints hints_of(const GumboNode* node) {
  Hints hints;
  for (const char* name : {"class", "id", "itemprop", "data-component", "data-testid"}) {
    if (const char* value = attribute(node, name))
      classify_names(value, hints);
  }
  if (const char* role = attribute(node, "role")) {
    const std::string_view r = role;
    if (r == "navigation" || r == "menu" || r == "menubar" || r == "complementary" ||
        r == "contentinfo" || r == "dialog" || r == "alertdialog" || r == "search" ||
        r == "toolbar" || r == "button" || r == "tablist")
      hints.chrome = true;
    else if (r == "banner")
      hints.weak = true;
    else if (r == "article")
      hints.article = true;
    else if (r == "main")
      hints.main = true;
  }
  // Weak hints yield to positive ones ("main-content has-sidebar").
  if (hints.positive || hints.body)
    hints.weak = false;
  if (hints.body) {
    hints.chrome = false;
    hints.media = false;
  }
  return hints;
}

bool is_hidden(const GumboNode* node) {
  if (attribute(node, "hidden") != nullptr)
    return true;
  if (const char* aria = attribute(node, "aria-hidden");
      aria != nullptr && ascii_iequals(aria, "true"))
    return true;
  const char* style = attribute(node, "style");
  return style != nullptr && hidden_by_style(style);
}

// --- Text measures ---------------------------------------------------------

bool is_cjk(char32_t cp) noexcept {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool is_space_code_point(char32_t cp) noexcept {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Code points that are not spaces, in `text`.
std::size_t visible_code_points(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (!is_space_code_point(d.code_point))
      ++count;
    i += d.length;
  }
  return count;
}

struct Measure {
  double length = 0;  // code points, CJK ones weighted
  double commas = 0;  // ',' and its CJK and Arabic forms
  std::size_t code_points = 0;
};

Measure measure(std::string_view text) {
  Measure m;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    m.length += is_cjk(d.code_point) ? 3 : 1;
    if (d.code_point == ',' || d.code_point == 0xFF0C || d.code_point == 0x3001 ||
        d.code_point == 0x060C)
      m.commas += 1;
    ++m.code_points;
    i += d.length;
  }
  return m;
}

// --- The flattened page ----------------------------------------------------

constexpr std::uint32_t kNone = UINT32_MAX;

struct Node {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::uint32_t parent = kNone;
  std::uint32_t end = 0;  // one past the last descendant, in pre-order
  bool weak = false;      // chrome unless it holds most of the page's text
  bool positive = false;
  bool body_hint = false;
  bool article = false;
  bool main = false;
  bool excluded = false;
  double good = 0;               // length of its good blocks (long, few links)
  double text = 0;               // length of its text
  double links = 0;              // ... of which in links
  double score = 0;              // votes from paragraphs
  std::uint32_t own_blocks = 0;  // blocks it holds directly
  std::uint32_t blocks = 0;      // blocks in its subtree
};

struct Block {
  std::string text;  // whitespace normalized; empty for a gap
  std::uint32_t owner = 0;
  double length = 0;
  double commas = 0;
  double link_density = 0;   // share of visible characters inside <a>
  double time_share = 0;     // share of visible characters inside <time>
  double format_share = 0;   // share inside <i>, <em>, <small>, <font>, <cite>
  bool gap = false;          // chrome was cut out here (nav, share bar, related links)
  bool after_image = false;  // follows an image, on a line or block of its own
  // The lines single <br>s separate, when there are several: a headline,
  // byline and dateline run together as one block in old table layouts.
  std::vector<std::string> lines;
};

bool is_good(const Block& b) noexcept {
  return b.length >= 50 && b.link_density < 0.33;
}

class Flattener {
 public:
  void run(const GumboNode* body) {
    struct Frame {
      const GumboNode* node;
      std::uint32_t index;  // kNone when entering
    };
    std::vector<Frame> stack{{body, kNone}};
    while (!stack.empty()) {
      const Frame frame = stack.back();
      stack.pop_back();
      const GumboNode* node = frame.node;
      if (frame.index != kNone) {
        leave(node, frame.index);
        continue;
      }
      switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          add_text(node->v.text.text);
          continue;
        case GUMBO_NODE_ELEMENT:
          break;
        default:
          continue;  // comments, templates
      }
      const std::uint32_t index = enter(node);
      if (index == kNone)
        continue;
      stack.push_back({node, index});
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i-- > 0;)
        stack.push_back({static_cast<const GumboNode*>(children.data[i]), kNone});
    }
    flush();
  }

  std::vector<Node> nodes;
  std::vector<Block> blocks;

 private:
  // Returns the new node's index, or kNone when the subtree is left out.
  std::uint32_t enter(const GumboNode* node) {
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      line_break();
      return kNone;
    }
    if (tag == GUMBO_TAG_HR || tag == GUMBO_TAG_WBR) {
      if (tag == GUMBO_TAG_HR)
        flush();
      return kNone;
    }
    if (tag == GUMBO_TAG_IMG)
      image_ = Image::inline_;
    if (is_skipped(tag))
      return kNone;
    // Elements newer than gumbo's tag table.
    bool unknown_chrome = false;
    if (tag == GUMBO_TAG_UNKNOWN) {
      const std::string name = html_tag_name(node);
      if (name == "picture" || name == "amp-img") {
        image_ = Image::inline_;
        return kNone;
      }
      if (name == "amp-ad" || name == "amp-iframe" || name == "amp-video")
        return kNone;
      unknown_chrome = name == "dialog" || name == "search";
    }
    const bool block = is_block(tag);
    const bool root =
        nodes.empty() || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_MAIN;
    Hints hints;
    bool hidden = false;
    if (!root) {
      hints = hints_of(node);
      hidden = is_hidden(node);
    }
    const bool chrome = !root && (is_chrome_tag(tag) || unknown_chrome || hints.chrome);
    const bool media = !root && (is_media_tag(tag) || hints.media);
    if (chrome || media || (hidden && !block)) {
      if (block) {
        flush();
        if (chrome && !blocks.empty() && !blocks.back().gap)
          blocks.push_back(gap_block());
      }
      return kNone;
    }
    Node n;
    n.tag = tag;
    n.parent = nodes.empty() ? kNone : open_.back();
    n.weak = !root &&
             ((block && hints.weak) || hidden || tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FORM);
    n.positive = hints.positive;
    n.body_hint = hints.body;
    n.article = tag == GUMBO_TAG_ARTICLE || hints.article;
    n.main = tag == GUMBO_TAG_MAIN || hints.main;
    const auto index = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(n);
    open_.push_back(index);
    if (block) {
      flush();
      blocks_open_.push_back(index);
    }
    if (tag == GUMBO_TAG_A)
      ++in_link_;
    if (tag == GUMBO_TAG_TIME)
      ++in_time_;
    if (is_formatting(tag))
      ++in_format_;
    return index;
  }

  void leave(const GumboNode* node, std::uint32_t index) {
    const GumboTag tag = node->v.element.tag;
    if (is_block(tag)) {
      flush();
      blocks_open_.pop_back();
    }
    if (tag == GUMBO_TAG_A)
      --in_link_;
    if (tag == GUMBO_TAG_TIME)
      --in_time_;
    if (is_formatting(tag))
      --in_format_;
    open_.pop_back();
    nodes[index].end = static_cast<std::uint32_t>(nodes.size());
  }

  void add_text(std::string_view text) {
    const std::size_t visible = visible_code_points(text);
    if (visible == 0) {
      raw_ += ' ';
      return;
    }
    if (visible_ == 0)
      after_image_ = image_ == Image::apart;
    image_ = Image::none;
    raw_ += text;
    visible_ += visible;
    if (in_link_ > 0)
      link_visible_ += visible;
    if (in_time_ > 0)
      time_visible_ += visible;
    if (in_format_ > 0)
      format_visible_ += visible;
    after_break_ = false;
  }

  static bool is_formatting(GumboTag tag) noexcept {
    return tag == GUMBO_TAG_I || tag == GUMBO_TAG_EM || tag == GUMBO_TAG_SMALL ||
           tag == GUMBO_TAG_FONT || tag == GUMBO_TAG_CITE;
  }

  Block gap_block() const {
    Block b;
    b.owner = owner();
    b.gap = true;
    return b;
  }

  // One <br> is a space; two in a row end the paragraph, as old pages and
  // div soup use them.
  void line_break() {
    if (image_ == Image::inline_)
      image_ = Image::apart;
    if (after_break_) {
      flush();
      return;
    }
    raw_ += kLineBreak;
    after_break_ = true;
  }

  std::uint32_t owner() const noexcept { return blocks_open_.empty() ? 0 : blocks_open_.back(); }

  void flush() {
    after_break_ = false;
    if (image_ == Image::inline_)
      image_ = Image::apart;
    if (visible_ > 0) {
      Block b;
      b.text = normalize_whitespace(raw_);
      if (b.text.find(kLineBreak) != std::string::npos) {
        std::string joined;
        std::size_t begin = 0;
        while (begin <= b.text.size()) {
          std::size_t end = b.text.find(kLineBreak, begin);
          if (end == std::string::npos)
            end = b.text.size();
          std::string line =
              normalize_whitespace(std::string_view(b.text).substr(begin, end - begin));
          if (!line.empty()) {
            if (!joined.empty())
              joined += ' ';
            joined += line;
            b.lines.push_back(std::move(line));
          }
          begin = end + 1;
        }
        b.text = std::move(joined);
        if (b.lines.size() < 2)
          b.lines.clear();
      }
      const Measure m = measure(b.text);
      b.owner = owner();
      b.length = m.length;
      b.commas = m.commas;
      b.link_density = static_cast<double>(link_visible_) / static_cast<double>(visible_);
      b.time_share = static_cast<double>(time_visible_) / static_cast<double>(visible_);
      b.format_share = static_cast<double>(format_visible_) / static_cast<double>(visible_);
      b.after_image = after_image_;
      blocks.push_back(std::move(b));
    }
    raw_.clear();
    visible_ = link_visible_ = time_visible_ = format_visible_ = 0;
    after_image_ = false;
  }

  // A <br> inside a block, until the block is cut into lines.
  static constexpr char kLineBreak = '\x01';
  // Where the last image stands relative to the text that follows.
  enum class Image { none, inline_, apart };

  std::vector<std::uint32_t> open_;         // open elements
  std::vector<std::uint32_t> blocks_open_;  // open block elements
  std::string raw_;
  std::size_t visible_ = 0;
  std::size_t link_visible_ = 0;
  std::size_t time_visible_ = 0;
  std::size_t format_visible_ = 0;
  int in_link_ = 0;
  int in_time_ = 0;
  int in_format_ = 0;
  bool after_break_ = false;
  bool after_image_ = false;
  Image image_ = Image::none;
};

// --- Choosing the article's container --------------------------------------

bool contains(const std::vector<Node>& nodes, std::uint32_t outer, std::uint32_t inner) noexcept {
  return inner >= outer && inner < nodes[outer].end;
}

double link_density(const Node& n) noexcept {
  return n.text > 0 ? n.links / n.text : 0;
}

double candidate_score(const Node& n) noexcept {
  if (n.score <= 0)
    return 0;
  double s = n.score * (1 - link_density(n));
  if (n.body_hint)
    s += 25;
  else if (n.positive)
    s += 10;
  return s;
}

void measure_nodes(std::vector<Node>& nodes, const std::vector<Block>& blocks) {
  // Good text before exclusion: how much of the page's text each holds.
  for (const Block& b : blocks) {
    if (!b.gap && is_good(b))
      nodes[b.owner].good += b.length;
  }
  for (std::size_t i = nodes.size(); i-- > 1;)
    nodes[nodes[i].parent].good += nodes[i].good;
  // Furniture is left out unless it holds most of the page's good text
  // (ASP.NET pages wrap everything in a <form>; a modal's aria-hidden
  // may cover the whole page).
  const double total = nodes.empty() ? 0 : nodes[0].good;
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    Node& n = nodes[i];
    n.excluded = nodes[n.parent].excluded || (n.weak && n.good <= 0.5 * total);
  }
  for (Node& n : nodes)
    n.good = 0;
  for (const Block& b : blocks) {
    if (!b.gap && !nodes[b.owner].excluded)
      ++nodes[b.owner].own_blocks;
  }
  for (const Block& b : blocks) {
    Node& owner = nodes[b.owner];
    if (b.gap || owner.excluded)
      continue;
    owner.text += b.length;
    owner.links += b.length * b.link_density;
    if (is_good(b))
      owner.good += b.length;
    // Paragraphs vote for their ancestors.
    if (b.length < 25 || b.link_density >= 0.5 || !votes(owner.tag))
      continue;
    const double vote = 1 + std::min(b.commas, 5.0) + std::min(b.length / 100, 3.0);
    constexpr std::array<double, 4> kDivisor = {1, 2, 6, 9};
    // A paragraph element votes for its container; a container that holds
    // several paragraphs itself (text cut by <br><br>, a <td> of old table
    // layouts) is the container.
    const bool container = owner.tag != GUMBO_TAG_P && owner.own_blocks >= 2;
    std::uint32_t ancestor = container ? b.owner : owner.parent;
    for (std::size_t level = 0; level < kDivisor.size() && ancestor != kNone; ++level) {
      nodes[ancestor].score += vote / kDivisor[level];
      ancestor = nodes[ancestor].parent;
    }
  }
  for (std::size_t i = nodes.size(); i-- > 1;) {
    Node& parent = nodes[nodes[i].parent];
    parent.text += nodes[i].text;
    parent.links += nodes[i].links;
    parent.good += nodes[i].good;
  }
  for (std::size_t i = nodes.size(); i-- > 0;) {
    nodes[i].blocks += nodes[i].own_blocks;
    if (i > 0)
      nodes[nodes[i].parent].blocks += nodes[i].blocks;
  }
}

// The node of the first kind with good text that holds the most of it: the
// article body by name, else <article>, else <main>. kNone if none.
std::uint32_t structural_candidate(const std::vector<Node>& nodes, int& kind) {
  for (kind = 0; kind < 3; ++kind) {
    std::uint32_t best = kNone;
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      const bool match = kind == 0 ? n.body_hint : kind == 1 ? n.article : n.main;
      if (!match || n.excluded || n.good <= 0)
        continue;
      if (best == kNone || n.good > nodes[best].good)
        best = i;
    }
    if (best != kNone)
      return best;
  }
  return kNone;
}

// Siblings of `root` that read like more of the article (a body split around
// an ad, a standfirst before the body), with `root`, in document order.
std::vector<std::uint32_t> with_siblings(const std::vector<Node>& nodes, std::uint32_t root,
                                         double top_score) {
  std::vector<std::uint32_t> roots;
  if (root == 0) {
    roots.push_back(0);
    return roots;
  }
  const std::uint32_t parent = nodes[root].parent;
  const double threshold = std::max(6.0, 0.2 * std::max(candidate_score(nodes[root]), top_score));
  for (std::uint32_t child = parent + 1; child < nodes[parent].end; child = nodes[child].end) {
    const Node& n = nodes[child];
    if (child == root) {
      roots.push_back(child);
      continue;
    }
    if (n.excluded)
      continue;
    const bool voted = candidate_score(n) >= threshold && link_density(n) < 0.33;
    const bool paragraph = n.blocks == 1 && votes(n.tag) && n.good >= 80 &&
                           link_density(n) < 0.25 && n.good >= 0.8 * n.text;
    if (voted || paragraph)
      roots.push_back(child);
  }
  return roots;
}

struct Choice {
  std::vector<std::uint32_t> roots;  // the subtrees whose blocks are the article
  // Within them, where the article's paragraphs are; outside it (an
  // <article>'s header, author box, subscription prompt) only paragraphs
  // that look like the article's count.
  std::vector<std::uint32_t> core;
};

Choice choose(const std::vector<Node>& nodes) {
  std::uint32_t top = kNone;
  double top_score = 0;
  for (std::uint32_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].excluded)
      continue;
    const double s = candidate_score(nodes[i]);
    if (s > top_score) {
      top = i;
      top_score = s;
    }
  }
  int kind = 0;
  const std::uint32_t structural = structural_candidate(nodes, kind);
  Choice choice;
  if (top == kNone && structural == kNone) {
    choice.roots = {0};
  } else if (top == kNone) {
    choice.roots = with_siblings(nodes, structural, 0);
  } else if (structural == kNone) {
    choice.roots = with_siblings(nodes, top, top_score);
  } else if (contains(nodes, structural, top)) {
    // <main> holds more than the article (teasers, more stories): there the
    // voted container wins unless it holds too little of main's text.
    if (kind < 2 || nodes[top].good < 0.5 * nodes[structural].good) {
      choice.roots = {structural};
      choice.core = with_siblings(nodes, top, top_score);
    } else {
      choice.roots = with_siblings(nodes, top, top_score);
    }
  } else if (contains(nodes, top, structural)) {
    choice.roots = nodes[structural].good >= 0.6 * nodes[top].good
                       ? with_siblings(nodes, structural, 0)
                       : with_siblings(nodes, top, top_score);
  } else {
    choice.roots = nodes[structural].good >= nodes[top].good ? with_siblings(nodes, structural, 0)
                                                             : with_siblings(nodes, top, top_score);
  }
  if (choice.core.empty())
    choice.core = choice.roots;
  return choice;
}

// --- Emitting --------------------------------------------------------------

std::string_view first_word(std::string_view text) {
  const std::size_t space = text.find(' ');
  std::string_view word = text.substr(0, space);
  while (!word.empty() && (word.back() == ':' || word.back() == ','))
    word.remove_suffix(1);
  return word;
}

std::size_t word_count(std::string_view text) {
  return text.empty() ? 0 : static_cast<std::size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
}

bool ends_sentence(std::string_view text) {
  for (const std::string_view end :
       {".", "!", "?", "\u3002", "\uFF01", "\uFF1F", "\u061F", "\u2026", ".\u201D", ".\"", ".)"}) {
    if (text.ends_with(end))
      return true;
  }
  return false;
}

// Letters, in any script (digits and punctuation are not).
bool has_letter(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t c = d.code_point;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= 0xC0 && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
         !(c >= 0xFF00 && c <= 0xFF20) && c != 0xD7 && c != 0xF7 && c != utf8::kReplacement))
      return true;
    i += d.length;
  }
  return false;
}

// A line nobody searches for, whatever the page: "By Jane Doe", "Published
// 3 hours ago", "Advertisement", "© 2024 ...", "12.03.2024 11:04", "___".
bool is_chrome_line(std::string_view text) {
  if (!has_letter(text))
    return true;
  const std::string_view word = first_word(text);
  const std::size_t words = word_count(text);
  const bool sentence = ends_sentence(text);
  constexpr std::array<std::string_view, 5> kBy = {"by", "von", "par", "por", "di"};
  if (words <= 8 && !sentence && std::any_of(kBy.begin(), kBy.end(), [&](std::string_view w) {
        return ascii_iequals(word, w);
      }))
    return true;
  constexpr std::array<std::string_view, 14> kDated = {
      "published",    "updated",      "posted",      "veröffentlicht", "aktualisiert",
      "publié",       "publicado",    "actualizado", "pubblicato",     "aggiornato",
      "Опубликовано", "опубликовано", "Обновлено",   "обновлено"};
  if (words <= 10 && std::any_of(kDated.begin(), kDated.end(),
                                 [&](std::string_view w) { return ascii_iequals(word, w); }))
    return true;
  if (words <= 12 && (text.starts_with("Last updated") || text.starts_with("Mis à jour")))
    return true;
  // Copyright notices.
  if (words <= 30 && (text.starts_with("\u00A9") || text.starts_with("Copyright") ||
                      text.starts_with("(c) ") || text.starts_with("(C) ")))
    return true;
  // A line that is mostly a date: a dateline or a timestamp.
  if (words <= 12 && !sentence && !find_localized_dates(text, 1).empty())
    return true;
  std::string_view label = text;
  while (!label.empty() && (label.back() == ':' || label.back() == '.'))
    label.remove_suffix(1);
  constexpr std::array<std::string_view, 11> kLabels = {
      "advertisement", "advertising", "anzeige", "werbung",   "publicité", "publicidad",
      "реклама",       "广告",        "広告",    "sponsored", "ad"};
  return std::any_of(kLabels.begin(), kLabels.end(),
                     [&](std::string_view w) { return ascii_iequals(label, w); });
}

// The page's headline as its head states it (<title>, og:title), to know
// it again in the body.
std::vector<std::string> stated_titles(const HtmlTree& tree) {
  std::vector<std::string> titles;
  const HtmlNode* head = tree.head();
  if (head == nullptr)
    return titles;
  const GumboVector& children = head->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type != GUMBO_NODE_ELEMENT)
      continue;
    if (child->v.element.tag == GUMBO_TAG_TITLE) {
      titles.push_back(normalize_whitespace(html_text_content(child)));
    } else if (child->v.element.tag == GUMBO_TAG_META) {
      const char* property = attribute(child, "property");
      if (property == nullptr)
        property = attribute(child, "name");
      const char* content = attribute(child, "content");
      if (property != nullptr && content != nullptr &&
          (std::string_view(property) == "og:title" ||
           std::string_view(property) == "twitter:title"))
        titles.push_back(normalize_whitespace(content));
    }
  }
  return titles;
}

bool is_title(std::string_view text, const std::vector<std::string>& titles) {
  if (measure(text).code_points < 10)
    return false;
  return std::any_of(titles.begin(), titles.end(), [&](const std::string& title) {
    return title.find(text) != std::string::npos;
  });
}

struct Candidate {
  const Block* block;
  std::string text;  // the block's, less its chrome lines
  bool heading;      // or a label ("Read more:", "LEGGI ANCHE") that introduces what follows
  bool keep;
  bool breaks;  // a dropped run of links: a heading before it introduced it
};

std::string selected_text(const std::vector<Node>& nodes, const std::vector<Block>& blocks,
                          const Choice& choice, const std::vector<std::string>& titles,
                          double& length) {
  std::vector<Candidate> candidates;
  std::size_t r = 0;
  std::size_t c = 0;
  bool content_seen = false;
  for (const Block& b : blocks) {
    while (r < choice.roots.size() && b.owner >= nodes[choice.roots[r]].end)
      ++r;
    if (r == choice.roots.size())
      break;
    if (b.owner < choice.roots[r])
      continue;
    while (c < choice.core.size() && b.owner >= nodes[choice.core[c]].end)
      ++c;
    const bool core = c < choice.core.size() && b.owner >= choice.core[c];
    if (b.gap) {
      candidates.push_back({&b, {}, false, false, true});
      continue;
    }
    const Node& owner = nodes[b.owner];
    if (owner.excluded) {
      if (b.link_density > 0.5)
        candidates.push_back({&b, {}, false, false, true});
      continue;
    }
    const bool heading = is_heading(owner.tag);
    if (b.link_density > 0.5) {
      candidates.push_back({&b, {}, heading, false, true});
      continue;
    }
    std::string text;
    if (b.lines.empty()) {
      if (!is_chrome_line(b.text) || heading)
        text = b.text;
    } else {
      for (const std::string& line : b.lines) {
        if (is_chrome_line(line) || (!content_seen && is_title(line, titles)))
          continue;
        if (!text.empty())
          text += ' ';
        text += line;
      }
    }
    bool keep = !text.empty() && b.time_share < 0.6;
    // The headline is the title, stored apart; a caption under an image
    // is not text.
    if (!content_seen && (owner.tag == GUMBO_TAG_H1 || is_title(text, titles)))
      keep = false;
    if (b.after_image && b.format_share >= 0.9 && b.length < 250)
      keep = false;
    // Outside the paragraphs' own container, only what reads like them.
    if (!core && !heading && (b.length < 100 || b.link_density >= 0.25))
      keep = false;
    const bool label = !heading && word_count(text) <= 4 && !ends_sentence(text);
    if (keep && !heading && !label)
      content_seen = true;
    candidates.push_back({&b, std::move(text), heading || label, keep, false});
  }
  // A heading stays when text follows it before any run of links ("Related
  // stories" over a list of links goes with the list).
  bool content_follows = false;
  for (std::size_t i = candidates.size(); i-- > 0;) {
    Candidate& candidate = candidates[i];
    if (candidate.breaks) {
      content_follows = false;
    } else if (candidate.heading) {
      candidate.keep = candidate.keep && content_follows;
    } else if (candidate.keep) {
      content_follows = true;
    }
  }
  // A short line closing the text is a signature or a sign-off.
  for (std::size_t i = candidates.size(); i-- > 0;) {
    Candidate& candidate = candidates[i];
    if (!candidate.keep)
      continue;
    const GumboTag tag = nodes[candidate.block->owner].tag;
    if (candidate.heading || tag == GUMBO_TAG_LI || word_count(candidate.text) > 4 ||
        ends_sentence(candidate.text) || measure(candidate.text).length >= 60)
      break;
    candidate.keep = false;
  }
  std::string text;
  length = 0;
  for (const Candidate& candidate : candidates) {
    if (!candidate.keep)
      continue;
    if (!text.empty())
      text += "\n\n";
    text += candidate.text;
    length += candidate.block->length;
  }
  return text;
}

// Every good block of the page outside the chrome: for pages whose
// structure misleads the choice of a container.
std::string good_text(const std::vector<Node>& nodes, const std::vector<Block>& blocks,
                      double& length) {
  std::string text;
  length = 0;
  for (const Block& b : blocks) {
    if (b.gap || nodes[b.owner].excluded || is_heading(nodes[b.owner].tag))
      continue;
    if (b.length >= 60 && b.link_density < 0.25 && b.time_share < 0.6 && !is_chrome_line(b.text)) {
      if (!text.empty())
        text += "\n\n";
      text += b.text;
      length += b.length;
    }
  }
  return text;
}

// The structured body's lines as paragraphs.
std::string paragraphs_of(std::string_view text) {
  std::string out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    const std::string line = normalize_whitespace(text.substr(begin, end - begin));
    if (!line.empty()) {
      if (!out.empty())
        out += "\n\n";
      out += line;
    }
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string extract_main_text(const HtmlTree& tree, std::string_view structured_body) {
  std::string text;
  if (const HtmlNode* body = tree.body(); body != nullptr) {
    Flattener page;
    page.run(body);
    if (!page.nodes.empty()) {
      measure_nodes(page.nodes, page.blocks);
      double length = 0;
      text =
          selected_text(page.nodes, page.blocks, choose(page.nodes), stated_titles(tree), length);
      // Too little for an article: a gallery, or a page the container choice
      // misread. The page's good blocks serve if there are many more.
      if (length < 200) {
        double fallback_length = 0;
        std::string fallback = good_text(page.nodes, page.blocks, fallback_length);
        if (fallback_length > 2 * length)
          text = std::move(fallback);
      }
    }
  }
  if (!structured_body.empty()) {
    std::string stated = paragraphs_of(structured_body);
    if (static_cast<double>(measure(text).code_points) <
        0.8 * static_cast<double>(measure(stated).code_points))
      text = std::move(stated);
  }
  return text;
}

}  // namespace byline::detail
