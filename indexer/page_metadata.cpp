// Metadata from a page's markup. What is read, and in which order each field
// takes it (the first that gives a usable value wins unless said otherwise):
//
// title   JSON-LD article "headline"; og:title; itemprop=headline; the
//         article's <h1> (inside <article>/<main> when there is one);
//         twitter:title; <title>. og:title, twitter:title and <title> lose
//         a part that names the site (" | BBC News", "Al Jazeera - ...") when
//         that part equals the site's stated name or its domain. When the
//         winner is a cut-off version of the <h1> ("..." or a prefix), the
//         <h1> is taken.
// date    JSON-LD "datePublished" (article, then page); <meta>
//         article:published_time, og:published_time, itemprop=datePublished,
//         parsely-pub-date, sailthru.date, DC.date.issued, dcterms.issued,
//         dcterms.created, pubdate, publishdate, date, DC.date, ...;
//         itemprop=datePublished on other elements (datetime, content, text);
//         <time datetime> with pubdate, or inside <article>/<main> and not
//         labelled as an update (a masthead's <time> outside the article
//         is often today's date, the scrape's, not the article's); a date in the URL's path
//         (/2014/09/15/, /20140915/, /2014-09-15...); a date written in the
//         text just after the headline (any language, see
//         localized_dates.hpp), unless a label before it says it is an
//         update, a generation or a retrieval time. Modification fields
//         (dateModified, article:modified_time, og:updated_time) are never
//         read.
//         A timestamp keeps its date as written: "2014-09-15T23:30:00-05:00"
//         is the 15th, the day the page's readers saw, not the 16th in UTC.
//         Structured dates keep any year; dates from URLs and text only
//         1800-2199.
// source  JSON-LD publisher's name; og:site_name; JSON-LD WebSite name;
//         application-name; a part of <title>/og:title that is the domain's
//         name written readably ("Al Jazeera" for aljazeera.com); the bare
//         domain of the url ("aljazeera.com", without "www."); the
//         twitter:site handle without "@" when there is no url at all.
//         Never a name from the article's text.
// author  JSON-LD authors (people; organisations only when no person is
//         named and they are not the publisher); <meta> author,
//         article:author, parsely-author, sailthru.author, byl, DC.creator
//         (URLs skipped); itemprop=author (its itemprop=name when it has
//         one); rel=author links' text; a "By ..." line just after the
//         headline ("Von", "Par", "Por", "Di", "Door", "Av", "Af",
//         "Przez", "Autor:"...). Names are split on "," "and" "&" (and
//         their translations), lose the site's own name and anything with
//         digits, "@" or a URL, and are joined with ", ".
// url     <link rel=canonical>, og:url, JSON-LD url, then `page_url`;
//         relative ones resolved against `page_url`; http(s) only.
// lang    <html lang>, <meta http-equiv=Content-Language>, og:locale,
//         JSON-LD inLanguage; the primary subtag, lowercase, two letters.
// article_body  JSON-LD "articleBody" of the article.
#include "indexer/page_metadata.hpp"

#include <gumbo.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "engine/utf8.hpp"
#include "indexer/json_ld.hpp"
#include "indexer/localized_dates.hpp"
#include "indexer/metadata.hpp"

namespace byline::detail {

namespace {

// ------------------------------------------------------------ limits

constexpr std::size_t kMaxJsonLdBlocks = 32;
constexpr std::size_t kMaxJsonLdBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxMetaTags = 2000;
constexpr std::size_t kMaxElementsRead = 32;     // <time>, itemprop, rel=author elements each
constexpr std::size_t kMaxFieldBytes = 2048;     // longer text is not a title, name or date
constexpr std::size_t kNearHeadlineBytes = 800;  // text after the headline read for date and byline

// ------------------------------------------------------------ strings

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back()))
    s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Whitespace-normalised, and empty when too long to be what is looked for.
std::string clean_field(std::string_view text) {
  if (text.size() > 4 * kMaxFieldBytes)
    return {};
  std::string out = normalize_whitespace(text);
  if (out.size() > kMaxFieldBytes)
    return {};
  return out;
}

// Letters and digits only, ASCII lowercased: "Al Jazeera" and "aljazeera"
// compare equal.
std::string loose(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (u_isalnum(static_cast<UChar32>(d.code_point))) {
      if (d.code_point < 0x80)
        out += ascii_lower(s[i]);
      else
        out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

bool same_name(std::string_view a, std::string_view b) {
  const std::string la = loose(a);
  return !la.empty() && la == loose(b);
}

std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : s) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ------------------------------------------------------------ URLs

std::string_view scheme_of(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return {};
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
      return {};
  }
  return url.substr(0, colon);
}

bool is_http(std::string_view url) {
  const std::string scheme = lower_ascii(scheme_of(url));
  return (scheme == "http" || scheme == "https") && url.substr(scheme.size()).starts_with("://") &&
         url.size() > scheme.size() + 3;
}

// "https://host" of an http(s) URL.
std::string_view origin_of(std::string_view url) {
  const std::size_t start = url.find("://") + 3;
  const std::size_t end = url.find_first_of("/?#", start);
  return url.substr(0, end);
}

// The host, lowercase, without user info and port.
std::string host_of(std::string_view url) {
  if (!is_http(url))
    return {};
  std::string_view host = origin_of(url).substr(url.find("://") + 3);
  if (const auto at = host.rfind('@'); at != std::string_view::npos)
    host.remove_prefix(at + 1);
  if (const auto colon = host.find(':'); colon != std::string_view::npos)
    host = host.substr(0, colon);
  return lower_ascii(host);
}

// `href` resolved against `base`, its scheme as written; empty unless the
// result is http(s).
std::string resolve_url_as_written(std::string_view href, std::string_view base) {
  href = trim_ascii(href);
  if (href.empty() || href.size() > kMaxFieldBytes ||
      std::any_of(href.begin(), href.end(), [](char c) { return is_ascii_space(c); }))
    return {};
  if (!scheme_of(href).empty())
    return is_http(href) ? std::string(href) : std::string();
  if (!is_http(base))
    return {};
  if (href.starts_with("//"))
    return std::string(scheme_of(base)).append(":").append(href);
  const std::string_view origin = origin_of(base);
  if (href.front() == '/')
    return std::string(origin).append(href);
  std::string_view document = base.substr(0, base.find_first_of("?#"));
  if (href.front() == '?')
    return std::string(document).append(href);
  if (href.front() == '#')
    return std::string(base.substr(0, base.find('#'))).append(href);
  if (document.size() == origin.size())
    return std::string(origin).append("/").append(href);
  return std::string(document.substr(0, document.rfind('/') + 1)).append(href);
}

// `href` resolved against `base`, with its scheme in lowercase ("HTTPS://a"
// is "https://a": schemes are case-insensitive, and a URL names an article
// by its hash); empty unless the result is http(s).
std::string resolve_url(std::string_view href, std::string_view base) {
  std::string url = resolve_url_as_written(href, base);
  const std::size_t scheme = scheme_of(url).size();
  std::transform(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(scheme), url.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return url;
}

// The host without "www.", "m." or "amp.": "aljazeera.com".
std::string bare_domain(std::string_view url) {
  std::string host = host_of(url);
  for (const std::string_view prefix : {"www.", "m.", "amp.", "mobile."}) {
    if (host.starts_with(prefix) && host.size() > prefix.size() + 3) {
      host.erase(0, prefix.size());
      break;
    }
  }
  return host;
}

// The label that names the site: "aljazeera" for www.aljazeera.com, "bbc"
// for www.bbc.co.uk.
std::string domain_label(std::string_view url) {
  const std::string host = bare_domain(url);
  std::vector<std::string_view> labels;
  std::string_view rest = host;
  while (!rest.empty()) {
    const auto dot = rest.find('.');
    labels.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos)
      break;
    rest.remove_prefix(dot + 1);
  }
  if (labels.size() < 2)
    return {};
  labels.pop_back();  // top-level domain
  static constexpr std::array<std::string_view, 8> kSecondLevel = {"co", "com", "org", "net",
                                                                   "ac", "gov", "edu", "ne"};
  if (labels.size() >= 2 &&
      std::find(kSecondLevel.begin(), kSecondLevel.end(), labels.back()) != kSecondLevel.end())
    labels.pop_back();
  return labels.back().size() >= 3 ? std::string(labels.back()) : std::string();
}

// ------------------------------------------------------------ dates

bool valid_day(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > kDays[static_cast<std::size_t>(month - 1)])
    return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::string format_date(int year, int month, int day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool digits_at(std::string_view s, std::size_t at, std::size_t count, int& value) {
  if (at + count > s.size())
    return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

// A date the page states in a field meant for it: "2014-09-15",
// "2014-09-15T23:30:00-05:00" (the date as written), "20140915",
// "2014/09/15", "September 15, 2014", "15 septembre 2014". Any year.
std::optional<std::string> structured_date(std::string_view value) {
  value = trim_ascii(value);
  if (value.empty() || value.size() > 200)
    return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  if (digits_at(value, 0, 4, year)) {
    for (const char sep : {'-', '/'}) {
      if (value.size() >= 10 && value[4] == sep && value[7] == sep &&
          digits_at(value, 5, 2, month) && digits_at(value, 8, 2, day) &&
          (value.size() == 10 || value[10] == 'T' || value[10] == 't' || value[10] == ' ')) {
        if (valid_day(year, month, day))
          return format_date(year, month, day);
        return std::nullopt;
      }
    }
    if (digits_at(value, 4, 2, month) && digits_at(value, 6, 2, day) &&
        (value.size() == 8 || value[8] == 'T')) {
      if (valid_day(year, month, day))
        return format_date(year, month, day);
      return std::nullopt;
    }
  }
  if (auto date = normalize_date(value))
    return date;
  const auto found = find_localized_dates(value, 1);
  if (!found.empty() && found.front().begin == 0)
    return found.front().date;
  return std::nullopt;
}

bool guessable_year(int year) {
  return year >= 1800 && year <= 2199;
}

// /2014/09/15/, /20140915/, /2014-09-15-headline: a date in the URL's path.
std::optional<std::string> url_date(std::string_view url) {
  if (!is_http(url))
    return std::nullopt;
  std::string_view path = url.substr(origin_of(url).size());
  path = path.substr(0, path.find_first_of("?#"));
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const auto slash = path.find('/');
    if (slash != 0)
      segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos)
      break;
    path.remove_prefix(slash + 1);
  }
  const auto number = [](std::string_view s, std::size_t min, std::size_t max, int& value) {
    return s.size() >= min && s.size() <= max && digits_at(s, 0, s.size(), value);
  };
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view s = segments[i];
    int year = 0;
    int month = 0;
    int day = 0;
    if (number(s, 4, 4, year) && i + 2 < segments.size() && number(segments[i + 1], 1, 2, month) &&
        number(segments[i + 2], 1, 2, day) && guessable_year(year) && valid_day(year, month, day))
      return format_date(year, month, day);
    const auto ends_here = [&s](std::size_t at) {
      return s.size() == at || s[at] == '-' || s[at] == '_' || s[at] == '.';
    };
    if (s.size() >= 8 && digits_at(s, 0, 4, year) && digits_at(s, 4, 2, month) &&
        digits_at(s, 6, 2, day) && ends_here(8) && guessable_year(year) &&
        valid_day(year, month, day))
      return format_date(year, month, day);
    if (s.size() >= 10 && digits_at(s, 0, 4, year) && s[4] == '-' && digits_at(s, 5, 2, month) &&
        s[7] == '-' && digits_at(s, 8, 2, day) && ends_here(10) && guessable_year(year) &&
        valid_day(year, month, day))
      return format_date(year, month, day);
  }
  return std::nullopt;
}

// Labels that put a date aside: an update, the page's generation, a
// retrieval. Matched lowercase (ASCII) in the few words before a date.
bool has_non_publication_label(std::string_view text) {
  static constexpr std::array<std::string_view, 22> kLabels = {
      "updated",   "update:",     "modified",    "generated",    "retrieved",  "accessed",
      "crawled",   "archived",    "last edit",   "aktualisiert", "geändert",   "mis à jour",
      "modifié",   "actualizado", "actualizada", "atualizado",   "aggiornato", "bijgewerkt",
      "обновлено", "обновлён",    "更新",        "uppdaterad"};
  const std::string lower = lower_ascii(text);
  return std::any_of(kLabels.begin(), kLabels.end(),
                     [&lower](std::string_view label) { return contains(lower, label); });
}

// ------------------------------------------------------------ titles

// Separators between a headline and the site's name in <title>.
constexpr std::array<std::string_view, 9> kTitleSeparators = {
    " | ",        " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 ",
    " \xC2\xBB ", ": "};

// A title part names the site: it is one of the site's stated names, or the
// domain's label written readably ("Al Jazeera", "BBC News" for bbc.co.uk).
bool names_site(std::string_view part, const std::vector<std::string>& site_names,
                std::string_view label) {
  if (part.empty())
    return false;
  for (const std::string& name : site_names) {
    if (same_name(part, name))
      return true;
  }
  if (label.empty() || word_count(part) > 4)
    return false;
  const std::string l = loose(part);
  return l == label || (l.starts_with(label) && l.size() <= label.size() + 8);
}

// The title without a leading or trailing part that names the site; the
// title as it is when no part does.
std::string strip_site_name(const std::string& title, const std::vector<std::string>& site_names,
                            std::string_view label) {
  for (const std::string_view separator : kTitleSeparators) {
    // The site's name last: "Headline | BBC News".
    if (const auto at = title.rfind(separator); at != std::string::npos && separator != ": ") {
      const std::string_view head = trim_ascii(std::string_view(title).substr(0, at));
      const std::string_view tail =
          trim_ascii(std::string_view(title).substr(at + separator.size()));
      if (!head.empty() && names_site(tail, site_names, label))
        return std::string(head);
    }
    // The site's name first: "BBC News: Headline", "Al Jazeera - Headline".
    if (const auto at = title.find(separator); at != std::string::npos) {
      const std::string_view head = trim_ascii(std::string_view(title).substr(0, at));
      const std::string_view tail =
          trim_ascii(std::string_view(title).substr(at + separator.size()));
      if (!tail.empty() && names_site(head, site_names, label))
        return std::string(tail);
    }
  }
  return title;
}

// The part of a title that names the site, when one does by the domain.
std::string site_name_in_title(const std::string& title, std::string_view label) {
  if (label.empty())
    return {};
  for (const std::string_view separator : kTitleSeparators) {
    if (const auto at = title.rfind(separator); at != std::string::npos && separator != ": ") {
      const std::string_view tail =
          trim_ascii(std::string_view(title).substr(at + separator.size()));
      if (names_site(tail, {}, label))
        return std::string(tail);
    }
    if (const auto at = title.find(separator); at != std::string::npos) {
      const std::string_view head = trim_ascii(std::string_view(title).substr(0, at));
      if (names_site(head, {}, label))
        return std::string(head);
    }
  }
  return {};
}

std::string_view without_ellipsis(std::string_view s) {
  s = trim_ascii(s);
  if (s.ends_with("..."))
    s.remove_suffix(3);
  else if (s.ends_with("\xE2\x80\xA6"))
    s.remove_suffix(3);
  return trim_ascii(s);
}

// ------------------------------------------------------------ authors

constexpr std::array<std::string_view, 18> kBylineWords = {
    "by",    "von",     "par",    "por",    "di",     "door",       "av",   "af",    "przez",
    "autor", "autorin", "auteur", "author", "autore", "written by", "text", "texto", "yazan"};

// "By Jane Doe" -> "Jane Doe". `visible`: a line of the page's text, which
// must start with a byline word; in a structured field ("Di Maio") only
// "By " or a word with a colon ("Autor:") is one.
std::optional<std::string_view> strip_byline_word(std::string_view line, bool visible) {
  const std::string lower = lower_ascii(line.substr(0, 16));
  for (const std::string_view word : kBylineWords) {
    if (!lower.starts_with(word) || line.size() <= word.size())
      continue;
    std::size_t i = word.size();
    if (line[i] == ':') {
      ++i;
    } else if (line[i] != ' ' || (!visible && word != "by")) {
      continue;
    }
    std::string_view rest = trim_ascii(line.substr(i));
    if (rest.starts_with(":"))
      rest = trim_ascii(rest.substr(1));
    return rest;
  }
  if (visible)
    return std::nullopt;
  return line;
}

bool is_name_word(std::string_view word) {
  static constexpr std::array<std::string_view, 16> kParticles = {
      "van", "von", "de", "da", "del", "der", "den", "di",
      "du",  "la",  "le", "al", "bin", "ibn", "ter", "dos"};
  if (std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end())
    return true;
  const auto d = utf8::decode(word, 0);
  const auto cp = static_cast<UChar32>(d.code_point);
  // Capitalised, or a letter of a script without case.
  return u_isupper(cp) || u_istitle(cp) || (u_isalpha(cp) && !u_hasBinaryProperty(cp, UCHAR_CASED));
}

bool looks_like_name(std::string_view name) {
  if (name.empty() || word_count(name) > 5)
    return false;
  std::size_t start = 0;
  while (start < name.size()) {
    const std::size_t end = std::min(name.find(' ', start), name.size());
    if (!is_name_word(name.substr(start, end - start)))
      return false;
    start = end + 1;
  }
  return true;
}

// Separators between authors' names.
constexpr std::array<std::string_view, 16> kAuthorSeparators = {
    ",",    ";",   " | ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " and ", " & ", " und ",
    " et ", " y ", " e ", " en ",       " og ",           " och ", " i ", " ve "};

// The names in one author string: "By Jane Doe and John Roe, BBC News" ->
// {"Jane Doe", "John Roe"} (when "BBC News" is the source). `visible`: a
// line of the page's text, held to a stricter standard (every part must look
// like a name, "in London" goes).
std::vector<std::string> split_authors(std::string_view raw, std::string_view source,
                                       bool visible) {
  std::vector<std::string> names;
  const std::string text = clean_field(raw);
  if (text.empty() || text.size() > 300)
    return names;
  const auto body = strip_byline_word(text, visible);
  if (!body)
    return names;
  std::vector<std::string> parts{std::string(*body)};
  for (const std::string_view separator : kAuthorSeparators) {
    std::vector<std::string> next;
    for (const std::string& part : parts) {
      std::size_t start = 0;
      while (true) {
        const std::size_t at = part.find(separator, start);
        next.push_back(
            part.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos)
          break;
        start = at + separator.size();
      }
    }
    parts = std::move(next);
  }
  for (std::string& part : parts) {
    std::string_view name = trim_ascii(part);
    if (visible) {
      if (const auto in = name.find(" in "); in != std::string_view::npos)
        name = name.substr(0, in);
      name = trim_ascii(name);
    }
    const std::string lower = lower_ascii(name);
    if (name.empty() || name.size() > 80 || word_count(name) > 6 || has_digit(name) ||
        contains(lower, "http") || contains(lower, "www.") || contains(name, "@") ||
        contains(name, "/") || (!source.empty() && same_name(name, source)))
      continue;
    if (visible && !looks_like_name(name))
      continue;
    std::string value(name);
    if (std::find(names.begin(), names.end(), value) == names.end())
      names.push_back(std::move(value));
  }
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty())
      out += ", ";
    out += name;
  }
  return out;
}

// ------------------------------------------------------------ the tree

bool is_element(const HtmlNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

GumboTag tag_of(const HtmlNode* node) {
  return node->v.element.tag;
}

std::string attribute(const HtmlNode* node, const char* name) {
  const char* value = html_attribute(node, name);
  return value != nullptr ? std::string(trim_ascii(value)) : std::string();
}

// Space-separated tokens of an attribute ("rel", "itemprop"), lowercase.
bool has_token(const HtmlNode* node, const char* name, std::string_view token) {
  const std::string value = lower_ascii(attribute(node, name));
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find_first_of(" \t\n\r\f", start);
    if (end == std::string::npos)
      end = value.size();
    if (std::string_view(value).substr(start, end - start) == token)
      return true;
    start = end + 1;
  }
  return false;
}

// The text of a node, or empty when it is longer than a field can be
// (the node is then not the headline or name looked for).
std::string field_text(const HtmlNode* node) {
  return clean_field(html_text_content(node));
}

// The raw text of a <script> element.
std::string script_text(const HtmlNode* node) {
  std::string text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
        child->type == GUMBO_NODE_CDATA)
      text += child->v.text.text;
    if (text.size() > kMaxJsonLdBytes)
      return {};
  }
  return text;
}

// The text just before a node among its siblings (what labels it:
// "Updated: <time>"), at most 60 bytes.
std::string preceding_text(const HtmlNode* node) {
  const GumboNode* parent = node->parent;
  if (parent == nullptr || !is_element(parent))
    return {};
  std::string text;
  const GumboVector& siblings = parent->v.element.children;
  for (std::size_t i = node->index_within_parent; i-- > 0 && text.size() < 60;) {
    const auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
    if (sibling->type == GUMBO_NODE_TEXT || sibling->type == GUMBO_NODE_WHITESPACE) {
      text.insert(0, sibling->v.text.text);
    } else {
      break;  // another element: a label further away is not this node's
    }
  }
  return text.size() > 60 ? text.substr(text.size() - 60) : text;
}

struct MetaTag {
  std::string key;  // name, property, itemprop or http-equiv, lowercase
  std::string content;
};

struct TimeCandidate {
  std::string value;
  bool pubdate = false;  // pubdate attribute, or a class/itemprop that says published
};

struct PageFacts {
  std::string html_lang;
  std::vector<MetaTag> metas;
  std::string canonical;
  std::vector<JsonLdObject> json_ld;
  std::size_t json_ld_blocks = 0;
  std::string title_element;
  const HtmlNode* h1_first = nullptr;
  const HtmlNode* h1_in_article = nullptr;
  const HtmlNode* first_article = nullptr;
  std::vector<TimeCandidate> times;
  std::vector<std::string> itemprop_dates;
  std::vector<std::string> itemprop_headlines;
  std::vector<std::string> itemprop_authors;
  std::vector<std::string> rel_authors;
};

enum Context : unsigned {
  kInArticle = 1,  // <article>, <main>, an element typed as an article
  kInChrome = 4,   // <nav>, <aside>, <footer>: not the article's
  kInSvg = 8,      // <svg>: its <title> is not the page's
  kInAuthor = 16,  // inside an itemprop=author element
};

void collect(const HtmlTree& tree, PageFacts& facts) {
  facts.html_lang = attribute(tree.root(), "lang");
  struct Entry {
    const HtmlNode* node;
    unsigned context;
    std::size_t author_index;  // for kInAuthor: its entry in itemprop_authors
  };
  std::vector<Entry> stack{{tree.root(), 0, 0}};
  std::vector<bool> author_named;  // per itemprop_authors entry: an itemprop=name was seen
  while (!stack.empty()) {
    const Entry entry = stack.back();
    stack.pop_back();
    const HtmlNode* node = entry.node;
    if (!is_element(node))
      continue;
    unsigned context = entry.context;
    std::size_t author_index = entry.author_index;
    const GumboTag tag = tag_of(node);
    switch (tag) {
      case GUMBO_TAG_META: {
        if (facts.metas.size() >= kMaxMetaTags)
          break;
        std::string content = attribute(node, "content");
        if (content.empty())
          break;
        // <meta itemprop=name> inside an itemprop=author element is its name.
        if ((context & kInAuthor) != 0 && has_token(node, "itemprop", "name") &&
            !author_named[author_index]) {
          facts.itemprop_authors[author_index] = clean_field(content);
          author_named[author_index] = true;
        }
        for (const char* key_attribute : {"property", "name", "itemprop", "http-equiv"}) {
          std::string key = lower_ascii(attribute(node, key_attribute));
          if (!key.empty())
            facts.metas.push_back({std::move(key), content});
        }
        continue;
      }
      case GUMBO_TAG_LINK:
        if (has_token(node, "rel", "canonical") && facts.canonical.empty())
          facts.canonical = attribute(node, "href");
        continue;
      case GUMBO_TAG_SCRIPT:
        if (lower_ascii(attribute(node, "type")) == "application/ld+json" &&
            facts.json_ld_blocks < kMaxJsonLdBlocks) {
          ++facts.json_ld_blocks;
          const std::string text = script_text(node);
          auto objects = parse_json_ld(text);
          facts.json_ld.insert(facts.json_ld.end(), std::make_move_iterator(objects.begin()),
                               std::make_move_iterator(objects.end()));
        }
        continue;
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_NOSCRIPT:
      case GUMBO_TAG_TEMPLATE:
        continue;
      case GUMBO_TAG_TITLE:
        if ((context & kInSvg) == 0 && facts.title_element.empty())
          facts.title_element = field_text(node);
        continue;
      case GUMBO_TAG_SVG:
        context |= kInSvg;
        break;
      case GUMBO_TAG_ARTICLE:
      case GUMBO_TAG_MAIN:
        if ((context & kInChrome) == 0) {
          context |= kInArticle;
          if (facts.first_article == nullptr)
            facts.first_article = node;
        }
        break;
      case GUMBO_TAG_NAV:
      case GUMBO_TAG_ASIDE:
      case GUMBO_TAG_FOOTER:
        context |= kInChrome;
        context &= ~static_cast<unsigned>(kInArticle);
        break;
      case GUMBO_TAG_H1:
        if ((context & kInChrome) == 0) {
          if (facts.h1_first == nullptr)
            facts.h1_first = node;
          if ((context & kInArticle) != 0 && facts.h1_in_article == nullptr)
            facts.h1_in_article = node;
        }
        break;
      case GUMBO_TAG_TIME:
        if ((context & kInChrome) == 0 && facts.times.size() < kMaxElementsRead) {
          const std::string value = attribute(node, "datetime");
          const std::string itemprop = lower_ascii(attribute(node, "itemprop"));
          const std::string cls = lower_ascii(attribute(node, "class"));
          const bool labelled_update = contains(itemprop, "modified") || contains(cls, "update") ||
                                       contains(cls, "modif") ||
                                       has_non_publication_label(preceding_text(node));
          const bool pubdate = html_attribute(node, "pubdate") != nullptr ||
                               contains(cls, "publish") || contains(cls, "pubdate");
          if (!value.empty() && !labelled_update && (pubdate || (context & kInArticle) != 0))
            facts.times.push_back({value, pubdate});
        }
        break;
      case GUMBO_TAG_A:
        if (has_token(node, "rel", "author") && facts.rel_authors.size() < kMaxElementsRead &&
            (context & kInChrome) == 0) {
          if (std::string name = field_text(node); !name.empty())
            facts.rel_authors.push_back(std::move(name));
        }
        break;
      default:
        break;
    }
    // Microdata on any element.
    if (const char* itemtype = html_attribute(node, "itemtype");
        itemtype != nullptr && (context & kInChrome) == 0 &&
        (contains(itemtype, "Article") || contains(itemtype, "BlogPosting")))
      context |= kInArticle;
    if (html_attribute(node, "itemprop") != nullptr) {
      if (has_token(node, "itemprop", "datepublished") &&
          facts.itemprop_dates.size() < kMaxElementsRead) {
        std::string value = attribute(node, "datetime");
        if (value.empty())
          value = attribute(node, "content");
        if (value.empty())
          value = field_text(node);
        if (!value.empty())
          facts.itemprop_dates.push_back(std::move(value));
      }
      if (has_token(node, "itemprop", "headline") &&
          facts.itemprop_headlines.size() < kMaxElementsRead) {
        if (std::string text = field_text(node); !text.empty())
          facts.itemprop_headlines.push_back(std::move(text));
      }
      if (has_token(node, "itemprop", "author") &&
          facts.itemprop_authors.size() < kMaxElementsRead) {
        std::string text = tag == GUMBO_TAG_META ? attribute(node, "content") : field_text(node);
        facts.itemprop_authors.push_back(std::move(text));
        author_named.push_back(false);
        context |= kInAuthor;
        author_index = facts.itemprop_authors.size() - 1;
      } else if ((context & kInAuthor) != 0 && has_token(node, "itemprop", "name") &&
                 !author_named[author_index]) {
        facts.itemprop_authors[author_index] = field_text(node);
        author_named[author_index] = true;
      }
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE)
        stack.push_back({child, context, author_index});
    }
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TIME:
      return true;
    default:
      return false;
  }
}

// The visible text that follows `after` in document order (or, when
// `after` is null, that begins `inside`), line broken at block elements, at
// most kNearHeadlineBytes.
std::string text_near(const HtmlTree& tree, const HtmlNode* after, const HtmlNode* inside) {
  std::string text;
  const HtmlNode* start = after != nullptr ? tree.body() : inside;
  if (start == nullptr)
    return text;
  struct Entry {
    const HtmlNode* node;
    bool closing;
  };
  std::vector<Entry> stack{{start, false}};
  bool collecting = after == nullptr;
  while (!stack.empty() && text.size() < kNearHeadlineBytes) {
    const Entry entry = stack.back();
    stack.pop_back();
    const HtmlNode* node = entry.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
      if (collecting)
        text += node->v.text.text;
      continue;
    }
    if (!is_element(node))
      continue;
    if (collecting && is_block(tag_of(node)) && !text.empty() && text.back() != '\n')
      text += '\n';
    if (entry.closing)
      continue;
    if (node == after) {
      collecting = true;  // what follows the headline, not the headline
      continue;
    }
    switch (tag_of(node)) {
      case GUMBO_TAG_SCRIPT:
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_NOSCRIPT:
      case GUMBO_TAG_TEMPLATE:
        continue;
      default:
        break;
    }
    stack.push_back({node, true});
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
  }
  if (text.size() > kNearHeadlineBytes) {
    std::size_t end = kNearHeadlineBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    text.resize(end);
  }
  return text;
}

// The first date written in `text` that no label before it (on its line,
// since the previous date) marks as an update or a retrieval.
std::optional<std::string> text_date(std::string_view text) {
  std::size_t previous_end = 0;
  for (const LocalizedDate& found : find_localized_dates(text)) {
    std::size_t line_start = text.rfind('\n', found.begin);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    const std::size_t from = std::max(line_start, previous_end);
    previous_end = found.end;
    if (has_non_publication_label(text.substr(from, found.begin - from)))
      continue;
    return found.date;
  }
  return std::nullopt;
}

// The names in the first "By ..." line of `text`.
std::vector<std::string> text_authors(std::string_view text, std::string_view source) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    const std::string line = normalize_whitespace(text.substr(begin, end - begin));
    if (strip_byline_word(line, true)) {
      auto names = split_authors(line, source, /*visible=*/true);
      if (!names.empty())
        return names;
    }
    begin = end + 1;
  }
  return {};
}

// ------------------------------------------------------------ fields

const std::string* meta(const PageFacts& facts, std::string_view key) {
  for (const MetaTag& tag : facts.metas) {
    if (tag.key == key)
      return &tag.content;
  }
  return nullptr;
}

std::string meta_field(const PageFacts& facts, std::string_view key) {
  const std::string* value = meta(facts, key);
  return value != nullptr ? clean_field(*value) : std::string();
}

// The article the page is about: the least nested article object, the
// first of those; else the least nested page object.
const JsonLdObject* main_object(const PageFacts& facts, JsonLdObject::Kind kind) {
  const JsonLdObject* best = nullptr;
  for (const JsonLdObject& object : facts.json_ld) {
    if (object.kind == kind && (best == nullptr || object.depth < best->depth))
      best = &object;
  }
  return best;
}

}  // namespace

std::string language_code(std::string_view value) {
  value = trim_ascii(value);
  value = value.substr(0, value.find_first_of(",;"));
  value = trim_ascii(value);
  const std::string primary = lower_ascii(value.substr(0, value.find_first_of("-_")));
  if (primary.size() != 2 ||
      !std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return {};
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kRenamed = {
      {{"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"jw", "jv"}}};
  for (const auto& [old_code, current] : kRenamed) {
    if (primary == old_code)
      return std::string(current);
  }
  return primary;
}

PageMetadata extract_page_metadata(const HtmlTree& tree, std::string_view page_url) {
  PageFacts facts;
  collect(tree, facts);
  PageMetadata out;

  const JsonLdObject* article = main_object(facts, JsonLdObject::Kind::article);
  const JsonLdObject* page = main_object(facts, JsonLdObject::Kind::web_page);
  const JsonLdObject* site = main_object(facts, JsonLdObject::Kind::web_site);
  // Fields of the article, else of the page object.
  const auto json_ld_field = [&](std::string JsonLdObject::*field) {
    for (const JsonLdObject* object : {article, page}) {
      if (object != nullptr) {
        if (std::string value = clean_field(object->*field); !value.empty())
          return value;
      }
    }
    return std::string();
  };

  // url
  const std::string page_url_http =
      is_http(trim_ascii(page_url)) ? std::string(trim_ascii(page_url)) : "";
  for (const std::string& candidate :
       {facts.canonical, meta_field(facts, "og:url"), json_ld_field(&JsonLdObject::url)}) {
    if (out.url.empty() && !candidate.empty())
      out.url = resolve_url(candidate, page_url_http);
  }
  if (out.url.empty())
    out.url = page_url_http;
  const std::string label = domain_label(out.url);

  // source
  std::vector<std::string> site_names;
  for (const std::string& candidate :
       {json_ld_field(&JsonLdObject::publisher), meta_field(facts, "og:site_name"),
        site != nullptr ? clean_field(site->name) : std::string(),
        meta_field(facts, "application-name")}) {
    if (!candidate.empty() && candidate.size() <= 120 && !is_http(candidate)) {
      if (out.source.empty())
        out.source = candidate;
      site_names.push_back(candidate);
    }
  }
  const std::string og_title = meta_field(facts, "og:title");
  if (out.source.empty()) {
    for (const std::string* title : {&std::as_const(facts.title_element), &og_title}) {
      if (out.source.empty())
        out.source = site_name_in_title(*title, label);
    }
  }
  if (out.source.empty())
    out.source = bare_domain(out.url);
  if (out.source.empty() && out.url.empty()) {
    std::string handle = meta_field(facts, "twitter:site");
    if (handle.starts_with("@") && handle.size() > 1 && word_count(handle) == 1)
      out.source = handle.substr(1);
  }

  // title
  const std::string h1_text =
      field_text(facts.h1_in_article != nullptr ? facts.h1_in_article : facts.h1_first);
  const bool h1_is_site = std::any_of(site_names.begin(), site_names.end(),
                                      [&](const auto& name) { return same_name(name, h1_text); });
  const std::string h1 = h1_is_site ? std::string() : h1_text;
  const auto strip = [&](const std::string& title) {
    return strip_site_name(title, site_names, label);
  };
  for (const std::string& candidate :
       {article != nullptr ? clean_field(article->headline) : std::string(), strip(og_title),
        facts.itemprop_headlines.empty() ? std::string() : facts.itemprop_headlines.front(), h1,
        strip(meta_field(facts, "twitter:title")), strip(facts.title_element)}) {
    if (out.title.empty() && !candidate.empty() &&
        !std::any_of(site_names.begin(), site_names.end(),
                     [&](const auto& name) { return same_name(name, candidate); }))
      out.title = candidate;
  }
  // A headline cut short for a search engine's limit: the <h1> is whole.
  if (!h1.empty() && out.title != h1) {
    const std::string_view shortened = without_ellipsis(out.title);
    if (!shortened.empty() && h1.starts_with(shortened))
      out.title = h1;
  }

  // date
  std::string text_after_headline;
  {
    std::vector<std::string> structured;
    structured.push_back(json_ld_field(&JsonLdObject::date_published));
    static constexpr std::array<std::string_view, 20> kDateKeys = {"article:published_time",
                                                                   "og:published_time",
                                                                   "og:article:published_time",
                                                                   "datepublished",
                                                                   "parsely-pub-date",
                                                                   "sailthru.date",
                                                                   "dc.date.issued",
                                                                   "dcterms.issued",
                                                                   "dcterms.created",
                                                                   "dc.date.created",
                                                                   "article.published",
                                                                   "pubdate",
                                                                   "publishdate",
                                                                   "publish-date",
                                                                   "publish_date",
                                                                   "date",
                                                                   "dc.date",
                                                                   "dcterms.date",
                                                                   "citation_publication_date",
                                                                   "citation_date"};
    for (const std::string_view key : kDateKeys)
      structured.push_back(meta_field(facts, key));
    structured.insert(structured.end(), facts.itemprop_dates.begin(), facts.itemprop_dates.end());
    // <time pubdate> before other <time>s of the article.
    for (const bool want_pubdate : {true, false}) {
      for (const TimeCandidate& time : facts.times) {
        if (time.pubdate == want_pubdate)
          structured.push_back(time.value);
      }
    }
    for (const std::string& value : structured) {
      if (value.empty())
        continue;
      if (auto date = structured_date(value)) {
        out.date = std::move(*date);
        break;
      }
    }
    if (out.date.empty()) {
      for (const std::string& url : {out.url, page_url_http}) {
        if (auto date = url_date(url); date && out.date.empty())
          out.date = std::move(*date);
      }
    }
    const HtmlNode* headline =
        facts.h1_in_article != nullptr ? facts.h1_in_article : facts.h1_first;
    text_after_headline =
        text_near(tree, headline, headline == nullptr ? facts.first_article : nullptr);
    if (out.date.empty()) {
      if (auto date = text_date(text_after_headline))
        out.date = std::move(*date);
    }
  }

  // author
  {
    std::vector<std::string> names;
    if (article != nullptr) {
      for (const std::string& author : article->authors) {
        for (std::string& name : split_authors(author, out.source, false)) {
          if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(std::move(name));
        }
      }
    }
    const auto add_all = [&](const std::vector<std::string>& raw) {
      for (const std::string& value : raw) {
        if (!names.empty())
          return;
        names = split_authors(value, out.source, false);
      }
    };
    for (const std::string_view key : {"author", "article:author", "parsely-author",
                                       "sailthru.author", "byl", "dc.creator", "dcterms.creator"}) {
      if (names.empty())
        add_all({meta_field(facts, key)});
    }
    add_all(facts.itemprop_authors);
    add_all(facts.rel_authors);
    if (names.empty())
      names = text_authors(text_after_headline, out.source);
    // The site's own name is not an author ("By Jane Doe, BBC News").
    std::erase_if(names, [&](const std::string& name) {
      return loose(name) == label ||
             std::any_of(site_names.begin(), site_names.end(),
                         [&](const std::string& site) { return same_name(site, name); });
    });
    out.author = join(names);
  }

  // lang
  for (const std::string& candidate :
       {facts.html_lang, meta_field(facts, "content-language"), meta_field(facts, "og:locale"),
        json_ld_field(&JsonLdObject::in_language)}) {
    if (out.lang.empty())
      out.lang = language_code(candidate);
  }

  // article_body: kept as the page gives it (paragraph breaks matter).
  if (article != nullptr)
    out.article_body = std::string(trim_ascii(article->article_body));
  return out;
}

}  // namespace byline::detail
