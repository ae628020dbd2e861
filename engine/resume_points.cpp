#include "engine/resume_points.hpp"

#include <utility>

#include "engine/varint.hpp"

namespace byline::detail {

namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// `resume` with the sentence boundaries that `bytes` holds, as steps.
std::optional<BodyResume> with_sentences(BodyResume resume, std::string_view bytes) {
  std::vector<std::uint32_t> sentences;
  std::uint64_t at = 0;
  while (!bytes.empty()) {
    const auto step = get_varint(bytes);
    if (!step || *step == 0 || *step > UINT32_MAX - at)
      return std::nullopt;
    at += *step;
    sentences.push_back(static_cast<std::uint32_t>(at));
  }
  resume.sentences = std::move(sentences);
  return resume;
}

}  // namespace

std::vector<ResumePoint> choose_resume_points(const std::vector<Token>& tokens,
                                              std::string_view text, std::uint32_t interval) {
  std::vector<ResumePoint> points;
  std::uint32_t last = 0;
  for (const Token& t : tokens) {
    // A word after white space starts a compound of its own, so the
    // analysis from there on does not depend on what came before: unless
    // it is digits, which may continue a digit group or form a date.
    if (t.joined || t.position < last + interval || t.begin == 0 || t.begin >= text.size())
      continue;
    if (!is_ascii_space(text[t.begin - 1]) || is_ascii_digit(text[t.begin]))
      continue;
    points.push_back({t.position, t.begin});
    last = t.position;
  }
  return points;
}

std::string encode_body_resume(const BodyResume& resume) {
  std::string out;
  put_varint(out, resume.first_position);
  ResumePoint previous;
  for (const ResumePoint& p : resume.points) {
    put_varint(out, p.position - previous.position);
    put_varint(out, p.byte - previous.byte);
    previous = p;
  }
  if (resume.sentences) {
    // A position step of 0, which no point has, starts the sentences.
    put_varint(out, 0);
    std::uint32_t at = 0;
    for (const std::uint32_t b : *resume.sentences) {
      put_varint(out, b - at);
      at = b;
    }
  }
  return out;
}

std::optional<BodyResume> decode_body_resume(std::string_view bytes) {
  BodyResume out;
  const auto first = get_varint(bytes);
  if (!first || *first > UINT32_MAX)
    return std::nullopt;
  out.first_position = static_cast<std::uint32_t>(*first);
  ResumePoint at;
  while (!bytes.empty()) {
    const auto position = get_varint(bytes);
    if (position == 0U)
      return with_sentences(std::move(out), bytes);
    const auto byte = position ? get_varint(bytes) : std::nullopt;
    // Strictly increasing: anything else was not written by us.
    if (!byte || *byte == 0 || *position > UINT32_MAX - at.position)
      return std::nullopt;
    at.position += static_cast<std::uint32_t>(*position);
    at.byte += static_cast<std::size_t>(*byte);
    out.points.push_back(at);
  }
  return out;
}

}  // namespace byline::detail
