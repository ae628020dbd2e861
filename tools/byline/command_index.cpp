// byline index: add articles from files, folders, JSON Lines or stdin.
#include <fmt/core.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"

namespace byline::cli {

namespace {

struct IndexCommand {
  std::string index;
  std::vector<std::string> inputs;
  std::string manifest;
  std::string aliases;
  std::size_t batch_size = 1000;
  unsigned threads = 0;
  bool no_shards = false;
  std::size_t segment_size = IngestOptions{}.segment_size;
  bool follow_links = false;
  std::string language = "english";
  bool wait = false;
  bool json = false;
  bool quiet = false;
};

// Progress on stderr, redrawn at most ten times a second, only on a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() { clear(); }

  void update(const IngestProgress& p) {
    if (!enabled_)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (p.merging) {
      fmt::print(stderr, "\r\x1b[Kmerging the shards of {} articles into the index...", p.articles);
    } else if (now - last_ < std::chrono::milliseconds(100)) {
      return;
    } else {
      fmt::print(stderr, "\r\x1b[Kindexing: {} articles, {:.1f} MB  {}", p.articles,
                 static_cast<double>(p.bytes) / 1e6, p.path);
    }
    last_ = now;
    shown_ = true;
  }

  void clear() {
    if (shown_)
      fmt::print(stderr, "\r\x1b[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// A shard build keeps its databases within half the open files limit, as
// its merge opens them all (IngestOptions::segment_size); at the usual soft
// limit of 1,024 that caps a shard at 64 databases, which millions of
// articles outgrow. The hard limit is the user's to give, so take it (as Go
// programs do); the library leaves process limits to its application.
void raise_open_files_limit() {
  struct rlimit files {};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &files);
  }
}

int run(const IndexCommand& cmd) {
  const Style err_style(use_colour(stderr));
  raise_open_files_limit();
  try {
    IndexOptions options;
    options.mode = OpenMode::create_or_open;
    options.analyzer.language = cmd.language;
    options.wait_for_lock = cmd.wait;
    Index index = Index::open(resolve_index_path(cmd.index), options);
    Writer writer(index);

    ProgressLine progress(!cmd.quiet && !cmd.json && ::isatty(STDERR_FILENO) != 0);
    IngestOptions ingest_options;
    ingest_options.manifest = cmd.manifest;
    ingest_options.aliases = cmd.aliases;
    ingest_options.batch_size = cmd.batch_size;
    ingest_options.threads = cmd.threads;
    ingest_options.shards = !cmd.no_shards;
    ingest_options.segment_size = cmd.segment_size;
    ingest_options.follow_links = cmd.follow_links;
    ingest_options.on_progress = [&](const IngestProgress& p) { progress.update(p); };
    ingest_options.on_diagnostic = [&](const Diagnostic& d) {
      progress.clear();
      if (!cmd.json)
        print_diagnostic(stderr, d, err_style);
    };
    const IngestSummary summary = ingest(writer, cmd.inputs, ingest_options);
    progress.clear();

    if (cmd.json) {
      print_json(stdout, json_output::summary(summary, index));
    } else if (!cmd.quiet) {
      for (const CrawlSummary& crawl : summary.crawls)
        fmt::print("{}: {}\n", crawl.path, crawl.description);
      fmt::print("Indexed {} new, {} replaced, {} skipped in {:.2f} s; {} now holds {} articles.\n",
                 summary.indexed, summary.replaced, summary.skipped, summary.seconds,
                 index.path().string(), index.article_count());
    }
    return summary.skipped == 0 ? kExitOk : kExitFailure;
  } catch (const Error& e) {
    return report_failure(e, {}, cmd.json);
  }
}

}  // namespace

void add_index_command(CLI::App& app, int& exit_code) {
  auto cmd = std::make_shared<IndexCommand>();
  CLI::App* sub = app.add_subcommand("index", "Add articles to the index (creating it if needed)");
  sub->add_option("inputs", cmd->inputs,
                  "Files (.txt: one article; .jsonl: one per line; .html/.htm, also .gz: a "
                  "web page; .warc/.warc.gz: a crawl, a page per HTML response), folders "
                  "(recursive), or - for stdin (any of these, told by its content)")
      ->required();
  sub->add_option("--index", cmd->index, "Index folder");
  sub->add_option("--manifest", cmd->manifest,
                  "Metadata for the articles (JSON Lines keyed by \"file\"); a manifest.jsonl "
                  "inside an input folder is used by default");
  sub->add_option("--aliases", cmd->aliases,
                  "An alias list to load into the index (one group per line, members "
                  "separated by '|'); an aliases.txt inside an input folder is used by default");
  sub->add_option("--batch-size", cmd->batch_size, "Articles per commit (all-or-nothing)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_option("--threads", cmd->threads,
                  "1: everything on one thread. 2 or more: into an empty index, that many "
                  "shards built side by side and merged at the end; into one that holds "
                  "articles, read and analyse on a second thread while the first writes "
                  "(default: the number of cores, at most 2)")
      ->check(CLI::Range(1U, 8U));
  sub->add_flag("--no-shards", cmd->no_shards,
                "Into an empty index too, commit batch by batch (each visible at once) "
                "instead of building shards and merging them at the end");
  sub->add_option("--segment-size", cmd->segment_size,
                  "With shards: articles per database of a shard before it starts a new one "
                  "(0: one each); smaller databases commit faster, and the merge takes them all")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000'000}));
  sub->add_flag("--follow-links", cmd->follow_links,
                "In folders, follow symbolic links that lead out of the folder given too "
                "(by default they are skipped with a warning; a folder is walked once either "
                "way)");
  sub->add_option("--language", cmd->language,
                  "Stemming language of a new index (a Xapian stemmer name, or none)")
      ->capture_default_str();
  sub->add_flag("--wait", cmd->wait, "Wait for another writer to finish instead of failing");
  sub->add_flag("--json", cmd->json, "Print the summary (and problems) as one JSON object");
  sub->add_flag("-q,--quiet", cmd->quiet, "No progress and no summary; problems are still shown");
  sub->callback([cmd, &exit_code] { exit_code = run(*cmd); });
}

}  // namespace byline::cli
