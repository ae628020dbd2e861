#include "indexer/shard_build.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "byline/error.hpp"
#include "engine/index_access.hpp"
#include "engine/schema.hpp"
#include "engine/xapian_error.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/handoff_queue.hpp"
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

// Which shard an id goes to: FNV-1a, the same on every platform and run, so
// that the same articles make the same index.
std::size_t shard_of(std::string_view id, std::size_t shards) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return static_cast<std::size_t>(hash % shards);
}

}  // namespace

struct ShardBuild::Queued {
  Article article;
  std::string path;
  std::size_t line = 0;
  bool warned = false;
};

struct ShardBuild::Shard {
  ShardBuild& build;
  std::string path;
  DocumentBuilder builder;
  Xapian::WritableDatabase db;
  std::size_t in_batch = 0;
  Counts counts;
  HandoffQueue<Queued> queue{kQueuedArticles};
  std::thread thread;
  std::exception_ptr failure;

  Shard(ShardBuild& owner, const fs::path& folder)
      : build(owner),
        path(folder.string()),
        builder(WriterAccess::analyzer_settings(owner.writer_)) {
    guard_xapian(context(), [&] {
      // A shard lives until the merge: a crash loses it whatever it synced.
      db = Xapian::WritableDatabase(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    });
  }

  [[nodiscard]] std::string context() const { return "writing the index shard " + path; }

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
    guard_xapian(context(), [&] {
      const Xapian::doccount before = db.get_doccount();
      db.replace_document(article.id_term, article.document);
      ++(db.get_doccount() > before ? counts.added : counts.replaced);
      if (++in_batch >= build.shard_batch_) {
        db.commit();
        in_batch = 0;
      }
    });
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
                                              std::size_t batch_size) {
  if (shards < 2 || !WriterAccess::empty_and_clean(writer))
    return nullptr;
  auto folder = IndexAccess::make_build_folder(WriterAccess::index(writer));
  if (!folder)
    return nullptr;
  std::unique_ptr<ShardBuild> build(new ShardBuild(writer, std::move(*folder), batch_size));
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

ShardBuild::ShardBuild(Writer& writer, fs::path folder, std::size_t batch_size)
    : writer_(writer),
      folder_(std::move(folder)),
      batch_size_(batch_size),
      shard_batch_(std::min(batch_size, kShardBatch)) {}

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
  Shard& shard = *shards_[shard_of(article.id, shards_.size())];
  if (!shard.queue.push({std::move(article), path, line, warned})) {
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
  for (auto& shard : shards_) {
    if (shard->thread.joinable())
      shard->thread.join();
    if (shard->failure)
      std::rethrow_exception(shard->failure);
    guard_xapian(shard->context(), [&] { shard->db.close(); });  // commits the last batch
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
    for (const auto& shard : shards_)
      all.add_database(Xapian::Database(shard->path));
    all.compact(merged.string());
    swapped = WriterAccess::swap_in(writer_, merged);
  } catch (const Xapian::Error&) {
    // No room for the merged copy, say: the slower way below still works.
  }
  if (!swapped)
    copy_into_index();
  return total;
}

// Adds the shards' articles through the Writer, batch by batch, as ingest()
// would have without shards.
void ShardBuild::copy_into_index() {
  const std::string id_prefix(schema::prefix::kId);
  for (const auto& shard : shards_) {
    Xapian::Database source;
    guard_xapian(shard->context(), [&] { source = Xapian::Database(shard->path); });
    for (Xapian::PostingIterator it = source.postlist_begin(""); it != source.postlist_end("");
         ++it) {
      PreparedArticle article;
      guard_xapian(shard->context(), [&] {
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
  writer_.commit();
}

}  // namespace byline::detail
