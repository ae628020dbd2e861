#include "indexer/prune.hpp"

#include <xapian.h>

#include <algorithm>
#include <system_error>

#include "engine/document_codec.hpp"
#include "engine/index_access.hpp"
#include "engine/xapian_error.hpp"

namespace byline::detail {

namespace {

namespace fs = std::filesystem;

// Absolute, without "." and "..", and without a trailing separator.
fs::path normal_absolute(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::absolute(path, ec);
  if (ec)
    out = path;
  out = out.lexically_normal();
  if (!out.has_filename() && out.has_relative_path())
    out = out.parent_path();
  return out;
}

bool strictly_below(const fs::path& path, const fs::path& folder) {
  const auto [f, p] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return f == folder.end() && p != path.end();
}

}  // namespace

std::vector<std::string> stale_articles(const Index& index, const std::vector<fs::path>& folders) {
  std::vector<fs::path> below;
  for (const fs::path& folder : folders)
    below.push_back(normal_absolute(folder));
  std::vector<std::string> ids;
  if (below.empty())
    return ids;
  const Xapian::Database& db = IndexAccess::database(index);
  guard_xapian("reading the index " + index.path().string(), [&] {
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Article article = decode_fields(db.get_document(*it).get_data());
      if (article.path.empty())
        continue;
      const fs::path path = normal_absolute(article.path);
      if (std::none_of(below.begin(), below.end(),
                       [&](const fs::path& folder) { return strictly_below(path, folder); }))
        continue;
      // Gone, or a link to nothing; not a folder that cannot be read.
      std::error_code ec;
      if (fs::status(path, ec).type() == fs::file_type::not_found)
        ids.push_back(std::move(article.id));
    }
  });
  return ids;
}

}  // namespace byline::detail
