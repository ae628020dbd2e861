#include "engine/shard_set.hpp"

#include "engine/stub_file.hpp"

namespace byline::detail {

ShardSet::ShardSet(const std::filesystem::path& path) {
  const auto stub = stub_file_of(path);
  if (!stub) {
    combined_ = Xapian::Database(path.string());
    shards_.push_back(combined_);
    return;
  }
  for (const StubShard& shard : read_stub(*stub)) {
    shards_.push_back(open_shard(shard));
    combined_.add_database(shards_.back());
    any_remote_ = any_remote_ || shard.kind != StubShard::Kind::local;
  }
}

std::optional<std::vector<Xapian::rev>> ShardSet::revisions() const {
  if (any_remote_)
    return std::nullopt;
  std::vector<Xapian::rev> out;
  out.reserve(shards_.size());
  for (const Xapian::Database& shard : shards_)
    out.push_back(shard.get_revision());
  return out;
}

}  // namespace byline::detail
