// Fuzz target: the ingestion path, raw bytes -> decoding -> metadata
// extraction -> analysis -> the Xapian document; and the same bytes as a JSON
// Lines line. Checks the invariants the rest of byline relies on: decoded
// text is valid UTF-8, token offsets lie inside the text, terms are never
// empty nor over the length limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "byline/byline.hpp"
#include "engine/utf8.hpp"
#include "indexer/decode.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/json_lines.hpp"
#include "indexer/metadata.hpp"

namespace {

void check(bool ok) {
  if (!ok)
    std::abort();
}

void analyse(byline::Analyzer& analyzer, std::string_view text) {
  for (const auto& token : analyzer.analyze(text)) {
    check(token.begin <= token.end && token.end <= text.size());
    check(!token.term.empty() && token.term.size() <= byline::Analyzer::max_token_bytes);
    check(!byline::utf8::find_invalid(token.term));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static byline::Analyzer analyzer;
  static byline::detail::DocumentBuilder builder{byline::AnalyzerSettings{}};
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // A plain-text file.
  const auto decoded = byline::detail::decode_text(bytes);
  if (decoded.ok()) {
    check(!byline::utf8::find_invalid(decoded.text));
    check(decoded.text.find('\r') == std::string::npos);
    const auto metadata = byline::detail::extract_metadata(decoded.text);
    byline::Article article;
    article.id = "fuzz";
    article.title = byline::detail::normalize_whitespace(metadata.title);
    article.source = byline::detail::normalize_whitespace(metadata.source);
    article.date = metadata.date;
    article.body = byline::detail::body_without_title(decoded.text, article.title);
    analyse(analyzer, decoded.text);
    try {
      (void)builder.build(article);
    } catch (const byline::Error& e) {
      check(e.kind() == byline::Error::Kind::invalid_argument);
    }
  }

  // The same bytes as one line of a JSON Lines file.
  std::string problem;
  if (const auto object = byline::detail::parse_object_line(bytes, problem)) {
    for (const char* key : {"id", "title", "source", "date", "lang", "url", "body"}) {
      std::string field_problem;
      if (const auto value = byline::detail::string_field(*object, key, field_problem, true))
        analyse(analyzer, *value);
    }
  } else {
    check(!problem.empty());
  }
  return 0;
}
