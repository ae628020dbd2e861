#include "indexer/story_support.hpp"

#include <algorithm>
#include <cmath>

#include "engine/document_codec.hpp"
#include "engine/schema.hpp"

namespace byline::detail {

std::optional<std::int32_t> day_number(std::string_view key) {
  if (key.size() != 8 ||
      !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const auto number = [&](std::size_t from, std::size_t length) {
    int n = 0;
    for (std::size_t i = from; i < from + length; ++i)
      n = n * 10 + (key[i] - '0');
    return n;
  };
  int y = number(0, 4);
  const int m = number(4, 2);
  const int d = number(6, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return std::nullopt;
  // H. Hinnant's days_from_civil.
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string article_id(const Xapian::Document& doc) {
  if (const std::string fields = doc.get_value(schema::slot::kFields); !fields.empty())
    return decode_fields_line(fields).id;
  const std::string prefix(schema::prefix::kId);
  auto term = doc.termlist_begin();
  term.skip_to(prefix);
  if (term == doc.termlist_end() || !(*term).starts_with(prefix))
    return {};
  return (*term).substr(prefix.size());
}

AliasCanonicals::AliasCanonicals(const Xapian::Database& db) {
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::string smallest = *key;
    for (auto other = db.synonyms_begin(*key); other != db.synonyms_end(*key); ++other)
      smallest = std::min(smallest, *other);
    canonical_.emplace(*key, std::move(smallest));
  }
}

std::optional<std::string> AliasCanonicals::operator()(std::string_view key) const {
  const auto found = canonical_.find(std::string(key));
  if (found == canonical_.end())
    return std::nullopt;
  return found->second;
}

namespace {

double idf(double articles, double df) {
  return std::log(1.0 + std::max(1.0, articles) / std::max(1.0, df));
}

}  // namespace

double IndexWeights::operator()(std::string_view key) {
  const std::string k(key);
  if (const auto cached = cache_.find(k); cached != cache_.end())
    return cached->second;
  Xapian::doccount df = 0;
  if (key.starts_with("w:")) {
    df = db_.get_termfreq(std::string(schema::prefix::kStem) + std::string(key.substr(2)));
  } else {
    std::string_view words = key.substr(std::min<std::size_t>(2, key.size()));
    df = db_.get_doccount();
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      const std::string_view word = words.substr(0, space);
      if (!word.empty())
        df =
            std::min(df, db_.get_termfreq(std::string(schema::prefix::kExact) + std::string(word)));
      words = space == std::string_view::npos ? std::string_view() : words.substr(space + 1);
    }
  }
  const double w = idf(db_.get_doccount(), df);
  cache_.emplace(k, w);
  return w;
}

double RunningWeights::operator()(std::string_view key) const {
  const auto found = df_.find(std::string(key));
  return idf(static_cast<double>(articles_), found == df_.end() ? 0.0 : found->second);
}

}  // namespace byline::detail
