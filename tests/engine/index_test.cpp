// Opening and creating indexes: every failure is a byline::Error of the right kind.
#include "byline/index.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <string>

#include "byline/error.hpp"
#include "byline/search.hpp"
#include "byline/version.hpp"
#include "byline/writer.hpp"
#include "engine/index_access.hpp"
#include "engine/xapian_error.hpp"
#include "test_support.hpp"

using byline::Error;
using byline::Index;
using byline::OpenMode;

namespace {

Error::Kind kind_of_open_error(const std::filesystem::path& path, OpenMode mode) {
  try {
    (void)Index::open(path, byline::test::options_for(mode));
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("opening " << path << " did not throw");
  return Error::Kind::io;
}

}  // namespace

TEST_CASE("a new index records the format version and analyzer settings") {
  byline::test::TempDir dir;
  {
    byline::AnalyzerSettings french;
    french.language = "french";
    french.fold_diacritics = false;
    auto index =
        Index::open(dir / "idx", byline::test::options_for(OpenMode::create_or_open, french));
    CHECK(index.writable());
    CHECK(index.article_count() == 0);
  }
  // The settings come back from the index, whatever the reader asks for.
  auto index = Index::open(dir / "idx");
  CHECK_FALSE(index.writable());
  CHECK(index.analyzer_settings().language == "french");
  CHECK_FALSE(index.analyzer_settings().fold_diacritics);
  Xapian::Database db((dir / "idx").string());
  CHECK(db.get_metadata("byline.format_version") == std::to_string(byline::index_format_version()));
}

TEST_CASE("a missing index is not_found, for reading and for writing") {
  byline::test::TempDir dir;
  CHECK(kind_of_open_error(dir / "nope", OpenMode::read_only) == Error::Kind::not_found);
  CHECK(kind_of_open_error(dir / "nope", OpenMode::read_write) == Error::Kind::not_found);
}

TEST_CASE("an index of another format version is refused with a clear message") {
  byline::test::TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "old").string(), Xapian::DB_CREATE);
    db.set_metadata("byline.format_version", "0");
    db.commit();
  }
  try {
    (void)Index::open(dir / "old");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::version_mismatch);
    CHECK(std::string(e.what()).find("re-index") != std::string::npos);
  }
}

TEST_CASE("a format-1 index is read as it is, and marked with today's format once written to") {
  byline::test::TempDir dir;
  {
    auto index = byline::test::create_index(dir / "idx");
    byline::Writer writer(index);
    byline::Article a;
    a.id = "new";
    a.title = "Stored compressed";
    a.body = "Its body.";
    writer.add(a);
    writer.commit();
  }
  {
    // As byline 0.1 wrote them: format 1, the article stored as text.
    Xapian::WritableDatabase db((dir / "idx").string());
    db.set_metadata("byline.format_version", "1");
    Xapian::Document doc;
    doc.add_boolean_term("Qold");
    doc.set_data("{\"id\":\"old\",\"title\":\"Stored as text\"}\nIts body.");
    db.add_document(doc);
    db.commit();
  }
  const auto format = [&] {
    return Xapian::Database((dir / "idx").string()).get_metadata("byline.format_version");
  };
  {
    auto index = Index::open(dir / "idx");
    CHECK(index.stats().format_version == 1);
    byline::Searcher searcher(index);
    const auto old = searcher.article("old");
    REQUIRE(old);
    CHECK(old->title == "Stored as text");
    CHECK(old->body == "Its body.");
    REQUIRE(searcher.article("new"));
  }
  {
    // Opened for writing but nothing committed: still format 1.
    auto index = Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
  }
  CHECK(format() == "1");
  {
    auto index = Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
    byline::Writer writer(index);
    byline::Article a;
    a.id = "newer";
    a.body = "Added later.";
    writer.add(a);
    writer.commit();
  }
  CHECK(format() == std::to_string(byline::index_format_version()));
  CHECK(Index::open(dir / "idx").stats().format_version == byline::index_format_version());
}

TEST_CASE("a Xapian database that byline did not write is not taken for an index") {
  byline::test::TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "plain").string(), Xapian::DB_CREATE);
    db.add_document(Xapian::Document());
    db.commit();
  }
  CHECK(kind_of_open_error(dir / "plain", OpenMode::read_only) == Error::Kind::version_mismatch);
  CHECK(kind_of_open_error(dir / "plain", OpenMode::create_or_open) ==
        Error::Kind::version_mismatch);
}

TEST_CASE("creating an index refuses a folder that holds other files") {
  byline::test::TempDir dir;
  byline::test::write_file(dir / "notes" / "todo.txt", "keep me");
  CHECK(kind_of_open_error(dir / "notes", OpenMode::create_or_open) ==
        Error::Kind::invalid_argument);
  CHECK(std::filesystem::exists(dir / "notes" / "todo.txt"));
}

TEST_CASE("a second writer gets a locked error, readers do not") {
  byline::test::TempDir dir;
  auto writer = byline::test::create_index(dir / "idx");
  // Xapian's lock is per process (fcntl), so the second writer must be another process.
  const pid_t child = fork();
  if (child == 0) {
    int code = 3;
    try {
      (void)Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
      code = 0;
    } catch (const Error& e) {
      code = e.kind() == Error::Kind::locked ? 1 : 2;
    }
    _exit(code);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_NOTHROW((void)Index::open(dir / "idx"));
}

TEST_CASE("error messages name the index path") {
  byline::test::TempDir dir;
  try {
    (void)Index::open(dir / "missing");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find((dir / "missing").string()) != std::string::npos);
    CHECK(e.to_string().rfind("NotFound: ", 0) == 0);
  }
}

TEST_CASE("an index asked for in an unknown language is refused and nothing is left behind") {
  byline::test::TempDir dir;
  byline::IndexOptions options;
  options.mode = OpenMode::create_or_open;
  options.analyzer.language = "klingon";
  try {
    (void)Index::open(dir / "news" / "idx", options);
    FAIL("an unknown language was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::invalid_argument);
    CHECK(std::string(e.what()).find("klingon") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "news"));
  // Nothing stands in the way of the index asked for next.
  options.analyzer.language = "english";
  CHECK(Index::open(dir / "news" / "idx", options).article_count() == 0);
}

TEST_CASE("creating an index creates the folders above it") {
  byline::test::TempDir dir;
  CHECK_NOTHROW((void)byline::test::create_index(dir / "a" / "b" / "idx"));
  CHECK(Index::open(dir / "a" / "b" / "idx").article_count() == 0);
}

namespace {

// Every name in `folder`, so that a test can see that nothing was left beside an index.
std::set<std::string> names_in(const std::filesystem::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    names.insert(entry.path().filename().string());
  return names;
}

// Changes the current folder for a test and restores it, whatever happens:
// the working folder belongs to the whole test process.
class InFolder {
 public:
  explicit InFolder(const std::filesystem::path& folder) : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(folder);
  }
  ~InFolder() {
    std::error_code ignored;
    std::filesystem::current_path(saved_, ignored);
  }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;

 private:
  std::filesystem::path saved_;
};

// Sets the process's umask for a test and restores it.
class WithUmask {
 public:
  explicit WithUmask(mode_t mask) : saved_(::umask(mask)) {}
  ~WithUmask() { ::umask(saved_); }
  WithUmask(const WithUmask&) = delete;
  WithUmask& operator=(const WithUmask&) = delete;

 private:
  mode_t saved_;
};

mode_t permissions_of(const std::filesystem::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a path with a trailing slash creates the index in the folder it names") {
  byline::test::TempDir dir;
  CHECK_NOTHROW((void)byline::test::create_index((dir / "newdir").string() + "/"));
  CHECK(Index::open(dir / "newdir").article_count() == 0);
  CHECK(Index::open((dir / "newdir").string() + "/").article_count() == 0);
  CHECK(names_in(dir.path()) == std::set<std::string>{"newdir"});
}

TEST_CASE("the current folder, empty, given as a dot becomes the index and stays the current one") {
  byline::test::TempDir dir;
  std::filesystem::create_directory(dir / "here");
  struct stat before {};
  REQUIRE(::stat((dir / "here").c_str(), &before) == 0);
  {
    InFolder in(dir / "here");
    std::optional<Index> index;
    CHECK_NOTHROW(index.emplace(byline::test::create_index(".")));
    // Nor will a bulk build swap another folder in for it.
    if (index)
      CHECK_FALSE(byline::detail::IndexAccess::make_build_folder(*index));
    // The process is still in the folder the user sees: it was not replaced.
    struct stat now {};
    REQUIRE(::stat(".", &now) == 0);
    CHECK(now.st_ino == before.st_ino);
    CHECK(Index::open(".").article_count() == 0);
  }
  CHECK(Index::open(dir / "here").article_count() == 0);
  CHECK(names_in(dir.path()) == std::set<std::string>{"here"});
}

TEST_CASE("a symbolic link to an empty folder: the index is created in that folder") {
  byline::test::TempDir dir;
  std::filesystem::create_directory(dir / "empty");
  std::filesystem::create_directory_symlink("empty", dir / "link");
  CHECK_NOTHROW((void)byline::test::create_index(dir / "link"));
  CHECK(std::filesystem::is_symlink(dir / "link"));
  CHECK(std::filesystem::exists(dir / "empty" / "iamglass"));
  CHECK(Index::open(dir / "link").article_count() == 0);
  CHECK(names_in(dir.path()) == std::set<std::string>{"empty", "link"});
}

TEST_CASE("a dangling symbolic link: the index is created where it points") {
  byline::test::TempDir dir;
  std::filesystem::create_directory_symlink("target", dir / "link");
  CHECK_NOTHROW((void)byline::test::create_index(dir / "link"));
  CHECK(std::filesystem::is_symlink(dir / "link"));
  CHECK(std::filesystem::exists(dir / "target" / "iamglass"));
  CHECK(Index::open(dir / "link").article_count() == 0);
  CHECK(names_in(dir.path()) == std::set<std::string>{"link", "target"});
}

TEST_CASE("opening an empty folder for writing finds no index and leaves the folder empty") {
  byline::test::TempDir dir;
  std::filesystem::create_directory(dir / "empty");
  CHECK(kind_of_open_error(dir / "empty", OpenMode::read_write) == Error::Kind::not_found);
  CHECK(std::filesystem::is_empty(dir / "empty"));
}

TEST_CASE("no permission to open the lock file is a permission error, not a lock") {
  byline::test::TempDir dir;
  (void)byline::test::create_index(dir / "idx");
  // Another user's index: root ignores permission bits, so the opening runs
  // in a child that drops to nobody; anyone else is denied by the modes.
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                      std::filesystem::perms::others_exec);
  std::filesystem::permissions(dir / "idx" / "flintlock", std::filesystem::perms::owner_read |
                                                              std::filesystem::perms::group_read |
                                                              std::filesystem::perms::others_read);
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = fork();
  if (child == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
      _exit(4);
    std::string report = "no error";
    int code = 3;
    try {
      (void)Index::open(dir / "idx", byline::test::options_for(OpenMode::read_write));
    } catch (const Error& e) {
      report = e.to_string();
      code = e.kind() == Error::Kind::locked ? 1 : 0;
    }
    (void)!::write(pipe_fds[1], report.data(), report.size());
    _exit(code);
  }
  ::close(pipe_fds[1]);
  std::string report;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    report.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  INFO(report);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(report.find("ermission denied") != std::string::npos);
  CHECK(report.find((dir / "idx" / "flintlock").string()) != std::string::npos);
  CHECK(report.find("locked") == std::string::npos);
}

TEST_CASE("Xapian's lock errors are told apart: only a lock held elsewhere is locked") {
  const std::string where = "opening index /x/idx";
  const auto translated = [&](const std::string& reason) {
    return byline::detail::translate(
        Xapian::DatabaseLockError("Unable to get write lock on /x/idx" + reason), where);
  };
  // The messages of Xapian 1.4's FlintLock (backends/flint_lock.cc).
  const Error held = translated(": already locked");
  CHECK(held.kind() == Error::Kind::locked);
  CHECK(std::string(held.what()) == where + ": the index is locked by another writer");

  const Error eio = translated(": Couldn't open lockfile: " + std::string(std::strerror(EIO)));
  CHECK(eio.kind() == Error::Kind::io);
  CHECK(std::string(eio.what()).find("/x/idx/flintlock") != std::string::npos);
  CHECK(std::string(eio.what()).find(std::strerror(EIO)) != std::string::npos);
  CHECK(std::string(eio.what()).find("locked") == std::string::npos);

  const Error denied =
      translated(": Couldn't open lockfile: " + std::string(std::strerror(EACCES)));
  CHECK(denied.kind() == Error::Kind::io);
  CHECK(std::string(denied.what()).find("permission denied") != std::string::npos);
  CHECK(std::string(denied.what()).find("/x/idx/flintlock") != std::string::npos);

  CHECK(translated(": too many open files").kind() == Error::Kind::io);
  CHECK(translated(": locking probably not supported by this FS").kind() == Error::Kind::io);
  CHECK(translated("").kind() == Error::Kind::io);
}

TEST_CASE("the index folder gets the permissions the umask gives, as its files do") {
  for (const mode_t mask : {mode_t{002}, mode_t{022}}) {
    CAPTURE(mask);
    byline::test::TempDir dir;
    WithUmask with(mask);
    const mode_t folder_mode = 0777 & ~mask;
    auto index = byline::test::create_index(dir / "idx");
    CHECK(permissions_of(dir / "idx") == folder_mode);
    CHECK(permissions_of(dir / "idx" / "iamglass") == (0666 & ~mask));
    // A bulk build's database, made by Xapian (which makes its folders
    // 0755), takes the index's place with the index folder's permissions.
    const auto build = byline::detail::IndexAccess::make_build_folder(index);
    REQUIRE(build);
    { Xapian::WritableDatabase built((*build / "index").string(), Xapian::DB_CREATE); }
    REQUIRE(byline::detail::IndexAccess::swap_in(index, *build / "index"));
    CHECK(permissions_of(dir / "idx") == folder_mode);
  }
}
