#include "byline/index.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "byline/error.hpp"
#include "byline/version.hpp"
#include "engine/index_access.hpp"
#include "engine/read_retry.hpp"
#include "engine/schema.hpp"
#include "engine/xapian_error.hpp"

namespace byline {

namespace fs = std::filesystem;

struct Index::Impl {
  fs::path path;
  AnalyzerSettings settings;
  // A Xapian::WritableDatabase when writable, else a Xapian::Database.
  std::unique_ptr<Xapian::Database> database;
  Xapian::WritableDatabase* writable = nullptr;
  int write_flags = Xapian::DB_OPEN;
  // Set when the database could not be reopened after a failed write.
  std::string broken;

  // byline commits only through Writer::commit(): whatever else is pending
  // when the handle goes away is dropped, never committed.
  ~Impl() {
    if (writable != nullptr)
      detail::close_without_commit(*writable);
  }
};

namespace {

std::string describe(const fs::path& path) {
  return "index " + path.string();
}

bool looks_like_xapian_database(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path / "iamglass", ec) || fs::exists(path / "iamchert", ec);
}

// Refuses to turn a folder holding other files into an index.
void check_creatable(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    return;
  if (!fs::is_directory(path, ec)) {
    throw Error(Error::Kind::invalid_argument,
                "cannot create " + describe(path) + ": it exists and is not a folder");
  }
  if (!looks_like_xapian_database(path) && !fs::is_empty(path, ec)) {
    throw Error(Error::Kind::invalid_argument,
                "cannot create " + describe(path) +
                    ": the folder is not empty and holds no index (refusing to write into it)");
  }
}

// Xapian creates the index folder but not its parents.
void create_parent_folders(const fs::path& path) {
  std::error_code ec;
  const fs::path parent = path.parent_path();
  if (parent.empty() || fs::exists(parent, ec))
    return;
  fs::create_directories(parent, ec);
  if (ec) {
    throw Error(Error::Kind::io, "cannot create " + describe(path) + ": " + ec.message());
  }
}

void write_new_index_metadata(Xapian::WritableDatabase& db, const AnalyzerSettings& settings) {
  db.set_metadata(std::string(schema::metadata::kFormatVersion),
                  std::to_string(schema::kFormatVersion));
  db.set_metadata(std::string(schema::metadata::kLanguage), settings.language);
  db.set_metadata(std::string(schema::metadata::kFoldDiacritics),
                  settings.fold_diacritics ? "1" : "0");
  db.set_metadata(std::string(schema::metadata::kCreatedBy),
                  "byline " + std::string(byline::version()));
  db.commit();
}

// A new index appears whole or not at all: it is built in a hidden sibling
// folder (".NAME.creating-PID-N"), its metadata committed, and only then
// renamed into place. A writer killed while Xapian creates its files in place
// would leave a folder that is neither empty nor an index, which every later
// run would refuse to touch. A bulk build (IndexAccess::make_build_folder)
// works the same way in ".NAME.building-PID-N".
constexpr std::string_view kCreatingInfix = ".creating-";
constexpr std::string_view kBuildingInfix = ".building-";

std::string staging_prefix(const fs::path& path, std::string_view infix) {
  return "." + path.filename().string() + std::string(infix);
}

// Folders left by creators or builders that were killed: their process is gone.
void remove_abandoned_staging(const fs::path& path, std::string_view infix) {
  std::error_code ec;
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const std::string prefix = staging_prefix(path, infix);
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix))
      continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) == -1 &&
        errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

// A new, empty staging folder next to `path`; nullopt when the parent refuses.
std::optional<fs::path> make_staging_folder(const fs::path& path, std::string_view infix) {
  remove_abandoned_staging(path, infix);
  // mkdir() rather than mkdtemp(), so that the folder gets the permissions
  // the umask gives, as any folder would.
  static std::atomic<unsigned> counter{0};
  for (;;) {
    fs::path staging =
        path.parent_path() / (staging_prefix(path, infix) + std::to_string(::getpid()) + "-" +
                              std::to_string(counter++));
    if (::mkdir(staging.c_str(), 0777) == 0)
      return staging;
    if (errno != EEXIST)
      return std::nullopt;
  }
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

// Every file in `folder`, then the folder itself.
void sync_files(const fs::path& folder) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      (void)::fsync(fd);
      ::close(fd);
    }
  }
  sync_folder(folder);
}

// Creates the index at `path` (missing, or an empty folder) if no one else
// has meanwhile. Returns false when a staging folder cannot be made next to
// it (a read-only parent holding an empty folder): the caller then creates
// in place.
bool create_atomically(const fs::path& path, const AnalyzerSettings& settings) {
  const auto made = make_staging_folder(path, kCreatingInfix);
  if (!made)
    return false;
  const fs::path& staging = *made;
  const fs::path parent = path.parent_path();
  try {
    Xapian::WritableDatabase db(staging.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    write_new_index_metadata(db, settings);
    db.close();
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  // rename() replaces an empty folder and fails on a non-empty one, so of two
  // creators racing, the second finds the first one's index and opens it.
  if (::rename(staging.c_str(), path.c_str()) != 0) {
    const int code = errno;
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    if (code != EEXIST && code != ENOTEMPTY) {
      throw Error(Error::Kind::io, "cannot create " + describe(path) + ": " + std::strerror(code));
    }
  }
  sync_folder(parent);
  return true;
}

bool readable_format(const std::string& version) {
  for (int v = schema::kOldestReadableFormat; v <= schema::kFormatVersion; ++v) {
    if (version == std::to_string(v))
      return true;
  }
  return false;
}

// Checks the format version and reads the analyzer settings.
AnalyzerSettings read_index_metadata(const Xapian::Database& db, const fs::path& path) {
  const std::string version = db.get_metadata(std::string(schema::metadata::kFormatVersion));
  if (version.empty()) {
    throw Error(Error::Kind::version_mismatch,
                describe(path) + " is a Xapian database but not a byline index");
  }
  if (!readable_format(version)) {
    throw Error(Error::Kind::version_mismatch,
                describe(path) + " has index format " + version + ", this byline (" +
                    std::string(byline::version()) + ") reads formats " +
                    std::to_string(schema::kOldestReadableFormat) + " to " +
                    std::to_string(schema::kFormatVersion) + ": re-index the articles");
  }
  AnalyzerSettings settings;
  settings.language = db.get_metadata(std::string(schema::metadata::kLanguage));
  settings.fold_diacritics = db.get_metadata(std::string(schema::metadata::kFoldDiacritics)) == "1";
  return settings;
}

}  // namespace

Index Index::open(const fs::path& path, const IndexOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  const bool writing = options.mode != OpenMode::read_only;
  std::error_code ec;
  if (options.mode != OpenMode::create_or_open && !fs::exists(path, ec)) {
    throw Error(Error::Kind::not_found, "no index at " + path.string());
  }
  if (!writing) {
    auto read = [&] {
      impl->database = std::make_unique<Xapian::Database>(path.string());
      impl->settings = read_index_metadata(*impl->database, path);
    };
    const std::string context = "reading " + describe(path);
    // A writer committing meanwhile can make opening fail for a moment; a
    // folder that holds no database at all is reported at once.
    if (looks_like_xapian_database(path))
      detail::read_with_retries(context, read);
    else
      detail::guard_xapian(context, read);
  } else {
    detail::guard_xapian("opening " + describe(path), [&] {
      int flags = Xapian::DB_OPEN;
      if (options.mode == OpenMode::create_or_open && !looks_like_xapian_database(path)) {
        check_creatable(path);
        create_parent_folders(path);
        if (!create_atomically(path, options.analyzer))
          flags = Xapian::DB_CREATE_OR_OPEN;
      }
      // A build killed after its swap left the old database and the shards
      // behind; every writer sweeps them, not only the next build. Named
      // after the real folder, as make_build_folder() names them.
      std::error_code ignored;
      if (const fs::path real = fs::canonical(path, ignored); !ignored)
        remove_abandoned_staging(real, kBuildingInfix);
      if (options.wait_for_lock)
        flags |= Xapian::DB_RETRY_LOCK;
      auto db = std::make_unique<Xapian::WritableDatabase>(path.string(), flags);
      // An empty Xapian database without byline's metadata (created in place
      // above, or by an older byline) becomes a byline index.
      if (db->get_metadata(std::string(schema::metadata::kFormatVersion)).empty() &&
          db->get_doccount() == 0 && options.mode == OpenMode::create_or_open) {
        write_new_index_metadata(*db, options.analyzer);
      }
      impl->write_flags = Xapian::DB_OPEN | (flags & Xapian::DB_RETRY_LOCK);
      impl->writable = db.get();
      impl->database = std::move(db);
      impl->settings = read_index_metadata(*impl->database, path);
      // Articles added from now on are stored as this format stores them;
      // a byline that reads only the older format must refuse the index.
      const std::string current = std::to_string(schema::kFormatVersion);
      if (impl->writable->get_metadata(std::string(schema::metadata::kFormatVersion)) != current)
        impl->writable->set_metadata(std::string(schema::metadata::kFormatVersion), current);
    });
  }
  // The stemmer name comes from the index; check it before anyone analyses.
  Analyzer check(impl->settings);
  return Index(std::move(impl));
}

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

const fs::path& Index::path() const noexcept {
  return impl_->path;
}
bool Index::writable() const noexcept {
  return impl_->writable != nullptr;
}
const AnalyzerSettings& Index::analyzer_settings() const noexcept {
  return impl_->settings;
}

std::uint64_t Index::article_count() const {
  return detail::guard_xapian("counting articles in " + describe(impl_->path),
                              [&] { return impl_->database->get_doccount(); });
}

void Index::reopen() {
  detail::read_with_retries("reopening " + describe(impl_->path),
                            [&] { impl_->database->reopen(); });
}

namespace detail {

void close_without_commit(Xapian::WritableDatabase& db) noexcept {
  try {
    db.begin_transaction(false);
  } catch (const Xapian::Error&) {
    // Already inside a transaction, or no database left: nothing can commit.
  }
  try {
    db.close();
  } catch (const Xapian::Error&) {
    // The destructor will cancel the transaction; the lock goes with the process.
  }
}

Xapian::Database& IndexAccess::database(Index& index) {
  return *index.impl_->database;
}

const Xapian::Database& IndexAccess::database(const Index& index) {
  return *index.impl_->database;
}

Xapian::WritableDatabase& IndexAccess::writable_database(Index& index) {
  const Index::Impl& impl = *index.impl_;
  if (impl.writable == nullptr) {
    throw Error(Error::Kind::invalid_argument,
                describe(impl.path) + " is open read-only; open it for writing");
  }
  if (!impl.broken.empty())
    throw Error(Error::Kind::io, impl.broken);
  return *impl.writable;
}

void IndexAccess::reopen_writable(Index& index, std::string_view why) {
  Index::Impl& impl = *index.impl_;
  Xapian::WritableDatabase& db = writable_database(index);
  close_without_commit(db);
  // Destroys the old handle: with its transaction still active, its
  // destructor cancels instead of committing, and lets go of the lock.
  db = Xapian::WritableDatabase();
  try {
    db = Xapian::WritableDatabase(impl.path.string(), impl.write_flags);
  } catch (const Xapian::Error& e) {
    Error error = translate(e, "reopening " + describe(impl.path) + " " + std::string(why));
    impl.broken = std::string(error.what()) + "; open the index again";
    throw error;
  }
}

void IndexAccess::reset_writable(Index& index) {
  reopen_writable(index, "after a failed write");
}

std::optional<fs::path> IndexAccess::make_build_folder(const Index& index) {
  std::error_code ec;
  // The real folder, not a symbolic link to it: the swap renames what it names.
  const fs::path path = fs::canonical(index.impl_->path, ec);
  if (ec)
    return std::nullopt;
  struct stat folder {};
  struct stat parent {};
  // A mount point cannot be renamed; neither can anything into its parent.
  if (::stat(path.c_str(), &folder) != 0 || ::stat(path.parent_path().c_str(), &parent) != 0 ||
      folder.st_dev != parent.st_dev) {
    return std::nullopt;
  }
  return make_staging_folder(path, kBuildingInfix);
}

bool IndexAccess::swap_in(Index& index, const fs::path& built) {
  (void)writable_database(index);  // refuses a read-only or broken Index
  Index::Impl& impl = *index.impl_;
  std::error_code ec;
  const fs::path path = fs::canonical(impl.path, ec);
  if (ec)
    return false;
  // On disk before it is put in place, whatever flags it was written with.
  sync_files(built);
  // One rename that exchanges the two folders: a reader or a crash sees the
  // old index or the new one, never a mix and never none.
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
    return false;
  sync_folder(path.parent_path());
  reopen_writable(index, "after building it");
  return true;
}

}  // namespace detail

}  // namespace byline
