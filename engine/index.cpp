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
#include "engine/alias_table.hpp"
#include "engine/index_access.hpp"
#include "engine/read_retry.hpp"
#include "engine/schema.hpp"
#include "engine/stub_file.hpp"
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
  std::size_t remote_shards = 0;  // of those its stub file lists
  detail::ShardOptions shard_options;

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

fs::path without_trailing_slashes(const fs::path& path) {
  std::string text = path.string();
  while (text.size() > 1 && text.back() == '/')
    text.pop_back();
  return text;
}

// The folder `path` names, to create an index in: with a trailing slash, "."
// and ".." resolved and symbolic links followed, also one whose target does
// not exist yet (the index is made where it points, and the link then leads
// to it). Creation renames a sibling onto this real folder: the "sibling" of
// "newdir/" would be made inside it, of "." nowhere, and rename() replaces a
// symbolic link itself rather than the folder it leads to.
fs::path creation_target(const fs::path& path) {
  std::error_code ec;
  if (fs::path real = fs::canonical(path, ec); !ec)
    return real;
  fs::path target = without_trailing_slashes(path);
  // 40 links at most, as the kernel allows (ELOOP).
  for (int links = 0; links < 40 && fs::is_symlink(fs::symlink_status(target, ec)); ++links) {
    const fs::path next = fs::read_symlink(target, ec);
    if (ec)
      break;
    target = without_trailing_slashes(next.is_absolute() ? next : target.parent_path() / next);
  }
  if (fs::path resolved = fs::weakly_canonical(target, ec); !ec && !resolved.empty())
    return resolved;
  return target;
}

// Refuses to turn a folder holding other files into an index. `path` names
// `target` (creation_target()) as the caller gave it, for messages.
void check_creatable(const fs::path& target, const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(target, ec))
    return;
  if (!fs::is_directory(target, ec)) {
    throw Error(Error::Kind::invalid_argument,
                "cannot create " + describe(path) + ": it exists and is not a folder");
  }
  if (!looks_like_xapian_database(target) && !fs::is_empty(target, ec)) {
    throw Error(Error::Kind::invalid_argument,
                "cannot create " + describe(path) +
                    ": the folder is not empty and holds no index (refusing to write into it)");
  }
}

// Creates the folders above `target` that are missing; returns the topmost
// one it made, for remove_made_folders() should the creation fail.
std::optional<fs::path> create_parent_folders(const fs::path& target, const fs::path& path) {
  std::error_code ec;
  std::optional<fs::path> topmost;
  for (fs::path parent = target.parent_path();
       !parent.empty() && !fs::exists(parent, ec) && parent != parent.parent_path();
       parent = parent.parent_path()) {
    topmost = parent;
  }
  if (!topmost)
    return std::nullopt;
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    throw Error(Error::Kind::io, "cannot create " + describe(path) + ": " + ec.message());
  }
  return topmost;
}

// Removes the folders create_parent_folders() made, from `deepest` up to
// `topmost`, as long as they are empty (another process may use them now).
void remove_made_folders(const fs::path& deepest, const fs::path& topmost) {
  std::error_code ec;
  for (fs::path folder = deepest; fs::remove(folder, ec) && !ec && folder != topmost;
       folder = folder.parent_path()) {
  }
}

void write_new_index_metadata(Xapian::WritableDatabase& db, const AnalyzerSettings& settings) {
  db.set_metadata(std::string(schema::metadata::kFormatVersion),
                  std::to_string(schema::kFormatVersion));
  db.set_metadata(std::string(schema::metadata::kLanguage), settings.language);
  db.set_metadata(std::string(schema::metadata::kFoldDiacritics),
                  settings.fold_diacritics ? "1" : "0");
  db.set_metadata(std::string(schema::metadata::kArticleLanguages),
                  settings.article_languages ? "1" : "0");
  db.set_metadata(std::string(schema::metadata::kScriptFolding),
                  settings.script_folding ? "1" : "0");
  db.set_metadata(std::string(schema::metadata::kExactPositions), "1");
  db.set_metadata(std::string(schema::metadata::kCreatedBy),
                  "byline " + std::string(byline::version()));
  detail::AliasTable().store(db);
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

// False when the folder or its entries cannot be made durable.
bool sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

// Every file in `folder`, then the folder itself; false when any of them
// could not be read or written to the disk.
bool sync_files(const fs::path& folder) {
  std::error_code ec;
  bool synced = true;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      synced = false;
      continue;
    }
    synced = ::fsync(fd) == 0 && synced;
    ::close(fd);
  }
  return !ec && sync_folder(folder) && synced;
}

// Gives `folder` the permissions and, where the user may, the group of the
// folder it is about to replace. Xapian makes its folders 0755 whatever the
// umask (its files follow the umask), and a folder the user made for the
// index keeps what they chose for it.
void take_permissions_of(const struct stat& replaced, const fs::path& folder) {
  // chown() first: it may clear the set-group-id bit.
  if (::chown(folder.c_str(), static_cast<uid_t>(-1), replaced.st_gid) != 0) {
    // Not a member of that group: the folder keeps the creator's.
  }
  (void)::chmod(folder.c_str(), replaced.st_mode & 07777);
}

// Whether `folder` (an existing one at `target`) must not be replaced by a
// rename. Renaming onto the current folder succeeds, and leaves this process
// (and "." or any relative path it was given) in the folder renamed away,
// soon deleted; "." itself is refused (EBUSY). A mount point cannot be
// replaced, and nothing can be renamed into its parent.
bool must_stay_in_place(const struct stat& folder, const fs::path& target) {
  struct stat current {};
  struct stat parent {};
  if (::stat(".", &current) == 0 && current.st_dev == folder.st_dev &&
      current.st_ino == folder.st_ino) {
    return true;
  }
  return ::stat(target.parent_path().c_str(), &parent) != 0 || parent.st_dev != folder.st_dev;
}

// Creates the index at `target` (missing, or an empty folder; see
// creation_target()) if no one else has meanwhile. Returns false when it must
// be created in place instead (create_in_place()): a staging folder cannot be
// made next to it (a read-only parent holding an empty folder), or the empty
// folder cannot be replaced (must_stay_in_place()).
bool create_atomically(const fs::path& target, const fs::path& path,
                       const AnalyzerSettings& settings) {
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0;
  if (exists && must_stay_in_place(existing, target))
    return false;
  const auto made = make_staging_folder(target, kCreatingInfix);
  if (!made)
    return false;
  const fs::path& staging = *made;
  try {
    Xapian::WritableDatabase db(staging.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    write_new_index_metadata(db, settings);
    db.close();
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  if (exists)
    take_permissions_of(existing, staging);
  // rename() replaces an empty folder and fails on a non-empty one, so of two
  // creators racing, the second finds the first one's index and opens it.
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    const int code = errno;
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    // Busy: in use in a way must_stay_in_place() did not foresee.
    if (code == EBUSY && fs::is_directory(target, ignored) && fs::is_empty(target, ignored))
      return false;
    if (code != EEXIST && code != ENOTEMPTY) {
      throw Error(Error::Kind::io, "cannot create " + describe(path) + ": " + std::strerror(code));
    }
  }
  // Unsynced, a crash may undo the rename: no index then, which the next
  // writer creates again.
  (void)sync_folder(target.parent_path());
  return true;
}

// The files Xapian makes in a database folder.
bool is_xapian_file(const fs::path& file) {
  const fs::path name = file.filename();
  return name == "flintlock" || name == "iamglass" || name == "iamchert" ||
         name.extension() == ".glass" || name.extension() == ".tmp";
}

// Creates the index in the folder `target` itself, when create_atomically()
// cannot. A creator killed meanwhile leaves a folder that is neither empty
// nor an index (the reason for create_atomically()); one that fails leaves
// the folder as it found it.
void create_in_place(const fs::path& target, const AnalyzerSettings& settings) {
  // Xapian would make a missing folder 0755, whatever the umask.
  const bool made = ::mkdir(target.c_str(), 0777) == 0;
  try {
    // Another creator may have won meanwhile: then this opens its index.
    Xapian::WritableDatabase db(target.string(), Xapian::DB_CREATE_OR_OPEN);
    if (db.get_metadata(std::string(schema::metadata::kFormatVersion)).empty() &&
        db.get_doccount() == 0) {
      write_new_index_metadata(db, settings);
    }
    db.close();
  } catch (const Xapian::Error& e) {
    // A lock held means another creator is at work here: its files stay.
    if (std::string_view(e.get_type()) != "DatabaseLockError" &&
        !looks_like_xapian_database(target)) {
      std::error_code ec;
      for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ignored;
        if (is_xapian_file(it->path()))
          fs::remove(it->path(), ignored);
      }
      if (made)
        ::rmdir(target.c_str());
    }
    throw;
  }
}

// Creates a byline index at `path`, which holds no database: a missing
// folder or an empty one. On failure nothing it made is left.
void create_index(const fs::path& path, const AnalyzerSettings& settings) {
  // Settings no analyzer can be made from (an unknown language) are refused
  // before anything is written: an index stored with them could never be
  // opened again, and would stand in the way of a new one.
  const Analyzer check(settings);
  const fs::path target = creation_target(path);
  check_creatable(target, path);
  const std::optional<fs::path> made = create_parent_folders(target, path);
  try {
    if (!create_atomically(target, path, settings))
      create_in_place(target, settings);
  } catch (...) {
    if (made)
      remove_made_folders(target.parent_path(), *made);
    throw;
  }
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
  settings.article_languages =
      db.get_metadata(std::string(schema::metadata::kArticleLanguages)) == "1";
  settings.script_folding = db.get_metadata(std::string(schema::metadata::kScriptFolding)) == "1";
  return settings;
}

// How an index's articles were analysed, for a message: what must be the
// same in every shard for one query to find what each holds.
std::string analysis_of(const AnalyzerSettings& s, bool exact_positions) {
  return "language " + s.language + (s.fold_diacritics ? ", diacritics folded" : "") +
         (s.script_folding ? " by script" : "") +
         (s.article_languages ? ", each article in its own language" : "") +
         (exact_positions ? ", exact forms with positions" : "");
}

// An index made of `shards` (a stub file's, opened): every shard must be a
// byline index analysed as the first is, with the same alias table, as a
// query is compiled once for all of them, with the first shard's settings
// and aliases. Throws Error(version_mismatch) naming a shard that is no
// byline index, or not analysed alike.
void check_shards_agree(const fs::path& index_path, const detail::ShardSet& shards) {
  const std::string exact(schema::metadata::kExactPositions);
  AnalyzerSettings first;
  std::string first_positions;
  std::string first_aliases;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    const std::string shard = shards.describe(k);
    const Xapian::Database& db = shards.shard(k);
    AnalyzerSettings settings;
    std::string positions;
    std::string aliases;
    try {
      settings = read_index_metadata(db, shard);
      positions = db.get_metadata(exact);
      aliases = detail::AliasTable::stored_digest(db);
    } catch (const Error& e) {
      throw Error(e.kind(), describe(index_path) + " is made of shards, and " + e.what());
    } catch (const Xapian::Error& e) {
      throw detail::translate(e, "reading " + shard + " of " + describe(index_path));
    }
    if (k == 0) {
      first = settings;
      first_positions = positions;
      first_aliases = aliases;
    } else if (!(settings == first) || positions != first_positions) {
      throw Error(Error::Kind::version_mismatch,
                  describe(index_path) +
                      ": its shards were not analysed alike, so one query "
                      "cannot search them: " +
                      shard + " has " + analysis_of(settings, positions == "1") + ", shard 1 " +
                      analysis_of(first, first_positions == "1"));
    } else if (aliases != first_aliases) {
      // One query expands a name to the aliases of one table.
      throw Error(Error::Kind::version_mismatch,
                  describe(index_path) + ": " + shard +
                      " has another alias table than shard 1: load the same alias list into "
                      "every shard (byline index --aliases FILE)");
    }
  }
}

}  // namespace

Index Index::open(const fs::path& path, const IndexOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->shard_options = {{options.connect_timeout, options.remote_timeout}, options.allow_partial};
  const bool writing = options.mode != OpenMode::read_only;
  std::error_code ec;
  if (options.mode != OpenMode::create_or_open && !fs::exists(path, ec)) {
    throw Error(Error::Kind::not_found, "no index at " + path.string());
  }
  const std::optional<fs::path> stub = detail::stub_file_of(path);
  if (stub && writing) {
    // Xapian would open every shard for writing and spread the articles
    // over them by docid, not by id, in one transaction per shard.
    throw Error(Error::Kind::invalid_argument,
                describe(path) + " is made of shards (listed in " + stub->string() +
                    "), which byline reads but does not write to: add articles to a shard");
  }
  if (!writing) {
    auto read = [&] {
      // A stub's shards one by one, then as one: a line Xapian refuses is
      // named with the reason (Xapian gives the line number only), and a
      // shard missing, unreachable or analysed otherwise by where it is
      // listed.
      std::optional<detail::ShardSet> shards;
      try {
        shards.emplace(path, impl->shard_options);
      } catch (const Error& e) {
        if (!stub)
          throw;
        throw Error(e.kind(), describe(path) + " is made of shards, and " + e.what());
      }
      if (stub)
        check_shards_agree(path, *shards);
      impl->remote_shards = shards->remote_count();
      // A copy of the handle shares the shards' connections.
      impl->database = std::make_unique<Xapian::Database>(shards->database());
      impl->settings = read_index_metadata(*impl->database, path);
    };
    const std::string context = "reading " + describe(path);
    // A writer committing meanwhile can make opening fail for a moment; a
    // folder that holds no database at all is reported at once.
    if (looks_like_xapian_database(path) || stub)
      detail::read_with_retries(context, read);
    else
      detail::guard_xapian(context, read);
  } else {
    detail::guard_xapian("opening " + describe(path), [&] {
      int flags = Xapian::DB_OPEN;
      if (options.mode == OpenMode::create_or_open && !looks_like_xapian_database(path))
        create_index(path, options.analyzer);
      // Xapian would make its lock file in a folder it then finds no
      // database in, and leave it there.
      if (std::error_code ec; fs::is_directory(path, ec) && !looks_like_xapian_database(path))
        throw Error(Error::Kind::not_found, "no index at " + path.string());
      // A build killed after its swap left the old database and the shards
      // behind; every writer sweeps them, not only the next build. Named
      // after the real folder, as make_build_folder() names them.
      std::error_code ignored;
      if (const fs::path real = fs::canonical(path, ignored); !ignored)
        remove_abandoned_staging(real, kBuildingInfix);
      if (options.wait_for_lock)
        flags |= Xapian::DB_RETRY_LOCK;
      auto db = std::make_unique<Xapian::WritableDatabase>(path.string(), flags);
      // An empty Xapian database without byline's metadata (made by an older
      // byline) becomes a byline index.
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
      // Aliases set by a byline that kept them in the synonym table alone
      // are stored for remote readers too (alias_table.hpp), with the next
      // commit.
      if (detail::AliasTable::stored_digest(*impl->writable).empty())
        detail::AliasTable::from_synonyms(*impl->writable).store(*impl->writable);
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

std::size_t Index::remote_shards() const noexcept {
  return impl_->remote_shards;
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

ShardOptions IndexAccess::shard_options(const Index& index) {
  return index.impl_->shard_options;
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
  if (::stat(path.c_str(), &folder) != 0 || must_stay_in_place(folder, path))
    return std::nullopt;
  return make_staging_folder(path, kBuildingInfix);
}

bool IndexAccess::swap_in(Index& index, const fs::path& built) {
  (void)writable_database(index);  // refuses a read-only or broken Index
  Index::Impl& impl = *index.impl_;
  std::error_code ec;
  const fs::path path = fs::canonical(impl.path, ec);
  if (ec)
    return false;
  struct stat replaced {};
  if (::stat(path.c_str(), &replaced) == 0)
    take_permissions_of(replaced, built);
  // On disk before it is put in place, whatever flags it was written with.
  // A database the disk may not hold whole is not put in place: the caller
  // copies the articles in batch by batch instead.
  if (!sync_files(built))
    return false;
  // One rename that exchanges the two folders: a reader or a crash sees the
  // old index or the new one, never a mix and never none.
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
    return false;
  // Past the exchange, a crash before the folder is synced may show the old
  // index again: whole either way, so a failure here is not one of the swap.
  (void)sync_folder(path.parent_path());
  reopen_writable(index, "after building it");
  return true;
}

}  // namespace detail

}  // namespace byline
