// Story features: what story grouping (indexer/story_clustering.hpp) compares
// of an article, taken from its title and lead, and their compact encoding
// for a value slot (schema::slot::kStoryFeatures), so that grouping later
// articles reads them back instead of analysing earlier ones again.
//
// Reporters write the news of an event first: the title and the lead say
// who, where and what, and the rest of the article adds background that
// other events share (a minister's earlier trips, a war's history). So only
// the title and the lead are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"
#include "byline/article.hpp"

namespace byline::detail {

// The words of the body read as its lead: the first paragraph or two of a
// news article.
inline constexpr std::size_t kStoryLeadWords = 60;

struct StoryFeatures {
  // Names: runs of two or more capitalised words ("John Kerry", "Islamic
  // State"), and all-caps acronyms of two letters or more ("ISIL", "NATO"),
  // in the title and the lead, as alias keys: each name's analysed words
  // (Token::term, joined forms skipped) joined by one space: "john kerry",
  // "islamic state", "isil". What is not a name:
  //   - a capitalised word alone ("Kerry said"): a sentence's first word
  //     looks the same;
  //   - a function word opening a sentence ("The Paris talks": "paris" alone);
  //   - a title or a role ("Secretary of State John Kerry", "French President
  //     Francois Hollande", "Spitzenkandidat Markus Feldmann"): it ends the
  //     run, so the name is "john kerry", "francois hollande";
  //   - a possessive ends its name: "Italy's Marchetti" is no name;
  //   - lowercase particles stand inside names ("Ursula von der Leyen",
  //     "Charles de Gaulle"), but for Arabic's article, written or left out
  //     at will: "Bashar al-Assad" is "bashar assad", as "Bashar Assad";
  //   - a title written in title case ("Leaders of 30 Countries Pledge Iraq
  //     Support Against Islamic State") gives only its acronyms and the
  //     names the lead has too, and a text in capitals no acronyms.
  // Deduplicated, in order of appearance (title first).
  std::vector<std::string> names;

  // Content words of the title and the lead (its first kStoryLeadWords
  // words), as (term, stem) pairs: Token::term (without a possessive "'s"
  // or, in French and Italian, an elided article "l'") and Token::stem.
  // Out: words shorter than three bytes, joined forms of compounds, ISO
  // dates, and the stopwords of the article's language (English, French or
  // German; English for any other language): function words, and words
  // every news article uses whatever happened (weekdays, months, "said").
  // Title words first, then the lead's; each term once, flagged in_title
  // when the title has it: the title is the text's summary, and story
  // grouping weighs its words more.
  struct Word {
    std::string term;
    std::string stem;
    bool in_title = false;

    friend bool operator==(const Word& a, const Word& b) noexcept {
      return a.term == b.term && a.stem == b.stem && a.in_title == b.in_title;
    }
  };
  std::vector<Word> words;

  friend bool operator==(const StoryFeatures& a, const StoryFeatures& b) noexcept {
    return a.names == b.names && a.words == b.words;
  }
};

// The features of `article`: its title and the lead of its body, analysed by
// `analyzer` in article.lang (Analyzer::analyze(text, article.lang)).
// Reads at most a few kilobytes of the body, however long it is.
[[nodiscard]] StoryFeatures story_features(Analyzer& analyzer, const Article& article);

// The bytes stored in the value slot: a version byte, then varint counts and
// lengths; a word's stem is written as the length of the prefix it shares
// with its term and the rest. About half the size of the plain text.
[[nodiscard]] std::string encode_story_features(const StoryFeatures& f);

// The features encode_story_features() wrote; nullopt for anything else
// (another version, truncated or trailing bytes, lengths out of range).
// Never throws, never reads out of bounds.
[[nodiscard]] std::optional<StoryFeatures> decode_story_features(std::string_view bytes);

}  // namespace byline::detail
