// Near-duplicates: the same text printed twice, as wire copy is reprinted by
// the outlets that buy it (issue 22). A reprint often has its own headline,
// drops the last paragraphs, adds an editor's note, a "This story was first
// published by ..." line or a share bar, and fixes a typo or the punctuation;
// it is still the same article. Two outlets' own reports of one event, which
// share names, numbers and even quotes, are not.
//
// The method is MinHash (Broder 1997) over word shingles: a text is the set
// of its runs of kShingleWords consecutive words (the analyzer's exact forms,
// so case, accents, punctuation and white space do not count), and its
// signature holds kMinHashes minhashes. Two texts agree on each with
// probability equal to their Jaccard resemblance |A n B| / |A u B|, so the
// share of equal minhashes estimates it; with the two set sizes it also
// estimates the containment |A n B| / min(|A|, |B|), which stays high when
// one text is the other with paragraphs cut.
//
// The minhashes come from one hash per shingle, not from 64 hash functions
// (which took ~17% of the time of the article's analysis; this takes ~3%):
// the hash's top bits choose one of 64 bins and its low bits are the value,
// each bin keeping its least (one permutation hashing, Li, Owen and Zhang
// 2012). A text of few shingles leaves bins empty; they are filled by
// throwing every shingle again, in rounds, each round's values above the
// last's, until no bin is empty, so that each bin is still a true minhash of
// the text (the rounds of fast similarity sketching, Dahlgaard, Knudsen and
// Thorup 2017). The bins share the shingles out instead of each seeing all
// of them, which makes the estimate steadier than with 64 independent hash
// functions, most of all for short texts. A fingerprint is ~260 bytes,
// computed once per article at indexing and kept in a value slot; comparing
// two is 64 integer compares.
//
// Finding candidates among many articles is locality-sensitive hashing: the
// signature is cut into kFingerprintBands bands of two minhashes, and each
// band's pair becomes a key (a term): articles that share a key are
// candidates, and near_duplicates() decides. Two texts of Jaccard J agree on
// one band with probability J^2, so they share at least one of 32 keys with
// probability 1 - (1 - J^2)^32:
//     J = 0.1: 0.28   J = 0.2: 0.73   J = 0.3: 0.95   J = 0.4: 0.996   J = 0.5: 0.9999
// Reprints have J >= ~0.4 (a reprint that keeps half the text: 0.5), so
// their keys nearly always meet, while two reports of one event (J < 0.1)
// meet in a quarter of cases at most and are then told apart by
// near_duplicates(). Bands of one row would make every common shingle a
// candidate; bands of three would miss reprints of J = 0.4 one time in 4.
//
// Pure and DB-free: the caller stores encode_fingerprint() in a value slot
// and band_keys() as terms (engine/schema.hpp names them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/analyzer.hpp"

namespace byline::detail {

inline constexpr std::size_t kMinHashes = 64;         // signature length
inline constexpr std::size_t kFingerprintBands = 32;  // LSH bands of 2 rows
static_assert(kMinHashes == 2 * kFingerprintBands);

// Words per shingle: 3 missed fewest reprints of the labelled set of
// tests/indexer/near_duplicates_test.cpp (see there), with no false match:
// a fixed typo or a changed word spoils fewer shingles of 3 than of 4 or 5,
// and different reports of one event share few runs of even 3 words.
inline constexpr std::size_t kShingleWords = 3;
// Distinct shingles a text needs to be fingerprinted (about as many words):
// below, the minhashes rest on a handful of shingles and the estimates swing
// widely, and a sentence or two is no article to call a reprint.
inline constexpr std::uint32_t kMinShingles = 25;

struct TextFingerprint {
  std::array<std::uint32_t, kMinHashes> minhashes{};
  std::uint32_t shingles = 0;  // distinct shingles hashed; 0: text too short, never a duplicate

  friend bool operator==(const TextFingerprint&, const TextFingerprint&) = default;
};

// The fingerprint of a body from its analysis (Analyzer::analyze()): the
// exact forms (Token::term) of its words, joined forms of compounds
// (Token::joined) skipped. Deterministic across runs and platforms. A text
// of fewer than kMinShingles distinct shingles gives TextFingerprint{}
// (shingles == 0). Allocates nothing once a thread has fingerprinted a text
// as long; ~1.5-3 microseconds per hundred words.
[[nodiscard]] TextFingerprint fingerprint(const std::vector<Token>& tokens);

// Bytes for a value slot: a format byte, the shingle count as a varint, then
// (when it is not 0) the minhashes as 4 bytes each, little-endian: 258-262
// bytes, 2 for a text too short.
[[nodiscard]] std::string encode_fingerprint(const TextFingerprint& f);

// The fingerprint encode_fingerprint() wrote; nullopt for empty bytes or any
// others (another format, damage). Never throws.
[[nodiscard]] std::optional<TextFingerprint> decode_fingerprint(std::string_view bytes);

// The LSH keys of `f`, one per band (see above), in band order: 12 printable
// bytes each, a band character ([0-9a-v], never upper case, so a term prefix
// can precede it) then the band's two minhashes in base64url. Keys of
// different bands never collide. Empty when f.shingles == 0.
[[nodiscard]] std::vector<std::string> band_keys(const TextFingerprint& f);

// Estimates; both 0 when either text is too short.
struct Resemblance {
  double jaccard = 0;      // |A n B| / |A u B|: the share of equal minhashes
  double containment = 0;  // |A n B| / min(|A|, |B|), from jaccard and the sizes, at most 1
};
[[nodiscard]] Resemblance resemblance(const TextFingerprint& a, const TextFingerprint& b);

// Whether one text is a reprint of the other: both long enough, most of the
// shorter inside the longer (containment >= 0.5), and not lost in a longer
// text of its own (jaccard >= 0.25). An article that quotes another's lead,
// or opens with the same wire lead, and then reports on its own is not a
// reprint of it. See the thresholds in near_duplicates.cpp.
[[nodiscard]] bool near_duplicates(const TextFingerprint& a, const TextFingerprint& b);

}  // namespace byline::detail
