// Expanding inputs: folders walked in a stable order, manifests recognised,
// file system trouble reported instead of thrown.
#include "indexer/sources.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
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

TEST_CASE(
    "a link to a folder inside the folder given is not walked: its files keep their own path") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "real/a.txt", "x");
  fs::create_directory_symlink(dir / "real", dir / "real/loop");  // real/loop -> real
  fs::create_directory_symlink(dir / "real", dir / "alias");      // alias -> real
  const auto expanded = expand_inputs({dir.path().string()});
  // "alias" comes first in byte order, yet the article is read as real/a.txt,
  // once, and the loop is only reported (as find -L would).
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"text real/a.txt"});
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].message == "symbolic link loop, skipped");
}

TEST_CASE("a link to a file inside the folder given is read only when its target would not be") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "years/2024/a.txt", "x");
  byline::test::write_file(dir / "dumps/feed.json", "{}");
  fs::create_symlink(dir / "years/2024/a.txt", dir / "latest.txt");  // a.txt is read anyway
  fs::create_symlink(dir / "dumps/feed.json", dir / "feed.jsonl");   // feed.json is not
  const auto expanded = expand_inputs({dir.path().string()});
  CHECK(listed(expanded, dir.path()) ==
        std::vector<std::string>{"jsonl feed.jsonl", "text years/2024/a.txt"});
  CHECK(expanded.diagnostics.empty());
}

TEST_CASE("a link out of the folder given is not followed, with a warning naming its target") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "outside/secret.txt", "x");
  byline::test::write_file(dir / "outside/notes.md", "x");
  byline::test::write_file(dir / "in/a.txt", "x");
  fs::create_directory_symlink("..", dir / "in/up");                    // in/up -> ..
  fs::create_symlink(dir / "outside/secret.txt", dir / "in/leak.txt");  // a file out
  fs::create_symlink(dir / "outside/notes.md", dir / "in/notes.md");    // not read anyway
  const auto expanded = expand_inputs({(dir / "in").string()});
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"text in/a.txt"});
  const fs::path real = fs::canonical(dir.path());
  REQUIRE(expanded.diagnostics.size() == 2);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::warning);
  CHECK(expanded.diagnostics[0].path == (dir / "in/leak.txt").string());
  CHECK(expanded.diagnostics[0].message == "symbolic link out of the folder given, to " +
                                               (real / "outside/secret.txt").string() +
                                               ", not followed");
  CHECK(expanded.diagnostics[1].severity == Diagnostic::Severity::warning);
  CHECK(expanded.diagnostics[1].path == (dir / "in/up").string());
  CHECK(expanded.diagnostics[1].message ==
        "symbolic link out of the folder given, to " + real.string() + ", not followed");
}

TEST_CASE("a folder given through a link is walked where the link leads") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "data/years/2024/a.txt", "x");
  fs::create_directory_symlink(dir / "data", dir / "corpus");                  // corpus -> data
  fs::create_directory_symlink(dir / "data/years/2024", dir / "data/latest");  // inside data
  const auto expanded = expand_inputs({(dir / "corpus").string()});
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"text corpus/years/2024/a.txt"});
  CHECK(expanded.diagnostics.empty());
}

TEST_CASE("a named pipe named as an input is an error, not read, and the rest is listed") {
  byline::test::TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.jsonl").c_str(), 0600) == 0);
  byline::test::write_file(dir / "good.jsonl", "{}");
  const auto expanded =
      expand_inputs({(dir / "pipe.jsonl").string(), (dir / "good.jsonl").string()});
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"jsonl good.jsonl"});
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::error);
  CHECK(expanded.diagnostics[0].path == (dir / "pipe.jsonl").string());
  CHECK(expanded.diagnostics[0].message.starts_with("not a regular file (a named pipe)"));
}

TEST_CASE("a named pipe in a folder is an error if its name is an article's, else passed over") {
  byline::test::TempDir dir;
  REQUIRE(::mkfifo((dir / "a.txt").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((dir / "control").c_str(), 0600) == 0);
  byline::test::write_file(dir / "b.txt", "x");
  const auto expanded = expand_inputs({dir.path().string()});
  CHECK(listed(expanded, dir.path()) == std::vector<std::string>{"text b.txt"});
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::error);
  CHECK(expanded.diagnostics[0].path == (dir / "a.txt").string());
  CHECK(expanded.diagnostics[0].message.starts_with("not a regular file (a named pipe)"));
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

TEST_CASE("follow_links: links out of the folder given are followed, each folder walked once") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "outside/secret.txt", "x");
  byline::test::write_file(dir / "in/a.txt", "x");
  fs::create_directory_symlink(dir / "outside", dir / "in/one");  // two links, one folder
  fs::create_directory_symlink(dir / "outside", dir / "in/two");
  fs::create_symlink(dir / "outside/secret.txt", dir / "in/three.txt");  // and its file again
  const auto expanded = expand_inputs({(dir / "in").string()}, /*follow_links=*/true);
  CHECK(listed(expanded, dir.path()) ==
        std::vector<std::string>{"text in/a.txt", "text in/one/secret.txt"});
  CHECK(expanded.diagnostics.empty());
}

TEST_CASE("follow_links: a link loop is walked once, with a warning") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "outside/b.txt", "x");
  byline::test::write_file(dir / "in/a.txt", "x");
  fs::create_directory_symlink("..", dir / "in/up");  // in/up -> .., which holds in
  const auto expanded = expand_inputs({(dir / "in").string()}, /*follow_links=*/true);
  CHECK(listed(expanded, dir.path()) ==
        std::vector<std::string>{"text in/a.txt", "text in/up/outside/b.txt"});
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].severity == Diagnostic::Severity::warning);
  CHECK(expanded.diagnostics[0].path == (dir / "in/up/in").string());
  CHECK(expanded.diagnostics[0].message == "symbolic link loop, skipped");
}
