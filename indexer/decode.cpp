#include "indexer/decode.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const noexcept { ucsdet_close(d); }
};
using Detector = std::unique_ptr<UCharsetDetector, DetectorCloser>;

// The detector looks at byte statistics; a window of this size is plenty and
// keeps detection cheap on large files.
constexpr std::size_t kDetectionWindow = 64 * 1024;

// Confidence (0-100) below which a UTF-16 guess for text with NUL bytes is
// not trusted: ICU's UTF-16 recogniser adds 10 per Latin-1 code unit in the
// first 15, so 50 means most of them looked like text.
constexpr int kUtf16MinConfidence = 50;

// Below this, ICU's guess for 8-bit text is noise; windows-1252 is then the
// best bet, being what most mislabelled Western web text is.
constexpr int kLegacyMinConfidence = 10;

struct Guess {
  std::string charset;
  int confidence = 0;
};

// Every charset ICU thinks `sample` could be, most likely first. Empty when
// ICU fails, which callers treat as "no idea".
std::vector<Guess> detect_charsets(std::string_view sample) {
  std::vector<Guess> guesses;
  UErrorCode status = U_ZERO_ERROR;
  Detector detector(ucsdet_open(&status));
  if (U_FAILURE(status))
    return guesses;
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status))
    return guesses;
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode s = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &s);
    const int confidence = ucsdet_getConfidence(matches[i], &s);
    if (U_SUCCESS(s) && name != nullptr)
      guesses.push_back({name, confidence});
  }
  return guesses;
}

// Converts `bytes` from `charset` to UTF-8, substituting U+FFFD for what does
// not convert. nullopt when ICU has no converter of that name. Streams through
// a fixed buffer, so there is no int32_t size limit and no size guessing.
std::optional<std::string> convert_to_utf8(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter from(ucnv_open(charset, &status));
  if (U_FAILURE(status))
    return std::nullopt;
  Converter to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status))
    return std::nullopt;

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  const char* source = bytes.data();
  const char* const source_end = bytes.data() + bytes.size();
  char buffer[16 * 1024];
  bool reset = true;
  for (;;) {
    char* target = buffer;
    status = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, buffer + sizeof buffer, &source, source_end,
                   pivot, &pivot_source, &pivot_target, pivot + std::size(pivot), reset,
                   /*flush=*/true, &status);
    reset = false;
    out.append(buffer, static_cast<std::size_t>(target - buffer));
    if (status == U_BUFFER_OVERFLOW_ERROR)
      continue;
    if (U_FAILURE(status))
      return std::nullopt;
    return out;
  }
}

// True when most code points of the UTF-8 `text` are letters, digits, spaces
// or punctuation: what a wrong UTF-16 guess on binary data does not produce
// (it yields control characters, U+FFFD and scattered symbols).
bool reads_as_text(std::string_view text) {
  std::size_t total = 0;
  std::size_t texty = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    ++total;
    const auto c = static_cast<UChar32>(d.code_point);
    if (d.valid && d.code_point != utf8::kReplacement &&
        (u_isalpha(c) || u_isUWhiteSpace(c) || u_isdigit(c) || u_ispunct(c))) {
      ++texty;
    }
  }
  return total > 0 && texty * 10 >= total * 9;
}

bool only_whitespace(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    i += d.length;
    // U+FEFF: a stray BOM or zero-width no-break space is not content either.
    if (!d.valid || (!u_isUWhiteSpace(static_cast<UChar32>(d.code_point)) &&
                     d.code_point != U'\uFEFF' && d.code_point != U'\u200B')) {
      return false;
    }
  }
  return true;
}

// What browsers do (WHATWG Encoding Standard): these ISO labels are decoded as
// their Windows supersets, because that is what servers really send; the C1
// range of ISO-8859-1 is control codes nobody writes, while windows-1252 has
// curly quotes and dashes there.
std::string web_charset(std::string_view detected) {
  if (detected == "ISO-8859-1")
    return "windows-1252";
  if (detected == "ISO-8859-9")
    return "windows-1254";
  return std::string(detected);
}

// Input that reaches detection has no NUL byte and is not UTF-8, so it is
// neither a Unicode encoding nor 7-bit ISO-2022; EBCDIC (IBM420/424) guesses
// on ASCII-based text are accidents of the statistics.
bool is_plausible_legacy_charset(std::string_view name) {
  return !name.starts_with("UTF-") && !name.starts_with("ISO-2022") && !name.starts_with("IBM");
}

DecodedText failure(std::string message) {
  DecodedText result;
  result.error = std::move(message);
  return result;
}

// The last steps every successful path shares.
DecodedText finish(std::string text, std::string charset, std::optional<std::string> warning) {
  if (only_whitespace(text))
    return failure("empty file");
  DecodedText result;
  result.text = normalize_line_endings(text);
  result.charset = std::move(charset);
  result.warning = std::move(warning);
  return result;
}

DecodedText from_unicode_encoding(std::string_view bytes, const char* charset) {
  auto text = convert_to_utf8(bytes, charset);
  if (!text)
    return failure(std::string("cannot convert from ") + charset);
  if (text->find('\0') != std::string::npos) {
    return failure(std::string("binary file (NUL character in ") + charset + " text)");
  }
  return finish(std::move(*text), charset, std::nullopt);
}

// Text with NUL bytes: UTF-16 (or UTF-32) without a BOM, or binary.
DecodedText from_bytes_with_nul(std::string_view bytes, std::size_t nul_offset,
                                std::size_t bom_length) {
  const auto guesses = detect_charsets(bytes.substr(0, kDetectionWindow));
  for (const auto& guess : guesses) {
    if (guess.confidence < kUtf16MinConfidence)
      break;  // sorted, best first
    if (guess.charset.starts_with("UTF-16") || guess.charset.starts_with("UTF-32")) {
      auto text = convert_to_utf8(bytes, guess.charset.c_str());
      if (text && text->find('\0') == std::string::npos &&
          reads_as_text(std::string_view(*text).substr(0, kDetectionWindow))) {
        return finish(std::move(*text), guess.charset, std::nullopt);
      }
    }
  }
  return failure("binary file (NUL byte at offset " + std::to_string(nul_offset + bom_length) +
                 ")");
}

// Valid text in some legacy 8-bit or CJK encoding: ask ICU which, convert.
DecodedText from_legacy_charset(std::string_view bytes, std::size_t first_invalid) {
  // Look where the non-ASCII bytes are: a long ASCII preamble would otherwise
  // tell the detector nothing.
  const std::size_t start =
      first_invalid > kDetectionWindow / 2 ? first_invalid - kDetectionWindow / 2 : 0;
  const auto guesses = detect_charsets(bytes.substr(start, kDetectionWindow));
  std::string charset = "windows-1252";
  for (const auto& guess : guesses) {  // best first
    if (guess.confidence < kLegacyMinConfidence)
      break;
    if (is_plausible_legacy_charset(guess.charset)) {
      charset = web_charset(guess.charset);
      break;
    }
  }
  auto text = convert_to_utf8(bytes, charset.c_str());
  if (!text) {
    charset = "windows-1252";
    text = convert_to_utf8(bytes, charset.c_str());
  }
  if (!text)
    return failure("cannot convert from " + charset);
  return finish(std::move(*text), charset, "not UTF-8: read as " + charset);
}

// True when `bytes` is UTF-8 with some damage rather than text in another
// charset: more valid multi-byte sequences than invalid ones. Windows-1252
// text almost never forms a valid UTF-8 sequence by accident (that takes an
// accented capital followed by punctuation such as a curly quote), while a
// truncated or corrupted UTF-8 file is mostly valid. Reading the latter as
// windows-1252 would garble every accented letter in it.
bool is_damaged_utf8(std::string_view bytes) {
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto d = utf8::decode(bytes, i);
    ++(d.valid ? valid : invalid);
    i += d.length;
  }
  return valid > invalid;
}

}  // namespace

std::string normalize_line_endings(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n')
        ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

DecodedText decode_text(std::string_view bytes) {
  if (bytes.empty())
    return failure("empty file");

  // Byte order marks. UTF-32LE's starts like UTF-16LE's, so it goes first.
  if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) {
    return from_unicode_encoding(bytes.substr(4), "UTF-32LE");
  }
  if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return from_unicode_encoding(bytes.substr(4), "UTF-32BE");
  }
  if (bytes.starts_with("\xFF\xFE"))
    return from_unicode_encoding(bytes.substr(2), "UTF-16LE");
  if (bytes.starts_with("\xFE\xFF"))
    return from_unicode_encoding(bytes.substr(2), "UTF-16BE");
  std::size_t bom_length = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bom_length = 3;
    bytes.remove_prefix(3);
  }

  // Before the UTF-8 check: ASCII text in UTF-16 is valid UTF-8, NULs and all.
  if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
    return from_bytes_with_nul(bytes, nul, bom_length);
  }
  const auto invalid = utf8::find_invalid(bytes);
  if (!invalid)
    return finish(std::string(bytes), "UTF-8", std::nullopt);
  if (is_damaged_utf8(bytes)) {
    return failure("invalid UTF-8 at byte offset " + std::to_string(*invalid + bom_length));
  }
  return from_legacy_charset(bytes, *invalid);
}

}  // namespace byline::detail
