#include "indexer/html_charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(),
                    [](char a, char b) { return lower(a) == lower(b); });
}

// ---------------------------------------------------------------------------
// Labels (WHATWG Encoding Standard, section 4.2)

struct Label {
  std::string_view label;
  std::string_view encoding;
};

// Labels other than the regular ISO-8859-N and windows-125N spellings, which
// encoding_for_label() reads by pattern.
constexpr std::array kLabels = {
    Label{"unicode-1-1-utf-8", "UTF-8"},
    Label{"unicode11utf8", "UTF-8"},
    Label{"unicode20utf8", "UTF-8"},
    Label{"utf-8", "UTF-8"},
    Label{"utf8", "UTF-8"},
    Label{"x-unicode20utf8", "UTF-8"},
    Label{"866", "IBM866"},
    Label{"cp866", "IBM866"},
    Label{"csibm866", "IBM866"},
    Label{"ibm866", "IBM866"},
    Label{"csisolatin2", "ISO-8859-2"},
    Label{"iso-ir-101", "ISO-8859-2"},
    Label{"l2", "ISO-8859-2"},
    Label{"latin2", "ISO-8859-2"},
    Label{"csisolatin3", "ISO-8859-3"},
    Label{"iso-ir-109", "ISO-8859-3"},
    Label{"l3", "ISO-8859-3"},
    Label{"latin3", "ISO-8859-3"},
    Label{"csisolatin4", "ISO-8859-4"},
    Label{"iso-ir-110", "ISO-8859-4"},
    Label{"l4", "ISO-8859-4"},
    Label{"latin4", "ISO-8859-4"},
    Label{"csisolatincyrillic", "ISO-8859-5"},
    Label{"cyrillic", "ISO-8859-5"},
    Label{"iso-ir-144", "ISO-8859-5"},
    Label{"arabic", "ISO-8859-6"},
    Label{"asmo-708", "ISO-8859-6"},
    Label{"csiso88596e", "ISO-8859-6"},
    Label{"csiso88596i", "ISO-8859-6"},
    Label{"csisolatinarabic", "ISO-8859-6"},
    Label{"ecma-114", "ISO-8859-6"},
    Label{"iso-8859-6-e", "ISO-8859-6"},
    Label{"iso-8859-6-i", "ISO-8859-6"},
    Label{"iso-ir-127", "ISO-8859-6"},
    Label{"csisolatingreek", "ISO-8859-7"},
    Label{"ecma-118", "ISO-8859-7"},
    Label{"elot_928", "ISO-8859-7"},
    Label{"greek", "ISO-8859-7"},
    Label{"greek8", "ISO-8859-7"},
    Label{"iso-ir-126", "ISO-8859-7"},
    Label{"sun_eu_greek", "ISO-8859-7"},
    Label{"csiso88598e", "ISO-8859-8"},
    Label{"csisolatinhebrew", "ISO-8859-8"},
    Label{"hebrew", "ISO-8859-8"},
    Label{"iso-8859-8-e", "ISO-8859-8"},
    Label{"iso-ir-138", "ISO-8859-8"},
    Label{"visual", "ISO-8859-8"},
    Label{"csiso88598i", "ISO-8859-8-I"},
    Label{"iso-8859-8-i", "ISO-8859-8-I"},
    Label{"logical", "ISO-8859-8-I"},
    Label{"csisolatin6", "ISO-8859-10"},
    Label{"iso-ir-157", "ISO-8859-10"},
    Label{"l6", "ISO-8859-10"},
    Label{"latin6", "ISO-8859-10"},
    Label{"csisolatin9", "ISO-8859-15"},
    Label{"l9", "ISO-8859-15"},
    Label{"cskoi8r", "KOI8-R"},
    Label{"koi", "KOI8-R"},
    Label{"koi8", "KOI8-R"},
    Label{"koi8-r", "KOI8-R"},
    Label{"koi8_r", "KOI8-R"},
    Label{"koi8-ru", "KOI8-U"},
    Label{"koi8-u", "KOI8-U"},
    Label{"csmacintosh", "macintosh"},
    Label{"mac", "macintosh"},
    Label{"macintosh", "macintosh"},
    Label{"x-mac-roman", "macintosh"},
    Label{"dos-874", "windows-874"},
    Label{"iso-8859-11", "windows-874"},
    Label{"iso8859-11", "windows-874"},
    Label{"iso885911", "windows-874"},
    Label{"tis-620", "windows-874"},
    Label{"windows-874", "windows-874"},
    // Latin-1 and ASCII are read as windows-1252, its superset.
    Label{"ansi_x3.4-1968", "windows-1252"},
    Label{"ascii", "windows-1252"},
    Label{"cp819", "windows-1252"},
    Label{"csisolatin1", "windows-1252"},
    Label{"ibm819", "windows-1252"},
    Label{"iso-ir-100", "windows-1252"},
    Label{"l1", "windows-1252"},
    Label{"latin1", "windows-1252"},
    Label{"us-ascii", "windows-1252"},
    Label{"csisolatin5", "windows-1254"},
    Label{"iso-ir-148", "windows-1254"},
    Label{"l5", "windows-1254"},
    Label{"latin5", "windows-1254"},
    Label{"x-mac-cyrillic", "x-mac-cyrillic"},
    Label{"x-mac-ukrainian", "x-mac-cyrillic"},
    Label{"chinese", "GBK"},
    Label{"csgb2312", "GBK"},
    Label{"csiso58gb231280", "GBK"},
    Label{"gb2312", "GBK"},
    Label{"gb_2312", "GBK"},
    Label{"gb_2312-80", "GBK"},
    Label{"gbk", "GBK"},
    Label{"iso-ir-58", "GBK"},
    Label{"x-gbk", "GBK"},
    Label{"gb18030", "gb18030"},
    Label{"big5", "Big5"},
    Label{"big5-hkscs", "Big5"},
    Label{"cn-big5", "Big5"},
    Label{"csbig5", "Big5"},
    Label{"x-x-big5", "Big5"},
    Label{"cseucpkdfmtjapanese", "EUC-JP"},
    Label{"euc-jp", "EUC-JP"},
    Label{"x-euc-jp", "EUC-JP"},
    Label{"csiso2022jp", "ISO-2022-JP"},
    Label{"iso-2022-jp", "ISO-2022-JP"},
    Label{"csshiftjis", "Shift_JIS"},
    Label{"ms932", "Shift_JIS"},
    Label{"ms_kanji", "Shift_JIS"},
    Label{"shift-jis", "Shift_JIS"},
    Label{"shift_jis", "Shift_JIS"},
    Label{"sjis", "Shift_JIS"},
    Label{"windows-31j", "Shift_JIS"},
    Label{"x-sjis", "Shift_JIS"},
    Label{"cseuckr", "EUC-KR"},
    Label{"csksc56011987", "EUC-KR"},
    Label{"euc-kr", "EUC-KR"},
    Label{"iso-ir-149", "EUC-KR"},
    Label{"korean", "EUC-KR"},
    Label{"ks_c_5601-1987", "EUC-KR"},
    Label{"ks_c_5601-1989", "EUC-KR"},
    Label{"ksc5601", "EUC-KR"},
    Label{"ksc_5601", "EUC-KR"},
    Label{"windows-949", "EUC-KR"},
    Label{"unicodefffe", "UTF-16BE"},
    Label{"utf-16be", "UTF-16BE"},
    Label{"csunicode", "UTF-16LE"},
    Label{"iso-10646-ucs-2", "UTF-16LE"},
    Label{"ucs-2", "UTF-16LE"},
    Label{"unicode", "UTF-16LE"},
    Label{"unicodefeff", "UTF-16LE"},
    Label{"utf-16", "UTF-16LE"},
    Label{"utf-16le", "UTF-16LE"},
    Label{"x-user-defined", "x-user-defined"},
};

// The ICU converter for a WHATWG encoding, where the names differ.
std::string icu_name(std::string_view encoding) {
  if (encoding == "IBM866")
    return "ibm-866";
  if (encoding == "ISO-8859-8-I")
    return "ISO-8859-8";  // the same bytes; "-I" is about display order
  if (encoding == "Big5")
    return "Big5-HKSCS";  // what the standard's Big5 decoder reads
  if (encoding == "EUC-KR")
    return "windows-949";  // likewise: the Unified Hangul superset
  if (encoding == "x-user-defined")
    return "windows-1252";
  return std::string(encoding);
}

// "8859-N" suffixes of the ISO labels the standard lists in four spellings
// each (iso-8859-N, iso8859-N, iso8859N, iso_8859-N), and their encodings.
std::optional<std::string> iso_8859_label(std::string_view label) {
  std::string_view number;
  for (const std::string_view prefix : {"iso-8859-", "iso8859-", "iso_8859-", "iso8859"}) {
    if (label.starts_with(prefix)) {
      number = label.substr(prefix.size());
      break;
    }
  }
  // iso_8859-N:YYYY forms.
  if (const auto colon = number.find(':');
      colon != std::string_view::npos && label.starts_with("iso_"))
    number = number.substr(0, colon);
  if (number.empty() || number.size() > 2 ||
      !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int n = std::stoi(std::string(number));
  if (n == 1)
    return "windows-1252";
  if (n == 9)
    return "windows-1254";
  if (n == 11)
    return "windows-874";
  if ((n >= 2 && n <= 8) || n == 10 || (n >= 13 && n <= 16))
    return "ISO-8859-" + std::to_string(n);
  return std::nullopt;
}

// cp125N, windows-125N, x-cp125N.
std::optional<std::string> windows_label(std::string_view label) {
  for (const std::string_view prefix : {"windows-", "cp", "x-cp"}) {
    if (label.starts_with(prefix)) {
      const auto number = label.substr(prefix.size());
      if (number.size() == 4 && number.starts_with("125") && number[3] >= '0' && number[3] <= '8')
        return "windows-" + std::string(number);
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// The prescan (WHATWG HTML, "prescan a byte stream to determine its encoding")

struct Attribute {
  std::string name;
  std::string value;
};

// "Get an attribute": reads one attribute of a tag at `pos`, names and values
// lower-cased. nullopt at the tag's end or the end of the input.
std::optional<Attribute> get_attribute(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && (is_space(s[pos]) || s[pos] == '/'))
    ++pos;
  if (pos >= s.size() || s[pos] == '>')
    return std::nullopt;
  Attribute attribute;
  for (;;) {  // the name
    if (pos >= s.size())
      return std::nullopt;
    const char c = s[pos];
    if (c == '=' && !attribute.name.empty()) {
      ++pos;
      break;
    }
    if (is_space(c)) {
      while (pos < s.size() && is_space(s[pos]))
        ++pos;
      if (pos >= s.size() || s[pos] != '=')
        return attribute;
      ++pos;
      break;
    }
    if (c == '/' || c == '>')
      return attribute;
    attribute.name += lower(c);
    ++pos;
  }
  while (pos < s.size() && is_space(s[pos]))
    ++pos;
  if (pos >= s.size())
    return std::nullopt;
  if (s[pos] == '"' || s[pos] == '\'') {
    const char quote = s[pos++];
    const auto end = s.find(quote, pos);
    if (end == std::string_view::npos)
      return std::nullopt;
    for (; pos < end; ++pos)
      attribute.value += lower(s[pos]);
    ++pos;
    return attribute;
  }
  if (s[pos] == '>')
    return attribute;
  while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>')
    attribute.value += lower(s[pos++]);
  if (pos >= s.size())
    return std::nullopt;
  return attribute;
}

// "Extract a character encoding from a meta element": the label after
// "charset=" in a content attribute.
std::optional<std::string> charset_from_content(std::string_view content) {
  std::size_t pos = 0;
  for (;;) {
    const auto found = content.find("charset", pos);  // already lower case
    if (found == std::string_view::npos)
      return std::nullopt;
    pos = found + 7;
    while (pos < content.size() && is_space(content[pos]))
      ++pos;
    if (pos >= content.size() || content[pos] != '=')
      continue;
    ++pos;
    while (pos < content.size() && is_space(content[pos]))
      ++pos;
    if (pos >= content.size())
      return std::nullopt;
    if (content[pos] == '"' || content[pos] == '\'') {
      const auto end = content.find(content[pos], pos + 1);
      if (end == std::string_view::npos)
        return std::nullopt;
      return std::string(content.substr(pos + 1, end - pos - 1));
    }
    std::size_t end = pos;
    while (end < content.size() && !is_space(content[end]) && content[end] != ';')
      ++end;
    return std::string(content.substr(pos, end - pos));
  }
}

// The encoding a <meta> tag whose attributes start at `pos` declares.
std::optional<std::string> meta_encoding(std::string_view s, std::size_t& pos) {
  std::vector<std::string> seen;
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  std::optional<std::string> charset;
  while (auto attribute = get_attribute(s, pos)) {
    if (std::find(seen.begin(), seen.end(), attribute->name) != seen.end())
      continue;
    seen.push_back(attribute->name);
    if (attribute->name == "http-equiv") {
      got_pragma = got_pragma || attribute->value == "content-type";
    } else if (attribute->name == "content" && !charset) {
      if (auto found = charset_from_content(attribute->value)) {
        charset = std::move(found);
        need_pragma = true;
      }
    } else if (attribute->name == "charset") {
      charset = attribute->value;
      need_pragma = false;
    }
  }
  if (!need_pragma || !charset || (*need_pragma && !got_pragma))
    return std::nullopt;
  auto encoding = encoding_for_label(*charset);
  if (!encoding)
    return std::nullopt;
  if (*encoding == "UTF-16LE" || *encoding == "UTF-16BE")
    return "UTF-8";
  if (*encoding == "x-user-defined")
    return "windows-1252";
  return encoding;
}

// ---------------------------------------------------------------------------
// Conversion

struct ConverterCloser {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Writes U+FFFD for each byte sequence that does not convert, and counts them.
// (ICU's own substitute callback writes U+001A, a control character, for
// single-byte charsets.)
void count_and_replace(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                       UConverterCallbackReason reason, UErrorCode* status) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR)
    return;
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  *status = U_ZERO_ERROR;
  const UChar replacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, status);
}

struct Converted {
  std::string text;
  std::size_t replaced = 0;  // byte sequences that did not convert
};

// nullopt when ICU has no such converter.
std::optional<Converted> convert(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter from(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status))
    return std::nullopt;
  Converter to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status))
    return std::nullopt;
  Converted result;
  ucnv_setToUCallBack(from.get(), count_and_replace, &result.replaced, nullptr, nullptr, &status);
  if (U_FAILURE(status))
    return std::nullopt;
  result.text.reserve(bytes.size() + bytes.size() / 2);
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
    result.text.append(buffer, static_cast<std::size_t>(target - buffer));
    if (status == U_BUFFER_OVERFLOW_ERROR)
      continue;
    if (U_FAILURE(status))
      return std::nullopt;
    return result;
  }
}

bool has_non_ascii(std::string_view bytes) noexcept {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// UTF-8 with some damage, not another charset: more valid multi-byte
// sequences than invalid ones (see decode.cpp, is_damaged_utf8).
std::size_t count_invalid_if_mostly_utf8(std::string_view bytes) {
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
  return valid > invalid ? invalid : 0;
}

DecodedText finish(std::string text, std::string charset, std::optional<std::string> warning) {
  DecodedText result;
  if (std::all_of(text.begin(), text.end(), is_space)) {
    result.error = "empty file";
    return result;
  }
  result.text = normalize_line_endings(text);
  result.charset = std::move(charset);
  result.warning = std::move(warning);
  return result;
}

// Detection, with a warning naming what was declared.
DecodedText detected(std::string_view bytes, const std::string& why) {
  auto result = decode_text(bytes);
  if (result.ok())
    result.warning = why + ": read as " + result.charset;
  return result;
}

DecodedText declared_utf8(std::string_view bytes) {
  if (!utf8::find_invalid(bytes))
    return finish(std::string(bytes), "UTF-8", std::nullopt);
  if (const auto invalid = count_invalid_if_mostly_utf8(bytes); invalid > 0) {
    // As a browser shows it: the page is UTF-8, a few bytes are broken.
    auto converted = convert(bytes, "UTF-8");
    if (converted) {
      return finish(std::move(converted->text), "UTF-8",
                    "declared UTF-8 with " + std::to_string(invalid) + " invalid byte sequence" +
                        (invalid == 1 ? "" : "s") + ": replaced with U+FFFD");
    }
  }
  return detected(bytes, "declared UTF-8 but is not");
}

DecodedText declared_legacy(std::string_view bytes, const std::string& encoding) {
  // Valid UTF-8 with non-ASCII in it is UTF-8 whatever the label says:
  // legacy text forms valid multi-byte sequences by chance almost never.
  if (has_non_ascii(bytes) && !utf8::find_invalid(bytes)) {
    return finish(std::string(bytes), "UTF-8",
                  "declared " + encoding + " but is UTF-8: read as UTF-8");
  }
  auto converted = convert(bytes, icu_name(encoding));
  if (!converted)
    return detected(bytes, "charset " + encoding + " not supported");
  if (converted->replaced > 0) {
    // A few unmapped bytes happen; many mean the label is wrong.
    const auto non_ascii = static_cast<std::size_t>(std::count_if(
        bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
    if (converted->replaced * 10 > non_ascii) {
      auto guess = decode_text(bytes);
      if (guess.ok() && guess.charset != encoding) {
        guess.warning = "declared " + encoding + " but is not: read as " + guess.charset;
        return guess;
      }
    }
    const auto n = converted->replaced;
    return finish(std::move(converted->text), encoding,
                  std::to_string(n) + " byte sequence" + (n == 1 ? "" : "s") + " not valid in " +
                      encoding + ": replaced with U+FFFD");
  }
  return finish(std::move(converted->text), encoding, std::nullopt);
}

}  // namespace

std::optional<std::string> encoding_for_label(std::string_view label) {
  while (!label.empty() && is_space(label.front()))
    label.remove_prefix(1);
  while (!label.empty() && is_space(label.back()))
    label.remove_suffix(1);
  std::string key(label);
  std::transform(key.begin(), key.end(), key.begin(), lower);
  for (const auto& entry : kLabels) {
    if (entry.label == key)
      return std::string(entry.encoding);
  }
  if (auto iso = iso_8859_label(key))
    return iso;
  return windows_label(key);
}

std::optional<std::string> prescan_meta_charset(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, kCharsetPrescanBytes);
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::string_view rest = s.substr(pos);
    if (rest.starts_with("<!--")) {
      const auto end = s.find("-->", pos + 2);
      if (end == std::string_view::npos)
        return std::nullopt;
      pos = end + 3;
      continue;
    }
    if (istarts_with(rest, "<meta") && rest.size() > 5 && (is_space(rest[5]) || rest[5] == '/')) {
      pos += 5;
      if (auto encoding = meta_encoding(s, pos))
        return encoding;
      ++pos;
      continue;
    }
    const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if ((rest.size() > 1 && rest[0] == '<' && is_letter(rest[1])) ||
        (rest.size() > 2 && rest.starts_with("</") && is_letter(rest[2]))) {
      while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>')
        ++pos;
      while (get_attribute(s, pos)) {
      }
      ++pos;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
      const auto end = s.find('>', pos);
      if (end == std::string_view::npos)
        return std::nullopt;
      pos = end + 1;
      continue;
    }
    ++pos;
  }
  return std::nullopt;
}

DecodedText decode_html(std::string_view bytes, std::string_view http_charset) {
  // A byte order mark wins over every declaration; decode_text reads them.
  if (bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
      bytes.starts_with("\xFE\xFF")) {
    return decode_text(bytes);
  }
  std::optional<std::string> encoding;
  std::optional<std::string> unknown;  // a label given that names no encoding
  if (!http_charset.empty()) {
    encoding = encoding_for_label(http_charset);
    if (!encoding || *encoding == "x-user-defined") {
      if (!encoding)
        unknown = std::string(http_charset);
      encoding.reset();
    }
  }
  if (!encoding)
    encoding = prescan_meta_charset(bytes);
  if (!encoding) {
    if (unknown)
      return detected(bytes, "unknown charset \"" + *unknown + "\" declared");
    return decode_text(bytes);
  }
  if (*encoding == "UTF-8")
    return declared_utf8(bytes);
  if (*encoding == "UTF-16LE" || *encoding == "UTF-16BE") {
    auto converted = convert(bytes, *encoding);
    if (converted && converted->replaced == 0 && converted->text.find('\0') == std::string::npos)
      return finish(std::move(converted->text), *encoding, std::nullopt);
    return detected(bytes, "declared " + *encoding + " but is not");
  }
  return declared_legacy(bytes, *encoding);
}

}  // namespace byline::detail
