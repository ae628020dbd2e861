// ingest(): reads articles from files, folders, JSON Lines and standard
// input, works out their metadata, and adds them through a Writer.
//
// Inputs:
//   FILE.txt (any name given explicitly)  one article; metadata from the
//                                         manifest, else from the text;
//                                         lines of page chrome (share
//                                         buttons, captions, menus) left out
//   FILE.html / .htm / .xhtml (.gz too)   one web page: its main text, and
//                                         metadata from its markup (the
//                                         manifest wins)
//   FILE.warc / FILE.warc.gz              a web crawl: one article per HTML
//                                         response; the rest counted in
//                                         IngestSummary::crawls
//   FILE.jsonl / FILE.ndjson              one article per line: {"id", "title",
//                                         "date", "source", "author", "url",
//                                         "lang", "body"}, or "html" (a web
//                                         page) instead of "body"
//   DIRECTORY                             every file of the kinds above below
//                                         it, recursively, in byte order of path;
//                                         a manifest.jsonl found there is read
//                                         as the manifest, and an aliases.txt
//                                         as the alias list, not as articles;
//                                         nothing outside it unless
//                                         follow_links (see there)
//   "-"                                   standard input: JSON Lines if it starts
//                                         with '{', a web page if with '<', a
//                                         crawl if with "WARC/" or gzip's
//                                         magic, else one plain-text article
//
// Ids: an article's id is its "id" (JSON Lines, manifest); a text or page
// file's is otherwise its path below the folder given, without the
// extension ("corpus/world/001.txt" in the folder "corpus": "world/001"; a
// file given by itself: its name, "001"), so that indexing it again
// replaces it. Should two files of one run get the same id that way
// ("a/story.txt" and "b/story.txt", the folders a and b given), the later
// one gets its folder's name in front ("b/story"), with a warning.
//
// A named pipe, socket or device given (or found in a folder with an
// article's name) is not read, as it could block for ever: pipe a program's
// output to "-" instead.
//
// Bad input never stops the run: each problem is reported as a Diagnostic
// naming the file (and line), the item is skipped, the rest is indexed.
// A JSON Lines field byline does not know is reported once per file, as a
// warning, and ignored.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "byline/writer.hpp"

namespace byline {

struct Diagnostic {
  enum class Severity { warning, error };
  Severity severity = Severity::error;
  std::string path;      // the file concerned ("-" for standard input)
  std::size_t line = 0;  // 1-based line in a JSON Lines file; 0 when not about a line
  std::string message;
};

struct IngestProgress {
  std::size_t articles = 0;  // added or replaced so far
  std::size_t bytes = 0;     // input bytes read so far (of a gzip file: compressed)
  std::string path;          // the file being read
  bool merging = false;      // all read; the shards are being merged (IngestOptions::shards)
  // The input files' sizes on disk together, which `bytes` reaches when all
  // is read: what a percentage or an estimate of the time left is made of.
  // 0 when unknown (standard input is among the inputs).
  std::size_t total_bytes = 0;
};

struct IngestOptions {
  // A manifest (JSON Lines, one object per article keyed by "file") whose
  // metadata wins over what is extracted from the text. Empty: none, apart
  // from a manifest.jsonl inside an input folder.
  std::filesystem::path manifest;
  // An alias list (see docs/searching.md, "Aliases") to load into the index, replacing
  // its alias table. Empty: none, apart from an aliases.txt inside an input
  // folder.
  std::filesystem::path aliases;
  // Articles per commit; each batch is all-or-nothing.
  std::size_t batch_size = 1000;
  // 1: read, analyse and write on the calling thread. 2 or more: read and
  // analyse on a second thread while the calling thread writes (one writer
  // thread is all a Xapian index takes, so more than 2 is the same as 2),
  // except into an empty index, where it is the number of shards (see
  // shards). 0: 2 when the machine has two cores or more. Standard input is
  // always read on the calling thread. Either way the callbacks are called
  // on the calling thread, and the articles indexed and the diagnostics are
  // the same.
  unsigned threads = 0;
  // With 2 or more threads and an index that holds no articles: the
  // articles are divided by id among `threads` shards (databases next to
  // the index, one thread each to analyse and write), which are merged and
  // compacted at the end into the index in one rename. About 1.4x the
  // articles/s of batch by batch on two cores (10k-100k articles, measured),
  // and the index comes out compacted: half the size on disk (docs/benchmarks.md,
  // "Benchmarks"). Nothing is visible until the end, and a process killed
  // before it leaves the index empty. If ingest() fails or a callback throws
  // midway, the articles read so far are still merged in before the
  // exception leaves. false: commit batch by batch, as into an index that
  // holds articles.
  bool shards = true;
  // With shards: each shard starts a new database after this many of its
  // articles, and the merge takes them all. A Xapian commit costs more the
  // bigger its database, so smaller databases index faster, up to a point
  // (docs/benchmarks.md, "Tuning"); what is indexed is the same. 0: one database per
  // shard.
  std::size_t segment_size = 10'000;
  // false: a folder walk reads only what is inside the folder given; a
  // symbolic link below it that leads out of it (say "up -> ..", or to
  // /etc/passwd) is not followed, with a warning naming it and where it
  // leads, so that indexing a folder one does not control reads nothing
  // else. true: such links are followed too, as `find -L` and `rg --follow`
  // do. Either way a folder is walked once however many links lead to it,
  // a link loop is skipped with a warning, a file reached twice is read
  // once, and a link that stays inside the folder is read under its
  // target's own path when the walk reaches the target anyway. Files and
  // folders given by name are read wherever they lead.
  bool follow_links = false;
  // Where "-" reads from; std::cin when null.
  std::istream* standard_input = nullptr;
  // Called for each problem as it is found (also collected in the summary).
  std::function<void(const Diagnostic&)> on_diagnostic;
  // Called after each article.
  std::function<void(const IngestProgress&)> on_progress;
  // When not null and set (from any thread, a callback or a signal handler:
  // it is only loaded), reading stops at the next article, file or line,
  // and the run ends as a failure does: what was read so far is committed
  // (merged in, with shards) and ingest() returns with
  // IngestSummary::stopped set. What is being merged is not interrupted. A
  // flag rather than a return value of on_progress, so that a signal
  // handler can stop a run, and one that reads no article for a while.
  const std::atomic<bool>* stop = nullptr;
  // When re-indexing folders: after reading, remove the articles whose file
  // (the stored path) lies below one of the folders given and no longer
  // exists, counted in IngestSummary::removed. Articles of other files, of
  // folders not given, and of standard input are kept. Not done when the
  // run stopped (stop) or failed.
  bool prune = false;
};

// What a web crawl (WARC file) held: its pages became articles (or
// diagnostics), the rest is counted here and passed over.
struct CrawlSummary {
  std::string path;
  std::size_t records = 0;   // every record, broken ones included
  std::size_t pages = 0;     // HTML responses and resources: articles, or diagnostics
  std::size_t non_html = 0;  // responses and resources that are not HTML, or empty
  std::size_t revisits = 0;  // a page unchanged since an earlier capture
  std::size_t not_ok = 0;    // HTTP status other than 2xx (redirects, errors)
  std::size_t other = 0;     // warcinfo, request, metadata, ... records
  std::size_t broken = 0;    // records that could not be read (each also a diagnostic)
  // "12 pages, 3 non-HTML, 1 revisit, 1 broken record": pages always, the
  // rest when not zero.
  std::string description;
};

struct IngestSummary {
  std::size_t indexed = 0;   // new articles
  std::size_t replaced = 0;  // articles whose id was already in the index
  std::size_t skipped = 0;   // inputs (files or lines) not indexed
  std::size_t warnings = 0;  // indexed with a warning (e.g. converted from Windows-1252)
  std::size_t aliases = 0;   // alias members loaded (0 when no alias list was read)
  std::vector<Diagnostic> diagnostics;
  std::vector<CrawlSummary> crawls;  // one per WARC file read, in input order
  std::size_t removed = 0;           // articles removed by IngestOptions::prune
  bool stopped = false;              // IngestOptions::stop ended the run early
  // Of the articles indexed or replaced: how many are near-duplicates of an
  // article indexed before them, and how many stories they started
  // (docs/stories.md).
  std::size_t near_duplicates = 0;
  std::size_t new_stories = 0;
  double seconds = 0;
};

// Reads every input and commits in batches. Throws Error only for problems
// with the index itself (locked, I/O, corrupt) or the manifest; problems
// with inputs become diagnostics.
IngestSummary ingest(Writer& writer, const std::vector<std::string>& inputs,
                     const IngestOptions& options = {});

}  // namespace byline
