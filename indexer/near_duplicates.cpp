#include "indexer/near_duplicates.hpp"

#include <algorithm>
#include <bit>

#include "engine/varint.hpp"

namespace byline::detail {

namespace {

// The decision (near_duplicates()). Most of the shorter text must be in the
// other: an article quoting another's lead shares at most ~35% of the shorter
// one's shingles. And the shorter must be no small part of the longer: a
// reprint keeps at least about half of the text (jaccard ~0.5), while an
// excerpt of a few paragraphs in a long article is no reprint of it. The
// minhashes estimate both with some noise (+-0.06 at jaccard 0.5), so the
// thresholds leave room on both sides: on the labelled set of
// tests/indexer/near_duplicates_test.cpp, hashed with 20 different seeds,
// no negative reached a containment of 0.46 or a jaccard of 0.24 (no false
// match in 1.6 million comparisons), while 0.5 and 0.25 missed 10 reprints
// of 1302 on average, thresholds of 0.6 or 0.3 about twice as many.
constexpr double kMinContainment = 0.5;
constexpr double kMinJaccard = 0.25;

// The first byte of encode_fingerprint(). Changing the word or shingle
// hashes, kShingleWords or the rounds changes every fingerprint: change the
// format too, so that stored ones decode to nullopt instead of comparing as
// different texts.
constexpr unsigned char kFormat = 1;

// splitmix64's finalizer (Steele, Lea and Flood 2014): every input bit
// reaches every output bit.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// Bytes [at, at + n) of `s` (n <= 8) as a little-endian number, whatever
// the platform's byte order (compilers make it one load).
std::uint64_t load_le(std::string_view s, std::size_t at, std::size_t n) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(s[at + i])} << (8 * i);
  return v;
}

// The hash of one word, eight bytes at a time: the same on every platform
// and in every run (std::hash is neither).
std::uint64_t word_hash(std::string_view word) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL * (word.size() + 1);
  std::size_t at = 0;
  for (; at + 8 <= word.size(); at += 8)
    h = mix64(h ^ load_le(word, at, 8));
  return mix64(h ^ load_le(word, at, word.size() - at));
}

// A minhash is its round (top 6 bits) and 26 random bits; a bin that no
// shingle has reached holds kEmpty, above every minhash of the kRounds rounds.
constexpr unsigned kRoundShift = 26;
constexpr std::uint32_t kRounds = 63;
constexpr std::uint32_t kEmpty = UINT32_MAX;
static_assert(kMinHashes == 64, "a shingle hash's top 6 bits choose its bin");

// The distinct shingles of a text, by hash: an open-addressing set (linear
// probing, 0 for an empty slot) and the same hashes in a list. One per
// thread, kept between calls, so that fingerprinting allocates only when a
// text is longer than any before it on the thread.
class ShingleSet {
 public:
  // Empties the set, with room for `n` shingles at most half full.
  void reset(std::size_t n) {
    const std::size_t size = std::bit_ceil(std::max<std::size_t>(2 * n, 64));
    // What an outsized text (a book, a dump: 32k words or more) took is
    // given back at the next text of news size.
    constexpr std::size_t kKept = std::size_t{1} << 16;
    if (slots_.size() > kKept && size <= kKept) {
      slots_ = {};
      list_ = {};
    }
    if (slots_.size() < size)
      slots_.resize(size);
    mask_ = size - 1;
    std::fill_n(slots_.begin(), size, 0);
    list_.clear();
  }
  // Adds `x` (not 0); false when it was there.
  bool insert(std::uint64_t x) {
    for (std::size_t i = x & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == x)
        return false;
      if (slots_[i] == 0) {
        slots_[i] = x;
        list_.push_back(x);
        return true;
      }
    }
  }
  [[nodiscard]] const std::vector<std::uint64_t>& list() const noexcept { return list_; }

 private:
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
  std::vector<std::uint64_t> list_;
};

// Throws a shingle into the bin its round's hash chooses: the minhash of
// `round` wins over an empty bin and over a greater one of the same round;
// those of earlier rounds are always less.
void offer(std::array<std::uint32_t, kMinHashes>& mins, std::uint32_t round,
           std::uint64_t hash) noexcept {
  std::uint32_t& bin = mins[hash >> (64 - 6)];
  bin = std::min(
      bin, (round << kRoundShift) | static_cast<std::uint32_t>(hash & ((1U << kRoundShift) - 1)));
}

}  // namespace

TextFingerprint fingerprint(const std::vector<Token>& tokens) {
  thread_local ShingleSet shingles;
  shingles.reset(tokens.size());
  std::array<std::uint32_t, kMinHashes> mins;
  mins.fill(kEmpty);

  // Round 0, as the shingles are read. The last kShingleWords word hashes
  // are kept as a ring; a shingle's hash combines them rotated by their
  // place in it, so that word order counts.
  std::array<std::uint64_t, kShingleWords> window{};
  std::size_t words = 0;
  for (const Token& t : tokens) {
    if (t.joined)
      continue;
    window[words % kShingleWords] = word_hash(t.term);
    if (++words < kShingleWords)
      continue;
    std::uint64_t h = 0;
    for (std::size_t k = 0; k < kShingleWords; ++k)
      h ^= std::rotl(window[(words + k) % kShingleWords], static_cast<int>(13 * k));
    h = mix64(h);
    h += h == 0 ? 1 : 0;  // 0 marks an empty slot of the set
    if (shingles.insert(h))
      offer(mins, 0, h);
  }
  const std::vector<std::uint64_t>& distinct = shingles.list();
  if (distinct.size() < kMinShingles)
    return {};

  // Further rounds while a bin is empty: each throws every shingle into a
  // bin again, with minhashes above those of the rounds before, so that a
  // bin holds what it would hold had every round been thrown.
  for (std::uint32_t round = 1; round < kRounds; ++round) {
    if (std::find(mins.begin(), mins.end(), kEmpty) == mins.end())
      break;
    const std::uint64_t salt = 0x9E3779B97F4A7C15ULL * round;
    for (const std::uint64_t h : distinct)
      offer(mins, round, mix64(h + salt));
  }
  return {mins, static_cast<std::uint32_t>(std::min<std::size_t>(distinct.size(), UINT32_MAX))};
}

std::string encode_fingerprint(const TextFingerprint& f) {
  std::string out;
  out.reserve(2 + 5 + 4 * kMinHashes);
  out += static_cast<char>(kFormat);
  put_varint(out, f.shingles);
  if (f.shingles == 0)
    return out;
  for (const std::uint32_t m : f.minhashes)
    for (unsigned shift = 0; shift < 32; shift += 8)
      out += static_cast<char>((m >> shift) & 0xFF);
  return out;
}

std::optional<TextFingerprint> decode_fingerprint(std::string_view bytes) {
  if (bytes.empty() || static_cast<unsigned char>(bytes.front()) != kFormat)
    return std::nullopt;
  bytes.remove_prefix(1);
  const auto shingles = get_varint(bytes, true);  // as encode_fingerprint() writes
  if (!shingles || *shingles > UINT32_MAX)
    return std::nullopt;
  TextFingerprint f;
  f.shingles = static_cast<std::uint32_t>(*shingles);
  if (bytes.size() != (f.shingles == 0 ? 0 : 4 * kMinHashes))
    return std::nullopt;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    f.minhashes[i / 4] |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                          << (8 * (i % 4));
  return f;
}

std::vector<std::string> band_keys(const TextFingerprint& f) {
  static constexpr std::string_view kBand = "0123456789abcdefghijklmnopqrstuv";
  static constexpr std::string_view kBase64Url =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static_assert(kBand.size() >= kFingerprintBands);
  std::vector<std::string> keys;
  if (f.shingles == 0)
    return keys;
  keys.reserve(kFingerprintBands);
  for (std::size_t band = 0; band < kFingerprintBands; ++band) {
    // The pair itself, 64 bits: no two pairs share a key.
    std::uint64_t pair = (std::uint64_t{f.minhashes[2 * band]} << 32) | f.minhashes[2 * band + 1];
    std::string key(12, '\0');
    key[0] = kBand[band];
    for (std::size_t i = 11; i >= 1; --i, pair >>= 6)
      key[i] = kBase64Url[pair & 0x3F];
    keys.push_back(std::move(key));
  }
  return keys;
}

Resemblance resemblance(const TextFingerprint& a, const TextFingerprint& b) {
  if (a.shingles == 0 || b.shingles == 0)
    return {};
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kMinHashes; ++i)
    equal += a.minhashes[i] == b.minhashes[i] ? 1 : 0;
  Resemblance r;
  r.jaccard = static_cast<double>(equal) / kMinHashes;
  // |A u B| = (|A| + |B|) / (1 + J), so |A n B| = J (|A| + |B|) / (1 + J).
  const double sizes = static_cast<double>(a.shingles) + static_cast<double>(b.shingles);
  const double shared = r.jaccard * sizes / (1 + r.jaccard);
  r.containment = std::min(1.0, shared / std::min(a.shingles, b.shingles));
  return r;
}

bool near_duplicates(const TextFingerprint& a, const TextFingerprint& b) {
  if (a.shingles < kMinShingles || b.shingles < kMinShingles)
    return false;
  const Resemblance r = resemblance(a, b);
  return r.containment >= kMinContainment && r.jaccard >= kMinJaccard;
}

}  // namespace byline::detail
