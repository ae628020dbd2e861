#include "engine/sentences.hpp"

#include <unicode/locid.h>
#include <unicode/utext.h>

#include <string>

#include "byline/error.hpp"

namespace byline::detail {

std::unique_ptr<icu::BreakIterator> make_sentence_iterator() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !it) {
    throw Error(Error::Kind::io,
                std::string("ICU could not load its sentence rules: ") + u_errorName(status));
  }
  return it;
}

std::optional<std::vector<std::uint32_t>> sentence_boundaries(icu::BreakIterator& sentences,
                                                              std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UText, decltype(&utext_close)> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status),
      &utext_close);
  sentences.setText(ut.get(), status);
  if (U_FAILURE(status))
    return std::nullopt;
  std::vector<std::uint32_t> out;
  for (int32_t b = sentences.next(); b != icu::BreakIterator::DONE; b = sentences.next()) {
    if (static_cast<std::size_t>(b) < text.size())
      out.push_back(static_cast<std::uint32_t>(b));
  }
  return out;
}

}  // namespace byline::detail
