#include "indexer/text_chrome.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <unordered_map>

#include "engine/utf8.hpp"
#include "indexer/localized_dates.hpp"
#include "indexer/metadata.hpp"

namespace byline::detail {

namespace {

// ------------------------------------------------------------------ lexicon
//
// Small on purpose: the words a page's interface is written in, in the
// languages of the news byline indexes most. A word here is evidence, never
// a verdict: one of them in a long sentence is article text.

// Words of the page's interface: buttons, widgets, notices (case-folded).
constexpr std::string_view kInterfaceWords[] = {
    // English
    "share", "tweet", "retweet", "facebook", "twitter", "whatsapp", "linkedin", "pinterest",
    "reddit", "instagram", "telegram", "email", "e-mail", "print", "comment", "comments",
    "subscribe", "subscription", "subscribers", "newsletter", "newsletters", "cookie", "cookies",
    "advertisement", "advert", "ads", "sponsored", "caption", "related", "homepage", "login",
    "logout", "sign-in", "sign-up", "signup", "username", "password", "profile", "menu",
    "navigation", "search", "alerts", "notifications", "settings", "submit", "gallery", "galleries",
    "multimedia", "podcast", "podcasts", "app", "download", "premium", "button", "icon", "url",
    "browser", "javascript", "bookmark", "feedback", "rss", "messenger", "x.com", "bluesky",
    "mastodon", "flipboard", "xing",
    // German
    "teilen", "kommentar", "kommentare", "kommentieren", "abonnieren", "abo", "anzeige", "werbung",
    "startseite", "anmelden", "registrieren", "drucken", "versenden", "merken", "empfehlen",
    "bildergalerie", "mediathek",
    // French
    "partager", "commentaire", "commentaires", "abonner", "abonnez-vous", "abonnés", "publicité",
    "accueil", "imprimer", "envoyer", "connexion", "inscription", "réagir",
    // Spanish
    "compartir", "comentario", "comentarios", "comentar", "suscríbete", "suscribirse",
    "suscripción", "publicidad", "portada", "imprimir", "enviar", "registrarse",
    // Italian, Portuguese, Dutch
    "condividi", "commenti", "commenta", "iscriviti", "pubblicità", "compartilhar", "compartilhe",
    "comentários", "assine", "publicidade", "delen", "reacties", "abonneren", "advertentie"};

// Words that address the reader: pages talk to their readers, articles
// report (quotes do too, hence only evidence alongside interface words).
constexpr std::string_view kAddressWords[] = {"you",   "your",     "yours",   "you're", "please",
                                              "click", "clicking", "tap",     "vous",   "votre",
                                              "vos",   "cliquez",  "klicken", "pulse"};

// Phrases that open chrome lines: "Read more: ...", "Teilen", "Lire aussi".
constexpr std::string_view kInterfacePhrases[] = {
    // English
    "read more", "read also", "also read", "see also", "more on this", "more from", "most read",
    "most popular", "most viewed", "most shared", "related", "recommended", "you may also like",
    "you might also like", "sign up", "sign in", "log in", "log out", "subscribe", "share this",
    "share on", "share via", "follow us", "like us", "click here", "skip to", "jump to",
    "back to top", "back to homepage", "back to home", "advertisement", "sponsored", "cookie",
    "comments", "comment on", "show comments", "view comments", "leave a comment", "newsletter",
    "download the app", "get the app", "watch:", "watch live",
    "listen:", "video:", "photos:", "gallery:", "more stories", "top stories", "trending",
    "editor's picks", "topics:", "tags:", "filed under", "click the", "tap the", "print this",
    "email this", "continue reading", "copy link", "link kopieren", "copier le lien",
    "copiar enlace", "se connecter", "mon compte", "iniciar sesión", "mi cuenta",
    // German
    "lesen sie auch", "lesen sie mehr", "mehr zum thema", "mehr zu", "mehr lesen", "weiterlesen",
    "auch interessant", "teilen", "kommentare", "kommentieren", "anzeige", "werbung",
    "zur startseite", "jetzt abonnieren", "artikel teilen", "artikel verschenken", "merken",
    "zum thema", "themen:",
    // French
    "lire aussi", "à lire aussi", "lire la suite", "voir aussi", "partager", "commentaires",
    "réagir", "abonnez-vous", "s'abonner", "publicité", "suivez-nous", "sur le même sujet",
    "les plus lus", "articles liés",
    // Spanish, Italian, Portuguese, Dutch
    "leer más", "lee también", "lea también", "te puede interesar", "ver más", "compartir",
    "comentarios", "suscríbete", "publicidad", "noticias relacionadas", "lo más leído", "síguenos",
    "archivado en", "leggi anche", "condividi", "leia também", "lees ook"};

// Labels of lists of links: the lines under them are link titles.
constexpr std::string_view kListLabels[] = {"read more",
                                            "read also",
                                            "also read",
                                            "see also",
                                            "more on this",
                                            "more from",
                                            "most read",
                                            "most popular",
                                            "related",
                                            "recommended",
                                            "you may also like",
                                            "you might also like",
                                            "more stories",
                                            "top stories",
                                            "topics",
                                            "tags",
                                            "filed under",
                                            "lesen sie auch",
                                            "mehr zum thema",
                                            "mehr zu",
                                            "auch interessant",
                                            "themen",
                                            "lire aussi",
                                            "à lire aussi",
                                            "voir aussi",
                                            "sur le même sujet",
                                            "les plus lus",
                                            "articles liés",
                                            "leer más",
                                            "lee también",
                                            "lea también",
                                            "te puede interesar",
                                            "noticias relacionadas",
                                            "lo más leído",
                                            "archivado en",
                                            "leggi anche",
                                            "leia também",
                                            "lees ook"};

// Phrases that only page furniture says, at any length.
constexpr std::string_view kStrongPhrases[] = {"we use cookies",
                                               "uses cookies",
                                               "join the conversation",
                                               "comments policy",
                                               "comment policy",
                                               "click here",
                                               "sign up for",
                                               "subscribe to our",
                                               "story continues below",
                                               "to continue reading",
                                               "already a subscriber",
                                               "follow us on",
                                               "like us on",
                                               "report comment",
                                               "your homepage",
                                               "house rules",
                                               "abonnieren sie",
                                               "folgen sie uns",
                                               "bereits abonnent",
                                               "mit material von",
                                               "abonnez-vous",
                                               "suivez-nous",
                                               "déjà abonné",
                                               "suscríbete",
                                               "síguenos",
                                               "ya eres suscriptor",
                                               "all rights reserved",
                                               "alle rechte vorbehalten",
                                               "tous droits réservés"};

// How captions and credits begin: "Image source, Reuters", "Photo: AP".
constexpr std::string_view kCaptionOpenings[] = {
    "image source",  "image caption", "media caption", "image copyright", "photo:",
    "photo :",       "photos:",       "(photo",        "[photo",          "photograph:",
    "photograph by", "foto:",         "fotos:",        "bild:",           "bildquelle",
    "picture:",      "pictured:",     "caption:",      "credit:",         "credits:",
    "illustration:", "(video",        "getty images",  "ap photo",        "legende:",
    "légende :"};

// Where a credit starts inside a caption: "... in Paris.Credit: AFP".
constexpr std::string_view kCreditMarkers[] = {
    "credit:", "photo:",   "photograph:", "foto:",  "bild:",
    "image:",  "picture:", "\xC2\xA9",    "photo :"};

// Photo agencies and credit words: "(Raqqa media centre, AP)", "(Getty Images)".
constexpr std::string_view kAgencies[] = {"ap",           "afp",
                                          "reuters",      "getty",
                                          "images",       "epa",
                                          "dpa",          "pa",
                                          "photo",        "bloomberg",
                                          "xinhua",       "anadolu",
                                          "efe",          "ansa",
                                          "file",         "keystone",
                                          "shutterstock", "imago",
                                          "sipa",         "ap/",
                                          "afp/",         "picture-alliance",
                                          "handout"};

// Words that open bylines: "By Jane Doe", "Von Max Muster", "Par Jean Dupont".
constexpr std::string_view kBylineWords[] = {"by", "von", "par", "por", "door", "di", "av", "af"};
constexpr std::string_view kBylineOpenings[] = {"reporting by",         "writing by",  "editing by",
                                                "additional reporting", "compiled by", "avec afp",
                                                "con información de",   "mit material"};

// Lines that announce the page's own dates: "Published", "Updated 10:32".
constexpr std::string_view kStampWords[] = {
    "published", "updated",     "posted",    "modified",   "aktualisiert", "veröffentlicht",
    "publié",    "actualizado", "publicado", "pubblicato", "stand:",       "ago"};

// Frequent function words of the same languages. Article prose is full of
// them, lists of links and buttons are not (jusText's stop-word density).
constexpr std::string_view kFunctionWords[] = {
    // English
    "the", "a", "an", "of", "to", "in", "and", "is", "was", "that", "for", "on", "with", "as", "by",
    "at", "from", "has", "have", "had", "it", "its", "be", "are", "were", "this", "which", "who",
    "not", "but", "or", "he", "she", "they", "their", "his", "her", "will", "would", "been",
    "there", "after", "into", "than", "about", "said", "we", "our", "also", "more",
    // German
    "der", "die", "das", "und", "zu", "den", "von", "mit", "ist", "im", "für", "auf", "dem",
    "nicht", "ein", "eine", "des", "sich", "es", "als", "auch", "sie", "er", "wird", "hat", "dass",
    "bei", "nach", "wie", "aus", "noch", "war", "einen", "einer", "sei",
    // French
    "le", "la", "les", "de", "des", "et", "à", "en", "un", "une", "du", "que", "qui", "dans",
    "pour", "pas", "sur", "au", "par", "est", "il", "elle", "a", "ont", "ce", "se", "sont", "plus",
    "ne", "aux", "son", "sa", "été",
    // Spanish
    "el", "los", "las", "del", "y", "que", "por", "con", "para", "una", "es", "al", "lo", "su",
    "sus", "como", "más", "pero", "fue", "ha", "han", "este", "esta",
    // Italian, Portuguese, Dutch
    "il", "di", "che", "non", "è", "della", "per", "o", "os", "as", "do", "da", "em", "um", "uma",
    "não", "no", "na", "het", "een", "van", "op", "te", "voor", "zijn", "dat", "niet", "werd",
    "ook"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// ------------------------------------------------------------------ strings

bool is_space(char32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
}

bool is_alnum(char32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return u_isalnum(static_cast<UChar32>(cp)) != 0;
}

// The start of the code point that ends just before `end`.
std::size_t previous_start(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
    --start;
  return start;
}

// The last code point of `text`, which must not be empty.
char32_t last_code_point(std::string_view text, std::size_t& start) {
  start = previous_start(text, text.size());
  const auto d = utf8::decode(text, start);
  return (start + d.length == text.size()) ? d.code_point : utf8::kReplacement;
}

// `text` without the characters at either end for which `drop` holds.
template <typename Drop>
std::string_view strip(std::string_view text, Drop drop) {
  while (!text.empty()) {
    const auto d = utf8::decode(text, 0);
    if (!drop(d.code_point))
      break;
    text.remove_prefix(d.length);
  }
  while (!text.empty()) {
    std::size_t start = 0;
    if (!drop(last_code_point(text, start)))
      break;
    text = text.substr(0, start);
  }
  return text;
}

std::string_view trim(std::string_view text) {
  return strip(text, is_space);
}

std::string fold(std::string_view text) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

bool is_boundary_before(std::string_view text, std::size_t at) {
  if (at == 0)
    return true;
  std::size_t start = 0;
  return !is_alnum(last_code_point(text.substr(0, at), start));
}

bool is_boundary_after(std::string_view text, std::size_t at) {
  return at >= text.size() || !is_alnum(utf8::decode(text, at).code_point);
}

// `phrase` in `text` as whole words (a phrase ending in ':' ends itself).
bool has_phrase(std::string_view text, std::string_view phrase) {
  for (std::size_t at = text.find(phrase); at != std::string_view::npos;
       at = text.find(phrase, at + 1)) {
    if (is_boundary_before(text, at) &&
        (phrase.back() == ':' || is_boundary_after(text, at + phrase.size())))
      return true;
  }
  return false;
}

bool opens_with(std::string_view text, std::string_view phrase) {
  return text.starts_with(phrase) &&
         (phrase.back() == ':' || is_boundary_after(text, phrase.size()));
}

bool is_separator_token(std::string_view token) {
  static constexpr std::string_view kSeparators[] = {"|",
                                                     "\xC2\xB7",
                                                     "\xE2\x80\xA2",
                                                     "\xC2\xBB",
                                                     "\xE2\x80\xBA",
                                                     "\xE2\x97\xA6",
                                                     "\xE2\x96\xAA",
                                                     "\xE2\x96\xBA",
                                                     "\xE2\x96\xB8",
                                                     "//",
                                                     "\xE2\x80\xA3"};
  return contains(kSeparators, token);
}

// ----------------------------------------------------------------- features

struct Features {
  std::string normalized;          // whitespace normalized
  std::string folded;              // and case folded, leading punctuation gone
  std::vector<std::string> words;  // of `folded`, without punctuation around
  std::size_t capitalised = 0;     // words that begin with a capital letter
  std::size_t letters = 0;
  std::size_t code_points = 0;
  std::size_t function_words = 0;
  std::size_t interface_words = 0;
  std::size_t address_words = 0;
  std::size_t separators = 0;
  bool ends_sentence = false;
  bool long_number = false;  // an id: ten digits or more in one run
};

bool is_closing(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0xBB || cp == 0x203A;
}

bool is_sentence_end(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 ||
         cp == 0xFF1F || cp == 0x061F || cp == 0x0964;
}

Features features_of(std::string_view line) {
  Features f;
  f.normalized = normalize_whitespace(line);
  // Bullets and dashes that open a line say nothing of it: "• Published".
  const std::string folded = fold(f.normalized);
  std::string_view rest = folded;
  while (!rest.empty()) {
    const auto d = utf8::decode(rest, 0);
    const char32_t cp = d.code_point;
    if (is_alnum(cp) || cp == '(' || cp == '[' || cp == '"' || cp == 0x201C || cp == '\'' ||
        cp == 0x2018 || cp == 0xA9)
      break;
    rest.remove_prefix(d.length);
  }
  f.folded = std::string(rest);
  for (std::size_t i = 0; i < f.normalized.size();) {
    const auto d = utf8::decode(f.normalized, i);
    i += d.length;
    ++f.code_points;
    if (u_isalpha(static_cast<UChar32>(d.code_point)))
      ++f.letters;
  }
  if (!f.normalized.empty()) {
    const std::string_view end = strip(std::string_view(f.normalized),
                                       [](char32_t cp) { return is_closing(cp) || is_space(cp); });
    std::size_t start = 0;
    f.ends_sentence = !end.empty() && is_sentence_end(last_code_point(end, start));
  }

  const auto for_each_token = [](std::string_view text, auto&& visit) {
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t j = text.find(' ', i);
      if (j == std::string_view::npos)
        j = text.size();
      if (j > i)
        visit(text.substr(i, j - i));
      i = j + 1;
    }
  };
  const auto not_word = [](char32_t cp) { return !is_alnum(cp); };
  for_each_token(f.folded, [&](std::string_view token) {
    if (is_separator_token(token)) {
      ++f.separators;
      return;
    }
    // Keep inner punctuation ("e-mail", "you're"); a possessive goes.
    std::string_view word = strip(token, not_word);
    if (word.empty())
      return;
    f.words.emplace_back(word);
    std::size_t digits = 0;
    for (const char c : word) {
      digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
      if (digits >= 10)
        f.long_number = true;
    }
    for (const std::string_view suffix : {"'s", "\xE2\x80\x99s"}) {
      if (word.ends_with(suffix))
        word.remove_suffix(suffix.size());
    }
    f.function_words += contains(kFunctionWords, word);
    f.interface_words += contains(kInterfaceWords, word);
    f.address_words += contains(kAddressWords, word);
  });
  for_each_token(f.normalized, [&](std::string_view token) {
    const std::string_view word = strip(token, not_word);
    if (!word.empty() && u_isupper(static_cast<UChar32>(utf8::decode(word, 0).code_point)))
      ++f.capitalised;
  });
  return f;
}

// A line of running prose, long enough to be a paragraph on its own.
bool is_prose(const Features& f) {
  constexpr std::size_t kMinWords = 10;
  constexpr std::size_t kMinCodePoints = 60;  // scripts written without spaces
  if (f.words.size() >= kMinWords) {
    // Without a full stop: prose if function words are frequent (not a list
    // of names) and most words are not capitalised (not a headline).
    return f.ends_sentence ||
           (f.function_words * 4 >= f.words.size() && f.capitalised * 2 <= f.words.size());
  }
  return f.code_points >= kMinCodePoints && f.words.size() <= 3 && f.ends_sentence;
}

// A complete sentence too short to stand as a paragraph on its own merit.
bool is_sentence(const Features& f) {
  return f.ends_sentence && f.words.size() >= 3;
}

// ------------------------------------------------------- one line on its own

enum class Kind {
  prose,     // article paragraph
  sentence,  // a short complete sentence
  short_line,
  weak,    // short, with an interface word: chrome unless article text surrounds it
  chrome,  // certain
};

struct Verdict {
  Kind kind = Kind::short_line;
  std::string_view reason;
};

bool is_glued_repetition(std::string_view s) {
  constexpr std::size_t kMinHalf = 3;
  const std::size_t n = s.size();
  if (n < 2 * kMinHalf)
    return false;
  if (n % 2 == 0 && s.substr(0, n / 2) == s.substr(n / 2))
    return true;
  return n % 2 == 1 && s[n / 2] == ' ' && s.substr(0, n / 2) == s.substr(n / 2 + 1);
}

bool is_caption_opening(const Features& f) {
  return std::any_of(std::begin(kCaptionOpenings), std::end(kCaptionOpenings),
                     [&](std::string_view p) { return f.folded.starts_with(p); });
}

// "Image caption," "Media caption:" alone: the caption is on the next line.
bool is_caption_label(const Features& f) {
  if (!is_caption_opening(f) || f.words.size() > 3)
    return false;
  const char last = f.folded.back();
  return last == ',' || last == ':' || f.words.size() <= 2;
}

std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ';
    if (!space && !in_word)
      ++words;
    in_word = !space;
  }
  return words;
}

bool is_agency_word(std::string_view word) {
  return contains(kAgencies, word) || word.ends_with("/getty") || word.starts_with("reuters/") ||
         word.starts_with("afp/") || word.starts_with("ap/");
}

// "... Masum in Paris.Credit: AFP", "... Photograph: Stefan Rousseau/PA",
// "... a parade in Raqqa. (Raqqa media centre, AP)", "REUTERS/Kevin Lamarque".
bool has_credit(const Features& f) {
  constexpr std::size_t kMaxCreditWords = 8;
  for (const std::string_view marker : kCreditMarkers) {
    const std::size_t at = f.folded.rfind(marker);
    if (at != std::string::npos && at > 0 &&
        word_count(std::string_view(f.folded).substr(at + marker.size())) <= kMaxCreditWords) {
      return true;
    }
  }
  if (f.folded.ends_with(")")) {
    const std::size_t open = f.folded.rfind('(');
    if (open != std::string::npos && open > 0) {
      const std::string_view group =
          std::string_view(f.folded).substr(open + 1, f.folded.size() - open - 2);
      if (word_count(group) <= kMaxCreditWords) {
        const auto inside = features_of(group);
        if (std::any_of(inside.words.begin(), inside.words.end(), is_agency_word))
          return true;
      }
    }
  }
  return std::any_of(f.words.begin(), f.words.end(), [](std::string_view w) {
    return w.starts_with("reuters/") || w.starts_with("afp/") || w.starts_with("ap/");
  });
}

template <std::size_t N>
bool opens_with_any(const Features& f, const std::string_view (&list)[N]) {
  return std::any_of(std::begin(list), std::end(list),
                     [&](std::string_view p) { return opens_with(f.folded, p); });
}

// The judgement on one line, without context; `repeats` is how often the
// line occurs in its scrape.
Verdict judge(const Features& f, std::size_t repeats) {
  const std::size_t words = f.words.size();
  if (words <= 12 && is_date_line(f.normalized))
    return {Kind::chrome, "date line"};
  if (f.letters == 0)
    return {Kind::chrome, "no letters"};
  if (repeats >= 2 || is_glued_repetition(f.normalized))
    return {Kind::chrome, "repeated"};
  if (is_caption_opening(f))
    return {Kind::chrome, "caption"};
  if (has_credit(f))
    return {Kind::chrome, "credit"};
  constexpr std::size_t kMaxShortWords = 8;
  constexpr std::size_t kMaxNoticeWords = 60;
  if (f.folded.find("\xC2\xA9") != std::string::npos && words <= 30)
    return {Kind::chrome, "copyright"};
  if (f.long_number && words <= 6)
    return {Kind::chrome, "identifier"};
  if (f.separators >= 2 || (f.separators >= 1 && words <= 6 && !f.ends_sentence))
    return {Kind::chrome, "menu"};
  if (words >= 1 && words <= 6 && !f.ends_sentence && contains(kStampWords, f.words.front()))
    return {Kind::chrome, "date line"};
  // "Madrid - 27 dic 2022 - 13:45 CET", "Publié le 14 novembre 2023 à 11h02"
  constexpr std::size_t kMaxDatelineWords = 8;
  constexpr std::size_t kMaxStampWords = 16;
  if (!f.ends_sentence &&
      (words <= kMaxDatelineWords ||
       (words <= kMaxStampWords && contains(kStampWords, f.words.front()))) &&
      !find_localized_dates(f.normalized, 1).empty()) {
    return {Kind::chrome, "date line"};
  }
  if (words <= 6 &&
      std::any_of(f.words.begin(), f.words.end(),
                  [](std::string_view w) {
                    return w == "ago" || w == "min" || w == "lesezeit" || w == "minutes" ||
                           w == "minute";
                  }) &&
      std::any_of(f.words.begin(), f.words.end(),
                  [](std::string_view w) { return w.front() >= '0' && w.front() <= '9'; })) {
    return {Kind::chrome, "date line"};
  }
  if ((opens_with_any(f, kBylineOpenings) && words <= 30) ||
      (words >= 2 && words <= 12 && !f.ends_sentence && contains(kBylineWords, f.words.front()) &&
       2 * f.capitalised >= words)) {
    return {Kind::chrome, "byline"};
  }
  for (const std::string_view label : {"source:", "sources:", "quelle:", "fuente:", "source :"}) {
    if (f.folded.starts_with(label) && words <= 10)
      return {Kind::chrome, "source line"};
  }
  if (words <= kMaxNoticeWords &&
      std::any_of(std::begin(kStrongPhrases), std::end(kStrongPhrases),
                  [&](std::string_view p) { return has_phrase(f.folded, p); })) {
    return {Kind::chrome, "interface"};
  }
  if (opens_with_any(f, kInterfacePhrases) &&
      (!f.ends_sentence || words <= kMaxShortWords ||
       f.folded.find(':') < std::min<std::size_t>(f.folded.size(), 24))) {
    return {Kind::chrome, "interface"};
  }
  if (words <= kMaxShortWords && !f.ends_sentence &&
      std::any_of(std::begin(kInterfacePhrases), std::end(kInterfacePhrases),
                  [&](std::string_view p) {
                    return p.find(' ') != std::string_view::npos && has_phrase(f.folded, p);
                  })) {
    return {Kind::chrome, "interface"};
  }
  const std::size_t ui = f.interface_words;
  const std::size_t reader = ui + f.address_words;
  if (ui > 0) {
    if (ui == words && words <= 6)
      return {Kind::chrome, "interface"};  // "Facebook Twitter Email", "Teilen"
    if (reader >= 2 && words <= 12)
      return {Kind::chrome, "interface"};  // "Make CT Your Homepage"
    if (reader >= 3 && reader * 8 >= words)
      return {Kind::chrome, "interface"};  // "Creating your profile will enable you to submit"
    if (ui >= 2 && words <= 20 && !f.ends_sentence)
      return {Kind::chrome, "interface"};
    if (words <= 12 && !is_prose(f))
      return {Kind::weak, "interface"};
  }
  if (is_prose(f))
    return {Kind::prose, {}};
  if (is_sentence(f))
    return {Kind::sentence, {}};
  return {Kind::short_line, {}};
}

// --------------------------------------------------------------- in context

struct Line {
  std::string_view text;
  bool blank = false;
  Verdict verdict;
};

bool is_menu_item(const Line& line) {
  constexpr std::size_t kMaxMenuWords = 4;
  return (line.verdict.kind == Kind::short_line || line.verdict.kind == Kind::weak) &&
         word_count(normalize_whitespace(line.text)) <= kMaxMenuWords;
}

// Runs of three or more short lines in a row are menus, not subheadings.
void mark_menus(std::vector<Line>& lines, const std::vector<std::size_t>& order) {
  constexpr std::size_t kMinRun = 3;
  std::size_t run_begin = 0;
  for (std::size_t k = 0; k <= order.size(); ++k) {
    if (k < order.size() && is_menu_item(lines[order[k]]))
      continue;
    if (k - run_begin >= kMinRun) {
      for (std::size_t m = run_begin; m < k; ++m)
        lines[order[m]].verdict = {Kind::chrome, "menu"};
    }
    run_begin = k + 1;
  }
}

bool is_adjacent(const std::vector<std::size_t>& order, std::size_t k) {
  return k + 1 < order.size() && order[k + 1] == order[k] + 1;
}

// Rules on blocks of adjacent lines (no blank line between):
// - a list label ("Read more:", "Related article", "Mehr zum Thema") is
//   followed by the titles of the links, up to the next full sentence;
// - a block of three lines or more without prose, half of it chrome, is a
//   share bar or a menu: all of it goes ("Artikel teilen / Facebook / X.com");
// - a name just above a date line is the byline ("Carlos Martín").
void mark_blocks(std::vector<Line>& lines, const std::vector<Features>& features,
                 const std::vector<std::size_t>& order) {
  constexpr std::size_t kMaxLabelWords = 4;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Line& label = lines[order[k]];
    const Features& f = features[order[k]];
    const bool list_label = label.verdict.kind == Kind::chrome && opens_with_any(f, kListLabels) &&
                            (f.words.size() <= kMaxLabelWords || f.folded.ends_with(':'));
    for (std::size_t m = k; list_label && is_adjacent(order, m); ++m) {
      // Link titles are headlines: a full sentence is the article again.
      auto& verdict = lines[order[m + 1]].verdict;
      if (features[order[m + 1]].ends_sentence)
        break;
      if (verdict.kind != Kind::chrome)
        verdict = {Kind::chrome, "related links"};
    }
  }
  constexpr std::size_t kMinBlock = 3;
  for (std::size_t k = 0; k < order.size();) {
    std::size_t end = k + 1;
    while (is_adjacent(order, end - 1))
      ++end;
    std::size_t chrome = 0;
    bool prose = false;
    for (std::size_t m = k; m < end; ++m) {
      chrome += lines[order[m]].verdict.kind == Kind::chrome;
      prose = prose || lines[order[m]].verdict.kind == Kind::prose;
    }
    if (end - k >= kMinBlock && !prose && 2 * chrome >= end - k) {
      for (std::size_t m = k; m < end; ++m) {
        if (lines[order[m]].verdict.kind != Kind::chrome)
          lines[order[m]].verdict = {Kind::chrome, "menu"};
      }
    }
    k = end;
  }
  constexpr std::size_t kMaxBylineWords = 8;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Features& f = features[order[k]];
    auto& verdict = lines[order[k]].verdict;
    if (verdict.kind != Kind::chrome && is_adjacent(order, k) &&
        lines[order[k + 1]].verdict.reason == "date line" && !f.ends_sentence &&
        f.words.size() <= kMaxBylineWords && 2 * f.capitalised >= f.words.size()) {
      verdict = {Kind::chrome, "byline"};
    }
  }
}

// The first end marker (see above) after which the scrape is mostly chrome (three
// chrome lines or more for each paragraph of prose), holds under a quarter of
// the article's prose and no two paragraphs of prose in a row: a comment
// section, a footer.
// Lines that only the end of a page has: its comment section, its legal
// footer. A list of links or a caption in the middle of the article is not.
bool is_end_marker(const Line& line, const Features& f) {
  static constexpr std::string_view kEndMarkers[] = {"comment",
                                                     "comments",
                                                     "commentary",
                                                     "join the conversation",
                                                     "kommentar",
                                                     "kommentare",
                                                     "commentaire",
                                                     "commentaires",
                                                     "comentario",
                                                     "comentarios",
                                                     "commenti",
                                                     "comentários",
                                                     "reacties",
                                                     "\xC2\xA9",
                                                     "copyright",
                                                     "all rights reserved",
                                                     "alle rechte vorbehalten",
                                                     "tous droits réservés",
                                                     "todos los derechos reservados",
                                                     "privacy",
                                                     "terms of use",
                                                     "terms of service",
                                                     "impressum",
                                                     "datenschutz",
                                                     "mentions légales",
                                                     "aviso legal",
                                                     "newsletter"};
  return line.verdict.kind == Kind::chrome &&
         std::any_of(std::begin(kEndMarkers), std::end(kEndMarkers),
                     [&](std::string_view m) { return has_phrase(f.folded, m); });
}

std::optional<std::size_t> find_chrome_tail(const std::vector<Line>& lines,
                                            const std::vector<Features>& features,
                                            const std::vector<std::size_t>& order) {
  std::size_t total_prose = 0;
  for (const std::size_t i : order) {
    if (lines[i].verdict.kind == Kind::prose)
      total_prose += lines[i].text.size();
  }
  // From the end: prose bytes, prose lines and chrome lines after each line.
  std::size_t prose_after = 0;
  std::size_t prose_lines_after = 0;
  std::size_t chrome_lines_after = 0;
  std::optional<std::size_t> tail;
  bool seen_prose_before = false;
  bool prose_run_after = false;
  std::vector<std::array<std::size_t, 4>> after(order.size());
  for (std::size_t k = order.size(); k-- > 0;) {
    after[k] = {prose_after, prose_lines_after, chrome_lines_after, prose_run_after};
    const Kind kind = lines[order[k]].verdict.kind;
    if (kind == Kind::prose && k + 1 < order.size() &&
        lines[order[k + 1]].verdict.kind == Kind::prose) {
      prose_run_after = true;
    }
    if (kind == Kind::prose) {
      prose_after += lines[order[k]].text.size();
      ++prose_lines_after;
    } else if (kind == Kind::chrome || kind == Kind::weak) {
      ++chrome_lines_after;
    }
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Kind kind = lines[order[k]].verdict.kind;
    if (kind == Kind::prose)
      seen_prose_before = true;
    if (!is_end_marker(lines[order[k]], features[order[k]]) || !seen_prose_before)
      continue;
    const auto [prose, prose_lines, chrome_lines, prose_run] = after[k];
    if (chrome_lines > 3 * prose_lines && 4 * prose < total_prose && prose_run == 0) {
      tail = k;
      break;
    }
  }
  return tail;
}

std::vector<Line> classify(std::string_view text) {
  std::vector<Line> lines;
  std::vector<Features> features;
  std::unordered_map<std::string, std::size_t> counts;
  for (std::size_t begin = 0; begin <= text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    Line line;
    line.text = text.substr(begin, end - begin);
    if (line.text.ends_with('\r'))
      line.text.remove_suffix(1);
    line.blank = trim(line.text).empty();
    features.push_back(line.blank ? Features{} : features_of(line.text));
    if (!line.blank)
      ++counts[features.back().folded];
    lines.push_back(line);
    begin = end + 1;
  }

  std::vector<std::size_t> order;  // the non-blank lines
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].blank) {
      lines[i].verdict = judge(features[i], counts[features[i].folded]);
      order.push_back(i);
    }
  }
  // The line after a caption label is the caption ("Image caption," then
  // its text), unless it is a long sentence.
  for (std::size_t k = 0; k + 1 < order.size(); ++k) {
    const auto& label = features[order[k]];
    auto& next = lines[order[k + 1]];
    constexpr std::size_t kMaxCaptionWords = 40;
    if (is_caption_label(label) && next.verdict.kind != Kind::chrome &&
        features[order[k + 1]].words.size() <= kMaxCaptionWords) {
      next.verdict = {Kind::chrome, "caption"};
    }
  }
  mark_menus(lines, order);
  mark_blocks(lines, features, order);

  if (const auto tail = find_chrome_tail(lines, features, order)) {
    for (std::size_t k = *tail + 1; k < order.size(); ++k) {
      if (lines[order[k]].verdict.kind != Kind::chrome)
        lines[order[k]].verdict = {Kind::chrome, "chrome tail"};
    }
  }

  // The article: from its first to its last paragraph of prose. With none,
  // nothing can be told apart by context: only certain chrome goes.
  std::optional<std::size_t> first;
  std::optional<std::size_t> last;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (lines[order[k]].verdict.kind == Kind::prose) {
      if (!first)
        first = k;
      last = k;
    }
  }
  if (!first) {
    for (const std::size_t i : order) {
      if (lines[i].verdict.kind == Kind::weak)
        lines[i].verdict = {Kind::chrome, "interface"};
    }
    return lines;
  }
  // Before the first and after the last paragraph, sentences next to the
  // article stay (a standfirst, a closing line); the first short line, or a
  // line that signs the article off (byline, source, copyright, date), ends
  // the article's reach, and everything beyond goes.
  const auto edge = [&](std::size_t from, bool forward, std::string_view reason) {
    bool reached = true;
    for (std::size_t k = from;;) {
      if (forward ? k + 1 >= order.size() : k == 0)
        break;
      k = forward ? k + 1 : k - 1;
      auto& verdict = lines[order[k]].verdict;
      if (verdict.kind == Kind::chrome) {
        const auto& r = verdict.reason;
        if (forward &&
            (r == "byline" || r == "source line" || r == "copyright" || r == "date line"))
          reached = false;
        continue;
      }
      if (reached && verdict.kind == Kind::sentence)
        continue;
      reached = false;
      verdict = {Kind::chrome, reason};
    }
  };
  edge(*first, false, "before the article");
  edge(*last, true, "after the article");
  // Inside: short lines are subheadings, unless chrome is on both sides;
  // lines with an interface word stay only between article lines.
  for (std::size_t k = *first + 1; k < *last; ++k) {
    auto& verdict = lines[order[k]].verdict;
    const bool chrome_before = lines[order[k - 1]].verdict.kind == Kind::chrome;
    const bool chrome_after = lines[order[k + 1]].verdict.kind == Kind::chrome;
    if (verdict.kind == Kind::weak && (chrome_before || chrome_after))
      verdict = {Kind::chrome, "between chrome"};
    else if (verdict.kind == Kind::short_line && chrome_before && chrome_after)
      verdict = {Kind::chrome, "between chrome"};
  }
  return lines;
}

}  // namespace

std::vector<ScrapeLine> classify_scrape_lines(std::string_view text) {
  std::vector<ScrapeLine> out;
  for (const auto& line : classify(text)) {
    ScrapeLine scrape;
    scrape.text = line.text;
    scrape.blank = line.blank;
    scrape.keep = !line.blank && line.verdict.kind != Kind::chrome;
    if (!line.blank && !scrape.keep)
      scrape.reason = line.verdict.reason;
    out.push_back(scrape);
  }
  return out;
}

std::string remove_chrome_lines(std::string_view text) {
  std::string out;
  std::optional<std::size_t> previous;
  const auto lines = classify(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].blank || lines[i].verdict.kind == Kind::chrome)
      continue;
    if (previous)
      out += (*previous + 1 == i) ? "\n" : "\n\n";
    out += trim(lines[i].text);
    previous = i;
  }
  return out;
}

bool is_chrome_line(std::string_view line) {
  if (trim(line).empty())
    return false;
  return judge(features_of(line), 1).kind == Kind::chrome;
}

}  // namespace byline::detail
