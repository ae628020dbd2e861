#include "engine/stem_cache.hpp"

#include <functional>
#include <utility>

namespace byline::detail {

namespace {

constexpr std::size_t kFirstCapacity = 1 << 12;

std::size_t hash_of(std::string_view term) {
  return std::hash<std::string_view>{}(term);
}

}  // namespace

std::size_t StemCache::probe(std::string_view term, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = hash & mask;
  while (slots_[at].used && (slots_[at].hash != hash || slots_[at].term != term))
    at = (at + 1) & mask;
  return at;
}

const std::string* StemCache::find(std::string_view term) const {
  if (slots_.empty())
    return nullptr;
  const Slot& slot = slots_[probe(term, hash_of(term))];
  return slot.used ? &slot.stem : nullptr;
}

const std::string& StemCache::insert(std::string_view term, std::string stem) {
  if (size_ >= kMaxEntries) {
    slots_.clear();
    size_ = 0;
  }
  if (slots_.empty()) {
    slots_.resize(kFirstCapacity);
  } else if ((size_ + 1) * 4 > slots_.size() * 3) {
    rehash(slots_.size() * 2);
  }
  const std::size_t hash = hash_of(term);
  Slot& slot = slots_[probe(term, hash)];
  if (!slot.used) {
    slot = Slot{hash, true, std::string(term), std::move(stem)};
    ++size_;
  }
  return slot.stem;
}

void StemCache::rehash(std::size_t capacity) {
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  for (Slot& slot : old) {
    if (slot.used)
      slots_[probe(slot.term, slot.hash)] = std::move(slot);
  }
}

}  // namespace byline::detail
