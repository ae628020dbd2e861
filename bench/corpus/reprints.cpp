#include "bench/corpus/reprints.hpp"

#include <algorithm>
#include <ostream>
#include <string>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/corpus/generator.hpp"
#include "bench/corpus/random.hpp"

namespace byline::bench {

namespace {

// `body` without its last fifth, cut at a word boundary.
std::string without_last_fifth(const std::string& body) {
  std::size_t cut = body.size() * 4 / 5;
  while (cut > 0 && body[cut] != ' ' && body[cut] != '\n')
    --cut;
  return body.substr(0, cut);
}

}  // namespace

Article reprint(const Article& original, Article fresh, std::uint64_t choice) {
  std::string body = original.body;
  const std::uint64_t edit = choice % 4;
  if (edit == 1 || edit == 3)
    body = without_last_fifth(body);
  if (edit == 2 || edit == 3)
    body += "\n\nEditor's note: this story has been updated with additional reporting.";
  fresh.body = std::move(body);
  fresh.lang = original.lang;
  return fresh;
}

void write_with_reprints(std::ostream& out, const Generator& generator, std::uint64_t seed,
                         std::size_t count, std::size_t reprints) {
  reprints = std::min(reprints, count > 0 ? count - 1 : 0);
  // Article i is a reprint when the running share of reprints steps up at
  // it; the first article never is (it has nothing earlier to reprint).
  const auto reprinted = [&](std::size_t i) {
    return i > 0 && (i * reprints) / count != ((i - 1) * reprints) / count;
  };
  for (std::size_t i = 0; i < count; ++i) {
    Article a = generator.article(seed, i, count);
    if (reprinted(i)) {
      Random rng(seed ^ (0xA5A5A5A5ULL + i));
      // Wire copy is reprinted within days: one of the 20 articles before,
      // or the nearest earlier one that is no reprint itself (whose text is
      // in the corpus as generated).
      std::size_t original = i - 1 - rng.below(std::min<std::size_t>(i, 20));
      while (reprinted(original))
        --original;
      a = reprint(generator.article(seed, original, count), std::move(a), rng.next());
    }
    write_article(out, a);
  }
}

}  // namespace byline::bench
