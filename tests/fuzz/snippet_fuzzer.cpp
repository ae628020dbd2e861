// Fuzz target: the snippet highlighter. The input is a query and a body,
// split at the first newline (no newline: a fixed query on the whole input).
// The query is parsed and compiled against a small index of the seed corpus
// (for its aliases and wildcard expansions); then the body gets its snippets,
// its highlights as a title and as a body, and each piece of markup. Checks
// what the contracts promise: snippets are valid UTF-8, highlights sorted,
// disjoint, non-empty and inside the text. Also: analysing the body from a
// resume point gives the whole analysis's tokens from there on, and snippets
// made from what an index would know of the body (query/indexed_body.hpp:
// positions, resume points, sentence boundaries) are those made from the
// whole analysis.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "engine/resume_points.hpp"
#include "engine/sentences.hpp"
#include "engine/utf8.hpp"
#include "query/compiler.hpp"
#include "query/highlighter.hpp"
#include "query/indexed_body.hpp"
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
  std::unique_ptr<icu::BreakIterator> sentences = byline::detail::make_sentence_iterator();

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

// The first few resume points of `body`: the analysis from each is the
// whole analysis's from there on.
void check_resume_points(byline::Analyzer& analyzer, std::string_view body,
                         const std::vector<byline::Token>& whole) {
  const auto points = byline::detail::choose_resume_points(whole, body, 1);
  for (std::size_t k = 0; k < points.size() && k < 8; ++k) {
    const auto& point = points[k];
    auto tail = analyzer.analyze(body.substr(point.byte));
    std::size_t first = 0;
    while (first < whole.size() && whole[first].begin < point.byte)
      ++first;
    check(tail.size() == whole.size() - first);
    for (std::size_t t = 0; t < tail.size(); ++t) {
      tail[t].position += point.position;
      tail[t].begin += point.byte;
      tail[t].end += point.byte;
      check(tail[t] == whole[first + t]);
    }
  }
}

// What an index would know of `body` for `how`, as DocumentBuilder and
// IndexedBodyReader make it; nullopt where the reader gives up.
std::optional<byline::detail::IndexedBody> indexed_body(std::string_view body,
                                                        const std::vector<byline::Token>& whole,
                                                        const byline::detail::HighlightQuery& how,
                                                        icu::BreakIterator& sentences) {
  byline::detail::IndexedBody out;
  out.resume = byline::detail::choose_resume_points(whole, body, 4);
  out.sentences = byline::detail::sentence_boundaries(sentences, body);
  for (const auto& pattern : how.patterns) {
    if (!pattern.field.empty() && pattern.field != "body")
      continue;
    if (pattern.exact)
      return std::nullopt;
    for (const auto& seq : pattern.pattern) {
      for (const auto& slot : seq.slots) {
        for (const std::string& stem : slot) {
          auto& positions = out.positions[stem];
          positions.clear();
          for (const auto& token : whole) {
            if (token.stem != stem)
              continue;
            if (token.joined)
              return std::nullopt;
            positions.push_back(token.position);
          }
        }
      }
    }
  }
  return out;
}

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
  if (!byline::utf8::find_invalid(body)) {
    const auto whole = fixture.analyzer.analyze(body);
    check_resume_points(fixture.analyzer, body, whole);
    if (const auto indexed = indexed_body(body, whole, how, *fixture.sentences)) {
      const auto fast = fixture.highlighter.snippets(body, how, count, length, &*indexed);
      const auto slow = fixture.highlighter.snippets(body, how, count, length);
      check(fast.size() == slow.size());
      for (std::size_t k = 0; k < fast.size(); ++k)
        check(fast[k].text == slow[k].text && fast[k].highlights == slow[k].highlights);
    }
  }
  using byline::detail::TextField;
  check_spans(body, fixture.highlighter.highlight(body, how, TextField::title));
  check_spans(body, fixture.highlighter.highlight(body, how, TextField::body));
  return 0;
}
