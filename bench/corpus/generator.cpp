#include "bench/corpus/generator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "bench/corpus/article_jsonl.hpp"
#include "bench/corpus/random.hpp"

namespace byline::bench {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kBoundary = 0;  // token id between training documents

bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool is_punctuation(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '?' || c == '!';
}

bool ends_sentence(std::string_view t) {
  return t == "." || t == "?" || t == "!";
}

// Words (letters, digits, any non-ASCII, with inner ' and -) and the
// punctuation . , ; : ? ! as tokens; everything else separates.
template <typename Emit>
void tokenize(std::string_view text, Emit emit) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_word_byte(c)) {
      std::size_t j = i + 1;
      while (j < text.size()) {
        const auto d = static_cast<unsigned char>(text[j]);
        if (is_word_byte(d)) {
          ++j;
        } else if ((d == '\'' || d == '-') && j + 1 < text.size() &&
                   is_word_byte(static_cast<unsigned char>(text[j + 1]))) {
          j += 2;
        } else {
          break;
        }
      }
      emit(text.substr(i, j - i));
      i = j;
    } else {
      if (is_punctuation(text[i]))
        emit(text.substr(i, 1));
      ++i;
    }
  }
}

// Cumulative-weight tables for integer sampling.
std::size_t pick(Random& rng, const std::vector<std::uint64_t>& cumulative) {
  const std::uint64_t x = rng.below(cumulative.back());
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) -
                                  cumulative.begin());
}

// Article length in words: piecewise-linear inverse CDF through these
// quantiles (percent, words), a right-skewed shape typical of news.
std::size_t article_length(Random& rng) {
  static constexpr std::uint32_t kQuantiles[][2] = {{0, 60},   {10, 130}, {25, 220},  {50, 350},
                                                    {75, 560}, {90, 850}, {99, 1700}, {100, 3000}};
  const std::uint64_t u = rng.below(100000);  // percent * 1000
  for (std::size_t k = 1; k < std::size(kQuantiles); ++k) {
    const std::uint64_t hi = kQuantiles[k][0] * 1000ULL;
    if (u < hi) {
      const std::uint64_t lo = kQuantiles[k - 1][0] * 1000ULL;
      const std::uint64_t a = kQuantiles[k - 1][1], b = kQuantiles[k][1];
      return static_cast<std::size_t>(a + (b - a) * (u - lo) / (hi - lo));
    }
  }
  return kQuantiles[std::size(kQuantiles) - 1][1];
}

std::string civil_date(std::int64_t days_since_2000) {
  // Howard Hinnant's civil_from_days, from 1970-01-01 (2000-01-01 = day 10957).
  std::int64_t z = days_since_2000 + 10957 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                static_cast<int>(d));
  return buf;
}

constexpr std::int64_t kDateSpanDays = 9132;  // 2000-01-01 .. 2024-12-31

std::vector<std::string> make_sources() {
  static constexpr const char* kPlaces[] = {
      "Atlanta",  "Boston",   "Chicago",  "Dallas",    "Denver",   "Detroit",   "Houston",
      "London",   "Memphis",  "Miami",    "Nairobi",   "Oakland",  "Phoenix",   "Portland",
      "Richmond", "Seattle",  "Sydney",   "Toronto",   "Tucson",   "Vancouver", "Albany",
      "Dublin",   "Glasgow",  "Lagos",    "Delhi",     "Manila",   "Cairo",     "Lima",
      "Quebec",   "Halifax",  "Auckland", "Cape Town", "Brisbane", "Leeds",     "Omaha",
      "Raleigh",  "Savannah", "Spokane",  "Tulsa",     "Wichita"};
  static constexpr const char* kKinds[] = {
      "Herald",   "Tribune",   "Gazette", "Courier", "Times",    "Post",  "Chronicle", "Observer",
      "Examiner", "Dispatch",  "Journal", "Ledger",  "Sentinel", "Star",  "Standard",  "News",
      "Review",   "Telegraph", "Monitor", "Record",  "Bulletin", "Press", "Daily",     "Wire"};
  std::vector<std::string> sources;
  // A fixed walk over the pairs, so the list never depends on container order.
  for (std::size_t i = 0; sources.size() < 300; ++i) {
    const std::size_t place = (i * 7) % std::size(kPlaces);
    const std::size_t kind = (i * 11 + i / std::size(kPlaces)) % std::size(kKinds);
    std::string name = std::string("The ") + kPlaces[place] + " " + kKinds[kind];
    if (std::find(sources.begin(), sources.end(), name) == sources.end())
      sources.push_back(std::move(name));
  }
  return sources;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

struct Generator::Model {
  std::vector<std::string> vocabulary{"<boundary>"};
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::uint32_t> stream{kBoundary};
  std::vector<std::size_t> document_begin;  // stream index of each training document
  // Where each word occurs in the stream: positions[offsets[w] .. offsets[w+1]), ascending.
  std::vector<std::size_t> offsets;
  std::vector<std::size_t> positions;
  std::vector<bool> sentence_end;  // per token id
  std::vector<std::string> sources;
  std::vector<std::uint64_t> source_weights;  // cumulative, Zipf-like

  void add_document(std::string_view text) {
    const std::size_t begin = stream.size();
    tokenize(text, [&](std::string_view token) {
      auto [it, inserted] =
          ids.try_emplace(std::string(token), static_cast<std::uint32_t>(vocabulary.size()));
      if (inserted)
        vocabulary.emplace_back(token);
      stream.push_back(it->second);
    });
    if (stream.size() - begin < 2) {
      stream.resize(begin);
      return;
    }
    document_begin.push_back(begin);
    stream.push_back(kBoundary);
  }

  void add_path(const fs::path& path) {
    if (fs::is_directory(path)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt")
          files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files)
        add_document(read_file(f));
    } else if (path.extension() == ".jsonl") {
      read_articles(path.string(), 0, [&](Article&& a) {
        add_document(a.title + ".\n" + a.body);
        return true;
      });
    } else {
      add_document(read_file(path));
    }
  }

  void finish() {
    offsets.assign(vocabulary.size() + 1, 0);
    for (std::uint32_t id : stream)
      ++offsets[id + 1];
    for (std::size_t w = 1; w < offsets.size(); ++w)
      offsets[w] += offsets[w - 1];
    positions.resize(stream.size());
    std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t p = 0; p < stream.size(); ++p)
      positions[fill[stream[p]]++] = p;
    sentence_end.resize(vocabulary.size());
    for (std::size_t w = 0; w < vocabulary.size(); ++w)
      sentence_end[w] = ends_sentence(vocabulary[w]);
    sources = make_sources();
    std::uint64_t total = 0;
    for (std::size_t r = 0; r < sources.size(); ++r) {
      total += 1000000 / (r + 5);
      source_weights.push_back(total);
    }
  }

  std::size_t document_of(std::size_t position) const {
    return static_cast<std::size_t>(
        std::upper_bound(document_begin.begin(), document_begin.end(), position) -
        document_begin.begin() - 1);
  }

  std::size_t document_end(std::size_t doc) const {
    return doc + 1 < document_begin.size() ? document_begin[doc + 1] : stream.size();
  }

  // A position whose next token starts a sentence in document `doc`.
  std::size_t sentence_start(Random& rng, std::size_t doc) const {
    const std::size_t begin = document_begin[doc], end = document_end(doc);
    std::size_t p = begin + rng.below(end - begin);
    while (p > begin && !sentence_end[stream[p]])
      --p;
    return sentence_end[stream[p]] ? p : begin - 1;  // begin - 1: the boundary before it
  }

  // The next position after `p`: usually p + 1, else a jump to another
  // occurrence of the same word (in the anchor document when it has one).
  std::size_t step(Random& rng, std::size_t p, std::size_t anchor) const {
    const std::uint32_t w = stream[p];
    if (w == kBoundary)
      return p + 1;  // the first token of the document after it
    if (rng.chance(600) && stream[p + 1] != kBoundary)
      return p + 1;
    const auto all_begin = positions.begin() + static_cast<std::ptrdiff_t>(offsets[w]);
    const auto all_end = positions.begin() + static_cast<std::ptrdiff_t>(offsets[w + 1]);
    auto begin = all_begin, end = all_end;
    if (rng.chance(600)) {
      const auto lo = std::lower_bound(all_begin, all_end, document_begin[anchor]);
      const auto hi = std::lower_bound(lo, all_end, document_end(anchor));
      if (hi - lo > 1)
        begin = lo, end = hi;
    }
    const std::size_t q =
        *(begin + static_cast<std::ptrdiff_t>(rng.below(static_cast<std::uint64_t>(end - begin))));
    if (stream[q + 1] == kBoundary)
      return sentence_start(rng, anchor) + 1;
    return q + 1;
  }

  static void append_token(std::string& out, const std::string& token, bool capitalize) {
    if (!out.empty() && !(token.size() == 1 && is_punctuation(token[0])) && out.back() != '\n')
      out += ' ';
    const std::size_t at = out.size();
    out += token;
    if (capitalize && out[at] >= 'a' && out[at] <= 'z')
      out[at] = static_cast<char>(out[at] - 32);
  }

  // Sentences until at least `words` words; paragraphs of 2 to 5 sentences.
  std::string text(Random& rng, std::size_t words, std::size_t anchor) const {
    std::string out;
    std::size_t p = sentence_start(rng, anchor);
    std::size_t emitted = 0;
    std::size_t sentences_left = 2 + rng.below(4);
    bool at_sentence_start = true;
    while (true) {
      p = step(rng, p, anchor);
      const std::uint32_t w = stream[p];
      if (w == kBoundary) {
        p = sentence_start(rng, anchor);
        continue;
      }
      const bool punctuation = vocabulary[w].size() == 1 && is_punctuation(vocabulary[w][0]);
      if (at_sentence_start && punctuation)
        continue;
      append_token(out, vocabulary[w], at_sentence_start);
      at_sentence_start = false;
      if (!punctuation)
        ++emitted;
      // Long run-on sentences get a full stop of their own.
      const bool force_end = emitted >= words + 80;
      if (sentence_end[w] || force_end) {
        if (force_end && !sentence_end[w])
          out += '.';
        if (emitted >= words)
          break;
        at_sentence_start = true;
        if (--sentences_left == 0) {
          out += "\n\n";
          sentences_left = 2 + rng.below(4);
        }
      }
    }
    return out;
  }

  std::string title(Random& rng, std::size_t anchor) const {
    const std::size_t target = 5 + rng.below(9);
    std::string out;
    std::size_t p = sentence_start(rng, anchor);
    for (std::size_t n = 0; n < target;) {
      p = step(rng, p, anchor);
      const std::uint32_t w = stream[p];
      if (w == kBoundary || (vocabulary[w].size() == 1 && is_punctuation(vocabulary[w][0]))) {
        if (n >= 4)
          break;
        continue;
      }
      append_token(out, vocabulary[w], n == 0);
      ++n;
    }
    return out;
  }
};

Generator::Generator(const std::vector<std::string>& training) : model_(std::make_unique<Model>()) {
  for (const std::string& path : training) {
    if (!fs::exists(path))
      throw std::runtime_error("training text not found: " + path);
    model_->add_path(path);
  }
  if (model_->document_begin.empty())
    throw std::runtime_error("no training text in the given paths");
  model_->finish();
}

Generator::~Generator() = default;

Article Generator::article(std::uint64_t seed, std::size_t index, std::size_t count) const {
  const Model& m = *model_;
  Random rng(seed * 0x9E3779B97F4A7C15ULL + index);
  rng.next();
  Article a;
  char id[48];
  std::snprintf(id, sizeof id, "gen-%llu-%07zu", static_cast<unsigned long long>(seed), index);
  a.id = id;
  const std::size_t anchor = rng.below(m.document_begin.size());
  a.source = m.sources[pick(rng, m.source_weights)];
  const std::int64_t day =
      static_cast<std::int64_t>(index) * kDateSpanDays / static_cast<std::int64_t>(count) +
      static_cast<std::int64_t>(rng.below(7));
  a.date = civil_date(std::min(day, kDateSpanDays - 1));
  a.lang = "en";
  a.title = m.title(rng, anchor);
  a.body = m.text(rng, article_length(rng), anchor);
  return a;
}

void Generator::write(std::ostream& out, std::uint64_t seed, std::size_t count) const {
  for (std::size_t i = 0; i < count; ++i)
    write_article(out, article(seed, i, count));
}

std::size_t Generator::vocabulary_size() const {
  return model_->vocabulary.size() - 1;
}

std::size_t Generator::training_tokens() const {
  return model_->stream.size() - model_->document_begin.size() - 1;
}

}  // namespace byline::bench
