#include "engine/shard_set.hpp"

#include <optional>
#include <system_error>

#include "byline/error.hpp"
#include "engine/xapian_error.hpp"

namespace byline::detail {

ShardSet::ShardSet(const std::filesystem::path& path, const ShardOptions& options) {
  const auto stub = stub_file_of(path);
  if (!stub) {
    combined_ = Xapian::Database(path.string());
    shards_.push_back(combined_);
    return;
  }
  const std::vector<StubShard> listed = read_stub(*stub);
  std::optional<Error> first_failure;
  for (std::size_t k = 0; k < listed.size(); ++k) {
    try {
      if (std::error_code ec; listed[k].kind == StubShard::Kind::local &&
                              !std::filesystem::exists(listed[k].path, ec)) {
        throw Error(Error::Kind::not_found, listed[k].describe(k + 1) + " does not exist");
      }
      try {
        shards_.push_back(open_shard(listed[k], options.timeouts));
      } catch (const Xapian::Error& e) {
        throw translate(e, listed[k].describe(k + 1) + " could not be opened");
      }
    } catch (const Error& e) {
      if (!options.allow_partial)
        throw;
      unavailable_.emplace_back(e.what());
      if (!first_failure)
        first_failure = e;
      continue;
    }
    combined_.add_database(shards_.back());
    listed_.push_back(listed[k]);
    numbers_.push_back(k + 1);
    remote_ += listed[k].kind == StubShard::Kind::local ? 0 : 1;
  }
  // Not one shard to search: the first failure says why.
  if (shards_.empty() && first_failure)
    throw *first_failure;
}

std::string ShardSet::describe(std::size_t k) const {
  return listed_.empty() ? std::string() : listed_[k].describe(numbers_[k]);
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
      return describe(k);
  }
  return std::nullopt;
}

}  // namespace byline::detail
