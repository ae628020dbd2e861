// The indexing job the crash and I/O-fault tests interrupt, and the model of
// what the index must hold after any number of its batches.
//
// Batch k (0-based) removes article b(k-2)-9, adds the ten articles b(k)-0 to
// b(k)-9 and replaces b(k-1)-0 with a revision mentioning "rev<k>". Every
// article mentions "common" and "batch<k>"; the rest of its text is drawn
// from a fixed vocabulary by a seeded generator, so every run of the job
// writes exactly the same articles.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace byline::test::workload {

inline constexpr int kBatches = 30;
inline constexpr int kPerBatch = 10;

inline std::string article_id(int batch, int i) {
  return "b" + std::to_string(batch) + "-" + std::to_string(i);
}

inline std::string batch_word(int batch) {
  return "batch" + std::to_string(batch);
}

// splitmix64: a small generator with good spread, stable across platforms.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    static const char* const onsets[] = {"b", "d", "f", "g", "k", "l",  "m",  "n",  "p",
                                         "r", "s", "t", "v", "z", "br", "st", "tr", "pl"};
    static const char* const vowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
    std::vector<std::string> out;
    std::uint64_t state = 42;
    for (int n = 0; n < 400; ++n) {
      std::string word;
      const int syllables = 1 + static_cast<int>((state = mix(state)) % 3);
      for (int s = 0; s < syllables; ++s) {
        word += onsets[(state = mix(state)) % std::size(onsets)];
        word += vowels[(state = mix(state)) % std::size(vowels)];
      }
      out.push_back(word);
    }
    return out;
  }();
  return words;
}

// The body of article b(batch)-i, as first written (revision 0) or as
// rewritten by batch `revision`. Sizes vary from about 60 to 600 words, so
// commits differ in how much they write.
inline std::string body(int batch, int i, int revision) {
  const auto& words = vocabulary();
  std::uint64_t state =
      mix((static_cast<std::uint64_t>(batch) << 32) ^ (static_cast<std::uint64_t>(i) << 16) ^
          static_cast<std::uint64_t>(revision));
  const int length = 60 + static_cast<int>((state = mix(state)) % 540);
  std::string text = "common " + batch_word(batch);
  if (revision > 0)
    text += " rev" + std::to_string(revision);
  for (int w = 0; w < length; ++w) {
    text += ' ';
    text += words[(state = mix(state)) % words.size()];
  }
  return text;
}

struct Change {
  std::string id;
  std::optional<std::string> body;  // nullopt: remove the article
};

inline std::vector<Change> changes(int batch) {
  std::vector<Change> out;
  if (batch >= 2)
    out.push_back({article_id(batch - 2, kPerBatch - 1), std::nullopt});
  for (int i = 0; i < kPerBatch; ++i)
    out.push_back({article_id(batch, i), body(batch, i, 0)});
  if (batch >= 1)
    out.push_back({article_id(batch - 1, 0), body(batch - 1, 0, batch)});
  return out;
}

// The batch's additions and replacements as JSON Lines, as ingest() reads them.
inline std::string json_lines(int batch) {
  std::string out;
  for (const auto& change : changes(batch)) {
    if (!change.body)
      continue;
    nlohmann::json line = {{"id", change.id},
                           {"title", "Report " + change.id + " on the common matter"},
                           {"source", "Source " + std::to_string(batch % 4)},
                           {"date", "2014-09-" + std::to_string(10 + batch % 15)},
                           {"body", *change.body}};
    out += line.dump() + "\n";
  }
  return out;
}

inline std::size_t articles_in(int batch) {
  std::size_t n = 0;
  for (const auto& change : changes(batch))
    n += change.body ? 1 : 0;
  return n;
}

// id -> body of every article once the first `batches` batches are committed.
// Computed once per number of batches: the harnesses verify an index after
// every faulted or killed run, and regenerating the bodies each time was a
// fifth of the fault sweep's CPU.
inline const std::map<std::string, std::string>& model(int batches) {
  static std::mutex guard;
  static std::map<int, std::map<std::string, std::string>> computed;
  const std::lock_guard lock(guard);
  if (const auto it = computed.find(batches); it != computed.end())
    return it->second;
  std::map<std::string, std::string> live;
  for (int b = 0; b < batches; ++b) {
    for (const auto& change : changes(b)) {
      if (change.body) {
        live[change.id] = *change.body;
      } else {
        live.erase(change.id);
      }
    }
  }
  return computed.emplace(batches, std::move(live)).first->second;
}

// A fingerprint of a set of ids: FNV-1a over the sorted ids, one per line.
inline std::uint64_t ids_hash(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& id : ids) {
    for (const char c : id + "\n") {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
  }
  return hash;
}

}  // namespace byline::test::workload
