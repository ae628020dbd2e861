// Writing and reading articles as JSON Lines, the format `byline index`
// ingests: {"id", "title", "source", "date", "lang", "body"}.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "byline/article.hpp"

namespace byline::bench {

// One line, with a fixed field order and byte-stable escaping (no library
// whose output could change between versions).
void write_article(std::ostream& out, const Article& article);

// Calls `each` for the first `limit` articles of a JSON Lines file (all when
// limit is 0); stops early when `each` returns false. Throws
// std::runtime_error when the file cannot be read or a line is not an article.
void read_articles(const std::string& path, std::size_t limit,
                   const std::function<bool(Article&&)>& each);

}  // namespace byline::bench
