// Crash safety, the way SQLite's crash tests and Lucene's "kill the indexer"
// tests work: run the indexing job (workload.hpp) in a child process and
// SIGKILL it at random moments -- while it starts, creates the index, adds
// articles, and above all inside commits -- then check the index each time
// (verify.hpp) and run the job again from the first batch not reported
// committed. Each round ends with an uninterrupted run that completes the job;
// the index must then equal one built without interruption, answer for answer.
//
// BYLINE_CRASH_KILLS (default 200) and BYLINE_CRASH_SEED (default 20140915)
// change the number of kills and the random moments; the figures are printed.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"
#include "test_support.hpp"
#include "verify.hpp"
#include "workload.hpp"

namespace {

namespace workload = byline::test::workload;
using byline::test::Child;
using Clock = std::chrono::steady_clock;

long env_number(const char* name, long fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtol(value, nullptr, 10) : fallback;
}

// What the indexer has said so far in one run.
struct Progress {
  int reported = 0;     // batches reported committed (all runs so far)
  std::string last;     // its last line
  int began = -1;       // last batch begun
  int committing = -1;  // last batch whose commit started
  Clock::time_point commit_started;
  Clock::time_point batch_started;
  bool opened = false;
  Clock::time_point spawned;
  std::vector<double> open_us;    // from start to "open"
  std::vector<double> commit_us;  // durations of the commits seen whole
  std::vector<double> batch_us;   // durations of whole batches

  void apply(const std::string& line) {
    last = line;
    const auto now = Clock::now();
    const auto space = line.find(' ');
    const std::string word = line.substr(0, space);
    const int batch = space == std::string::npos ? -1 : std::atoi(line.c_str() + space + 1);
    if (word == "open") {
      opened = true;
      open_us.push_back(std::chrono::duration<double, std::micro>(now - spawned).count());
    } else if (word == "begin") {
      began = batch;
      batch_started = now;
    } else if (word == "commit") {
      committing = batch;
      commit_started = now;
    } else if (word == "done") {
      reported = batch + 1;
      if (committing == batch) {
        commit_us.push_back(
            std::chrono::duration<double, std::micro>(now - commit_started).count());
      }
      if (began == batch) {
        batch_us.push_back(std::chrono::duration<double, std::micro>(now - batch_started).count());
      }
    }
  }
};

double percentile(std::vector<double> values, double p, double fallback) {
  if (values.empty())
    return fallback;
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

struct Figures {
  int kills = 0;
  int kills_creating = 0;             // while creating the index
  int kills_starting = 0;             // before an existing index was open
  int kills_adding = 0;               // between "begin" and "commit"
  int kills_in_commit = 0;            // between "commit" and "done"
  int commits_rolled_back = 0;        // ... and the batch was not there
  int commits_landed_unreported = 0;  // ... and the batch was there all the same
  int kills_between_batches = 0;      // after "done", before the next "begin"
  int runs = 0;
  int rounds = 0;
  int checks = 0;
  int failed_checks = 0;
};

}  // namespace

TEST_CASE("crash safety: SIGKILL at 200 random moments loses no committed batch") {
  const long target_kills = env_number("BYLINE_CRASH_KILLS", 200);
  const auto seed = static_cast<std::uint64_t>(env_number("BYLINE_CRASH_SEED", 20140915));
  byline::test::TempDir dir;
  const std::string worker = BYLINE_RELIABILITY_WORKER;
  const std::string err = (dir / "worker.err").string();
  const auto started = Clock::now();

  // The uninterrupted build everything is compared with.
  Progress reference_progress;
  {
    Child child({worker, "index", (dir / "reference").string(), "0"}, err);
    reference_progress.spawned = Clock::now();
    std::vector<std::string> lines;
    const auto ended = child.finish(&lines);
    REQUIRE_MESSAGE(ended.ok(), "reference build: " << ended.describe());
    for (const auto& l : lines)
      reference_progress.apply(l);
  }
  REQUIRE(reference_progress.reported == workload::kBatches);
  const auto reference_answers = byline::test::query_answers(dir / "reference");
  REQUIRE(byline::test::stored_articles(dir / "reference") == workload::model(workload::kBatches));

  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  Figures figures;
  Progress progress;
  progress.commit_us = reference_progress.commit_us;
  progress.batch_us = reference_progress.batch_us;
  progress.open_us = reference_progress.open_us;

  // Kills while the index is being created: it must appear whole or not at
  // all, and the next run must create it (and sweep the dead one's staging
  // folder away).
  const int creation_kills = static_cast<int>(std::max(10L, target_kills / 10));
  const double creation_window = 1.2 * reference_progress.open_us.front();
  for (int i = 0; i < creation_kills; ++i) {
    const auto path = dir / "creating" / "index";
    std::filesystem::create_directories(path.parent_path());
    Child child({worker, "index", path.string(), "0"}, err);
    const auto spawned = Clock::now();
    while (Clock::now() - spawned <
           std::chrono::microseconds(static_cast<long>(uniform(0, creation_window)))) {
    }
    child.kill(SIGKILL);
    std::vector<std::string> lines;
    const auto ended = child.finish(&lines);
    REQUIRE(ended.killed_by(SIGKILL));
    ++figures.kills;
    ++figures.runs;
    Progress seen;
    for (const auto& l : lines)
      seen.apply(l);
    ++(seen.opened ? figures.kills_adding : figures.kills_creating);
    const auto verdict = byline::test::verify_index(path, seen.reported);
    ++figures.checks;
    CHECK_MESSAGE(verdict.problem.empty(), "creation kill " << i << ": " << verdict.problem);
    // The next run completes the job's first batch, and sweeps away the dead
    // creator's staging folder.
    Child again({worker, "index", path.string(), std::to_string(verdict.batches)}, err);
    ++figures.runs;
    REQUIRE(again.line(std::chrono::seconds(60)) == "open");
    while (seen.reported < 1) {
      const auto l = again.line(std::chrono::seconds(60));
      REQUIRE(l.has_value());
      seen.apply(*l);
    }
    again.kill(SIGKILL);
    (void)again.finish();
    CHECK(byline::test::verify_index(path, seen.reported).problem.empty());
    int leftovers = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
      leftovers += entry.path() != path ? 1 : 0;
    CHECK_MESSAGE(leftovers == 0, "staging folders of killed creators were left behind");
    std::filesystem::remove_all(path.parent_path());
  }

  while (figures.kills < target_kills) {
    const auto path = dir / ("round" + std::to_string(figures.rounds));
    progress.reported = 0;
    for (;;) {  // runs of the job until one completes it
      const bool existed = std::filesystem::exists(path);
      progress.last.clear();
      progress.began = progress.committing = -1;
      progress.opened = false;
      Child child({worker, "index", path.string(), std::to_string(progress.reported)}, err);
      ++figures.runs;
      const auto spawned = progress.spawned = Clock::now();

      // Choose the moment: inside a commit half the time, else at a random
      // point of start-up or of a batch.
      const double dice = uniform(0, 1);
      const int remaining = workload::kBatches - progress.reported;
      const int target_batch =
          progress.reported + static_cast<int>(uniform(0, std::min(3, remaining) - 1e-9));
      const double commit_window = 1.3 * percentile(progress.commit_us, 0.9, 5000);
      const double batch_window = percentile(progress.batch_us, 0.5, 20000);
      const double start_window = 1.2 * percentile(progress.open_us, 0.5, 20000);
      bool finished = false;
      auto pump_until = [&](auto&& done_waiting, Clock::time_point deadline) {
        for (;;) {
          if (done_waiting())
            return true;
          const auto left = deadline - Clock::now();
          if (left <= Clock::duration::zero())
            return true;
          auto line = child.line(std::chrono::duration_cast<std::chrono::microseconds>(left));
          if (line) {
            progress.apply(*line);
          } else if (!child.timed_out()) {
            finished = true;  // end of output: the job ran to its end
            return false;
          }
        }
      };
      const auto forever = Clock::now() + std::chrono::minutes(2);
      auto never = [] { return false; };
      if (dice < 0.5) {
        if (pump_until([&] { return progress.committing == target_batch; }, forever)) {
          pump_until(never, Clock::now() + std::chrono::microseconds(
                                               static_cast<long>(uniform(0, commit_window))));
        }
      } else if (dice < 0.7) {
        pump_until(never, spawned + std::chrono::microseconds(
                                        static_cast<long>(uniform(0, start_window))));
      } else {
        if (pump_until([&] { return progress.began == target_batch; }, forever)) {
          pump_until(never, Clock::now() + std::chrono::microseconds(
                                               static_cast<long>(uniform(0, batch_window))));
        }
      }
      REQUIRE_MESSAGE(Clock::now() < forever, "the indexer hung");

      if (finished) {
        const auto ended = child.wait();
        REQUIRE_MESSAGE(ended.ok(), "an uninterrupted run failed: " << ended.describe());
        REQUIRE(progress.reported == workload::kBatches);
        break;
      }
      child.kill(SIGKILL);
      std::vector<std::string> rest;
      const auto ended = child.finish(&rest);
      for (const auto& l : rest)
        progress.apply(l);
      if (!ended.killed_by(SIGKILL)) {
        // It finished on its own just before the kill.
        REQUIRE_MESSAGE(ended.ok(), "the indexer failed: " << ended.describe());
        REQUIRE(progress.reported == workload::kBatches);
        break;
      }
      ++figures.kills;
      const std::string word = progress.last.substr(0, progress.last.find(' '));
      const auto verdict = byline::test::verify_index(path, progress.reported);
      ++figures.checks;
      if (!verdict.problem.empty())
        ++figures.failed_checks;
      CHECK_MESSAGE(verdict.problem.empty(), "kill " << figures.kills << " (after \""
                                                     << progress.last
                                                     << "\"): " << verdict.problem);
      if (!progress.opened) {
        ++(existed ? figures.kills_starting : figures.kills_creating);
      } else if (word == "begin") {
        ++figures.kills_adding;
      } else if (word == "commit") {
        ++figures.kills_in_commit;
        ++(verdict.batches > progress.reported ? figures.commits_landed_unreported
                                               : figures.commits_rolled_back);
      } else {
        ++figures.kills_between_batches;
      }
    }
    // The job is complete: the index must be the uninterrupted one.
    const auto verdict = byline::test::verify_index(path, workload::kBatches);
    ++figures.checks;
    CHECK_MESSAGE(verdict.problem.empty(), "round " << figures.rounds << ": " << verdict.problem);
    CHECK(byline::test::query_answers(path) == reference_answers);
    ++figures.rounds;
    std::filesystem::remove_all(path);
  }

  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf(
      "crash harness (seed %llu): %d kills in %d runs over %d rounds, %.1f s\n"
      "  kills while creating the index: %d, while opening it: %d\n"
      "  kills while adding articles: %d\n"
      "  kills inside a commit: %d (commit rolled back: %d, commit landed but unreported: %d)\n"
      "  kills between batches: %d\n"
      "  index checks: %d, failed: %d; commit window %.0f us (p90 x 1.3), start-up %.0f us\n",
      static_cast<unsigned long long>(seed), figures.kills, figures.runs, figures.rounds, seconds,
      figures.kills_creating, figures.kills_starting, figures.kills_adding, figures.kills_in_commit,
      figures.commits_rolled_back, figures.commits_landed_unreported, figures.kills_between_batches,
      figures.checks, figures.failed_checks, 1.3 * percentile(progress.commit_us, 0.9, 5000),
      percentile(progress.open_us, 0.5, 0));
  CHECK(figures.kills >= target_kills);
  CHECK(figures.kills_in_commit > 0);
}
