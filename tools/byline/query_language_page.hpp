// docs/query-language.md, built into the command (the build writes its
// definition from the file, with embed_text.cmake), for `byline help query`
// and the byline-query(7) man page.
#pragma once

#include <string_view>

namespace byline::cli {

// The page's Markdown, as the file holds it.
[[nodiscard]] std::string_view query_language_markdown();

}  // namespace byline::cli
