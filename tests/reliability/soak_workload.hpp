// The soak run's workload (tools/soak.sh): a corpus of N articles loaded in
// one bulk build (batch 0), then batches of random replacements, additions
// and removals over ids s0 .. s(1.1N), each a commit. Every article's text,
// source and date follow from its id and version, so the soak driver knows
// what the index must hold after any number of batches without reading the
// writer's output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workload.hpp"

namespace byline::test::soak {

inline constexpr int kChangesPerBatch = 200;

inline const std::vector<std::string>& sources() {
  static const std::vector<std::string> names = {
      "Reuters", "AP", "BBC News", "Al Jazeera", "Le Monde", "Der Spiegel", "NHK"};
  return names;
}

inline std::string id_of(std::uint64_t n) {
  return "s" + std::to_string(n);
}

struct Change {
  std::string id;
  int version = 0;  // the batch that wrote it; -1: removed
};

// Batch 0 loads ids 0..articles-1; batch k >= 1 changes kChangesPerBatch ids
// of 0..1.1*articles: 30% removed, the rest written at version k.
inline std::vector<Change> batch(std::uint64_t seed, int k, std::uint64_t articles) {
  std::vector<Change> out;
  if (k == 0) {
    for (std::uint64_t n = 0; n < articles; ++n)
      out.push_back({id_of(n), 0});
    return out;
  }
  std::uint64_t state = workload::mix(seed ^ (static_cast<std::uint64_t>(k) << 20));
  for (int c = 0; c < kChangesPerBatch; ++c) {
    state = workload::mix(state);
    const std::uint64_t n = state % (articles + articles / 10);
    out.push_back({id_of(n), (state >> 40) % 10 < 3 ? -1 : k});
  }
  return out;
}

inline std::uint64_t hash_of(const std::string& id, int version) {
  std::uint64_t h = static_cast<std::uint64_t>(version) * 0x9e3779b97f4a7c15ULL;
  for (const char c : id)
    h = workload::mix(h ^ static_cast<unsigned char>(c));
  return h;
}

inline std::string body(const std::string& id, int version) {
  const auto& words = workload::vocabulary();
  std::uint64_t state = hash_of(id, version);
  const int length = 40 + static_cast<int>(state % 80);
  std::string text = "common v" + std::to_string(version);
  for (int w = 0; w < length; ++w) {
    state = workload::mix(state);
    text += ' ';
    text += words[state % words.size()];
    if (w % 15 == 14)
      text += '.';
  }
  return text;
}

inline std::string source(const std::string& id) {
  return sources()[hash_of(id, 0) % sources().size()];
}

// A day of 2012 to 2014, by id and version.
inline std::string date(const std::string& id, int version) {
  const std::uint64_t h = hash_of(id, version) >> 7;
  char out[11];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", 2012 + static_cast<int>(h % 3),
                1 + static_cast<int>(h / 3 % 12), 1 + static_cast<int>(h / 36 % 28));
  return out;
}

inline nlohmann::json article_json(const std::string& id, int version) {
  return {{"id", id},
          {"title", "Soak report " + id + " version " + std::to_string(version)},
          {"source", source(id)},
          {"date", date(id, version)},
          {"body", body(id, version)}};
}

// id -> version, with batch `k` applied.
inline void apply(std::map<std::string, int>& model, const std::vector<Change>& changes) {
  for (const auto& change : changes) {
    if (change.version < 0) {
      model.erase(change.id);
    } else {
      model[change.id] = change.version;
    }
  }
}

}  // namespace byline::test::soak
