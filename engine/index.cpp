#include "byline/index.hpp"

#include <xapian.h>

#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "byline/error.hpp"
#include "byline/version.hpp"
#include "engine/index_access.hpp"
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

  ~Impl() {
    if (writable == nullptr)
      return;
    // Xapian's destructor would commit whatever is pending, even after a
    // failed commit (which has been seen to corrupt the position table).
    // byline commits only through Writer::commit(): anything else is dropped.
    try {
      writable->cancel_transaction();
    } catch (const Xapian::Error&) {
      // No transaction in progress: nothing to drop.
    }
    try {
      writable->close();
    } catch (const Xapian::Error&) {
      // Closing releases the lock; the process will release it anyway.
    }
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

// Checks the format version and reads the analyzer settings.
AnalyzerSettings read_index_metadata(const Xapian::Database& db, const fs::path& path) {
  const std::string version = db.get_metadata(std::string(schema::metadata::kFormatVersion));
  if (version.empty()) {
    throw Error(Error::Kind::version_mismatch,
                describe(path) + " is a Xapian database but not a byline index");
  }
  if (version != std::to_string(schema::kFormatVersion)) {
    throw Error(Error::Kind::version_mismatch,
                describe(path) + " has index format " + version + ", this byline (" +
                    std::string(byline::version()) + ") reads format " +
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
  const std::string context = (writing ? "opening " : "reading ") + describe(path);
  detail::guard_xapian(context, [&] {
    if (!writing) {
      impl->database = std::make_unique<Xapian::Database>(path.string());
    } else {
      int flags =
          options.mode == OpenMode::create_or_open ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
      if (options.wait_for_lock)
        flags |= Xapian::DB_RETRY_LOCK;
      if (options.mode == OpenMode::create_or_open) {
        check_creatable(path);
        create_parent_folders(path);
      }
      auto db = std::make_unique<Xapian::WritableDatabase>(path.string(), flags);
      if (db->get_metadata(std::string(schema::metadata::kFormatVersion)).empty() &&
          db->get_doccount() == 0 && options.mode == OpenMode::create_or_open) {
        write_new_index_metadata(*db, options.analyzer);
      }
      impl->writable = db.get();
      impl->database = std::move(db);
    }
    impl->settings = read_index_metadata(*impl->database, path);
  });
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
  detail::guard_xapian("reopening " + describe(impl_->path), [&] { impl_->database->reopen(); });
}

namespace detail {

Xapian::Database& IndexAccess::database(Index& index) {
  return *index.impl_->database;
}

const Xapian::Database& IndexAccess::database(const Index& index) {
  return *index.impl_->database;
}

Xapian::WritableDatabase& IndexAccess::writable_database(Index& index) {
  if (index.impl_->writable == nullptr) {
    throw Error(Error::Kind::invalid_argument,
                describe(index.impl_->path) + " is open read-only; open it for writing");
  }
  return *index.impl_->writable;
}

}  // namespace detail

}  // namespace byline
