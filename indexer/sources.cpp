#include "indexer/sources.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <compare>
#include <cstring>
#include <optional>
#include <set>

#include "indexer/manifest.hpp"

namespace byline::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifestName = "manifest.jsonl";
constexpr std::string_view kAliasesName = "aliases.txt";

std::string lower_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

bool is_json_lines_name(const fs::path& path) {
  const std::string extension = lower_extension(path);
  return extension == ".jsonl" || extension == ".ndjson";
}

// The extension before ".gz" ("page.html.gz" -> ".html"), else the extension.
std::string extension_under_gzip(const fs::path& path) {
  if (lower_extension(path) != ".gz")
    return lower_extension(path);
  return lower_extension(path.stem());
}

bool is_html_name(const fs::path& path) {
  const std::string extension = extension_under_gzip(path);
  return extension == ".html" || extension == ".htm" || extension == ".xhtml";
}

bool is_warc_name(const fs::path& path) {
  return extension_under_gzip(path) == ".warc";
}

// How a file is read, by its name.
Source::Kind kind_of(const fs::path& path) {
  if (path.filename() == kManifestName)
    return Source::Kind::manifest;
  if (path.filename() == kAliasesName)
    return Source::Kind::aliases;
  if (is_json_lines_name(path))
    return Source::Kind::json_lines;
  if (is_html_name(path))
    return Source::Kind::html;
  if (is_warc_name(path))
    return Source::Kind::warc;
  return Source::Kind::text;
}

// A name below a folder that the walk reads.
bool wanted(const fs::path& path) {
  return lower_extension(path) == ".txt" || is_json_lines_name(path) || is_html_name(path) ||
         is_warc_name(path);
}

// Whether `path` is `folder` or lies below it; both canonical.
bool is_within(const fs::path& path, const fs::path& folder) {
  return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first ==
         folder.end();
}

std::string not_regular_message(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::fifo:
      return "not a regular file (a named pipe), not read; to index what a program writes, "
             "pipe it to standard input (-)";
    case fs::file_type::socket:
      return "not a regular file (a socket), not read";
    case fs::file_type::character:
      return "not a regular file (a character device), not read";
    case fs::file_type::block:
      return "not a regular file (a block device), not read";
    default:
      return "not a regular file, not read";
  }
}

// A folder's identity: its path can differ (links, bind mounts), this cannot.
struct FolderId {
  dev_t device = 0;
  ino_t inode = 0;
  auto operator<=>(const FolderId&) const = default;
};

std::optional<FolderId> folder_id(const fs::path& folder) {
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0)
    return std::nullopt;
  return FolderId{info.st_dev, info.st_ino};
}

class Expander {
 public:
  explicit Expander(bool follow_links) : follow_links_(follow_links) {}

  ExpandedInputs run(const std::vector<std::string>& inputs) {
    for (const auto& input : inputs) {
      if (input == "-") {
        result_.sources.push_back({Source::Kind::standard_input, "-", {}});
      } else {
        add_input(input);
      }
    }
    return std::move(result_);
  }

 private:
  void error(const fs::path& path, std::string message) {
    result_.diagnostics.push_back(
        {Diagnostic::Severity::error, path.string(), 0, std::move(message)});
  }

  void warning(const fs::path& path, std::string message) {
    result_.diagnostics.push_back(
        {Diagnostic::Severity::warning, path.string(), 0, std::move(message)});
  }

  void add_input(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      const bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
      error(path, dangling ? "broken symbolic link" : "no such file or folder");
      return;
    }
    if (fs::is_directory(status)) {
      // Inside and outside are judged where the folder really is, so that a
      // folder given through a link ("corpus -> /data/corpus") is walked.
      root_ = path;
      root_real_ = fs::canonical(path, ec);
      if (ec)
        root_real_ = canonical_key(path);
      std::vector<FolderId> ancestors;
      walk(path, ancestors);
      root_.clear();
      root_real_.clear();
      return;
    }
    // A named pipe, socket or device is refused rather than read, as `cat`
    // would: opening a named pipe blocks until a writer comes, for ever if
    // none does, and a device such as /dev/zero never ends. Opening it
    // O_NONBLOCK and reading only while a writer is there would not block
    // here, but whether a writer is there yet is a race with the program
    // meant to write, so the same command would index or skip by timing.
    // Standard input ("-") is the way in for a pipe, and the caller's to
    // wait on.
    if (!fs::is_regular_file(status)) {
      error(path, not_regular_message(status));
      return;
    }
    add_file(path, kind_of(path));
  }

  void add_file(const fs::path& path, Source::Kind kind) {
    // The same file named twice ("corpus" and "corpus/a.txt"), or reached
    // twice through links, is read once.
    if (!seen_files_.insert(canonical_key(path)).second)
      return;
    result_.sources.push_back({kind, path, root_});
  }

  // Lists `folder` below; `ancestors` holds the folders being walked, to
  // recognise a link that leads back into them (a loop).
  void walk(const fs::path& folder, std::vector<FolderId>& ancestors) {
    const auto id = folder_id(folder);
    if (!id) {
      const int code = errno;
      error(folder, std::string("cannot list folder: ") + std::strerror(code));
      return;
    }
    if (std::find(ancestors.begin(), ancestors.end(), *id) != ancestors.end()) {
      warning(folder, "symbolic link loop, skipped");
      return;
    }
    if (!seen_folders_.insert(*id).second)
      return;  // reached through another link

    // Byte order of the whole path, so that the order depends on neither the
    // file system nor the locale. A folder sorts as "name/", which puts
    // "a/b.txt" before "a/b/x.txt", as sorting all the full paths would.
    // Everything is reported in that order too.
    struct Entry {
      std::string key;
      fs::path path;
      fs::file_status status;  // of what a link leads to; not_found if broken
      bool link = false;
    };
    std::vector<Entry> entries;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      error(folder, "cannot list folder: " + ec.message());
      return;
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
      if (ec)
        break;  // reported below
      fs::path path = it->path();
      std::error_code status_ec;
      fs::file_status status = fs::status(path, status_ec);
      if (status_ec)
        status = fs::file_status(fs::file_type::not_found);
      // Only what would be read is worth a word: a folder, or a file with
      // an article's name, whatever it turns out to be.
      const bool is_folder = fs::is_directory(status);
      if (!is_folder && !wanted(path))
        continue;
      const bool link = fs::is_symlink(fs::symlink_status(path, status_ec));
      std::string key = is_folder ? path.string() + "/" : path.string();
      entries.push_back({std::move(key), std::move(path), status, link});
    }
    if (ec)
      error(folder, "cannot list folder: " + ec.message());
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });

    ancestors.push_back(*id);
    for (const auto& entry : entries) {
      if (!fs::exists(entry.status)) {
        error(entry.path, "broken symbolic link");
      } else if (entry.link && !follow(entry.path, entry.status)) {
        continue;
      } else if (fs::is_directory(entry.status)) {
        walk(entry.path, ancestors);
      } else if (fs::is_regular_file(entry.status)) {
        add_file(entry.path, kind_of(entry.path));
      } else {
        error(entry.path, not_regular_message(entry.status));
      }
    }
    ancestors.pop_back();
  }

  // Whether to go where the link at `path` leads (`status`). A folder walk
  // reads what is inside the folder given and nothing else, so that
  // indexing a folder one does not control cannot reach the rest of the
  // disk ("up -> .."): a link out of it is skipped, with a warning, unless
  // follow_links. A link that stays inside is skipped, silently, when the
  // walk reaches its target under the target's own name anyway (a folder;
  // a file whose own name is read the same way): every article then keeps
  // its real path, and with it the id a text file takes from its path,
  // whatever links come and go; and links inside cannot loop. Any other
  // link inside ("feed.jsonl -> dump.json") is followed.
  bool follow(const fs::path& path, const fs::file_status& status) {
    std::error_code ec;
    const fs::path target = fs::canonical(path, ec);
    if (ec) {
      error(path, "cannot resolve symbolic link: " + ec.message());
      return false;
    }
    if (is_within(target, root_real_)) {
      if (fs::is_directory(status)) {
        // To a folder that holds the link: walked already, and a loop to a
        // user who follows it by hand (find -L and ripgrep say so too).
        if (const fs::path here = fs::canonical(path.parent_path(), ec);
            !ec && is_within(here, target)) {
          warning(path, "symbolic link loop, skipped");
        }
        return false;
      }
      return !(fs::is_regular_file(status) && wanted(target) && kind_of(target) == kind_of(path));
    }
    if (follow_links_)
      return true;
    warning(path,
            "symbolic link out of the folder given, to " + target.string() + ", not followed");
    return false;
  }

  const bool follow_links_;
  ExpandedInputs result_;
  fs::path root_;       // the folder being walked, if any, as given
  fs::path root_real_;  // the same, canonical
  std::set<std::string> seen_files_;
  std::set<FolderId> seen_folders_;
};

}  // namespace

ExpandedInputs expand_inputs(const std::vector<std::string>& inputs, bool follow_links) {
  return Expander(follow_links).run(inputs);
}

}  // namespace byline::detail
