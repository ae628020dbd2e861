// Measuring helpers: a child process per build (so each has its own peak
// memory and nothing it leaves behind skews the next), sizes on disk,
// percentiles.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace byline::bench {

// Runs `work` in a forked child and returns what it returned. The child's
// peak resident memory (VmHWM, reset at its start where the kernel allows),
// or that of a process it ran (the Lucene peer), whichever is larger, is
// appended as the last value, in bytes. Throws std::runtime_error with
// the child's message if it threw or died.
std::vector<double> run_in_child(const std::function<std::vector<double>()>& work);

// Bytes of all regular files below `path` (or of the file itself).
std::uint64_t size_on_disk(const std::filesystem::path& path);

// Nearest-rank percentile (0 < p <= 100) of the values; 0 for none.
double percentile(std::vector<double> values, double p);

double seconds_since(std::int64_t steady_ns);
std::int64_t steady_now_ns();
// CPU time of the calling thread (user and system), in nanoseconds: unlike
// wall time, it does not count the time other processes held the core.
std::int64_t thread_cpu_ns();
// CPU time (user and system) of this process, all its threads, and of the
// processes it ran and waited for (the Lucene peer's JVM), in nanoseconds.
std::int64_t process_cpu_ns();

}  // namespace byline::bench
