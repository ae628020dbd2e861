// The shard build of an empty index (IngestOptions::shards) under the same
// threats as batch-by-batch indexing: SIGKILL at any moment, and a rename
// that cannot be done. Whatever happens the index is sound and holds none of
// the articles or all of them, and the next run finishes the job and sweeps
// away what the killed one left next to the index.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "byline/index.hpp"
#include "process.hpp"
#include "test_support.hpp"
#include "verify.hpp"

namespace {

namespace fs = std::filesystem;
using byline::test::Child;
using Clock = std::chrono::steady_clock;

constexpr int kArticles = 1500;

fs::path write_articles(const fs::path& dir) {
  const fs::path file = dir / "articles.jsonl";
  std::ofstream out(file, std::ios::binary);
  for (int i = 0; i < kArticles; ++i) {
    out << R"({"id": "a)" << i << R"(", "title": "Report )" << i << R"(", "source": "Wire )"
        << i % 7 << R"(", "date": "2014-09-)" << 10 + i % 20 << R"(", "body": ")";
    for (int w = 0; w < 120; ++w)
      out << "word" << (i * 31 + w * 7) % 997 << (w % 12 == 11 ? ". " : " ");
    out << "\"}\n";
  }
  return file;
}

// Folders next to the index that are not the index: what a build left.
int leftovers(const fs::path& index) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(index.parent_path())) {
    if (entry.path().filename().string().starts_with(".idx."))
      ++n;
  }
  return n;
}

// "" when the index at `path` is sound and holds 0 or all the articles.
std::string check_none_or_all(const fs::path& path) {
  if (!fs::exists(path / "iamglass"))
    return {};  // killed before the index was created
  if (auto problem = byline::test::xapian_check(path); !problem.empty())
    return problem;
  const auto count = byline::Index::open(path).article_count();
  if (count != 0 && count != kArticles)
    return "the index holds " + std::to_string(count) + " articles";
  return {};
}

std::string run_to_the_end(const std::string& worker, const fs::path& index, const fs::path& input,
                           const fs::path& err) {
  Child child({worker, "build", index.string(), input.string()}, err.string());
  std::vector<std::string> lines;
  const auto ended = child.finish(&lines);
  if (!ended.ok())
    return "the worker ended with " + ended.describe();
  if (lines.empty() || lines.back() != "done " + std::to_string(kArticles))
    return "the worker's last line: " + (lines.empty() ? std::string("none") : lines.back());
  return {};
}

}  // namespace

TEST_CASE("a shard build killed at any moment leaves the index empty or whole") {
  const std::string worker = BYLINE_RELIABILITY_WORKER;
  byline::test::TempDir dir;
  const fs::path input = write_articles(dir.path());
  const fs::path index = dir / "idx";
  const auto err = dir / "worker.err";

  // How long a whole build takes here, to spread the kills over it.
  const auto started = Clock::now();
  REQUIRE(run_to_the_end(worker, dir / "reference", input, err).empty());
  const auto whole = Clock::now() - started;
  fs::remove_all(dir / "reference");

  constexpr int kKills = 12;
  int found_empty = 0;
  int found_whole = 0;
  for (int k = 0; k < kKills; ++k) {
    fs::remove_all(index);
    const auto begun = Clock::now();
    Child child({worker, "build", index.string(), input.string()}, err.string());
    // From the start to a little past the end of a build (merge included).
    const auto delay = whole * (k + 1) / (kKills - 2);
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::microseconds>(delay - (Clock::now() - begun));
      if (left.count() <= 0 || !child.line(left))
        break;
    }
    child.kill(SIGKILL);
    (void)child.finish();
    const std::string problem = check_none_or_all(index);
    CHECK_MESSAGE(problem.empty(), "kill " << k << ": " << problem);
    if (fs::exists(index / "iamglass"))
      ++(byline::Index::open(index).article_count() == 0 ? found_empty : found_whole);
    // The next run completes the job and leaves nothing beside the index.
    CHECK(run_to_the_end(worker, index, input, err).empty());
    CHECK(leftovers(index) == 0);
    CHECK(byline::Index::open(index).article_count() == kArticles);
  }
  MESSAGE("shard build, " << kArticles << " articles in "
                          << std::chrono::duration<double>(whole).count() << " s; " << kKills
                          << " kills: found " << found_empty << " empty, " << found_whole
                          << " whole");
}

TEST_CASE("a shard build whose rename fails copies the articles in instead") {
  std::string strace;
  for (const char* candidate : {"/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"}) {
    if (fs::exists(candidate))
      strace = candidate;
  }
  REQUIRE_MESSAGE(!strace.empty(), "strace is missing: run tools/setup.sh");
  const std::string worker = BYLINE_RELIABILITY_WORKER;
  byline::test::TempDir dir;
  const fs::path input = write_articles(dir.path());
  const fs::path index = dir / "idx";
  // A file system without RENAME_EXCHANGE, as far as byline can tell.
  Child child({strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=renameat2", "-e",
               "inject=renameat2:error=EINVAL", worker, "build", index.string(), input.string()},
              (dir / "worker.err").string(), {"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"});
  std::vector<std::string> lines;
  const auto ended = child.finish(&lines);
  CHECK_MESSAGE(ended.ok(), ended.describe());
  REQUIRE(!lines.empty());
  CHECK(lines.back() == "done " + std::to_string(kArticles));
  CHECK(byline::test::xapian_check(index).empty());
  CHECK(byline::test::stored_articles(index).size() == kArticles);
  CHECK(leftovers(index) == 0);
}
