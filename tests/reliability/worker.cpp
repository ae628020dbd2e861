// The processes the reliability tests kill, starve of I/O and race:
//
//   reliability_worker index INDEX FROM [TO]
//     Runs batches FROM..TO-1 (TO: 30) of the workload (workload.hpp) through ingest(),
//     one commit per batch, creating the index if needed. On stdout, written
//     unbuffered so that a SIGKILL loses nothing already said:
//       "open"        the index is open for writing
//       "begin K"     batch K starts (its removal, then its articles)
//       "commit K"    every article of batch K is added: the commit starts
//       "done K"      batch K is committed (reported committed)
//     Exit 0 when all are done; 1 with the error on stderr when the index
//     fails (I/O errors, say); 3 when ingest() reports a diagnostic.
//
//   reliability_worker build INDEX FILE.jsonl [SEGMENT_SIZE]
//     ingest() of the file into INDEX (created if needed) with two threads:
//     an empty index is built from shards, each starting a new database
//     every SEGMENT_SIZE articles (250). Prints "open", "article N" after
//     each article, "merging" and "done N" (the articles in the index).
//     Exit 0, or 1 with the error on stderr.
//
//   reliability_worker soak INDEX SEED ARTICLES FROM TO
//     Batches FROM..TO-1 of the soak workload (soak_workload.hpp): batch 0
//     through ingest() with two threads, the others through a Writer, one
//     commit each. Prints "done K" once batch K is committed.
//
//   reliability_worker read INDEX SECONDS
//     Searches "common" over and over for SECONDS; prints one line per
//     search, "R <total> <hits> <hash of the sorted ids>", and "E <message>"
//     for every error that reaches it.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.hpp"
#include "soak_workload.hpp"
#include "workload.hpp"

namespace {

namespace workload = byline::test::workload;

void say(const std::string& line) {
  const std::string out = line + "\n";
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
    if (n <= 0)
      std::_Exit(4);
    done += static_cast<std::size_t>(n);
  }
}

// The index at `path`, created if needed; says "open" once it is.
byline::Index open_for_writing(const std::string& path) {
  byline::IndexOptions options;
  options.mode = byline::OpenMode::create_or_open;
  byline::Index index = byline::Index::open(path, options);
  say("open");
  return index;
}

int run_index(const std::string& path, int from, int to) {
  try {
    byline::Index index = open_for_writing(path);
    byline::Writer writer(index);
    for (int batch = from; batch < to; ++batch) {
      say("begin " + std::to_string(batch));
      for (const auto& change : workload::changes(batch)) {
        if (!change.body)
          (void)writer.remove(change.id);
      }
      std::istringstream lines(workload::json_lines(batch));
      const std::size_t expected = workload::articles_in(batch);
      byline::IngestOptions ingest_options;
      ingest_options.standard_input = &lines;
      ingest_options.batch_size = 1000;  // one commit, at the end
      ingest_options.on_progress = [&](const byline::IngestProgress& p) {
        if (p.articles == expected)
          say("commit " + std::to_string(batch));
      };
      const auto summary = byline::ingest(writer, {"-"}, ingest_options);
      if (!summary.diagnostics.empty()) {
        std::fprintf(stderr, "unexpected diagnostic: %s\n",
                     summary.diagnostics.front().message.c_str());
        return 3;
      }
      say("done " + std::to_string(batch));
    }
    return 0;
  } catch (const byline::Error& e) {
    std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 1;
  }
}

int run_build(const std::string& path, const std::string& input, std::size_t segment_size) {
  try {
    byline::Index index = open_for_writing(path);
    byline::Writer writer(index);
    byline::IngestOptions ingest_options;
    ingest_options.threads = 2;
    ingest_options.batch_size = 100;
    // Three databases per shard: the merge of several, and the copy that
    // replaces it when the rename fails, are tested too.
    ingest_options.segment_size = segment_size;
    ingest_options.on_progress = [&](const byline::IngestProgress& p) {
      say(p.merging ? "merging" : "article " + std::to_string(p.articles));
    };
    const auto summary = byline::ingest(writer, {input}, ingest_options);
    if (summary.skipped != 0) {
      std::fprintf(stderr, "unexpected diagnostic: %s\n",
                   summary.diagnostics.front().message.c_str());
      return 3;
    }
    say("done " + std::to_string(index.article_count()));
    return 0;
  } catch (const byline::Error& e) {
    std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 1;
  }
}

int run_soak(const std::string& path, std::uint64_t seed, std::uint64_t articles, int from,
             int to) {
  try {
    byline::Index index = open_for_writing(path);
    byline::Writer writer(index);
    for (int k = from; k < to; ++k) {
      const auto changes = byline::test::soak::batch(seed, k, articles);
      if (k == 0) {
        std::string lines;
        for (const auto& change : changes)
          lines += byline::test::soak::article_json(change.id, change.version).dump() + "\n";
        std::istringstream in(lines);
        byline::IngestOptions options;
        options.standard_input = &in;
        options.threads = 2;
        const auto summary = byline::ingest(writer, {"-"}, options);
        if (summary.skipped != 0) {
          std::fprintf(stderr, "unexpected diagnostic: %s\n",
                       summary.diagnostics.front().message.c_str());
          return 3;
        }
      } else {
        for (const auto& change : changes) {
          if (change.version < 0) {
            (void)writer.remove(change.id);
            continue;
          }
          const auto json = byline::test::soak::article_json(change.id, change.version);
          byline::Article article;
          article.id = change.id;
          article.title = json["title"];
          article.source = json["source"];
          article.date = json["date"];
          article.body = json["body"];
          (void)writer.add(article);
        }
        writer.commit();
      }
      say("done " + std::to_string(k));
    }
    return 0;
  } catch (const byline::Error& e) {
    std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 1;
  }
}

int run_read(const std::string& path, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::optional<byline::Searcher> searcher;
  byline::SearchOptions options;
  options.limit = 1000;
  while (std::chrono::steady_clock::now() < end) {
    try {
      if (!searcher) {
        const byline::Index index = byline::Index::open(path);
        searcher.emplace(index);
      }
      const auto results = searcher->search("common", options);
      std::vector<std::string> ids;
      for (const auto& hit : results.hits)
        ids.push_back(hit.id);
      say("R " + std::to_string(results.total) + " " + std::to_string(ids.size()) + " " +
          std::to_string(workload::ids_hash(ids)));
    } catch (const byline::Error& e) {
      say("E " + e.to_string());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if ((args.size() == 3 || args.size() == 4) && args[0] == "index") {
    return run_index(args[1], std::atoi(args[2].c_str()),
                     args.size() == 4 ? std::atoi(args[3].c_str()) : workload::kBatches);
  }
  if ((args.size() == 3 || args.size() == 4) && args[0] == "build") {
    return run_build(args[1], args[2],
                     args.size() == 4 ? std::strtoul(args[3].c_str(), nullptr, 10) : 250);
  }
  if (args.size() == 6 && args[0] == "soak") {
    return run_soak(args[1], std::strtoull(args[2].c_str(), nullptr, 10),
                    std::strtoull(args[3].c_str(), nullptr, 10), std::atoi(args[4].c_str()),
                    std::atoi(args[5].c_str()));
  }
  if (args.size() == 3 && args[0] == "read")
    return run_read(args[1], std::atof(args[2].c_str()));
  std::fprintf(
      stderr,
      "usage: reliability_worker index INDEX FROM [TO] | build INDEX FILE [SEGMENT_SIZE] | soak "
      "INDEX SEED ARTICLES FROM TO | read INDEX SECONDS\n");
  return 2;
}
