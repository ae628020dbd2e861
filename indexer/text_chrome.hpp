// Page chrome in plain-text scrapes: the lines of a web page that are not the
// article (navigation, share and follow buttons, cookie and subscription
// notices, comment sections, "related" and "read more" lists, captions and
// photo credits, bylines and datelines, widgets), found without the markup.
//
// The method follows jusText's (Pomikalek 2011), adapted to lines of text:
// each line is first judged on its own, from general features (length,
// sentence-final punctuation, share of function words, words of a small
// multilingual lexicon of interface words and of words addressing the reader,
// repetition within the scrape, separators between menu items, caption and
// credit forms), then in context: short lines between article paragraphs
// stay (subheadings), the same lines in the blocks before the first and after
// the last article paragraph go, and a tail that is mostly chrome after a
// chrome line (the comment section, the site's footer) goes whole. A long
// sentence is never dropped for one interface word in it: "Facebook said on
// Tuesday ..." is article text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace byline::detail {

// One line of the scrape and the verdict on it.
struct ScrapeLine {
  std::string_view text;    // the line as in the input, without its '\n'
  bool blank = false;       // only white space
  bool keep = false;        // article text (false for blank lines)
  std::string_view reason;  // why it goes: "repeated", "caption", "credit",
                            // "menu", "interface", "date line", "byline",
                            // "source line", "copyright", "identifier",
                            // "related links",
                            // "no letters", "before the article",
                            // "after the article", "chrome tail",
                            // "between chrome"; empty when kept or blank
};

// Every line of `text` (split at '\n'; a '\r' before it is part of no
// line's verdict), in order, each with its verdict.
[[nodiscard]] std::vector<ScrapeLine> classify_scrape_lines(std::string_view text);

// The text without its chrome lines: kept lines in order, each trimmed; lines
// that were adjacent in the input stay on adjacent lines, any other break
// (a blank line, or dropped lines between) becomes one blank line, so
// paragraphs stay apart. Empty when nothing is article text.
[[nodiscard]] std::string remove_chrome_lines(std::string_view text);

// True when one line, on its own, is certainly chrome (the first judgement
// above, without context): a caption, a credit, a share bar, a date line...
// For callers that look for something else among the lines, such as a title.
[[nodiscard]] bool is_chrome_line(std::string_view line);

}  // namespace byline::detail
