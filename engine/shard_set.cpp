#include "engine/shard_set.hpp"

#include <system_error>

#include "byline/error.hpp"
#include "engine/xapian_error.hpp"

namespace byline::detail {

ShardSet::ShardSet(const std::filesystem::path& path, const RemoteTimeouts& timeouts) {
  const auto stub = stub_file_of(path);
  if (!stub) {
    combined_ = Xapian::Database(path.string());
    shards_.push_back(combined_);
    return;
  }
  listed_ = read_stub(*stub);
  for (std::size_t k = 0; k < listed_.size(); ++k) {
    const StubShard& listed = listed_[k];
    if (std::error_code ec;
        listed.kind == StubShard::Kind::local && !std::filesystem::exists(listed.path, ec)) {
      throw Error(Error::Kind::not_found, listed.describe(k + 1) + " does not exist");
    }
    try {
      shards_.push_back(open_shard(listed, timeouts));
    } catch (const Xapian::Error& e) {
      throw translate(e, listed.describe(k + 1) + " could not be opened");
    }
    combined_.add_database(shards_.back());
    remote_ += listed.kind == StubShard::Kind::local ? 0 : 1;
  }
}

std::string ShardSet::state() const {
  std::string out;
  for (std::size_t k = 0; k < shards_.size(); ++k) {
    const Xapian::Database& shard = shards_[k];
    if (!listed_.empty() && listed_[k].kind != StubShard::Kind::local) {
      out += shard.get_uuid() + ":" + std::to_string(shard.get_doccount()) + ":" +
             std::to_string(shard.get_lastdocid()) + ":" +
             std::to_string(shard.get_total_length()) + " ";
    } else {
      out += std::to_string(shard.get_revision()) + " ";
    }
  }
  return out;
}

std::optional<std::string> ShardSet::shard_of(const Xapian::Error& e) const {
  for (std::size_t k = 0; k < listed_.size(); ++k) {
    if (listed_[k].raised(e))
      return listed_[k].describe(k + 1);
  }
  return std::nullopt;
}

}  // namespace byline::detail
