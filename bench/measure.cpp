#include "bench/measure.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <fstream>
#include <stdexcept>

namespace byline::bench {

namespace {

// This process's peak, or that of a process it ran and waited for (the
// Lucene peer's JVM), whichever is larger.
std::uint64_t peak_rss_bytes() {
  std::uint64_t peak = 0;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0)
      peak = std::stoull(line.substr(6)) * 1024;
  }
  struct rusage children {};
  if (::getrusage(RUSAGE_CHILDREN, &children) == 0)
    peak = std::max(peak, static_cast<std::uint64_t>(children.ru_maxrss) * 1024);
  return peak;
}

void write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0)
      return;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

std::vector<double> run_in_child(const std::function<std::vector<double>()>& work) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    {
      // Start the peak-memory count afresh (Linux >= 4.0; harmless elsewhere).
      std::ofstream("/proc/self/clear_refs") << "5";
    }
    std::string reply;
    int code = 0;
    try {
      std::vector<double> values = work();
      values.push_back(static_cast<double>(peak_rss_bytes()));
      reply.assign(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
      reply.insert(0, "V");
    } catch (const std::exception& e) {
      reply = std::string("E") + e.what();
      code = 1;
    }
    write_all(fds[1], reply.data(), reply.size());
    ::close(fds[1]);
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string reply;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    reply.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (reply.empty() || reply[0] != 'V') {
    if (!reply.empty())
      throw std::runtime_error(reply.substr(1));
    throw std::runtime_error("the measuring child died (status " + std::to_string(status) + ")");
  }
  std::vector<double> values((reply.size() - 1) / sizeof(double));
  std::memcpy(values.data(), reply.data() + 1, values.size() * sizeof(double));
  return values;
}

std::uint64_t size_on_disk(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  if (fs::is_regular_file(path))
    return fs::file_size(path);
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file())
      total += entry.file_size();
  }
  return total;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double seconds_since(std::int64_t steady_ns) {
  return static_cast<double>(steady_now_ns() - steady_ns) / 1e9;
}

}  // namespace byline::bench

namespace byline::bench {

std::int64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t process_cpu_ns() {
  const auto ns = [](const timeval& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1000000000 +
           static_cast<std::int64_t>(t.tv_usec) * 1000;
  };
  std::int64_t total = 0;
  for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    struct rusage usage {};
    if (::getrusage(who, &usage) == 0)
      total += ns(usage.ru_utime) + ns(usage.ru_stime);
  }
  return total;
}

}  // namespace byline::bench
