#include "indexer/shard_build.hpp"

#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "byline/error.hpp"
#include "engine/commit_guard.hpp"
#include "engine/fnv.hpp"
#include "engine/index_access.hpp"
#include "engine/schema.hpp"
#include "engine/xapian_error.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/handoff_queue.hpp"
#include "indexer/vocabulary_updates.hpp"
#include "indexer/writer_access.hpp"

namespace byline::detail {

namespace {

namespace fs = std::filesystem;

// A shard commits every this many of its articles at most (fewer when the
// ingest's batch size is smaller): nothing reads a shard before the merge, so
// this only trades memory against speed. Measured (two shards, bench --tune
// and by hand): 250 against 1,000 was 18% faster at 10k articles and as fast
// at 100k (81 s), with 67 MB peak memory instead of 153 MB.
constexpr std::size_t kShardBatch = 250;

// Articles waiting for a shard's thread. Enough for the other shards to go
// on while one commits (a second or so), as unanalysed text is small.
constexpr std::size_t kQueuedArticles = 512;

// Files a Xapian database being merged holds open (measured: 60 segments
// and the index, 259).
constexpr std::size_t kFilesPerDatabase = 4;

// How many databases a shard may have: the merge opens them all at once,
// and may take half the files the process can open.
std::size_t max_segments(std::size_t shards) {
  rlimit files{};
  std::size_t limit = 1024;
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY)
    limit = static_cast<std::size_t>(std::min<rlim_t>(files.rlim_cur, 1U << 20));
  return std::max<std::size_t>(1, limit / 2 / kFilesPerDatabase / shards);
}

// Runs a call that commits (commit, close) under a commit guard, so that an
// I/O error fails it with a clear error instead of ending the process inside
// libxapian (commit_guard.hpp). A database that failed so is only closed
// without a commit afterwards: the build is given up.
template <typename Fn>
void commit_guarded(std::string_view context, Fn&& fn) {
  CommitGuard guard;
  guard_xapian(context, std::forward<Fn>(fn));
  if (guard.kept_writes()) {
    throw Error(Error::Kind::io, std::string(context) + ": " + std::strerror(guard.first_error()));
  }
}

}  // namespace

struct ShardBuild::Queued {
  Article article;
  std::uint64_t id_hash = 0;
  std::string path;
  std::size_t line = 0;
  bool warned = false;
};

struct ShardBuild::Shard {
  ShardBuild& build;
  const std::string name;             // of its first segment; the others add "-N"
  std::vector<std::string> segments;  // databases, in order; the last is db
  DocumentBuilder builder;
  Xapian::WritableDatabase db;
  std::size_t in_batch = 0;
  std::size_t in_segment = 0;
  // The hashes of the ids in the segments before db (sorted) and in db: an
  // id seen before may be in an earlier segment, where it must not stay.
  std::vector<std::uint64_t> earlier_ids;
  std::vector<std::uint64_t> segment_ids;
  std::set<std::string> maybe_in_earlier;
  Counts counts;
  HandoffQueue<Queued> queue{kQueuedArticles};
  std::thread thread;
  std::exception_ptr failure;

  Shard(ShardBuild& owner, const fs::path& folder)
      : build(owner),
        name(folder.string()),
        builder(WriterAccess::analyzer_settings(owner.writer_)) {
    open_segment();
  }

  [[nodiscard]] std::string context() const {
    return "writing the index shard " + (segments.empty() ? name : segments.back());
  }

  void open_segment() {
    std::string path = segments.empty() ? name : name + "-" + std::to_string(segments.size());
    guard_xapian("writing the index shard " + path, [&] {
      // A shard lives until the merge: a crash loses it whatever it synced.
      db = Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    });
    segments.push_back(std::move(path));
    in_segment = 0;
    in_batch = 0;
  }

  // Commits the segment and goes on in a new one.
  void next_segment() {
    commit_guarded(context(), [&] { db.close(); });
    std::sort(segment_ids.begin(), segment_ids.end());
    const auto middle =
        earlier_ids.insert(earlier_ids.end(), segment_ids.begin(), segment_ids.end());
    std::inplace_merge(earlier_ids.begin(), middle, earlier_ids.end());
    segment_ids.clear();
    open_segment();
  }

  void write(Queued& queued) {
    PreparedArticle article;
    try {
      article = prepare_article(builder, queued.article);
    } catch (const Error& e) {
      build.refuse({{Diagnostic::Severity::error, std::move(queued.path), queued.line,
                     not_indexed_message(queued.article.id, e.what())},
                    queued.warned});
      return;
    }
    {
      const std::lock_guard lock(build.assigner_mutex_);
      build.assigner_->assign(article.document, article.id);
    }
    if (std::binary_search(earlier_ids.begin(), earlier_ids.end(), queued.id_hash))
      maybe_in_earlier.insert(queued.article.id);
    guard_xapian(context(), [&] {
      const Xapian::doccount before = db.get_doccount();
      db.replace_document(article.id_term, article.document);
      ++(db.get_doccount() > before ? counts.added : counts.replaced);
    });
    if (++in_batch >= build.shard_batch_) {
      commit_guarded(context(), [&] { db.commit(); });
      in_batch = 0;
    }
    segment_ids.push_back(queued.id_hash);
    if (++in_segment >= build.segment_size_ && build.segment_size_ != 0 &&
        segments.size() < build.max_segments_) {
      next_segment();
    }
  }

  // Counts an article whose id is in more than one segment as added once
  // and then replaced, and says which ids those are: all versions but the
  // one in the last segment are to be deleted after the merge.
  std::vector<std::string> ids_in_several_segments() {
    std::vector<std::string> ids;
    if (maybe_in_earlier.empty())
      return ids;
    std::vector<Xapian::Database> dbs;
    for (const auto& segment : segments)
      guard_xapian("reading the index shard " + segment, [&] { dbs.emplace_back(segment); });
    for (const auto& id : maybe_in_earlier) {
      const std::string term = id_term(id);
      std::size_t versions = 0;
      guard_xapian("reading the index shards of " + name, [&] {
        for (const auto& segment : dbs)
          versions += segment.term_exists(term) ? 1 : 0;
      });
      if (versions < 2)
        continue;  // another id with the same hash
      counts.added -= versions - 1;
      counts.replaced += versions - 1;
      ids.push_back(id);
    }
    return ids;
  }

  // Analyses and writes until the queue closes. On failure, cancels the
  // queue so that the next add() finds out.
  void run() noexcept {
    try {
      while (auto queued = queue.pop())
        write(*queued);
    } catch (...) {
      failure = std::current_exception();
      queue.cancel();
    }
  }
};

std::unique_ptr<ShardBuild> ShardBuild::start(Writer& writer, unsigned shards,
                                              std::size_t batch_size, std::size_t segment_size) {
  if (shards < 2 || !WriterAccess::empty_and_clean(writer))
    return nullptr;
  auto folder = IndexAccess::make_build_folder(WriterAccess::index(writer));
  if (!folder)
    return nullptr;
  std::unique_ptr<ShardBuild> build(
      new ShardBuild(writer, std::move(*folder), shards, batch_size, segment_size));
  try {
    for (unsigned i = 0; i < shards; ++i) {
      build->shards_.push_back(
          std::make_unique<Shard>(*build, build->folder_ / ("shard-" + std::to_string(i))));
    }
  } catch (const Error&) {
    return nullptr;  // no room next to the index, say: batch by batch then
  }
  try {
    for (auto& shard : build->shards_)
      shard->thread = std::thread([&shard = *shard] { shard.run(); });
  } catch (const std::system_error&) {
    return nullptr;  // no threads to be had: batch by batch, on the caller's
  }
  return build;
}

ShardBuild::ShardBuild(Writer& writer, fs::path folder, unsigned shards, std::size_t batch_size,
                       std::size_t segment_size)
    : writer_(writer),
      folder_(std::move(folder)),
      batch_size_(batch_size),
      shard_batch_(std::min(batch_size, kShardBatch)),
      segment_size_(segment_size),
      max_segments_(max_segments(shards)),
      assigner_(std::make_unique<StoryAssigner>(nullptr, AliasCanonicals())) {}

void ShardBuild::use_aliases(const Xapian::Database& db) {
  const std::lock_guard lock(assigner_mutex_);
  AliasCanonicals aliases;
  guard_xapian("reading the aliases of " + WriterAccess::index(writer_).path().string(),
               [&] { aliases = AliasCanonicals(db); });
  assigner_ = std::make_unique<StoryAssigner>(nullptr, std::move(aliases));
}

std::size_t ShardBuild::near_duplicates() const noexcept {
  return assigner_->duplicates();
}

std::size_t ShardBuild::new_stories() const noexcept {
  return assigner_->new_stories();
}

ShardBuild::~ShardBuild() {
  stop_threads();
  for (auto& shard : shards_)
    close_without_commit(shard->db);  // thrown away: committing it would be wasted work
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
}

void ShardBuild::stop_threads() noexcept {
  for (auto& shard : shards_) {
    shard->queue.cancel();  // drops what waits: nothing of it will be kept
    shard->queue.close();   // and wakes the thread, which then finds no more
    if (shard->thread.joinable())
      shard->thread.join();
  }
}

void ShardBuild::add(Article article, const std::string& path, std::size_t line, bool warned) {
  const std::uint64_t id_hash = fnv1a(article.id);
  Shard& shard = *shards_[id_hash % shards_.size()];
  if (!shard.queue.push({std::move(article), id_hash, path, line, warned})) {
    // run() set the failure before it cancelled the queue.
    std::rethrow_exception(shard.failure);
  }
}

void ShardBuild::refuse(Refusal refusal) {
  const std::lock_guard lock(refusals_mutex_);
  refusals_.push_back(std::move(refusal));
}

std::vector<ShardBuild::Refusal> ShardBuild::take_refusals() {
  const std::lock_guard lock(refusals_mutex_);
  return std::exchange(refusals_, {});
}

ShardBuild::Counts ShardBuild::finish() {
  for (auto& shard : shards_)
    shard->queue.close();
  Counts total;
  std::vector<std::string> in_several_segments;
  for (auto& shard : shards_) {
    if (shard->thread.joinable())
      shard->thread.join();
    if (shard->failure)
      std::rethrow_exception(shard->failure);
    commit_guarded(shard->context(), [&] { shard->db.close(); });  // commits the last batch
    for (auto& id : shard->ids_in_several_segments())
      in_several_segments.push_back(std::move(id));
    total.added += shard->counts.added;
    total.replaced += shard->counts.replaced;
  }
  // The index's own batch: its aliases, which the merge takes along.
  writer_.commit();
  if (total.added == 0)
    return total;

  const fs::path merged = folder_ / "index";
  bool swapped = false;
  try {
    Xapian::Database all(WriterAccess::index(writer_).path().string());
    for (const auto& shard : shards_) {
      for (const auto& segment : shard->segments)
        all.add_database(Xapian::Database(segment));
    }
    all.compact(merged.string());
    finish_merged(merged, in_several_segments);
    swapped = WriterAccess::swap_in(writer_, merged);
  } catch (const Xapian::Error&) {
    // No room for the merged copy, say: the slower way below still works.
  }
  if (!swapped)
    copy_into_index();
  return total;
}

// The merge keeps every segment's version of an id; the last segment's is
// the one the index would hold, and it has the highest document number.
// The vocabulary store the merge took from the index (if any) is of the
// empty index: the merged database gets its own, built from its terms.
void ShardBuild::finish_merged(const fs::path& merged, const std::vector<std::string>& ids) {
  // Synced with the rest of the merged database before the swap.
  Xapian::WritableDatabase db(merged.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  for (const auto& id : ids) {
    const std::string term = id_term(id);
    std::vector<Xapian::docid> versions(db.postlist_begin(term), db.postlist_end(term));
    if (!versions.empty())
      versions.pop_back();  // postings come in document number order
    for (const Xapian::docid older : versions)
      db.delete_document(older);
  }
  write_whole_vocabulary(db);
  db.set_metadata(std::string(schema::metadata::kNextStory),
                  std::to_string(assigner_->next_story()));
  // Guarded as the shards' commits are; its failures are Xapian's, for
  // finish() to fall back on copying.
  const CommitGuard guard;
  db.commit();
  db.close();
  if (guard.kept_writes())
    throw Xapian::DatabaseError("Commit of " + merged.string() + " failed", guard.first_error());
}

// Adds the shards' articles through the Writer, batch by batch, as ingest()
// would have without shards; a later segment's version of an id replaces
// an earlier one's, as it does there.
void ShardBuild::copy_into_index() {
  for (const auto& shard : shards_) {
    for (const auto& segment : shard->segments)
      copy_into_index(segment);
  }
  writer_.commit();
}

void ShardBuild::copy_into_index(const std::string& segment) {
  const std::string id_prefix(schema::prefix::kId);
  const std::string context = "reading the index shard " + segment;
  Xapian::Database source;
  guard_xapian(context, [&] { source = Xapian::Database(segment); });
  for (Xapian::PostingIterator it = source.postlist_begin(""); it != source.postlist_end("");
       ++it) {
    PreparedArticle article;
    guard_xapian(context, [&] {
      article.document = source.get_document(*it);
      auto term = article.document.termlist_begin();
      term.skip_to(id_prefix);
      if (term != article.document.termlist_end())
        article.id_term = *term;
    });
    if (!article.id_term.starts_with(id_prefix))
      continue;  // every document has one; never seen
    article.id = article.id_term.substr(id_prefix.size());
    WriterAccess::add(writer_, std::move(article));
    if (writer_.pending() >= batch_size_)
      writer_.commit();
  }
}

}  // namespace byline::detail
