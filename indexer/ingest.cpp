#include "byline/ingest.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include "byline/error.hpp"
#include "engine/fnv.hpp"
#include "engine/index_access.hpp"
#include "indexer/alias_file.hpp"
#include "indexer/decode.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/handoff_queue.hpp"
#include "indexer/html_charset.hpp"
#include "indexer/input_file.hpp"
#include "indexer/json_lines.hpp"
#include "indexer/manifest.hpp"
#include "indexer/metadata.hpp"
#include "indexer/page_article.hpp"
#include "indexer/prefixed_streambuf.hpp"
#include "indexer/prune.hpp"
#include "indexer/shard_build.hpp"
#include "indexer/sources.hpp"
#include "indexer/text_chrome.hpp"
#include "indexer/warc_reader.hpp"
#include "indexer/writer_access.hpp"

namespace byline {

namespace {

namespace fs = std::filesystem;

// A plain-text article is decoded and analysed whole; past this size a "text"
// is a dump, a log or a mistake. Indexing one article takes 25-35 times its
// size in memory (measured: 239-325 MB for a 10 MB article), so 16 MiB
// bounds it near 600 MB.
constexpr std::size_t kMaxTextBytes = std::size_t{16} << 20;
constexpr std::string_view kMaxTextName = "16 MiB";
// A web page is mostly markup, and saved pages carry their images inline
// (data: URLs): tens of megabytes with an article of a few kilobytes. Its
// main text is what is analysed; parsing costs about ten times the page.
constexpr std::size_t kMaxPageBytes = std::size_t{64} << 20;
constexpr std::string_view kMaxPageName = "64 MiB";
constexpr std::string_view kStandardInput = "-";

// Where a web page came from, beyond its file: a crawl's record.
struct PageOrigin {
  std::string where;          // "record 7 (offset 1234): ", to start a diagnostic; or ""
  std::string url;            // the WARC-Target-URI
  std::string language;       // the Content-Language header
  std::string fallback_date;  // the WARC-Date: when the page was fetched, a last resort
};

// An explicit field wins when it says something; an empty string does not.
std::optional<std::string> given(const std::optional<std::string>& field) {
  if (field && !detail::normalize_whitespace(*field).empty())
    return field;
  return std::nullopt;
}

// Fields a manifest or a JSON Lines object may give; whatever they leave out
// comes from the text.
struct KnownFields {
  std::optional<std::string> id;
  std::optional<std::string> title;
  std::optional<std::string> source;
  std::optional<std::string> date;
  std::optional<std::string> author;
  std::optional<std::string> lang;
  std::optional<std::string> url;
};

// The fields of a JSON Lines article; "path" is what `byline show --json`
// prints, read back without a word (the file read is the article's path).
const std::vector<std::string_view> kJsonLinesFields = {"id",   "title", "source", "date", "author",
                                                        "lang", "url",   "body",   "html", "path"};
const std::vector<std::string_view> kSuggestedFields = {"id",   "title", "source", "date", "author",
                                                        "lang", "url",   "body",   "html"};

// A text file's id: its path below the folder given, without the extension
// ("corpus/world/001.txt" given as "corpus" -> "world/001"), so that files of
// the same name in different folders stay different articles; a file given
// by itself: its name without the extension.
std::string default_id(const fs::path& file, const fs::path& root) {
  fs::path relative = file.filename();
  if (!root.empty()) {
    const fs::path below = file.lexically_relative(root);
    if (!below.empty() && *below.begin() != "..")
      relative = below;
  }
  if (relative.extension() == ".gz" || relative.extension() == ".GZ")
    relative.replace_extension();  // "page.html.gz" -> "page"
  return relative.replace_extension().generic_string();
}

// What reading the inputs produces, in input order: an article analysed and
// ready to add, or a problem to report.
struct Item {
  std::optional<detail::PreparedArticle> article;
  std::optional<Article> unanalysed;  // instead, for a shard (detail::ShardBuild)
  Diagnostic diagnostic;              // when there is no article
  bool skipped = false;               // the diagnostic is about an input not indexed
  bool warned = false;                // the article is indexed with a warning
  std::size_t bytes = 0;              // input bytes read so far
  std::string path;                   // the file being read
  std::size_t line = 0;               // of the article in it (JSON Lines)
  std::optional<CrawlSummary> crawl;  // instead: what a WARC file held, once read
};

// Analysed documents waiting for the writer: enough to ride out a commit's
// pause without holding much memory.
constexpr std::size_t kQueuedItems = 64;

// Thrown on the reading thread when the writing thread has given up.
struct ReadingCancelled {};

// Thrown on the reading side when IngestOptions::stop is set.
struct ReadingStopped {};

// The size on disk of what a source reads; 0 for standard input, manifests
// and alias lists (read before the articles, and not counted).
std::size_t size_of(const detail::Source& source) {
  switch (source.kind) {
    case detail::Source::Kind::text:
    case detail::Source::Kind::json_lines:
    case detail::Source::Kind::html:
    case detail::Source::Kind::warc: {
      std::error_code ec;
      const auto size = fs::file_size(source.path, ec);
      return ec ? 0 : static_cast<std::size_t>(size);
    }
    default:
      return 0;
  }
}

bool reads_standard_input(const std::vector<detail::Source>& sources) {
  return std::any_of(sources.begin(), sources.end(), [](const detail::Source& source) {
    return source.kind == detail::Source::Kind::standard_input;
  });
}

class Ingestion {
 public:
  Ingestion(Writer& writer, const IngestOptions& options)
      : writer_(writer),
        options_(options),
        batch_size_(std::max<std::size_t>(options.batch_size, 1)),
        builder_(detail::WriterAccess::analyzer_settings(writer)),
        duplicates_before_(detail::WriterAccess::stories_assigned(writer).duplicates),
        stories_before_(detail::WriterAccess::stories_assigned(writer).new_stories) {}

  IngestSummary run(const std::vector<std::string>& inputs) {
    const auto start = std::chrono::steady_clock::now();

    auto expanded = detail::expand_inputs(inputs, options_.follow_links);
    for (auto& diagnostic : expanded.diagnostics) {
      const bool skipped = diagnostic.severity == Diagnostic::Severity::error;
      report(std::move(diagnostic), skipped);
    }
    for (const auto& source : expanded.sources) {
      sizes_.push_back(size_of(source));
      total_bytes_ += sizes_.back();
    }
    if (reads_standard_input(expanded.sources))
      total_bytes_ = 0;  // unknown
    // Reading standard input can block for ever; only a thread that can be
    // left waiting may do it, so it stays on the caller's.
    const bool background = threads(options_) > 1 && !reads_standard_input(expanded.sources);
    // Decided before the alias list makes the index's batch not empty.
    if (background && options_.shards)
      shards_ =
          detail::ShardBuild::start(writer_, threads(options_), batch_size_, options_.segment_size);
    read_manifests(expanded.sources);
    load_aliases(expanded.sources);
    if (shards_) {
      shards_->use_aliases(
          detail::IndexAccess::writable_database(detail::WriterAccess::index(writer_)));
    }
    try {
      if (background)
        read_in_background(expanded.sources);
      else
        read(expanded.sources);
    } catch (const ReadingStopped&) {
      // Stopped: what was read so far is kept, as for a failure, but
      // ingest() returns.
      summary_.stopped = true;
    } catch (...) {
      // What was read so far is kept, as committed batches would be.
      if (shards_)
        merge_shards_after_failure();
      throw;
    }
    if (shards_) {
      merge_shards();  // into an index that was empty: nothing to prune
    } else if (options_.prune && !summary_.stopped) {
      prune(inputs);
    }
    if (writer_.pending() > 0)
      writer_.commit();
    const auto assigned = detail::WriterAccess::stories_assigned(writer_);
    summary_.near_duplicates = assigned.duplicates - duplicates_before_ + shard_duplicates_;
    summary_.new_stories = assigned.new_stories - stories_before_ + shard_stories_;
    if (!summary_.stopped)  // else entries of files not read yet would be reported
      report_unused_manifest_entries();

    summary_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(summary_);
  }

 private:
  // Auto: two, the most measured (three shards on two cores were slower).
  static unsigned threads(const IngestOptions& options) {
    return options.threads != 0 ? options.threads
                                : std::clamp(std::thread::hardware_concurrency(), 1U, 2U);
  }

  // Stops the reading side when IngestOptions::stop says so; called between
  // articles, files and lines.
  void stop_point() const {
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed))
      throw ReadingStopped{};
  }

  // Removes the articles of the folders given whose files are gone
  // (IngestOptions::prune), in the current batch and those after it.
  void prune(const std::vector<std::string>& inputs) {
    std::vector<fs::path> folders;
    for (const std::string& input : inputs) {
      std::error_code ec;
      if (input != kStandardInput && fs::is_directory(input, ec))
        folders.emplace_back(input);
    }
    for (const std::string& id :
         detail::stale_articles(detail::WriterAccess::index(writer_), folders)) {
      if (writer_.remove(id))
        ++summary_.removed;
      if (writer_.pending() >= batch_size_)
        writer_.commit();
    }
  }

  // ------------------------------------------------------------- shards

  void merge_shards() {
    if (options_.on_progress)
      options_.on_progress({articles_, bytes_, {}, /*merging=*/true, total_bytes_});
    const auto counts = shards_->finish();
    report_refusals();
    shard_duplicates_ = shards_->near_duplicates();
    shard_stories_ = shards_->new_stories();
    shards_.reset();
    summary_.indexed += counts.added;
    summary_.replaced += counts.replaced;
  }

  void merge_shards_after_failure() noexcept {
    try {
      const auto counts = shards_->finish();
      summary_.indexed += counts.added;
      summary_.replaced += counts.replaced;
    } catch (...) {
      // The first failure is the one to report; the index is as it was.
    }
    shards_.reset();
  }

  // ------------------------------------------------------------- two threads

  void read(const std::vector<detail::Source>& sources) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const detail::Source& source = sources[i];
      stop_point();
      const std::size_t before = bytes_;
      switch (source.kind) {
        case detail::Source::Kind::text:
          read_text_file(source.path, source.root);
          break;
        case detail::Source::Kind::json_lines:
          read_json_lines_file(source.path);
          break;
        case detail::Source::Kind::html:
          read_html_file(source.path, source.root);
          break;
        case detail::Source::Kind::warc:
          read_warc_file(source.path);
          break;
        case detail::Source::Kind::standard_input:
          read_standard_input();
          break;
        case detail::Source::Kind::manifest:
        case detail::Source::Kind::aliases:
          break;  // read first, in run()
      }
      // All of the file counts as read, what was skipped in it too.
      bytes_ = std::max(bytes_, before + sizes_[i]);
    }
  }

  // Reads, decodes and analyses on a second thread while this one adds to
  // the index and commits: the two halves of the work cost about the same.
  // Items keep their order, so diagnostics, progress, batches and which of
  // two articles with one id wins are exactly those of one thread.
  void read_in_background(const std::vector<detail::Source>& sources) {
    detail::HandoffQueue<Item> queue(kQueuedItems);
    std::exception_ptr reading_failure;
    queue_ = &queue;
    std::thread reader;
    try {
      reader = std::thread([&] {
        try {
          read(sources);
        } catch (const ReadingCancelled&) {
          // The writing side failed and reports why.
        } catch (...) {
          reading_failure = std::current_exception();
        }
        queue.close();
      });
    } catch (const std::system_error&) {
      // No thread to be had: all on this one, as with threads = 1.
      queue_ = nullptr;
      read(sources);
      return;
    }
    try {
      while (auto item = queue.pop())
        apply(std::move(*item));
    } catch (...) {
      queue.cancel();
      reader.join();
      queue_ = nullptr;
      throw;
    }
    reader.join();
    queue_ = nullptr;
    if (reading_failure)
      std::rethrow_exception(reading_failure);
  }

  // On the reading side: hands the item to the writing side.
  void emit(Item item) {
    if (queue_ == nullptr)
      apply(std::move(item));
    else if (!queue_->push(std::move(item)))
      throw ReadingCancelled{};
  }

  // On the writing side (the caller's thread): adds, counts, commits, and
  // calls the caller back.
  void apply(Item item) {
    if (item.crawl) {
      summary_.crawls.push_back(std::move(*item.crawl));
      return;
    }
    if (item.unanalysed) {
      shards_->add(std::move(*item.unanalysed), item.path, item.line, item.warned);
      count_article(item);
      report_refusals();
      return;
    }
    if (!item.article) {
      if (item.skipped)
        ++summary_.skipped;
      if (options_.on_diagnostic)
        options_.on_diagnostic(item.diagnostic);
      summary_.diagnostics.push_back(std::move(item.diagnostic));
      return;
    }
    const AddOutcome outcome = detail::WriterAccess::add(writer_, std::move(*item.article));
    ++(outcome == AddOutcome::added ? summary_.indexed : summary_.replaced);
    if (++in_batch_ >= batch_size_) {
      writer_.commit();
      in_batch_ = 0;
    }
    count_article(item);
  }

  void count_article(const Item& item) {
    ++articles_;
    if (item.warned)
      ++summary_.warnings;
    if (options_.on_progress)
      options_.on_progress({articles_, item.bytes, item.path, false, total_bytes_});
  }

  // Articles a shard's thread refused, reported here on the caller's thread
  // (a little later than one thread would, but with the same message).
  void report_refusals() {
    for (auto& refusal : shards_->take_refusals()) {
      --articles_;
      if (refusal.warned)
        --summary_.warnings;
      ++summary_.skipped;
      if (options_.on_diagnostic)
        options_.on_diagnostic(refusal.diagnostic);
      summary_.diagnostics.push_back(std::move(refusal.diagnostic));
    }
  }

  // ------------------------------------------------------------- reporting

  void report(Diagnostic diagnostic, bool skipped = false) {
    Item item;
    item.diagnostic = std::move(diagnostic);
    item.skipped = skipped;
    emit(std::move(item));
  }

  void error(const std::string& path, std::size_t line, std::string message) {
    report({Diagnostic::Severity::error, path, line, std::move(message)});
  }

  void warning(const std::string& path, std::size_t line, std::string message) {
    report({Diagnostic::Severity::warning, path, line, std::move(message)});
  }

  // An input (file or line) that will not be indexed, and why.
  void skip(const std::string& path, std::size_t line, std::string message) {
    report({Diagnostic::Severity::error, path, line, std::move(message)}, /*skipped=*/true);
  }

  // ------------------------------------------------------------- manifests

  void read_manifests(const std::vector<detail::Source>& sources) {
    std::vector<Diagnostic> diagnostics;
    // The explicit one first, so that it wins over those found in folders.
    // It failing to open is the caller's problem, hence the exception.
    if (!options_.manifest.empty())
      manifests_.read(options_.manifest, diagnostics);
    for (const auto& source : sources) {
      if (source.kind != detail::Source::Kind::manifest)
        continue;
      try {
        manifests_.read(source.path, diagnostics);
      } catch (const Error& e) {
        // Found in a folder: an input like any other, reported and skipped.
        diagnostics.push_back({Diagnostic::Severity::error, source.path.string(), 0, e.what()});
      }
    }
    for (auto& diagnostic : diagnostics)
      report(std::move(diagnostic));
  }

  // The alias lists: the explicit one, else those found among the inputs;
  // the last one read replaces the index's alias table.
  void load_aliases(const std::vector<detail::Source>& sources) {
    std::vector<fs::path> lists;
    if (!options_.aliases.empty()) {
      lists.push_back(options_.aliases);
    } else {
      for (const auto& source : sources) {
        if (source.kind == detail::Source::Kind::aliases)
          lists.push_back(source.path);
      }
    }
    for (const fs::path& list : lists) {
      const std::string path = list.string();
      std::ifstream in(list, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) {
        if (list == options_.aliases) {
          throw Error(Error::Kind::bad_input, "cannot read the alias list " + path);
        }
        error(path, 0, "cannot read the alias list");
        continue;
      }
      std::vector<Diagnostic> problems;
      const auto groups = detail::parse_alias_list(text.str(), path, problems);
      for (auto& problem : problems)
        report(std::move(problem));
      summary_.aliases = writer_.set_aliases(groups);
    }
  }

  void report_unused_manifest_entries() {
    for (const auto* entry : manifests_.unused()) {
      const fs::path file = fs::path(entry->manifest).parent_path() / entry->file;
      std::error_code ec;
      const bool exists = fs::exists(file, ec);
      warning(entry->manifest, entry->line,
              "entry for \"" + entry->file +
                  "\": " + (exists ? "not among the inputs, not indexed" : "no such file"));
    }
  }

  // ------------------------------------------------------------- articles

  // Analyses the article and hands it to the writing side; an article the
  // Writer would refuse is reported and skipped instead.
  void add(Article article, const std::string& path, std::size_t line, bool warned) {
    Item item;
    if (shards_) {
      item.unanalysed = std::move(article);  // the shard's thread analyses it
    } else {
      try {
        item.article = detail::prepare_article(builder_, article);
      } catch (const Error& e) {
        skip(path, line, detail::not_indexed_message(article.id, e.what()));
        return;
      }
    }
    item.line = line;
    item.warned = warned;
    item.bytes = bytes_;
    item.path = path;
    emit(std::move(item));
    stop_point();
  }

  // The date as "YYYY-MM-DD"; empty with a warning when it is given but is
  // not a date (an explicit value is not second-guessed from the text).
  std::string checked_date(const std::string& given_date, const std::string& path, std::size_t line,
                           bool& warned) {
    if (auto date = detail::normalize_date(given_date))
      return *date;
    warning(path, line, "\"" + given_date + "\" is not a date; indexed without one");
    warned = true;
    return {};
  }

  // An article from its text and what is known of it already.
  // A scrape (a text file or piped text, as opposed to a JSON Lines body,
  // which is taken as given) loses its lines of page chrome; its metadata is
  // looked for in all of it, as mastheads and "Source:" lines are chrome.
  Article build(std::string text, const KnownFields& known, const std::string& path,
                std::size_t line, bool& warned, bool scrape = false) {
    Article article;
    const auto title = given(known.title);
    const auto date = given(known.date);
    const auto source = given(known.source);
    detail::TextMetadata extracted;
    if (!title || !date || !source)
      extracted = detail::extract_metadata(text);

    article.id = known.id.value_or("");
    article.title = detail::normalize_whitespace(title ? *title : extracted.title);
    article.source = detail::normalize_whitespace(source ? *source : extracted.source);
    article.date = date ? checked_date(*date, path, line, warned) : extracted.date;
    article.author = detail::normalize_whitespace(given(known.author).value_or(""));
    // Without one given, the document builder detects it.
    article.lang = given(known.lang).value_or("");
    article.url = given(known.url).value_or("");
    // The title off first, so that finding where the article starts looks
    // at the body only.
    article.body = detail::body_without_title(text, article.title);
    if (scrape)
      article.body = detail::remove_chrome_lines(article.body);
    return article;
  }

  // ------------------------------------------------------------- plain text

  // One article from raw bytes: decoded, its metadata found, added.
  void add_text(std::string_view bytes, KnownFields known, const std::string& path,
                const std::string& article_path) {
    auto decoded = detail::decode_text(bytes);
    if (!decoded.ok()) {
      skip(path, 0, *decoded.error);
      return;
    }
    bool warned = false;
    if (decoded.warning) {
      warning(path, 0, *decoded.warning);
      warned = true;
    }
    if (!known.id)
      known.id = "stdin-" + detail::fnv1a_hex(decoded.text);
    Article article = build(std::move(decoded.text), known, path, 0, warned, /*scrape=*/true);
    article.path = article_path;
    add(std::move(article), path, 0, warned);
  }

  // What a manifest entry says of a file; the id by default from its path.
  KnownFields manifest_fields(const fs::path& file, const fs::path& root) {
    KnownFields known;
    const auto* entry = manifests_.find(file);
    if (entry != nullptr && given(entry->id)) {
      known.id = entry->id;
      derived_ids_.emplace(*known.id, file.string());  // taken, as given
    } else {
      known.id = distinct_id(default_id(file, root), file, root);
    }
    if (entry != nullptr) {
      known.title = entry->title;
      known.source = entry->source;
      known.date = entry->date;
      known.author = entry->author;
      known.lang = entry->lang;
      known.url = entry->url;
    }
    return known;
  }

  // `id`, taken from the path of `file`, unless a file read before in this
  // run has it: two folders given ("a", "b") may each hold a "story.txt",
  // whose ids would both be "story", and the later one would silently
  // replace the earlier. The later one gets the name of its folder in
  // front instead ("b/story"; of the folder given, or of the folder of a
  // file given by itself), and a warning says so. The same inputs in the
  // same order give the same ids, so indexing them again replaces; a file
  // whose name is unique keeps the id it always had.
  std::string distinct_id(const std::string& id, const fs::path& file, const fs::path& root) {
    if (derived_ids_.emplace(id, file.string()).second)
      return id;
    std::error_code ec;
    fs::path folder = fs::absolute(root.empty() ? file.parent_path() : root, ec).lexically_normal();
    if (!folder.has_filename() && folder.has_relative_path())
      folder = folder.parent_path();  // "b/" -> "b"
    const std::string base =
        folder.filename().empty() ? id : folder.filename().generic_string() + "/" + id;
    std::string distinct = base;
    for (int n = 2; !derived_ids_.emplace(distinct, file.string()).second; ++n)
      distinct = base + "-" + std::to_string(n);
    warning(file.string(), 0,
            "the id \"" + id + "\" is taken by " + derived_ids_.at(id) +
                ", read before; indexed as \"" + distinct + "\"");
    return distinct;
  }

  void read_text_file(const fs::path& file, const fs::path& root) {
    const std::string path = file.string();
    // Before anything can fail, so that the entry does not read as unused.
    KnownFields known = manifest_fields(file, root);
    auto input = detail::read_input_file(file, kMaxTextBytes, kMaxTextName, /*gunzip=*/false);
    if (input.error) {
      skip(path, 0, *input.error);
      return;
    }
    bytes_ += input.bytes_read;
    add_text(input.bytes, std::move(known), path, path);
  }

  // ------------------------------------------------------------- web pages

  void read_html_file(const fs::path& file, const fs::path& root) {
    const std::string path = file.string();
    KnownFields known = manifest_fields(file, root);
    auto input = detail::read_input_file(file, kMaxPageBytes, kMaxPageName, /*gunzip=*/true);
    if (input.error) {
      skip(path, 0, *input.error);
      return;
    }
    bytes_ += input.bytes_read;
    add_page_bytes(input.bytes, {}, std::move(known), path, 0, path);
  }

  // A page's raw bytes: decoded by its declared or detected charset, then added.
  void add_page_bytes(std::string_view bytes, std::string_view http_charset, KnownFields known,
                      const std::string& path, std::size_t line, const std::string& article_path,
                      const PageOrigin& origin = {}) {
    auto decoded = detail::decode_html(bytes, http_charset);
    if (!decoded.ok()) {
      skip(path, line, origin.where + *decoded.error);
      return;
    }
    bool warned = false;
    if (decoded.warning) {
      warning(path, line, origin.where + *decoded.warning);
      warned = true;
    }
    add_page(decoded.text, std::move(known), path, line, article_path, origin, warned);
  }

  // One article from a decoded page: its main text and its metadata, with
  // what is known already (manifest, JSON fields) winning.
  void add_page(std::string_view html, KnownFields known, const std::string& path, std::size_t line,
                const std::string& article_path, const PageOrigin& origin, bool warned) {
    detail::PageArticle page = detail::extract_page_article(html, origin.url, origin.language);
    if (page.error) {
      skip(path, line, origin.where + *page.error);
      return;
    }
    if (!known.id) {
      // A crawled page: one id per article however many URLs reached it.
      const std::string& url = !page.url.empty() ? page.url : origin.url;
      known.id = "url-" + detail::fnv1a_hex(url.empty() ? html : std::string_view(url));
    }
    Article article;
    article.id = *known.id;
    article.title = detail::normalize_whitespace(given(known.title).value_or(page.title));
    article.source = detail::normalize_whitespace(given(known.source).value_or(page.source));
    article.author = detail::normalize_whitespace(given(known.author).value_or(page.author));
    if (const auto date = given(known.date))
      article.date = checked_date(*date, path, line, warned);
    else if (!page.date.empty())
      article.date = page.date;
    else
      article.date = detail::normalize_date(origin.fallback_date).value_or("");
    article.lang = given(known.lang).value_or(page.lang);
    article.url = given(known.url).value_or(!page.url.empty() ? page.url : origin.url);
    article.body = detail::body_without_title(page.body, article.title);
    article.path = article_path;
    if (detail::normalize_whitespace(article.body).empty()) {
      skip(path, line, origin.where + "no article text found in the page");
      return;
    }
    add(std::move(article), path, line, warned);
  }

  // ------------------------------------------------------------- crawls

  void read_warc_file(const fs::path& file) {
    const std::string path = file.string();
    (void)manifests_.find(file);  // per-record metadata: a manifest entry has nothing to add
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      const int code = errno;
      skip(path, 0, std::string("cannot open: ") + std::strerror(code));
      return;
    }
    read_warc(in, path);
  }

  void read_warc(std::istream& in, const std::string& path) {
    detail::WarcReader reader(in);
    std::uint64_t last_offset = 0;
    while (auto item = reader.next()) {
      stop_point();
      if (auto* page = std::get_if<detail::WarcPage>(&*item)) {
        bytes_ += page->offset - std::min(page->offset, last_offset);
        last_offset = page->offset;
        PageOrigin origin;
        origin.where = "record " + std::to_string(page->record) + " (offset " +
                       std::to_string(page->offset) + "): ";
        origin.url = page->target_uri;
        origin.language = page->content_language;
        origin.fallback_date = page->date;
        for (const auto& note : page->warnings)
          warning(path, 0, origin.where + note);
        add_page_bytes(page->html_bytes, page->http_charset, {}, path, 0, path, origin);
      } else if (auto* problem = std::get_if<detail::WarcProblem>(&*item)) {
        skip(path, 0,
             "record " + std::to_string(problem->record) + " (offset " +
                 std::to_string(problem->offset) + "): " + problem->message);
      }
      // WarcSkipped: counted by the reader, summed up below.
    }
    if (in.bad())
      skip(path, 0, "read error; the rest of the file was not indexed");
    const auto& counts = reader.counts();
    Item item;
    item.crawl =
        CrawlSummary{path,          counts.records, counts.pages,  counts.non_html, counts.revisits,
                     counts.not_ok, counts.other,   counts.broken, counts.summary()};
    emit(std::move(item));
  }

  // ------------------------------------------------------------- JSON Lines

  void read_json_lines_file(const fs::path& file) {
    const std::string path = file.string();
    (void)manifests_.find(file);  // per-line metadata: a manifest entry has nothing to add
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      const int code = errno;
      skip(path, 0, std::string("cannot open: ") + std::strerror(code));
      return;
    }
    read_json_lines(in, path, path, 0);
    if (in.bad())
      skip(path, 0, "read error; the rest of the file was not indexed");
  }

  // Streams the lines of `in`: one article each, never the whole input in
  // memory. `line_offset` lines were consumed before (standard input).
  void read_json_lines(std::istream& in, const std::string& path, const std::string& article_path,
                       std::size_t line_offset) {
    std::string text;
    std::size_t line = line_offset;
    unknown_fields_.clear();  // reported once per file
    for (;;) {
      stop_point();
      const auto read = detail::read_line(in, text);
      if (read.status == detail::LineRead::Status::end)
        break;
      ++line;
      bytes_ += read.bytes;
      if (line == 1 && text.starts_with("\xEF\xBB\xBF"))
        text.erase(0, 3);
      if (read.status == detail::LineRead::Status::too_long) {
        skip(path, line, "line too long (the limit is " + std::string(kMaxTextName) + ")");
        continue;
      }
      if (detail::is_blank(text))
        continue;
      add_json_line(text, path, article_path, line);
    }
  }

  void add_json_line(std::string_view text, const std::string& path,
                     const std::string& article_path, std::size_t line) {
    std::string problem;
    const auto object = detail::parse_object_line(text, problem);
    if (!object) {
      skip(path, line, problem);
      return;
    }
    for (const std::string& field : detail::unknown_fields(*object, kJsonLinesFields)) {
      if (unknown_fields_.insert(field).second)
        warning(path, line, detail::unknown_field_message(field, kSuggestedFields));
    }
    KnownFields known;
    known.id = detail::string_field(*object, "id", problem, /*allow_integer=*/true);
    auto body = detail::string_field(*object, "body", problem);
    auto html = detail::string_field(*object, "html", problem);
    known.title = detail::string_field(*object, "title", problem);
    known.source = detail::string_field(*object, "source", problem);
    known.date = detail::string_field(*object, "date", problem);
    known.author = detail::string_field(*object, "author", problem);
    known.lang = detail::string_field(*object, "lang", problem);
    known.url = detail::string_field(*object, "url", problem);
    if (problem.empty() && body && html)
      problem = "both \"body\" and \"html\": give one";
    if (problem.empty() && html && !body) {
      // A scraper's page: "id" may be left out, as the page's URL names it.
      if (!given(known.id))
        known.id.reset();
      PageOrigin origin;
      origin.url = given(known.url).value_or("");
      add_page(*html, std::move(known), path, line, article_path, origin, false);
      return;
    }
    if (problem.empty() && !given(known.id))
      problem = "missing \"id\"";
    if (problem.empty() && !body)
      problem = "missing \"body\" (or \"html\")";
    if (problem.empty() && detail::normalize_whitespace(*body).empty())
      problem = "empty \"body\"";
    if (!problem.empty()) {
      skip(path, line, std::move(problem));
      return;
    }
    bool warned = false;
    Article article = build(detail::normalize_line_endings(*body), known, path, line, warned);
    article.path = article_path;
    add(std::move(article), path, line, warned);
  }

  // ------------------------------------------------------------- standard input

  void read_standard_input() {
    std::istream& in = options_.standard_input ? *options_.standard_input : std::cin;
    const std::string path(kStandardInput);
    std::streambuf* buffer = in.rdbuf();
    if (buffer == nullptr) {
      skip(path, 0, "empty file");
      return;
    }
    // Peek past leading whitespace for '{': JSON Lines, else one text.
    std::string prefix;
    auto c = buffer->sgetc();
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      prefix += static_cast<char>(c);
      c = buffer->snextc();
    }
    const auto first = c;  // the first character that is not white space
    if (c == '{') {
      const auto lines_before =
          static_cast<std::size_t>(std::count(prefix.begin(), prefix.end(), '\n'));
      bytes_ += prefix.size();
      read_json_lines(in, path, /*article_path=*/"", lines_before);
      return;
    }
    // A crawl: "WARC/1.x", or gzip (a .warc.gz; a gzipped page or text
    // would need its name to be told apart, and has none here).
    if (prefix.empty() && (c == 'W' || c == 0x1f)) {
      char head[5] = {};
      const auto n = std::max<std::streamsize>(buffer->sgetn(head, sizeof head), 0);
      prefix.assign(head, static_cast<std::size_t>(n));
      if (prefix == "WARC/" || (prefix.size() >= 2 && prefix[1] == '\x8b')) {
        detail::PrefixedStreambuf whole(std::move(prefix), *buffer);
        std::istream crawl(&whole);
        read_warc(crawl, path);
        return;
      }
    }

    std::string bytes = std::move(prefix);
    char chunk[64 * 1024];
    while (bytes.size() <= kMaxTextBytes) {
      const auto n = buffer->sgetn(chunk, sizeof chunk);
      if (n <= 0)
        break;
      bytes.append(chunk, static_cast<std::size_t>(n));
    }
    if (bytes.size() > kMaxTextBytes) {
      skip(path, 0, "input too large (over " + std::string(kMaxTextName) + ")");
      return;
    }
    bytes_ += bytes.size();
    if (first == '<') {  // a web page, as browsers sniff one: markup from the first character
      KnownFields known;
      known.id = "stdin-" + detail::fnv1a_hex(bytes);
      add_page_bytes(bytes, {}, std::move(known), path, 0, /*article_path=*/"");
      return;
    }
    add_text(bytes, {}, path, /*article_path=*/"");
  }

  Writer& writer_;
  const IngestOptions& options_;
  const std::size_t batch_size_;
  // The reading side's own analyzer: the Writer's belongs to the writing side.
  detail::DocumentBuilder builder_;
  // Set while a second thread reads (read_in_background()).
  detail::HandoffQueue<Item>* queue_ = nullptr;
  // Set while an empty index is built from shards (IngestOptions::shards).
  std::unique_ptr<detail::ShardBuild> shards_;
  IngestSummary summary_;
  detail::ManifestSet manifests_;
  std::size_t articles_ = 0;  // handed to the Writer or a shard
  std::size_t in_batch_ = 0;
  std::size_t bytes_ = 0;
  std::size_t total_bytes_ = 0;     // of all the inputs; 0 when unknown
  std::vector<std::size_t> sizes_;  // of each source, in order
  // On the reading side: the unknown fields of the JSON Lines file being
  // read, reported already; and the ids taken from file paths so far, with
  // the file that has each.
  std::set<std::string> unknown_fields_;
  std::map<std::string, std::string> derived_ids_;
  // The Writer's story counts before this ingestion (IngestSummary).
  const std::size_t duplicates_before_;
  const std::size_t stories_before_;
  // What the shards' grouping found, when the index was built from shards.
  std::size_t shard_duplicates_ = 0;
  std::size_t shard_stories_ = 0;
};

}  // namespace

IngestSummary ingest(Writer& writer, const std::vector<std::string>& inputs,
                     const IngestOptions& options) {
  return Ingestion(writer, options).run(inputs);
}

}  // namespace byline
