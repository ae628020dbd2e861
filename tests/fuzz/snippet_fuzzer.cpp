// Fuzz target: the snippet highlighter. The input is a query and a body,
// split at the first newline (no newline: a fixed query on the whole input).
// The query is parsed and compiled against a small index of the seed corpus
// (for its aliases and wildcard expansions); then the body gets its snippets,
// its highlights as a title and as a body, and each piece of markup. Checks
// what the contracts promise: snippets are valid UTF-8, highlights sorted,
// disjoint, non-empty and inside the text.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "engine/utf8.hpp"
#include "query/compiler.hpp"
#include "query/highlighter.hpp"
#include "query/parser.hpp"

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

void check_spans(std::string_view text, const std::vector<byline::Highlight>& spans) {
  std::size_t previous_end = 0;
  for (const auto& h : spans) {
    check(h.begin < h.end && h.end <= text.size() && h.begin >= previous_end);
    previous_end = h.end;
  }
}

struct Fixture {
  std::filesystem::path dir;
  Xapian::Database db;
  byline::Analyzer analyzer;
  byline::detail::Highlighter highlighter{analyzer};

  Fixture() : dir(make_index()), db((dir / "idx").string()) {}
  ~Fixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  static std::filesystem::path make_index() {
    std::string pattern = (std::filesystem::temp_directory_path() / "byline-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      std::abort();
    byline::IndexOptions options;
    options.mode = byline::OpenMode::create_or_open;
    byline::Index index = byline::Index::open(std::filesystem::path(pattern) / "idx", options);
    byline::Writer writer(index);
    (void)byline::ingest(writer, {std::string(BYLINE_SOURCE_DIR) + "/corpus"});
    return pattern;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view query = newline == std::string_view::npos
                                     ? "pledge OR \"dirty hands\" OR Iraq*"
                                     : input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? input : input.substr(newline + 1);

  byline::detail::HighlightQuery how;
  try {
    const auto root = byline::detail::parse_query(query, byline::detail::DefaultJoin::all);
    byline::detail::CompileOptions options;
    options.max_wildcard_terms = 100;
    auto compiled = byline::detail::compile_query(root, fixture.db, fixture.analyzer, options);
    how.patterns = std::move(compiled.matches);
    how.nears = std::move(compiled.nears);
  } catch (const byline::Error& e) {
    check(e.kind() == byline::Error::Kind::invalid_query);
    return 0;
  }

  const std::size_t count = 1 + size % 4;
  const std::size_t length = 20 + size % 200;
  for (const auto& snippet : fixture.highlighter.snippets(body, how, count, length)) {
    check(!byline::utf8::find_invalid(snippet.text));
    check_spans(snippet.text, snippet.highlights);
    for (const auto markup : {byline::Markup::none, byline::Markup::html, byline::Markup::ansi})
      (void)byline::mark_up(snippet.text, snippet.highlights, markup);
  }
  using byline::detail::TextField;
  check_spans(body, fixture.highlighter.highlight(body, how, TextField::title));
  check_spans(body, fixture.highlighter.highlight(body, how, TextField::body));
  return 0;
}
