// Helpers shared by the tests: temporary folders, files, the seed corpus.
#pragma once

#include <time.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/index.hpp"
#include "byline/search.hpp"
#include "byline/writer.hpp"
#include "engine/alias_table.hpp"

namespace byline::test {

// A fresh folder under the system's temp dir, removed with everything in it
// when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "byline-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// The lines of `text`, without their newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// Writes `bytes` to `path` exactly (binary), creating parent folders.
inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// CPU seconds this thread has used. The guards against quadratic work bound
// it rather than wall time, so that a busy machine (ctest -j, other jobs)
// cannot fail them while an algorithm that got slower still does.
inline double thread_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// The project's corpus/ folder (the seed articles and their manifest).
inline std::filesystem::path corpus_dir() {
  return std::filesystem::path(BYLINE_SOURCE_DIR) / "corpus";
}

// Index options for `mode` (GCC's -Wextra frowns on partial designated initializers).
inline IndexOptions options_for(OpenMode mode, AnalyzerSettings analyzer = {}) {
  IndexOptions options;
  options.mode = mode;
  options.analyzer = std::move(analyzer);
  return options;
}

// A new, empty, writable index at `path`.
inline Index create_index(const std::filesystem::path& path) {
  return Index::open(path, options_for(OpenMode::create_or_open));
}

// The articles of the index at `whole`, oldest first, dealt in turn into
// `count` new indexes, `folder`/shard-1 and on, which `folder`/XAPIANDB
// lists: an index made of shards, holding what `whole` holds. (Each shard
// groups its articles into stories of its own.) Returns `folder`.
inline std::filesystem::path split_into_shards(const std::filesystem::path& whole,
                                               const std::filesystem::path& folder,
                                               std::size_t count) {
  Searcher searcher(Index::open(whole));
  SearchOptions every;
  every.limit = 1000000;
  every.sort = SortOrder::oldest;
  // Not moved once made: a Writer holds its Index.
  std::deque<Index> shards;
  std::deque<Writer> writers;
  std::string stub;
  for (std::size_t k = 1; k <= count; ++k) {
    const std::string name = "shard-" + std::to_string(k);
    shards.push_back(create_index(folder / name));
    writers.emplace_back(shards.back());
    stub += "auto " + name + "\n";
  }
  // Every shard has the whole index's aliases, as shards made of one
  // collection are given one alias list.
  std::vector<std::vector<std::string>> aliases;
  const auto table = detail::AliasTable::read(Xapian::Database(whole.string()));
  for (const auto& [key, others] : table.entries()) {
    aliases.push_back({key});
    aliases.back().insert(aliases.back().end(), others.begin(), others.end());
  }
  for (Writer& writer : writers)
    (void)writer.set_aliases(aliases);
  std::size_t next = 0;
  for (const Hit& hit : searcher.search("*", every).hits) {
    const auto article = searcher.article(hit.id);
    if (!article)
      throw std::runtime_error("split_into_shards: no article " + hit.id);
    (void)writers[next++ % count].add(*article);
  }
  for (Writer& writer : writers)
    writer.commit();
  write_file(folder / "XAPIANDB", stub);
  return folder;
}

}  // namespace byline::test
