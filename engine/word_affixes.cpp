#include "engine/word_affixes.hpp"

#include <algorithm>
#include <array>

#include "engine/utf8.hpp"

namespace byline::detail {

namespace {

// Lucene's defaults for its French, Italian and Catalan analyzers (their
// ElisionFilter article sets), which Elasticsearch's language analyzers use.
constexpr std::array<std::string_view, 13> kFrenchElisions = {
    "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"};
constexpr std::array<std::string_view, 21> kItalianElisions = {
    "c",    "l",    "all",  "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl",
    "dagl", "degl", "negl", "sugl", "un",   "m",    "t",    "s",    "v",    "d"};
constexpr std::array<std::string_view, 6> kCatalanElisions = {"d", "l", "m", "n", "s", "t"};

template <std::size_t N>
bool holds(const std::array<std::string_view, N>& set, std::string_view word) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

// Particles, longest first so that 에서 is taken before 서 could be. Only
// those frequent in news prose: case markers, topic and additive markers,
// and the common postpositions.
constexpr std::array<std::string_view, 34> kParticles = {
    "에서는", "에게서", "으로서", "으로써", "으로는", "에서도", "에서", "에게", "께서",
    "한테",   "으로",   "부터",   "까지",   "처럼",   "보다",   "이나", "과의", "와의",
    "에는",   "에도",   "은",     "는",     "이",     "가",     "을",   "를",   "에",
    "의",     "와",     "과",     "도",     "로",     "만",     "랑"};

bool is_hangul_syllable(char32_t c) {
  return c >= 0xAC00 && c <= 0xD7A3;
}

// The number of code points of `text` if all are Hangul syllables, else 0.
std::size_t hangul_syllables(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto d = utf8::decode(text, at);
    if (!d.valid || !is_hangul_syllable(d.code_point))
      return 0;
    at += d.length;
    ++count;
  }
  return count;
}

}  // namespace

std::string_view without_elision(std::string_view term, std::string_view stemmer) noexcept {
  const std::size_t apostrophe = term.find('\'');
  if (apostrophe == std::string_view::npos || apostrophe == 0 || apostrophe + 1 == term.size())
    return term;
  const std::string_view article = term.substr(0, apostrophe);
  const bool elided = stemmer == "french"    ? holds(kFrenchElisions, article)
                      : stemmer == "italian" ? holds(kItalianElisions, article)
                      : stemmer == "catalan" ? holds(kCatalanElisions, article)
                                             : false;
  return elided ? term.substr(apostrophe + 1) : term;
}

std::string_view without_korean_particle(std::string_view term) noexcept {
  // Hangul syllables take 3 bytes each in UTF-8.
  std::size_t syllables = hangul_syllables(term);
  // Taken off again while one is left, so that every word has one stem
  // whatever follows it: 정상회의에서 ("at the summit") and 정상회의
  // ("summit") both end as 정상회, as the second ends like the particle 의.
  for (bool again = syllables >= 3; again;) {
    again = false;
    for (const std::string_view particle : kParticles) {
      const std::size_t length = particle.size() / 3;
      if (term.ends_with(particle) && syllables >= length + 2) {
        term.remove_suffix(particle.size());
        syllables -= length;
        again = syllables >= 3;
        break;
      }
    }
  }
  return term;
}

}  // namespace byline::detail
