// I/O faults, the way SQLite's I/O-error tests work: make the Nth call of
// one system call on the index's files fail (EIO, ENOSPC), once or from the
// Nth call on, stepping N across the whole job, and check after each run
// that the indexer failed cleanly (an error, never a crash or a hang), that
// the index is sound and holds exactly what was reported committed, and
// that an unfaulted run then completes the job to the result an
// uninterrupted one gives.
//
// The system calls are generated from the commit guard's list
// (engine/commit_guard.hpp: every call libxapian makes on its files), plus
// those byline makes itself around a shard build (the swap's renameat2,
// the folder walks that remove what a build leaves). Three jobs:
//   - batch commits: batches kFirst..29 of the workload on an index holding
//     the ones before, faults on the index's files;
//   - shard build: the whole workload built into an empty index from two
//     shards of several databases each, faults on the shards' files;
//   - merge: the same build, faults on the merged database, the index and
//     the swap.
// A call the job never makes is reported, not tried.
//
// The faults are injected by strace (`-e inject=SYSCALL:error=E:when=N[+]`;
// N counts each thread's calls), restricted with -P to the files of the
// job. A shard build's folder is named after the indexer's process id, so
// strace runs with -D: the process that execs the indexer is the shell that
// named the paths with its own id.
//
// BYLINE_FAULT_STEPS (default 2) sets how many values of N are tried per
// call and error, besides 1, 2 and the last call (under AddressSanitizer:
// one middle call, EIO only, and not the ends); BYLINE_FAULT_JOBS (default 2) how many faulted runs
// go at once; BYLINE_FAULT_VERBOSE names each run as it starts.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/commit_guard.hpp"
#include "process.hpp"
#include "test_support.hpp"
#include "verify.hpp"
#include "workload.hpp"

namespace {

namespace fs = std::filesystem;
namespace workload = byline::test::workload;
using byline::test::Child;
using Clock = std::chrono::steady_clock;

// The batch job: batches kFirst..29 on an index holding the ones before.
constexpr int kFirst = 28;
// The build job: the articles of the workload's first 12 batches (109)
// into two shards, each starting a new database every 20 of its articles.
constexpr int kBuildBatches = 12;
constexpr int kSegmentSize = 20;
constexpr int kMaxSegments = 4;
// What the build job's batch-by-batch fallback commits at a time.
constexpr std::size_t kBuildBatch = 100;

const std::vector<std::string> kTables = {"postlist.glass", "termlist.glass", "position.glass",
                                          "docdata.glass",  "spelling.glass", "synonym.glass",
                                          "iamglass",       "v.tmp",          "flintlock"};

// byline's own calls around a shard build, besides libxapian's.
const std::vector<std::string> kBuildCalls = {"renameat2", "unlinkat", "getdents64"};

// LeakSanitizer cannot run under ptrace: off for the traced indexer (the
// crash harness and the rest of the suite still run it with leak checks).
const std::vector<std::string> kTracedEnv = {"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"};

std::string find_strace() {
  for (const char* candidate : {"/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"}) {
    if (fs::exists(candidate))
      return candidate;
  }
  return {};
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int count_of(const std::string& text, std::string_view needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

// A shell word; "$$" stays outside the quotes, so that the shell puts its
// process id there.
std::string shell_word(const std::string& text) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "$$") == 0) {
      out += "'\"$$\"'";
      ++i;
    } else if (text[i] == '\'') {
      out += "'\\''";
    } else {
      out += text[i];
    }
  }
  return out + "'";
}

// The system calls to fault: the guard's, then the build's own.
std::vector<std::string> system_calls(bool build) {
  std::vector<std::string> out;
  for (const auto& call : byline::detail::kGuardedCalls) {
    const std::string name(call.system_call);
    if (std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(name);
  }
  if (build)
    out.insert(out.end(), kBuildCalls.begin(), kBuildCalls.end());
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ",") + n;
  return out;
}

struct Scenario {
  std::string name;
  bool build = false;
  // Sets up the case's folder before the job (the index it starts from).
  std::function<void(const fs::path& dir)> prepare;
  // The indexer's arguments, and the files faults are restricted to ("$$":
  // the indexer's process id).
  std::function<std::vector<std::string>(const fs::path& dir)> job;
  std::function<std::vector<std::string>(const fs::path& dir)> paths;
  // "" when the index is as it must be after the faulted run; `committed`
  // gets what it holds.
  std::function<std::string(const fs::path& dir, const std::vector<std::string>& lines,
                            int& committed)>
      check;
  // Runs the job again without faults unless the faulted run completed it
  // (`rerun` false); "" when the index then is the uninterrupted result.
  std::function<std::string(const fs::path& dir, int committed, bool rerun)> finish;
};

// strace's lines: "TID  call(...) = result", the id padded to a width.
struct TraceLine {
  std::string tid;
  std::string rest;
};

std::vector<TraceLine> trace_lines(const std::string& trace) {
  std::vector<TraceLine> out;
  std::istringstream lines(trace);
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.find(' ');
    const auto rest = line.find_first_not_of(' ', space);
    if (space != std::string::npos && rest != std::string::npos)
      out.push_back({line.substr(0, space), line.substr(rest)});
  }
  return out;
}

// True once strace has written the end of process `pid` ("+++ exited ...").
bool has_ended(const std::string& trace, const std::string& pid) {
  for (const auto& line : trace_lines(trace)) {
    if (line.tid == pid && line.rest.starts_with("+++ "))
      return true;
  }
  return false;
}

struct Traced {
  byline::test::Ended ended;
  std::vector<std::string> lines;
  std::string trace;
  std::string messages;
  bool hung = false;
};

// Runs the scenario's job in `dir` under strace with `expressions` (-e ...).
Traced run_traced(const std::string& strace, const std::string& worker, const Scenario& scenario,
                  const fs::path& dir, const std::vector<std::string>& expressions) {
  const fs::path trace = dir / "strace.out";
  const fs::path err = dir / "worker.err";
  std::string command =
      "exec " + shell_word(strace) + " -D -f -q --seccomp-bpf -o " + shell_word(trace.string());
  for (const auto& p : scenario.paths(dir))
    command += " -P " + shell_word(p);
  for (const auto& e : expressions)
    command += " -e " + shell_word(e);
  command += " " + shell_word(worker);
  for (const auto& a : scenario.job(dir))
    command += " " + shell_word(a);
  Traced out;
  {
    Child child({"/bin/sh", "-c", command}, err.string(), kTracedEnv);
    const std::string pid = std::to_string(child.pid());
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < deadline) {
      auto l = child.line(std::chrono::seconds(1));
      if (l) {
        out.lines.push_back(*l);
      } else if (!child.timed_out()) {
        break;
      }
    }
    out.hung = Clock::now() >= deadline;
    if (out.hung)
      child.kill(SIGKILL);
    out.ended = child.wait();
    // strace (a grandchild with -D) writes the indexer's end last.
    while (Clock::now() < deadline) {
      out.trace = slurp(trace);
      if (has_ended(out.trace, pid))
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  out.messages = slurp(err);
  return out;
}

// How often the job's busiest thread makes each call on the job's files.
std::map<std::string, int> count_calls(const std::string& strace, const std::string& worker,
                                       const Scenario& scenario, const fs::path& dir) {
  fs::create_directories(dir);
  scenario.prepare(dir);
  const auto calls = system_calls(scenario.build);
  const Traced traced = run_traced(strace, worker, scenario, dir, {"trace=" + joined(calls)});
  REQUIRE_MESSAGE(traced.ended.ok(), scenario.name << ": " << traced.messages);
  std::map<std::pair<std::string, std::string>, int> per_thread;
  for (const auto& line : trace_lines(traced.trace)) {
    if (const auto paren = line.rest.find('('); paren != std::string::npos)
      ++per_thread[{line.rest.substr(0, paren), line.tid}];
  }
  std::map<std::string, int> out;
  for (const auto& call : calls)
    out[call] = 0;
  for (const auto& [key, n] : per_thread) {
    if (out.contains(key.first))
      out[key.first] = std::max(out[key.first], n);
  }
  fs::remove_all(dir);
  return out;
}

struct Case {
  const Scenario* scenario;
  std::string call;
  std::string error;
  int n;
  bool persistent;
  [[nodiscard]] std::string spec() const {
    return call + ":error=" + error + ":when=" + std::to_string(n) + (persistent ? "+" : "");
  }
};

struct Outcome {
  std::string where;  // scenario and spec
  bool clean = false;
  bool succeeded = false;
  int faults = 0;
  int committed = 0;
  bool corrupt = false;
  std::string problem;  // empty when all held
};

Outcome run_case(const std::string& strace, const std::string& worker, const Case& c,
                 const fs::path& dir) {
  Outcome out;
  out.where = c.scenario->name + " " + c.spec();
  fs::remove_all(dir);
  fs::create_directories(dir);
  c.scenario->prepare(dir);
  const Traced traced =
      run_traced(strace, worker, *c.scenario, dir, {"trace=" + c.call, "inject=" + c.spec()});
  out.faults = count_of(traced.trace, "(INJECTED)");
  out.succeeded = traced.ended.ok();
  // A clean failure: exit status 1 and one of byline's error messages
  // ("IOError: ...", "Corrupt: ...").
  out.clean = out.succeeded || (traced.ended.exited && traced.ended.code == 1 &&
                                traced.messages.find(": ") != std::string::npos &&
                                !traced.messages.starts_with("Internal"));
  if (traced.hung) {
    out.problem = "the indexer hung";
  } else if (!out.clean) {
    out.problem = "the indexer ended with " + traced.ended.describe() + ": " + traced.messages;
  }
  const std::string check = c.scenario->check(dir, traced.lines, out.committed);
  out.corrupt = check.starts_with("xapian-check");
  if (out.problem.empty())
    out.problem = check;
  if (out.problem.empty())
    out.problem = c.scenario->finish(dir, out.committed, !out.succeeded);
  fs::remove_all(dir);
  return out;
}

int reported_batches(const std::vector<std::string>& lines) {
  int reported = kFirst;
  for (const auto& l : lines) {
    if (l.starts_with("done "))
      reported = std::atoi(l.c_str() + 5) + 1;
  }
  return reported;
}

// What searches find, as sets of ids: a build from shards and one batch by
// batch number the articles differently, which orders equal scores
// differently.
std::vector<std::string> answer_sets(const fs::path& index) {
  const auto& words = workload::vocabulary();
  const byline::Index opened = byline::Index::open(index);
  byline::Searcher searcher(opened);
  byline::SearchOptions options;
  options.limit = 1000;
  std::vector<std::string> out;
  for (const std::string& q :
       {std::string("common"), std::string("batch0"), std::string("batch17 OR rev5"),
        words[0] + " " + words[1], "\"" + words[3] + " " + words[4] + "\""}) {
    const auto results = searcher.search(q, options);
    std::vector<std::string> ids;
    for (const auto& hit : results.hits)
      ids.push_back(hit.id);
    std::sort(ids.begin(), ids.end());
    std::string line = q + " total=" + std::to_string(results.total) + ":";
    for (const auto& id : ids)
      line += " " + id;
    out.push_back(line);
  }
  return out;
}

// Folders next to the index that are not the index: what a build left.
int leftovers(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(".idx."))
      ++n;
  }
  return n;
}

// The build job's input: every article of its batches, as they end up.
void write_build_input(const fs::path& file) {
  std::ofstream out(file, std::ios::binary);
  for (const auto& [id, body] : workload::model(kBuildBatches)) {
    nlohmann::json line = {{"id", id},
                           {"title", "Report " + id + " on the common matter"},
                           {"source", "Source " + id.substr(1, 1)},
                           {"date", "2014-09-12"},
                           {"body", body}};
    out << line.dump() << "\n";
  }
}

std::vector<std::string> index_files(const fs::path& folder) {
  std::vector<std::string> out = {folder.string()};
  for (const auto& t : kTables)
    out.push_back((folder / t).string());
  return out;
}

// The three jobs, and what an uninterrupted run of each leaves.
struct FaultJobs {
  std::string strace = find_strace();
  std::string worker = BYLINE_RELIABILITY_WORKER;
  byline::test::TempDir dir;
  fs::path input;
  std::size_t all_articles = 0;
  std::vector<std::string> reference_answers;
  std::vector<std::string> built_answers;
  Scenario batches;
  Scenario shards;
  Scenario merge;

  FaultJobs();
  FaultJobs(const FaultJobs&) = delete;
  FaultJobs& operator=(const FaultJobs&) = delete;
};

FaultJobs::FaultJobs() {
  REQUIRE_MESSAGE(!strace.empty(), "strace is missing: run tools/setup.sh");
  REQUIRE_MESSAGE(byline::detail::CommitGuard::installed_references() > 0,
                  "the commit guard could not be installed in libxapian");
  const auto err = dir / "worker.err";

  // The references, and the base every faulted batch job starts from.
  input = dir / "articles.jsonl";
  write_build_input(input);
  all_articles = workload::model(kBuildBatches).size();
  {
    Child full({worker, "index", (dir / "reference").string(), "0"}, err.string());
    REQUIRE(full.finish().ok());
    Child base({worker, "index", (dir / "base").string(), "0", std::to_string(kFirst)},
               err.string());
    REQUIRE(base.finish().ok());
    Child built(
        {worker, "build", (dir / "built").string(), input.string(), std::to_string(kSegmentSize)},
        err.string());
    REQUIRE(built.finish().ok());
  }
  reference_answers = byline::test::query_answers(dir / "reference");
  built_answers = answer_sets(dir / "built");
  REQUIRE(byline::test::stored_articles(dir / "built") == workload::model(kBuildBatches));

  batches.name = "batch commits";
  batches.prepare = [this](const fs::path& d) {
    fs::copy(dir / "base", d / "idx", fs::copy_options::recursive);
  };
  batches.job = [](const fs::path& d) {
    return std::vector<std::string>{"index", (d / "idx").string(), std::to_string(kFirst)};
  };
  batches.paths = [](const fs::path& d) { return index_files(d / "idx"); };
  batches.check = [](const fs::path& d, const std::vector<std::string>& lines, int& committed) {
    const auto verdict = byline::test::verify_index(d / "idx", reported_batches(lines));
    committed = verdict.batches - kFirst;
    return verdict.problem;
  };
  batches.finish = [this](const fs::path& d, int committed, bool rerun) -> std::string {
    if (rerun) {
      Child again({worker, "index", (d / "idx").string(), std::to_string(kFirst + committed)},
                  (d / "rerun.err").string());
      if (const auto ended = again.finish(); !ended.ok())
        return "the rerun ended with " + ended.describe() + ": " + slurp(d / "rerun.err");
    }
    if (auto problem = byline::test::verify_index(d / "idx", workload::kBatches).problem;
        !problem.empty()) {
      return "after the rerun: " + problem;
    }
    if (byline::test::query_answers(d / "idx") != reference_answers)
      return "after the rerun, searches answer otherwise than the uninterrupted job's index";
    return {};
  };

  // Both build jobs: none of the articles or all of them, or whole batches
  // of them when the merge could not be swapped in and they were copied.
  auto build_check = [this](const fs::path& d, const std::vector<std::string>&,
                            int& committed) -> std::string {
    const fs::path idx = d / "idx";
    if (!fs::exists(idx / "iamglass"))
      return {};
    if (auto problem = byline::test::xapian_check(idx); !problem.empty())
      return problem;
    const auto stored = byline::test::stored_articles(idx);
    const auto& model = workload::model(kBuildBatches);
    for (const auto& [id, body] : stored) {
      const auto it = model.find(id);
      if (it == model.end() || it->second != body)
        return "the index holds article " + id + " in a version never written";
    }
    committed = static_cast<int>(stored.size());
    if (stored.size() != all_articles && stored.size() % kBuildBatch != 0) {
      return "the index holds " + std::to_string(stored.size()) + " of the " +
             std::to_string(all_articles) + " articles, not a whole number of batches";
    }
    return {};
  };
  // Always runs the job again: a build that succeeded but could not remove
  // its folder leaves it to the next writer, which must sweep it.
  auto build_finish = [this](const fs::path& d, int, bool) -> std::string {
    Child again(
        {worker, "build", (d / "idx").string(), input.string(), std::to_string(kSegmentSize)},
        (d / "rerun.err").string());
    if (const auto ended = again.finish(); !ended.ok())
      return "the rerun ended with " + ended.describe() + ": " + slurp(d / "rerun.err");
    if (auto problem = byline::test::xapian_check(d / "idx"); !problem.empty())
      return "after the rerun: " + problem;
    if (byline::test::stored_articles(d / "idx") != workload::model(kBuildBatches))
      return "after the rerun, the index does not hold every article as written";
    if (answer_sets(d / "idx") != built_answers)
      return "after the rerun, searches answer otherwise than the uninterrupted build's index";
    if (const int left = leftovers(d); left != 0)
      return std::to_string(left) + " folders left next to the index";
    return {};
  };
  auto build_job = [this](const fs::path& d) {
    return std::vector<std::string>{"build", (d / "idx").string(), input.string(),
                                    std::to_string(kSegmentSize)};
  };
  // A new index takes the creator's staging folder ".idx.creating-PID-0";
  // the build's is the next one.
  auto build_folder = [](const fs::path& d) { return d / ".idx.building-$$-1"; };

  shards.name = "shard build";
  shards.build = true;
  shards.prepare = [](const fs::path&) {};
  shards.job = build_job;
  shards.paths = [build_folder](const fs::path& d) {
    std::vector<std::string> out = {build_folder(d).string()};
    for (int s = 0; s < 2; ++s) {
      for (int segment = 0; segment < kMaxSegments; ++segment) {
        const std::string name =
            "shard-" + std::to_string(s) + (segment == 0 ? "" : "-" + std::to_string(segment));
        for (const auto& f : index_files(build_folder(d) / name))
          out.push_back(f);
      }
    }
    return out;
  };
  shards.check = build_check;
  shards.finish = build_finish;

  merge = shards;
  merge.name = "merge";
  merge.paths = [build_folder](const fs::path& d) {
    std::vector<std::string> out = {build_folder(d).string()};
    for (const auto& f : index_files(build_folder(d) / "index"))
      out.push_back(f);
    for (const auto& f : index_files(d / "idx"))
      out.push_back(f);
    return out;
  };
}

int fault_jobs_setting() {
  const char* jobs_env = std::getenv("BYLINE_FAULT_JOBS");
  return jobs_env != nullptr ? std::max(1, std::atoi(jobs_env)) : 2;
}

// Runs the cases, `fault_jobs_setting()` at a time; checks each outcome and
// prints what they add up to.
void run_and_check(FaultJobs& jobs, const std::vector<Case>& cases,
                   const std::map<std::string, int>& cases_per_call,
                   const std::string& counts_report) {
  const bool verbose = std::getenv("BYLINE_FAULT_VERBOSE") != nullptr;  // each run on stderr
  const auto started = Clock::now();
  std::vector<Outcome> outcomes(cases.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (int j = 0; j < fault_jobs_setting(); ++j) {
    pool.emplace_back([&, j] {
      for (std::size_t k = next++; k < cases.size(); k = next++) {
        try {
          if (verbose)
            std::fprintf(stderr, "%s %s\n", cases[k].scenario->name.c_str(),
                         cases[k].spec().c_str());
          outcomes[k] = run_case(jobs.strace, jobs.worker, cases[k],
                                 jobs.dir / ("case-" + std::to_string(j)));
        } catch (const std::exception& e) {
          outcomes[k].where = cases[k].scenario->name + " " + cases[k].spec();
          outcomes[k].problem = std::string("the harness failed: ") + e.what();
        }
      }
    });
  }
  for (auto& t : pool)
    t.join();

  int with_fault = 0;
  int faults = 0;
  int clean_failures = 0;
  int successes = 0;
  int corrupt = 0;
  int problems = 0;
  int committed = 0;
  for (const auto& o : outcomes) {
    CHECK_MESSAGE(o.problem.empty(), o.where << ": " << o.problem);
    with_fault += o.faults > 0 ? 1 : 0;
    faults += o.faults;
    clean_failures += (o.clean && !o.succeeded) ? 1 : 0;
    successes += o.succeeded ? 1 : 0;
    corrupt += o.corrupt ? 1 : 0;
    problems += o.problem.empty() ? 0 : 1;
    committed += o.committed;
  }
  std::string per_call;
  for (const auto& [call, n] : cases_per_call)
    per_call += " " + call + " " + std::to_string(n);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf(
      "I/O fault sweep: %zu faulted runs (%d with a fault injected, %d faults in all), %.1f s\n"
      "  runs per call:%s\n"
      "  calls per job (the busiest thread's):\n%s"
      "  indexer failed with a clear error: %d, succeeded regardless: %d\n"
      "  committed under faults: %d batches or articles; corrupt indexes: %d; other "
      "problems: %d\n",
      outcomes.size(), with_fault, faults, seconds, per_call.c_str(), counts_report.c_str(),
      clean_failures, successes, committed, corrupt, problems - corrupt);
  CHECK(with_fault > static_cast<int>(outcomes.size()) / 2);
}

}  // namespace

// The faults a sweep injects at each call it tries: an error, and whether
// it lasts (every later call fails too) or strikes once.
struct Fault {
  std::string error;
  bool persistent = false;
};

// By default, the two faults disks make: a transient EIO (a bad read that a
// retry would get past), and a full disk, which stays full. With
// BYLINE_FAULT_ALL set, every pairing of the two errors with the two
// durations (twice the runs; the errors take the same paths in byline and
// Xapian, which report the errno they met).
std::vector<Fault> faults_to_inject() {
  if (std::getenv("BYLINE_FAULT_ALL") != nullptr)
    return {{"EIO", false}, {"EIO", true}, {"ENOSPC", false}, {"ENOSPC", true}};
  return {{"EIO", false}, {"ENOSPC", true}};
}

TEST_CASE("I/O faults in every call of a commit, a shard build and a merge corrupt nothing") {
  const char* steps_env = std::getenv("BYLINE_FAULT_STEPS");
#if defined(__SANITIZE_ADDRESS__)
  // The dev suite sweeps finer; this run is for memory errors on the
  // failure paths, which one middle call of each class reaches (the whole
  // sweep under ASan took a quarter of CI's 30 minutes).
  constexpr int kDefaultSteps = 1;
  constexpr bool kEnds = false;
  std::vector<Fault> faults = {{"EIO", false}, {"EIO", true}};
  if (std::getenv("BYLINE_FAULT_ALL") != nullptr)
    faults = faults_to_inject();
#else
  constexpr int kDefaultSteps = 2;
  constexpr bool kEnds = true;
  const std::vector<Fault> faults = faults_to_inject();
#endif
  const int steps = steps_env != nullptr ? std::max(1, std::atoi(steps_env)) : kDefaultSteps;
  FaultJobs jobs;

  // The cases: every call each job makes, at the 1st, 2nd, last and
  // `steps` calls between, with each fault.
  std::vector<Case> cases;
  std::string counts_report;
  std::map<std::string, int> cases_per_call;
  for (const Scenario* scenario : {&jobs.batches, &jobs.shards, &jobs.merge}) {
    const auto calls = count_calls(jobs.strace, jobs.worker, *scenario, jobs.dir / "count");
    counts_report += "  " + scenario->name + ":";
    std::string never;
    for (const auto& [call, total] : calls) {
      if (total == 0) {
        never += " " + call;
        continue;
      }
      counts_report += " " + call + " " + std::to_string(total);
      std::set<int> ns;
      if (kEnds)
        ns = {1, std::min(2, total), total};
      for (int s = 1; s <= steps; ++s)
        ns.insert(std::max(1, total * s / (steps + 1)));
      for (const int n : ns) {
        for (const Fault& fault : faults) {
          cases.push_back({scenario, call, fault.error, n, fault.persistent});
          ++cases_per_call[call];
        }
      }
    }
    counts_report += "\n    (never made:" + never + ")\n";
  }
  run_and_check(jobs, cases, cases_per_call, counts_report);
}

// The sampled sweep above long missed this: a block write failing while
// glass merged a commit's value streams ended the process in std::terminate
// (commit_guard.hpp), at only a few of a shard build's writes. Every write
// of the build is tried here (every third under AddressSanitizer).
TEST_CASE("a block write failing at any point of a shard build fails it cleanly") {
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kStride = 3;
#else
  constexpr int kStride = 1;
#endif
  FaultJobs jobs;
  const int total =
      count_calls(jobs.strace, jobs.worker, jobs.shards, jobs.dir / "count").at("pwrite64");
  REQUIRE(total > 20);
  std::vector<Case> cases;
  for (int n = 1; n <= total; n += kStride) {
    for (const bool persistent : {false, true})
      cases.push_back({&jobs.shards, "pwrite64", "EIO", n, persistent});
  }
  run_and_check(jobs, cases, {{"pwrite64", static_cast<int>(cases.size())}},
                "  shard build: pwrite64 " + std::to_string(total) + "\n");
}
