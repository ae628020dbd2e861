// Manifests: JSON Lines files that give the true metadata of plain-text
// articles, one object per article keyed by "file":
//   {"file": "000_948900f74b3c9d2b.txt", "id": "...", "title": "...",
//    "source": "Al Jazeera", "date": "2014-09-15", "author": "Jane Doe",
//    "lang": "en", "url": "..."}
// "file" is relative to the manifest's folder; every other field is optional.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "byline/ingest.hpp"

namespace byline::detail {

struct ManifestEntry {
  std::string file;  // as written in the manifest
  std::optional<std::string> id;
  std::optional<std::string> title;
  std::optional<std::string> source;
  std::optional<std::string> date;  // as written; ingest normalizes it
  std::optional<std::string> author;
  std::optional<std::string> lang;
  std::optional<std::string> url;
  std::string manifest;  // the manifest's path, for diagnostics
  std::size_t line = 0;  // 1-based line in the manifest
};

// The entries of every manifest read in one run, looked up by the file they
// describe. Files are compared by their canonical absolute path, so
// "corpus/a.txt" and "./corpus/../corpus/a.txt" are the same article.
class ManifestSet {
 public:
  // Reads the manifest at `path`. Throws Error(bad_input) when the file
  // cannot be opened. A malformed line becomes an error diagnostic (with the
  // line number) appended to `diagnostics`, and the other lines are used. An
  // entry for a file already described by an earlier manifest is ignored
  // (the first manifest read wins; ingest reads the explicit one first); a
  // repeated entry within one manifest replaces the earlier one, with a
  // warning. Reading the same manifest twice is a no-op.
  void read(const std::filesystem::path& path, std::vector<Diagnostic>& diagnostics);

  // The entry describing `file`, or null. Marks it used.
  const ManifestEntry* find(const std::filesystem::path& file);

  // Entries no find() asked for, in manifest and line order.
  [[nodiscard]] std::vector<const ManifestEntry*> unused() const;

  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

 private:
  struct Slot {
    ManifestEntry entry;
    std::size_t order = 0;
    bool used = false;
  };
  std::map<std::string, Slot> entries_;  // by canonical path of the file
  std::vector<std::string> manifests_read_;
  std::size_t next_order_ = 0;
};

// The canonical absolute form of `path` as a string, the key files are
// compared by; the lexically normalized absolute path when the file does not
// exist. Never throws.
[[nodiscard]] std::string canonical_key(const std::filesystem::path& path);

}  // namespace byline::detail
