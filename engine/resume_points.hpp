// Resume points: where the analysis of a body may start again midway.
//
// Highlighting a hit would mean analysing its whole body to find where the
// query's words stand. The index already knows their word positions; what it
// lacks is where a word position lies in the text. A resume point records one
// word's position and byte offset, chosen so that analysing the text from
// that byte on yields exactly the tokens the whole analysis has there: the
// word follows white space and starts no digit group ("31 500") or date.
// With one every kResumeInterval words, the highlighter analyses only the
// stretches around the matches (query/indexed_body.hpp).
//
// Stored with each article (engine/document_codec.hpp), with the body's first
// position in the document and its sentence boundaries (BodyResume), as
// varints: a hit's snippets read them with its article. Index format 2 kept
// them in schema::slot::kBodyResume, without sentences; indexes made before
// lack them, and readers then analyse the whole body, as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"

namespace byline::detail {

struct ResumePoint {
  std::uint32_t position = 0;  // the word's position in the text's analysis
  std::size_t byte = 0;        // where the word starts in the text

  friend bool operator==(const ResumePoint&, const ResumePoint&) = default;
};

// Every 8 words: a snippet analyses ~8 words around each match. Points take
// ~2 bytes each: 100k articles' index grew 6 MB (0.6%) from one every 16
// words, and top-10 snippets went from 0.52-0.54 to 0.51 ms (with the
// body's first position moved into the same value, one read instead of two).
inline constexpr std::uint32_t kResumeInterval = 8;

// Resume points of `text`, whose analysis is `tokens`: about one every
// `interval` words, the first at position `interval` or later (the text's
// start is always one and is not listed).
[[nodiscard]] std::vector<ResumePoint> choose_resume_points(
    const std::vector<Token>& tokens, std::string_view text,
    std::uint32_t interval = kResumeInterval);

// What is stored with an article (index format 3) or in
// schema::slot::kBodyResume (format 2, without sentences).
struct BodyResume {
  std::uint32_t first_position = 0;  // of the body's first word, in the document
  std::vector<ResumePoint> points;   // positions in the body's own analysis
  // The body's sentence boundaries (engine/sentences.hpp), so that snippets
  // need not find them again; nullopt in values written before index format 3.
  std::optional<std::vector<std::uint32_t>> sentences;

  friend bool operator==(const BodyResume&, const BodyResume&) = default;
};

[[nodiscard]] std::string encode_body_resume(const BodyResume& resume);

// nullopt for bytes encode_body_resume() did not write (a value from a
// later format, or damage): the caller then analyses the whole text.
[[nodiscard]] std::optional<BodyResume> decode_body_resume(std::string_view bytes);

}  // namespace byline::detail
