#include "indexer/story_features.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <unordered_set>
#include <utility>

#include "engine/varint.hpp"

namespace byline::detail {

namespace {

using WordSet = std::unordered_set<std::string_view>;

WordSet word_set(std::initializer_list<std::string_view> words) {
  return WordSet(words);
}

// Stopwords, as the analyzer writes them (case and diacritics folded).
// The short ones serve names ("In Paris": "paris"); content words shorter
// than three bytes are dropped anyway.
const WordSet& english_stopwords() {
  // clang-format off
  static const WordSet words = word_set({
      // Function words.
      "a", "an", "as", "at", "be", "by", "he", "if", "in", "is", "it", "of", "on", "or", "so",
      "to", "up", "we", "about", "above", "across", "after", "again", "against", "all", "almost",
      "along", "already", "also", "although", "always", "among", "and", "another", "any", "anyone",
      "anything", "are", "around", "because", "been", "before", "being", "below", "between",
      "both", "but", "can", "cannot", "could", "did", "does", "doing", "done", "down", "during",
      "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had",
      "has", "have", "having", "her", "here", "hers", "herself", "him", "himself", "his", "how",
      "however", "into", "its", "itself", "just", "least", "less", "like", "many", "may", "might",
      "more", "most", "much", "must", "near", "nearly", "neither", "never", "nor", "not", "now",
      "off", "often", "once", "one", "only", "onto", "other", "others", "our", "ours", "out",
      "over", "own", "per", "perhaps", "rather", "same", "she", "should", "since", "some", "still",
      "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
      "these", "they", "this", "those", "though", "through", "thus", "too", "under", "until",
      "upon", "very", "was", "way", "were", "what", "whatever", "when", "where", "whether",
      "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
      "would", "yet", "you", "your", "yours",
      // What every news article says, whatever happened.
      "according", "added", "day", "days", "last", "made", "make", "month", "months", "mrs", "new",
      "next", "said", "say", "saying", "says", "today", "told", "tomorrow", "week", "weeks",
      "year", "years", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
      "september", "october", "november", "december",
  });
  // clang-format on
  return words;
}

const WordSet& french_stopwords() {
  // clang-format off
  static const WordSet words = word_set({
      "a", "au", "ce", "de", "du", "en", "et", "il", "la", "le", "les", "ne", "on", "ou", "un",
      "ainsi", "alors", "apres", "aupres", "aussi", "autre", "autres", "aux", "avait", "avant",
      "avec", "avoir", "car", "ces", "cet", "cette", "chez", "comme", "dans", "deja", "depuis",
      "des", "donc", "dont", "elle", "elles", "encore", "entre", "est", "etait", "ete", "etre",
      "eux", "fait", "faire", "ils", "leur", "leurs", "lui", "mais", "meme", "moins", "nous",
      "ont", "par", "pas", "plus", "pour", "qui", "quoi", "sans", "selon", "sera", "seront", "ses",
      "son", "sont", "sous", "sur", "tous", "tout", "toute", "toutes", "tres", "trop", "bien",
      "peu", "une", "vers", "vous", "dit", "indique", "annee", "annees", "ans", "hier", "jour",
      "jours", "mois", "semaine", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
      "dimanche", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
      "septembre", "octobre", "novembre", "decembre",
  });
  // clang-format on
  return words;
}

const WordSet& german_stopwords() {
  // clang-format off
  static const WordSet words = word_set({
      "am", "an", "da", "er", "es", "im", "in", "ob", "so", "zu", "aber", "als", "auch", "auf",
      "aus", "bei", "bereits", "bis", "das", "dass", "dem", "den", "der", "des", "die", "diese",
      "dieser", "dieses", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "fur",
      "gegen", "habe", "haben", "hat", "hatte", "hatten", "ihm", "ihn", "ihr", "ihre", "ihrer",
      "ist", "kann", "laut", "man", "mehr", "mit", "muss", "nach", "nicht", "noch", "nur", "oder",
      "schon", "sehr", "sei", "sein", "seine", "seiner", "sich", "sie", "sind", "soll", "sowie",
      "uber", "und", "unter", "vom", "von", "vor", "war", "waren", "wie", "wieder", "wird",
      "werden", "wenn", "worden", "wurde", "wurden", "zum", "zur", "zwischen", "heute", "gestern",
      "jahr", "jahre", "jahren", "tag", "tage", "tagen", "woche", "wochen", "teilte", "viele",
      "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar",
      "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober",
      "november", "dezember",
  });
  // clang-format on
  return words;
}

const WordSet& stopwords_for(std::string_view stemmer) {
  if (stemmer == "french")
    return french_stopwords();
  if (stemmer == "german")
    return german_stopwords();
  return english_stopwords();
}

// Titles and roles that stand before a name: they end a run of capitalised
// words rather than join the name. English, French, German.
const WordSet& role_words() {
  // clang-format off
  static const WordSet words = word_set({
      "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president", "vice",
      "prime", "minister", "secretary", "undersecretary", "chancellor", "king", "queen", "prince",
      "princess", "pope", "senator", "sen", "rep", "representative", "congressman",
      "congresswoman", "governor", "gov", "mayor", "general", "gen", "colonel", "col", "captain",
      "capt", "sergeant", "lieutenant", "admiral", "ambassador", "envoy", "judge", "justice",
      "chief", "ceo", "chairman", "chairwoman", "chair", "director", "commissioner", "leader",
      "spokesman", "spokeswoman", "spokesperson", "deputy", "premier", "sheikh", "ayatollah",
      "emir", "sultan", "foreign", "defence", "defense", "interior", "finance", "supreme",
      // French.
      "monsieur", "madame", "mme", "presidente", "ministre", "premiere", "secretaire", "maire",
      "juge", "depute", "deputee", "senateur",
      // German.
      "herr", "frau", "bundeskanzler", "bundeskanzlerin", "kanzler", "kanzlerin", "prasident",
      "prasidentin", "ministerin", "ministerprasident", "ministerprasidentin", "bundesminister",
      "bundesministerin", "aussenminister", "aussenministerin", "burgermeister",
      "oberburgermeister", "spitzenkandidat", "spitzenkandidatin", "vorsitzende", "vorsitzender",
      "sprecher", "sprecherin",
  });
  // clang-format on
  return words;
}

// Lowercase words inside a name ("Bashar al-Assad", "Ursula von der
// Leyen", "Charles de Gaulle").
const WordSet& name_particles() {
  static const WordSet words = word_set({"al", "el", "bin", "ben", "ibn", "van", "von", "de", "da",
                                         "di", "du", "la", "le", "del", "della", "dos"});
  return words;
}

// Whether `word`, after `previous`, may stand inside a name. German's
// articles only after "von" or "van" ("von der Leyen"); in German, whose
// nouns are all capitalised, "von" only so ("Nähe von Garmisch" is none).
bool particle(std::string_view word, std::string_view previous, std::string_view next,
              bool german) {
  if (word == "der" || word == "den" || word == "dem")
    return previous == "von" || previous == "van";
  if (german && word == "von")
    return next == "der" || next == "den" || next == "dem";
  return name_particles().count(word) > 0;
}

// Arabic's article is written or left out at will ("Bashar al-Assad",
// "Bashar Assad"): names leave it out.
bool dropped_particle(std::string_view term) {
  return term == "al" || term == "el";
}

bool elides_articles(std::string_view stemmer) {
  return stemmer == "french" || stemmer == "italian" || stemmer == "catalan";
}

// The length of an elided article in front of a word ("l'", "qu'",
// "dell'"): a few ASCII letters and an apostrophe (straight in a term,
// either in the text); 0 when there is none.
std::size_t elision_length(std::string_view text) {
  for (std::size_t i = 1; i < text.size() && i <= 5; ++i) {
    const char c = text[i - 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      return 0;
    if (text[i] == '\'')
      return i + 1;
    if (text.substr(i).starts_with("\u2019"))
      return i + 3;
  }
  return 0;
}

struct Shape {
  std::size_t letters = 0;
  bool capitalised = false;  // begins with an upper case letter
  bool acronym = false;      // two letters or more, all upper case
};

Shape shape_of(std::string_view text) {
  Shape shape;
  std::size_t& letters = shape.letters;
  bool all_upper = true;
  bool first = true;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(text.size());
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, length, c);
    if (c < 0 || !u_isalpha(c))
      continue;
    ++letters;
    const bool upper = u_isupper(c) || u_istitle(c);
    if (first)
      shape.capitalised = upper;
    first = false;
    all_upper = all_upper && upper;
  }
  shape.acronym = letters >= 2 && all_upper;
  return shape;
}

bool is_iso_date(std::string_view term) {
  return term.size() == 10 && term[4] == '-' && term[7] == '-';
}

// One word of a text (joined forms of compounds left out), as names and
// content words need it.
struct Word {
  std::string term;  // without an elided article or a possessive
  std::string stem;
  std::string_view gap;  // the text between the previous word and this one
  Shape shape;
  bool possessive = false;  // "Italy's", "ministers'"
  bool sentence_start = false;
};

// Whether `gap` ends a sentence, or opens a quotation, before a word.
bool starts_sentence(std::string_view gap) {
  if (gap.find_first_of(".!?:;\n\"([") != std::string_view::npos)
    return true;
  for (const std::string_view mark : {"\u201c", "\u201d", "\u00ab", "\u00bb", "\u2013", "\u2014"})
    if (gap.find(mark) != std::string_view::npos)
      return true;
  return false;
}

// Whether two words separated by `gap` can be words of one name: spaces, or
// the hyphen of a compound ("Frank-Walter").
bool joins_name(std::string_view gap) {
  if (gap == "-")
    return true;
  if (gap.empty())
    return false;
  for (std::size_t i = 0; i < gap.size();) {
    if (gap[i] == ' ' || gap[i] == '\t') {
      ++i;
    } else if (gap.substr(i).starts_with("\u00a0")) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

std::vector<Word> words_of(std::string_view text, const std::vector<Token>& tokens,
                           std::size_t max_position, bool elision) {
  std::vector<Word> words;
  std::size_t previous_end = 0;
  for (const Token& token : tokens) {
    if (token.joined || token.position >= max_position)
      continue;
    Word word;
    word.term = token.term;
    word.stem = token.stem;
    std::string_view written = text.substr(token.begin, token.end - token.begin);
    if (elision) {
      if (const std::size_t n = elision_length(word.term); n > 0 && n < word.term.size())
        word.term.erase(0, n);
      if (const std::size_t n = elision_length(written); n > 0 && n < written.size())
        written.remove_prefix(n);
    }
    if (word.term.ends_with("'s") && word.term.size() > 2) {
      word.term.resize(word.term.size() - 2);
      word.possessive = true;
    } else if (word.term.ends_with('\'') && word.term.size() > 1) {
      word.term.pop_back();
      word.possessive = true;
    }
    word.shape = shape_of(written);
    word.gap = token.begin >= previous_end ? text.substr(previous_end, token.begin - previous_end)
                                           : std::string_view();
    word.sentence_start = words.empty() || starts_sentence(word.gap);
    previous_end = token.end;
    words.push_back(std::move(word));
  }
  return words;
}

// Title case ("Leaders of 30 Countries Pledge Iraq Support"): nearly every
// longer word capitalised, so capitals say nothing of names.
bool title_case(const std::vector<Word>& words) {
  std::size_t longer = 0;
  std::size_t capitalised = 0;
  for (const Word& word : words) {
    if (word.shape.letters < 4)
      continue;
    ++longer;
    capitalised += word.shape.capitalised ? 1 : 0;
  }
  return longer >= 3 && capitalised * 4 >= longer * 3;
}

// A text in capitals ("CHINA TOPIX"): no word of it is an acronym.
bool shouting(const std::vector<Word>& words) {
  std::size_t counted = 0;
  std::size_t capitals = 0;
  for (const Word& word : words) {
    if (word.shape.letters < 2)
      continue;
    ++counted;
    capitals += word.shape.acronym ? 1 : 0;
  }
  return counted >= 3 && capitals * 2 > counted;
}

void add_unique(std::vector<std::string>& names, std::string name) {
  if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
    names.push_back(std::move(name));
}

// The names of `words` (see StoryFeatures::names). With `only_acronyms`
// (a title in title case), runs give their acronyms only.
std::vector<std::string> names_of(const std::vector<Word>& words, const WordSet& stopwords,
                                  bool german, bool only_acronyms, bool allow_acronyms) {
  std::vector<std::string> names;
  std::vector<const Word*> run;
  const auto& roles = role_words();

  const auto flush = [&] {
    auto first = run.begin();
    // A function word opening a sentence: "The Paris talks".
    while (first != run.end() && (*first)->sentence_start && stopwords.count((*first)->term) > 0)
      ++first;
    std::vector<const Word*> kept(first, run.end());
    run.clear();
    while (!kept.empty() && !kept.back()->shape.capitalised)
      kept.pop_back();
    std::size_t capitalised = 0;
    for (const Word* word : kept)
      capitalised += word->shape.capitalised ? 1 : 0;
    if (only_acronyms || capitalised == 1) {
      if (allow_acronyms)
        for (const Word* word : kept)
          if (word->shape.acronym)
            add_unique(names, word->term);
      return;
    }
    if (capitalised < 2)
      return;
    std::string name;
    for (const Word* word : kept) {
      if (dropped_particle(word->term))
        continue;
      if (!name.empty())
        name += ' ';
      name += word->term;
    }
    add_unique(names, std::move(name));
  };

  for (std::size_t i = 0; i < words.size();) {
    const Word& word = words[i];
    if (word.shape.capitalised && roles.count(word.term) > 0) {
      flush();
      ++i;
      // "Secretary of State", "Chancellor of the Exchequer": the title goes on.
      if (i < words.size() && words[i].term == "of") {
        std::size_t j = i + 1;
        if (j < words.size() && words[j].term == "the")
          ++j;
        if (j < words.size() && words[j].shape.capitalised)
          i = j + 1;
      }
      continue;
    }
    if (word.shape.capitalised) {
      if (!run.empty() && !joins_name(word.gap))
        flush();
      run.push_back(&word);
      if (word.possessive)
        flush();
      ++i;
      continue;
    }
    // Particles inside a name, when a capitalised word follows them.
    const auto is_particle = [&](std::size_t k) {
      return joins_name(words[k].gap) &&
             particle(words[k].term, words[k - 1].term,
                      k + 1 < words.size() ? std::string_view(words[k + 1].term) : "", german);
    };
    if (!run.empty() && is_particle(i)) {
      std::size_t j = i;
      while (j < words.size() && is_particle(j))
        ++j;
      if (j < words.size() && words[j].shape.capitalised && joins_name(words[j].gap) &&
          roles.count(words[j].term) == 0) {
        for (; i < j; ++i)
          run.push_back(&words[i]);
        continue;
      }
    }
    flush();
    ++i;
  }
  flush();
  return names;
}

// Whether the terms of `name` stand one after the other in `words`.
bool contains_name(const std::vector<Word>& words, std::string_view name) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= name.size();) {
    const std::size_t space = std::min(name.find(' ', start), name.size());
    parts.push_back(name.substr(start, space - start));
    start = space + 1;
  }
  std::vector<std::string_view> terms;
  for (const Word& word : words)
    if (!dropped_particle(word.term))
      terms.push_back(word.term);
  return std::search(terms.begin(), terms.end(), parts.begin(), parts.end()) != terms.end();
}

void add_words(const std::vector<Word>& words, const WordSet& stopwords, bool in_title,
               std::vector<StoryFeatures::Word>& out) {
  for (const Word& word : words) {
    if (word.term.size() < 3 || stopwords.count(word.term) > 0 || is_iso_date(word.term))
      continue;
    const auto same = [&](const StoryFeatures::Word& w) { return w.term == word.term; };
    if (std::find_if(out.begin(), out.end(), same) != out.end())
      continue;
    out.push_back({word.term, word.stem, in_title});
  }
}

// The lead of `body`: its tokens up to position kStoryLeadWords, from a
// prefix cut at white space, doubled until it holds as many words or all.
std::pair<std::string_view, std::vector<Token>> lead_tokens(Analyzer& analyzer,
                                                            std::string_view body,
                                                            std::string_view language) {
  std::size_t limit = 1024;
  while (true) {
    std::string_view text = body;
    if (body.size() > limit) {
      const std::size_t space = body.find_last_of(" \t\n", limit);
      text = body.substr(0, space == std::string_view::npos || space == 0 ? limit : space);
    }
    auto tokens = analyzer.analyze(text, language);
    std::size_t words = 0;
    for (const Token& token : tokens)
      words += token.joined ? 0 : 1;
    if (text.size() == body.size() || words > kStoryLeadWords)
      return {text, std::move(tokens)};
    limit *= 2;
  }
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool varint(std::uint64_t& value) {
    std::string_view rest = bytes_.substr(pos_);
    const auto read = get_varint(rest);
    pos_ = bytes_.size() - rest.size();
    value = read.value_or(0);
    return read.has_value();
  }

  // A count of items of at least one byte each: no more than the bytes left.
  bool count(std::uint64_t& n) { return varint(n) && n <= left(); }

  bool bytes(std::uint64_t n, std::string& out) {
    if (n > left())
      return false;
    out.assign(bytes_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  bool string(std::string& out) {
    std::uint64_t n = 0;
    return varint(n) && bytes(n, out);
  }

  [[nodiscard]] std::size_t left() const { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

constexpr char kFormat = 1;

}  // namespace

StoryFeatures story_features(Analyzer& analyzer, const Article& article) {
  const std::string stemmer = analyzer.stemmer_name(article.lang);
  const WordSet& stopwords = stopwords_for(stemmer);
  const bool elision = elides_articles(stemmer);
  const bool german = stemmer == "german";

  const auto title_tokens = analyzer.analyze(article.title, article.lang);
  const auto title = words_of(article.title, title_tokens, SIZE_MAX, elision);
  const auto [lead_text, lead_token_list] = lead_tokens(analyzer, article.body, article.lang);
  const auto lead = words_of(lead_text, lead_token_list, kStoryLeadWords, elision);

  StoryFeatures f;
  const auto lead_names = names_of(lead, stopwords, german, false, !shouting(lead));
  if (title_case(title)) {
    // Its acronyms, and the lead's names it has, in the title's order.
    std::vector<std::pair<std::size_t, std::string>> found;
    for (auto& acronym : names_of(title, stopwords, german, true, !shouting(title)))
      found.emplace_back(0, std::move(acronym));
    for (const auto& name : lead_names)
      if (contains_name(title, name))
        found.emplace_back(0, name);
    // Order by where each first stands in the title.
    for (auto& [at, name] : found) {
      const auto first = name.substr(0, name.find(' '));
      const auto same = [&](const Word& w) { return w.term == first; };
      at = static_cast<std::size_t>(std::find_if(title.begin(), title.end(), same) - title.begin());
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [at, name] : found)
      add_unique(f.names, std::move(name));
  } else {
    for (auto& name : names_of(title, stopwords, german, false, !shouting(title)))
      add_unique(f.names, std::move(name));
  }
  for (const auto& name : lead_names)
    add_unique(f.names, name);

  add_words(title, stopwords, true, f.words);
  add_words(lead, stopwords, false, f.words);
  return f;
}

std::string encode_story_features(const StoryFeatures& f) {
  std::string out;
  out += kFormat;
  put_varint(out, f.names.size());
  for (const auto& name : f.names)
    put_string(out, name);
  put_varint(out, f.words.size());
  for (const auto& word : f.words) {
    put_varint(out, (static_cast<std::uint64_t>(word.term.size()) << 1) | (word.in_title ? 1 : 0));
    out += word.term;
    const auto shared = static_cast<std::size_t>(
        std::mismatch(word.term.begin(), word.term.end(), word.stem.begin(), word.stem.end())
            .first -
        word.term.begin());
    put_varint(out, shared);
    put_string(out, std::string_view(word.stem).substr(shared));
  }
  return out;
}

std::optional<StoryFeatures> decode_story_features(std::string_view bytes) {
  if (bytes.empty() || bytes.front() != kFormat)
    return std::nullopt;
  Reader in(bytes.substr(1));
  StoryFeatures f;
  std::uint64_t names = 0;
  if (!in.count(names))
    return std::nullopt;
  f.names.resize(names);
  for (auto& name : f.names)
    if (!in.string(name))
      return std::nullopt;
  std::uint64_t words = 0;
  if (!in.count(words))
    return std::nullopt;
  f.words.resize(words);
  for (auto& word : f.words) {
    std::uint64_t head = 0;
    std::uint64_t shared = 0;
    std::string rest;
    if (!in.varint(head) || !in.bytes(head >> 1, word.term) || !in.varint(shared) ||
        shared > word.term.size() || !in.string(rest))
      return std::nullopt;
    word.in_title = (head & 1) != 0;
    word.stem.assign(word.term, 0, shared);
    word.stem += rest;
  }
  if (in.left() != 0)
    return std::nullopt;
  return f;
}

}  // namespace byline::detail
