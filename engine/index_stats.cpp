// Index::stats(): counts over the index's terms, values and files.
#include <xapian.h>

#include <charconv>
#include <optional>
#include <string>
#include <system_error>

#include "byline/index.hpp"
#include "engine/index_access.hpp"
#include "engine/read_retry.hpp"
#include "engine/schema.hpp"
#include "engine/stub_file.hpp"
#include "engine/xapian_error.hpp"

namespace byline {

namespace {

// "20140915" -> "2014-09-15"
std::string iso(const std::string& yyyymmdd) {
  if (yyyymmdd.size() != 8)
    return {};
  return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

std::uint64_t folder_bytes(const std::filesystem::path& folder) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec))
      total += entry.file_size(ec);
  }
  return total;
}

}  // namespace

IndexStats Index::stats() const {
  std::optional<Xapian::Database> latest;
  int attempt = 0;
  return detail::read_with_retries("counting what index " + path().string() + " holds", [&] {
    // Once a writer's commits have discarded the revision this handle sees,
    // only the latest one can be counted.
    const Xapian::Database& db =
        ++attempt == 1 ? detail::IndexAccess::database(*this) : latest.emplace(path().string());
    IndexStats s;
    s.articles = db.get_doccount();
    // Exact forms are the terms that do not start with an upper-case
    // prefix letter; prefixed terms sort together, from 'A' to 'Z'.
    for (auto it = db.allterms_begin(); it != db.allterms_end();) {
      if (const std::string term = *it; term.front() >= 'A' && term.front() <= 'Z') {
        it.skip_to("[");
        continue;
      }
      ++s.words;
      ++it;
    }
    const std::string source_prefix(schema::prefix::kSource);
    for (auto it = db.allterms_begin(source_prefix); it != db.allterms_end(source_prefix); ++it) {
      const std::string term = *it;
      // XSW<word> terms share the prefix; source keys are lower case.
      if (term.size() > source_prefix.size() && !(term[2] >= 'A' && term[2] <= 'Z'))
        ++s.sources;
    }
    const std::string author_prefix(schema::prefix::kAuthor);
    for (auto it = db.allterms_begin(author_prefix); it != db.allterms_end(author_prefix);) {
      const std::string term = *it;
      // XAW<word> terms share the prefix, and sort together: author keys
      // are lower case.
      if (term.size() > author_prefix.size() && term[2] >= 'A' && term[2] <= 'Z') {
        it.skip_to(author_prefix + "[");
        continue;
      }
      if (term.size() > author_prefix.size())
        ++s.authors;
      ++it;
    }
    s.first_date = iso(db.get_value_lower_bound(schema::slot::kDate));
    s.last_date = iso(db.get_value_upper_bound(schema::slot::kDate));
    if (const auto stub = detail::stub_file_of(path())) {
      const auto shards = detail::read_stub(*stub);
      s.shards = shards.size();
      for (const detail::StubShard& shard : shards) {
        ShardStats listed;
        switch (shard.kind) {
          case detail::StubShard::Kind::local:
            listed.location = std::filesystem::absolute(shard.path).lexically_normal().string();
            listed.bytes_on_disk = folder_bytes(shard.path);
            s.bytes_on_disk += listed.bytes_on_disk;
            break;
          case detail::StubShard::Kind::remote_tcp:
            listed.location = shard.host + ":" + std::to_string(shard.port);
            listed.remote = true;
            break;
          case detail::StubShard::Kind::remote_program:
            listed.location =
                ":" + shard.program + (shard.arguments.empty() ? "" : " " + shard.arguments);
            listed.remote = true;
            break;
        }
        s.remote_shards += listed.remote ? 1 : 0;
        s.shard_list.push_back(std::move(listed));
      }
    } else {
      s.bytes_on_disk = folder_bytes(path());
    }
    s.language = analyzer_settings().language;
    // The index's own: an index of an older format this byline reads too
    // keeps it until a writer commits.
    const std::string format = db.get_metadata(std::string(schema::metadata::kFormatVersion));
    std::from_chars(format.data(), format.data() + format.size(), s.format_version);
    return s;
  });
}

}  // namespace byline
