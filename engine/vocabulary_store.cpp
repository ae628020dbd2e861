#include "engine/vocabulary_store.hpp"

#include <zstd.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include "engine/schema.hpp"
#include "engine/varint.hpp"

namespace byline::detail {

namespace {

// The first byte of each blob: the layout of what follows.
constexpr std::uint64_t kBlobLayout = 1;
// zstd level of both blobs. Measured on the words of 20,000 generated
// articles (152k words, 1.3 MB front-coded): level 3 gives 0.46 MB in 9 ms,
// level 9 0.42 MB in 45 ms; decompressing takes ~2 ms for either.
constexpr int kCompressionLevel = 3;
// Far more than any vocabulary: a blob claiming more is damaged.
constexpr unsigned long long kMaxFrontCodedBytes = 1ULL << 31;

// Thrown inside this file by the readers of a blob that does not parse;
// the public readers turn it into nullopt.
struct Damaged {};

void append_bytes(std::string& out, std::string_view bytes) {
  put_varint(out, bytes.size());
  out.append(bytes);
}

// Reads what the append_ functions wrote, from the front of `in`.
struct Reader {
  std::string_view in;

  std::uint64_t varint() {
    const auto value = get_varint(in);
    if (!value)
      throw Damaged{};
    return *value;
  }

  std::string_view bytes(std::uint64_t size) {
    if (size > in.size())
      throw Damaged{};
    const std::string_view out = in.substr(0, size);
    in.remove_prefix(size);
    return out;
  }

  std::string_view bytes() { return bytes(varint()); }

  template <typename T>
  T number() {
    const std::uint64_t value = varint();
    if (value > std::numeric_limits<T>::max())
      throw Damaged{};
    return static_cast<T>(value);
  }
};

std::size_t shared_prefix(std::string_view a, std::string_view b) {
  const auto [end_a, end_b] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<std::size_t>(end_a - a.begin());
}

// The words of `list`, their count and then each front-coded and the
// whole zstd-compressed.
void append_words(std::string& out, const WordList& list) {
  put_varint(out, list.size());
  if (list.empty())
    return;
  std::string coded;
  std::string_view previous;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string_view word = list[i];
    const std::size_t shared = shared_prefix(previous, word);
    put_varint(coded, shared);
    append_bytes(coded, word.substr(shared));
    previous = word;
  }
  const std::size_t start = out.size();
  out.resize(start + ZSTD_compressBound(coded.size()));
  const std::size_t size = ZSTD_compress(out.data() + start, out.size() - start, coded.data(),
                                         coded.size(), kCompressionLevel);
  if (ZSTD_isError(size))
    throw std::bad_alloc();  // zstd fails only for want of memory here
  out.resize(start + size);
}

WordList read_words(Reader& in) {
  const std::uint64_t count = in.varint();
  WordList list;
  if (count == 0)
    return list;
  const std::size_t frame = ZSTD_findFrameCompressedSize(in.in.data(), in.in.size());
  if (ZSTD_isError(frame))
    throw Damaged{};
  const unsigned long long size = ZSTD_getFrameContentSize(in.in.data(), frame);
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
      size > kMaxFrontCodedBytes || count > size)
    throw Damaged{};
  std::string coded(static_cast<std::size_t>(size), '\0');
  const std::size_t got = ZSTD_decompress(coded.data(), coded.size(), in.in.data(), frame);
  if (ZSTD_isError(got) || got != coded.size())
    throw Damaged{};
  in.in.remove_prefix(frame);

  // Each word shares a prefix with the one before and goes on with a
  // greater byte: a list that is not strictly ascending is damaged.
  Reader words{coded};
  list.reserve(static_cast<std::size_t>(count), coded.size() * 2);
  std::string word;
  for (std::uint64_t k = 0; k < count; ++k) {
    const std::uint64_t shared = words.varint();
    const std::string_view rest = words.bytes();
    if (shared > word.size() || rest.empty() ||
        (k > 0 && shared < word.size() &&
         static_cast<unsigned char>(rest.front()) <= static_cast<unsigned char>(word[shared])))
      throw Damaged{};
    word.resize(static_cast<std::size_t>(shared));
    word.append(rest);
    list.append(word);
  }
  if (!words.in.empty())
    throw Damaged{};
  return list;
}

void append_stamp(std::string& out, const VocabularyStamp& stamp) {
  append_bytes(out, stamp.uuid);
  put_varint(out, stamp.revision);
  put_varint(out, stamp.doccount);
  put_varint(out, stamp.last_docid);
  put_varint(out, stamp.total_length);
}

VocabularyStamp read_stamp(Reader& in) {
  VocabularyStamp stamp;
  stamp.uuid = in.bytes();
  stamp.revision = in.number<Xapian::rev>();
  stamp.doccount = in.number<Xapian::doccount>();
  stamp.last_docid = in.number<Xapian::docid>();
  stamp.total_length = in.number<Xapian::totallength>();
  return stamp;
}

std::string main_blob(std::string_view main_id, const WordList& words) {
  std::string out;
  put_varint(out, kBlobLayout);
  append_bytes(out, main_id);
  append_words(out, words);
  return out;
}

std::string delta_blob(const VocabularyStamp& stamp, std::string_view main_id,
                       const WordList& words) {
  std::string out;
  put_varint(out, kBlobLayout);
  append_stamp(out, stamp);
  append_bytes(out, main_id);
  append_words(out, words);
  return out;
}

}  // namespace

std::size_t WordList::lower_bound(std::string_view word, std::size_t from, std::size_t to) const {
  std::size_t high = std::min(to, size()), low = std::min(from, high);
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if ((*this)[middle] < word)
      low = middle + 1;
    else
      high = middle;
  }
  return low;
}

bool WordList::contains(std::string_view word) const {
  const std::size_t at = lower_bound(word);
  return at < size() && (*this)[at] == word;
}

void WordList::append(std::string_view word) {
  if (text_.size() + word.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("a vocabulary of more than 4 GiB");
  text_.append(word);
  ends_.push_back(static_cast<std::uint32_t>(text_.size()));
}

void WordList::reserve(std::size_t words, std::size_t bytes) {
  ends_.reserve(words);
  text_.reserve(bytes);
}

WordList WordList::merged(const WordList& a, const WordList& b) {
  WordList out;
  out.reserve(a.size() + b.size(), a.text_.size() + b.text_.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      out.append(a[i++]);
    } else {
      if (i < a.size() && a[i] == b[j])
        ++i;
      out.append(b[j++]);
    }
  }
  return out;
}

VocabularyStamp VocabularyStamp::after_commit(const Xapian::WritableDatabase& db) {
  VocabularyStamp stamp;
  stamp.uuid = db.get_uuid();
  stamp.revision = db.get_revision() + 1;
  stamp.doccount = db.get_doccount();
  stamp.last_docid = db.get_lastdocid();
  stamp.total_length = db.get_total_length();
  return stamp;
}

bool VocabularyStamp::describes(const Xapian::Database& db) const {
  std::string db_uuid;
  std::optional<Xapian::rev> db_revision;
  try {
    db_uuid = db.get_uuid();
    db_revision = db.get_revision();
  } catch (const Xapian::UnimplementedError&) {
    // One remote database: the remote backend tells no revision, and the
    // counts alone must do (a shard changed in place to the same counts
    // would not show; served shards are read-only).
  } catch (const Xapian::LogicError&) {
    return false;  // several shards
  }
  if (db_uuid.empty())
    return false;
  // Another uuid: a compacted copy, which starts at revision 1 (see the top
  // of the header).
  if (db_revision && (db_uuid == uuid ? *db_revision != revision : *db_revision != 1))
    return false;
  return db.get_doccount() == doccount && db.get_lastdocid() == last_docid &&
         db.get_total_length() == total_length;
}

std::optional<VocabularyDelta> read_vocabulary_delta(const Xapian::Database& db) {
  const std::string blob = db.get_metadata(std::string(schema::metadata::kVocabularyDelta));
  if (blob.empty())
    return std::nullopt;
  try {
    Reader in{blob};
    if (in.varint() != kBlobLayout)
      return std::nullopt;  // a layout of a later byline
    VocabularyDelta delta;
    delta.stamp = read_stamp(in);
    delta.main_id = in.bytes();
    delta.words = read_words(in);
    return delta;
  } catch (const Damaged&) {
    return std::nullopt;
  }
}

std::optional<WordList> read_vocabulary_main(const Xapian::Database& db, std::string_view main_id) {
  const std::string blob = db.get_metadata(std::string(schema::metadata::kVocabularyMain));
  try {
    Reader in{blob};
    if (blob.empty() || in.varint() != kBlobLayout || in.bytes() != main_id)
      return std::nullopt;
    return read_words(in);
  } catch (const Damaged&) {
    return std::nullopt;
  }
}

std::string write_vocabulary(Xapian::WritableDatabase& db, const WordList* main,
                             std::string_view main_id, const WordList& delta) {
  const VocabularyStamp stamp = VocabularyStamp::after_commit(db);
  std::string id(main_id);
  if (main != nullptr) {
    id = stamp.uuid + "@" + std::to_string(stamp.revision);
    db.set_metadata(std::string(schema::metadata::kVocabularyMain), main_blob(id, *main));
  }
  db.set_metadata(std::string(schema::metadata::kVocabularyDelta), delta_blob(stamp, id, delta));
  return id;
}

WordList exact_terms(const Xapian::Database& db) {
  WordList list;
  // Every prefixed term sorts between 'A' and 'Z' + 1: one skip past them.
  const std::string past_prefixed(1, 'Z' + 1);
  auto it = db.allterms_begin();
  const auto end = db.allterms_end();
  while (it != end) {
    const std::string term = *it;
    if (is_exact_form(term)) {
      list.append(term);
      ++it;
    } else if (term.empty()) {
      ++it;
    } else {
      it.skip_to(past_prefixed);
    }
  }
  return list;
}

}  // namespace byline::detail
