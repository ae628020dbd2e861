// Expanding inputs: folders walked in a stable order, manifests recognised,
// file system trouble reported instead of thrown.
#include "indexer/sources.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;
using byline::Diagnostic;
using byline::detail::expand_inputs;
using byline::detail::Source;

namespace {

// The paths found, relative to `root`, each tagged with its kind.
std::vector<std::string> listed(const byline::detail::ExpandedInputs& expanded,
                                const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& source : expanded.sources) {
    const char* kind = source.kind == Source::Kind::text         ? "text "
                       : source.kind == Source::Kind::json_lines ? "jsonl "
                       : source.kind == Source::Kind::manifest   ? "manifest "
                                                                 : "stdin ";
    out.push_back(kind + source.path.lexically_relative(root).generic_string());
  }
  return out;
}

}  // namespace

TEST_CASE("a folder yields its articles recursively, in byte order of path") {
  byline::test::TempDir dir;
  for (const char* name : {"b.txt", "a/z.txt", "a.txt", "B.txt", "a/b/deep.ndjson",
                           "a/manifest.jsonl", "notes.md", "image.png", "feed.JSONL", "a/b.txt"}) {
    byline::test::write_file(dir / name, "x");
  }
  const auto expanded = expand_inputs({dir.path().string()});
  CHECK(expanded.diagnostics.empty());
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{
                                            "text B.txt",
                                            "text a.txt",
                                            "text a/b.txt",
                                            "jsonl a/b/deep.ndjson",
                                            "manifest a/manifest.jsonl",
                                            "text a/z.txt",
                                            "text b.txt",
                                            "jsonl feed.JSONL",
                                        });
}

TEST_CASE("explicit inputs keep their order, any file name given explicitly is read") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "z.txt", "x");
  byline::test::write_file(dir / "notes.md", "x");
  byline::test::write_file(dir / "manifest.jsonl", "{}");
  const auto expanded = expand_inputs({(dir / "z.txt").string(), "-", (dir / "notes.md").string(),
                                       (dir / "manifest.jsonl").string()});
  REQUIRE(expanded.sources.size() == 4);
  CHECK(expanded.sources[0].kind == Source::Kind::text);
  CHECK(expanded.sources[0].path == dir / "z.txt");
  CHECK(expanded.sources[1].kind == Source::Kind::standard_input);
  CHECK(expanded.sources[1].path == "-");
  CHECK(expanded.sources[2].kind == Source::Kind::text);
  CHECK(expanded.sources[2].path == dir / "notes.md");
  CHECK(expanded.sources[3].kind == Source::Kind::manifest);
}

TEST_CASE("a file named twice, directly and through its folder, is read once") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "a.txt", "x");
  const auto expanded = expand_inputs({(dir / "a.txt").string(), dir.path().string()});
  CHECK(expanded.sources.size() == 1);
}

TEST_CASE("missing inputs and broken links are error diagnostics, not exceptions") {
  byline::test::TempDir dir;
  fs::create_symlink(dir / "nowhere.txt", dir / "dangling.txt");
  const auto expanded = expand_inputs({(dir / "missing.txt").string(), dir.path().string()});
  CHECK(expanded.sources.empty());
  REQUIRE(expanded.diagnostics.size() == 2);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::error);
  CHECK(expanded.diagnostics[0].path == (dir / "missing.txt").string());
  CHECK(expanded.diagnostics[0].message == "no such file or folder");
  CHECK(expanded.diagnostics[1].path == (dir / "dangling.txt").string());
  CHECK(expanded.diagnostics[1].message == "broken symbolic link");
}

TEST_CASE("symbolic links are followed, and a link loop is skipped with a warning") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "real/a.txt", "x");
  fs::create_directory_symlink(dir / "real", dir / "real/loop");  // real/loop -> real
  fs::create_directory_symlink(dir / "real", dir / "alias");      // alias -> real
  const auto expanded = expand_inputs({dir.path().string()});
  // Reached through "alias" first (byte order), then not again through "real".
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"text alias/a.txt"});
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::warning);
  CHECK(expanded.diagnostics[0].message == "symbolic link loop, skipped");
}

TEST_CASE("an unreadable folder is an error diagnostic") {
  if (::geteuid() == 0)
    return;  // root reads everything
  byline::test::TempDir dir;
  byline::test::write_file(dir / "locked/a.txt", "x");
  fs::permissions(dir / "locked", fs::perms::none);
  const auto expanded = expand_inputs({dir.path().string()});
  fs::permissions(dir / "locked", fs::perms::owner_all);
  CHECK(expanded.sources.empty());
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].path == (dir / "locked").string());
  CHECK(expanded.diagnostics[0].message.starts_with("cannot list folder: "));
}
