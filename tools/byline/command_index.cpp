// byline index: add articles from files, folders, JSON Lines or stdin.
#include <fmt/core.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "byline/commands.hpp"
#include "byline/index_location.hpp"
#include "byline/render.hpp"
#include "byline/terminal.hpp"
#include "byline/text_layout.hpp"

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
  bool prune = false;
  std::string language = "english";
  bool no_fold_diacritics = false;
  bool one_language = false;
  // Whether --language, --no-fold-diacritics, --one-language were given:
  // they shape a new index, and an existing one made otherwise is an error.
  bool analysis_given = false;
  bool wait = false;
  bool json = false;
  bool quiet = false;
};

// Set by the first SIGINT or SIGTERM during ingest(), which then stops
// (IngestOptions::stop); the signal's number, for the exit status.
std::atomic<bool> stop_requested{false};
std::atomic<int> stop_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "set from a signal handler");

void request_stop(int signal) {
  stop_signal.store(signal);
  stop_requested.store(true);
}

// While it lives, SIGINT (Ctrl-C) and SIGTERM ask ingest() to stop instead
// of killing the process, which would lose the batch in flight, or all of a
// shard build. Once only: the handler resets itself, so that a second
// Ctrl-C kills at once (the index is still sound; committed batches stay).
class StopOnSignals {
 public:
  StopOnSignals() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    ::sigaction(SIGINT, &action, &saved_int_);
    ::sigaction(SIGTERM, &action, &saved_term_);
  }
  ~StopOnSignals() {
    ::sigaction(SIGINT, &saved_int_, nullptr);
    ::sigaction(SIGTERM, &saved_term_, nullptr);
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  struct sigaction saved_int_ {};
  struct sigaction saved_term_ {};
};

// The last code points of `text` that fit in `width` columns, "..." in front
// when some are left out: the end of a path says most.
std::string last_columns(std::string_view text, std::size_t width) {
  if (columns(text) <= width)
    return std::string(text);
  if (width < 4)
    return {};
  std::size_t begin = text.size();
  std::size_t used = 3;
  while (begin > 0) {
    std::size_t at = begin - 1;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      --at;  // back to the code point's first byte
    const std::size_t cp = columns(text.substr(at, begin - at));
    if (used + cp > width)
      break;
    used += cp;
    begin = at;
  }
  return "..." + std::string(text.substr(begin));
}

// The first code points of `text` that fit in `width` columns.
std::string first_columns(std::string_view text, std::size_t width) {
  std::size_t end = 0;
  std::size_t used = 0;
  while (end < text.size()) {
    std::size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80)
      ++next;
    const std::size_t cp = columns(text.substr(end, next - end));
    if (used + cp > width)
      break;
    used += cp;
    end = next;
  }
  return std::string(text.substr(0, end));
}

// "1:05" or "2:03:04".
std::string duration(double seconds) {
  const auto s = static_cast<long long>(std::max(seconds, 0.0) + 0.5);
  if (s >= 3600)
    return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// Progress on stderr, only on a terminal: one line, redrawn in place at
// most ten times a second and cut to the terminal's width (a line that
// wrapped would leave a trail of copies):
//   indexing  37%  12,345 articles  2,310/s  ETA 0:42  ...orld/001.txt
// The share and the time left are the input bytes read of the input files'
// sizes; standard input has no size, so neither is shown for it.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const IngestProgress& p) {
    if (!enabled_)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (!p.merging && shown_ && now - last_ < std::chrono::milliseconds(100))
      return;
    last_ = now;
    draw(p.merging ? merging_line(p) : reading_line(p, now));
  }

  void clear() {
    if (shown_)
      fmt::print(stderr, "\r\x1b[K");
    shown_ = false;
  }

 private:
  [[nodiscard]] std::string prefix() const {
    return stop_requested.load() ? "stopping (Ctrl-C again to quit at once): " : "";
  }

  [[nodiscard]] std::string merging_line(const IngestProgress& p) const {
    return prefix() + "merging the shards of " + grouped(p.articles) + " " +
           (p.articles == 1 ? "article" : "articles") + " into the index...";
  }

  [[nodiscard]] std::string reading_line(const IngestProgress& p,
                                         std::chrono::steady_clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string line = prefix() + "indexing";
    if (p.total_bytes > 0) {
      const auto percent =
          std::min<std::size_t>(100, static_cast<std::size_t>(static_cast<double>(p.bytes) * 100.0 /
                                                              static_cast<double>(p.total_bytes)));
      line += fmt::format(" {:>3}%", percent);
    }
    line += "  " + grouped(p.articles) + (p.articles == 1 ? " article" : " articles");
    // Rates and estimates after a second, when they mean something.
    if (elapsed >= 1.0) {
      line += "  " +
              grouped(static_cast<std::uint64_t>(static_cast<double>(p.articles) / elapsed)) + "/s";
      if (p.total_bytes > p.bytes && p.bytes > 0) {
        const double left =
            elapsed * static_cast<double>(p.total_bytes - p.bytes) / static_cast<double>(p.bytes);
        line += "  ETA " + duration(left);
      }
    }
    const std::size_t room = width() - std::min(width(), columns(line) + 2);
    if (!p.path.empty() && room >= 12)
      line += "  " + last_columns(p.path, room);
    return line;
  }

  // Leaves the last column free: a terminal that wraps on writing it would
  // put the cursor on the next line.
  [[nodiscard]] static std::size_t width() {
    return std::max<std::size_t>(terminal_width(STDERR_FILENO), 2) - 1;
  }

  void draw(const std::string& line) {
    fmt::print(stderr, "\r\x1b[K{}", first_columns(line, width()));
    std::fflush(stderr);
    shown_ = true;
  }

  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
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
    options.analyzer.fold_diacritics = !cmd.no_fold_diacritics;
    options.analyzer.article_languages = !cmd.one_language;
    options.wait_for_lock = cmd.wait;
    Index index = open_index(resolve_index_path(cmd.index), options);
    if (cmd.analysis_given) {
      const AnalyzerSettings& made = index.analyzer_settings();
      const auto differs = [&](std::string_view what, const std::string& has,
                               const std::string& asked) {
        if (has != asked) {
          throw Error(Error::Kind::invalid_argument,
                      index.path().string() + " was made with " + std::string(what) + " " + has +
                          ", not " + asked +
                          ": an index's text analysis is fixed when it is made (index into a "
                          "new folder to change it)");
        }
      };
      differs("--language", made.language, options.analyzer.language);
      differs("diacritic folding", made.fold_diacritics ? "on" : "off",
              options.analyzer.fold_diacritics ? "on" : "off");
      differs("per-article languages", made.article_languages ? "on" : "off",
              options.analyzer.article_languages ? "on" : "off");
    }
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
    ingest_options.prune = cmd.prune;
    ingest_options.stop = &stop_requested;
    ingest_options.on_progress = [&](const IngestProgress& p) { progress.update(p); };
    ingest_options.on_diagnostic = [&](const Diagnostic& d) {
      progress.clear();
      if (!cmd.json)
        print_diagnostic(stderr, d, err_style);
    };
    IngestSummary summary;
    {
      const StopOnSignals stop_on_signals;
      summary = ingest(writer, cmd.inputs, ingest_options);
    }
    progress.clear();

    if (cmd.json) {
      print_json(stdout, json_output::summary(summary, index));
    } else if (!cmd.quiet) {
      for (const CrawlSummary& crawl : summary.crawls)
        fmt::print("{}: {}\n", crawl.path, crawl.description);
      fmt::print("Indexed {} new, {} replaced, {} skipped{} in {:.2f} s; {} now holds {}.\n",
                 summary.indexed, summary.replaced, summary.skipped,
                 cmd.prune ? fmt::format(", {} removed", summary.removed) : "", summary.seconds,
                 index.path().string(), counted(index.article_count(), "article"));
      // What the articles read made of stories (docs/stories.md).
      if (summary.indexed + summary.replaced > 0) {
        fmt::print("Found {} near-{} and {} new {}.\n", summary.near_duplicates,
                   summary.near_duplicates == 1 ? "duplicate" : "duplicates", summary.new_stories,
                   summary.new_stories == 1 ? "story" : "stories");
      }
    }
    if (summary.stopped) {
      const std::size_t committed = summary.indexed + summary.replaced;
      fmt::print(stderr, "{} {} {} committed; run again to index the rest\n",
                 err_style.red("byline: interrupted:"), grouped(committed),
                 committed == 1 ? "article" : "articles");
      const int signal = stop_signal.load();
      return kExitSignalBase + (signal != 0 ? signal : SIGINT);
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
      ->required()
      ->type_name(kPathValue);
  add_index_option(*sub, cmd->index);
  sub->add_option("--manifest", cmd->manifest,
                  "Metadata for the articles (JSON Lines keyed by \"file\"); a manifest.jsonl "
                  "inside an input folder is used by default")
      ->type_name(kFileValue);
  sub->add_option("--aliases", cmd->aliases,
                  "An alias list to load into the index (one group per line, members "
                  "separated by '|'); an aliases.txt inside an input folder is used by default")
      ->type_name(kFileValue);
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
                  "Stemming language of a new index's articles whose language is neither "
                  "given nor detected (a Xapian stemmer name, or none)")
      ->capture_default_str();
  sub->add_flag("--no-fold-diacritics", cmd->no_fold_diacritics,
                "In a new index, keep accents: \"resume\" then does not find \"résumé\"");
  sub->add_flag("--one-language", cmd->one_language,
                "In a new index, stem every article in --language instead of its own");
  sub->add_flag("--prune", cmd->prune,
                "Also remove the articles read before from files below the folders given that "
                "no longer exist");
  sub->add_flag("--wait", cmd->wait, "Wait for another writer to finish instead of failing");
  sub->add_flag("--json", cmd->json, "Print the summary (and problems) as one JSON object");
  sub->add_flag("-q,--quiet", cmd->quiet,
                "No progress and no summary; problems (and an interruption) are still shown");
  sub->callback([cmd, sub, &exit_code] {
    cmd->analysis_given = sub->count("--language") + sub->count("--no-fold-diacritics") +
                              sub->count("--one-language") >
                          0;
    exit_code = run(*cmd);
  });
}

}  // namespace byline::cli
