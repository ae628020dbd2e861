// Writing man(7) roff, the language of man pages: text escaped for it, and
// a Markdown page (markdown.hpp) as the sections of a man page.
#pragma once

#include <string>
#include <string_view>

namespace byline::cli::roff {

// `text` as roff text that shows as written, on a line of its own or
// within one: backslashes escaped; hyphens, carets, tildes and backquotes
// as the ASCII characters they are (groff shows a plain "-" as a
// hyphenation dash and "~" as a raised accent, which break an option or a
// query copied from the page); a line that would start with a control
// character ("." or "'") guarded.
[[nodiscard]] std::string escaped(std::string_view text);

// As escaped(), with apostrophes kept straight too: for text typed as it
// is shown (commands, queries).
[[nodiscard]] std::string literal(std::string_view text);

// `text` escaped, in bold (what is typed as it is) or italics (what
// stands for what the user types).
[[nodiscard]] std::string bold(std::string_view text);
[[nodiscard]] std::string italic(std::string_view text);

// The blocks of a Markdown page as a man page's sections: a "##" heading
// starts a section (.SH, in capitals), "###" a subsection (.SS);
// paragraphs, list items and code blocks follow; tables are tbl(1)
// tables, so the page must start with the line `'\" t` that tells man to
// run tbl. A "#" heading (the page's title, which the man page's NAME
// says) is left out.
[[nodiscard]] std::string from_markdown(std::string_view markdown);

}  // namespace byline::cli::roff
