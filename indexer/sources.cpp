#include "indexer/sources.hpp"

#include <algorithm>
#include <cctype>
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

class Expander {
 public:
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
      std::vector<std::string> ancestors;
      root_ = path;
      walk(path, ancestors);
      root_.clear();
      return;
    }
    if (path.filename() == kManifestName) {
      add_file(path, Source::Kind::manifest);
    } else if (path.filename() == kAliasesName) {
      add_file(path, Source::Kind::aliases);
    } else {
      add_file(path, is_json_lines_name(path) ? Source::Kind::json_lines : Source::Kind::text);
    }
  }

  void add_file(const fs::path& path, Source::Kind kind) {
    // The same file named twice ("corpus" and "corpus/a.txt") is read once.
    if (!seen_files_.insert(canonical_key(path)).second)
      return;
    result_.sources.push_back({kind, path, root_});
  }

  // Lists `folder` below; `ancestors` holds the canonical paths of the folders
  // being walked, to recognise a symbolic link that leads back into them.
  void walk(const fs::path& folder, std::vector<std::string>& ancestors) {
    const std::string key = canonical_key(folder);
    if (std::find(ancestors.begin(), ancestors.end(), key) != ancestors.end()) {
      warning(folder, "symbolic link loop, skipped");
      return;
    }
    if (!seen_folders_.insert(key).second)
      return;  // reached through another link

    std::vector<fs::path> files;
    std::vector<fs::path> folders;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      error(folder, "cannot list folder: " + ec.message());
      return;
    }
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
      if (ec)
        break;  // reported below
      const fs::path path = it->path();
      std::error_code status_ec;
      const fs::file_status status = fs::status(path, status_ec);
      if (status_ec || !fs::exists(status)) {
        // Only worth a word if it would have been read.
        if (wanted(path))
          error(path, "broken symbolic link");
        continue;
      }
      if (fs::is_directory(status)) {
        folders.push_back(path);
      } else if (fs::is_regular_file(status) && wanted(path)) {
        files.push_back(path);
      }
    }
    if (ec)
      error(folder, "cannot list folder: " + ec.message());

    // Byte order of the whole path, so that the order depends on neither the
    // file system nor the locale. A folder sorts as "name/", which puts
    // "a/b.txt" before "a/b/x.txt", as sorting all the full paths would.
    struct Entry {
      std::string key;
      fs::path path;
      bool is_folder;
    };
    std::vector<Entry> entries;
    for (auto& f : files)
      entries.push_back({f.string(), std::move(f), false});
    for (auto& d : folders)
      entries.push_back({d.string() + "/", std::move(d), true});
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.key < b.key; });

    ancestors.push_back(key);
    for (const auto& [sort_key, path, is_folder] : entries) {
      if (is_folder) {
        walk(path, ancestors);
      } else if (path.filename() == kManifestName) {
        add_file(path, Source::Kind::manifest);
      } else if (path.filename() == kAliasesName) {
        add_file(path, Source::Kind::aliases);
      } else {
        add_file(path, is_json_lines_name(path) ? Source::Kind::json_lines : Source::Kind::text);
      }
    }
    ancestors.pop_back();
  }

  static bool wanted(const fs::path& path) {
    return lower_extension(path) == ".txt" || is_json_lines_name(path);
  }

  ExpandedInputs result_;
  fs::path root_;  // the folder being walked, if any
  std::set<std::string> seen_files_;
  std::set<std::string> seen_folders_;
};

}  // namespace

ExpandedInputs expand_inputs(const std::vector<std::string>& inputs) {
  return Expander().run(inputs);
}

}  // namespace byline::detail
