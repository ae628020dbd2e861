// Lucene (Debian's liblucene8-java) as a peer: a Java program of its own,
// bench/lucene/LucenePeer.java, which CMake builds when a JDK and the jars
// are present. Indexing and compaction are one run of it each (its peak
// memory reaches the benchmark as a child's); each session is one `serve`
// run that answers queries over a pipe and times each itself.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/engines.hpp"

extern char** environ;

namespace byline::bench {

#ifdef BYLINE_LUCENE_CLASSPATH

namespace {

namespace fs = std::filesystem;

// The Java program with `args`, its standard input and output on pipes (its
// errors go where ours do). Waits for it on destruction.
class PeerProcess {
 public:
  explicit PeerProcess(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {BYLINE_LUCENE_JAVA, "-cp", BYLINE_LUCENE_CLASSPATH,
                                     "LucenePeer"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> pointers;
    for (std::string& a : argv)
      pointers.push_back(a.data());
    pointers.push_back(nullptr);

    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("lucene: pipe: ") + std::strerror(errno));
    if (::pipe2(from_child, O_CLOEXEC) != 0) {
      const int saved = errno;
      ::close(to_child[0]);
      ::close(to_child[1]);
      throw std::runtime_error(std::string("lucene: pipe: ") + std::strerror(saved));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    const int error =
        ::posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (error != 0) {
      ::close(to_child[1]);
      ::close(from_child[0]);
      throw std::runtime_error("lucene: cannot run " + argv[0] + ": " + std::strerror(error));
    }
    in_ = ::fdopen(to_child[1], "w");
    out_ = ::fdopen(from_child[0], "r");
    if (!in_ || !out_) {
      // Closing our ends lets the peer see its input end and exit.
      if (!in_)
        ::close(to_child[1]);
      if (!out_)
        ::close(from_child[0]);
      (void)wait();
      throw std::runtime_error("lucene: cannot open the peer's pipes (out of memory?)");
    }
  }

  ~PeerProcess() {
    try {
      (void)wait();
    } catch (const std::exception&) {
    }
  }

  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  void write_line(const std::string& line) {
    if (std::fputs(line.c_str(), in_) < 0 || std::fputc('\n', in_) == EOF || std::fflush(in_) != 0)
      throw std::runtime_error("lucene: the peer process stopped reading");
  }

  // The next line it wrote, without its newline; throws at the end.
  std::string read_line() {
    char* buffer = nullptr;
    std::size_t capacity = 0;
    const ssize_t n = ::getline(&buffer, &capacity, out_);
    std::string line = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    std::free(buffer);
    if (n <= 0)
      throw std::runtime_error("lucene: the peer process ended early (its message is above)");
    if (line.back() == '\n')
      line.pop_back();
    return line;
  }

  // Closes its input and waits; throws unless it exited with 0.
  void finish() {
    if (wait() != 0)
      throw std::runtime_error("lucene: the peer process failed (its message is above)");
  }

 private:
  int wait() {
    if (in_) {
      std::fclose(in_);
      in_ = nullptr;
    }
    if (out_) {
      std::fclose(out_);
      out_ = nullptr;
    }
    if (pid_ <= 0)
      return 0;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  pid_t pid_ = 0;
  std::FILE* in_ = nullptr;
  std::FILE* out_ = nullptr;
};

const char* extra_name(Extra extra) {
  switch (extra) {
    case Extra::facets:
      return "facets";
    case Extra::snippets:
      return "snippets";
    case Extra::none:
      break;
  }
  return "none";
}

class LuceneSession final : public Session {
 public:
  explicit LuceneSession(const fs::path& dir) : peer_({"serve", dir.string()}) {}

  std::size_t run(const std::string& query, const Request& request) override {
    const std::string reply = ask("search", query, request);
    std::size_t hits = 0;
    long long wall_ns = 0, cpu_ns = 0;
    if (std::sscanf(reply.c_str(), "%zu\t%lld\t%lld", &hits, &wall_ns, &cpu_ns) != 3)
      throw std::runtime_error("lucene: " + reply + " (query: " + query + ")");
    timing_ = Timing{static_cast<double>(wall_ns) / 1e6, static_cast<double>(cpu_ns) / 1e6};
    return hits;
  }

  std::uint64_t count(const std::string& query, const Request& request) override {
    const std::string reply = ask("count", query, request);
    unsigned long long total = 0;
    char end = 0;
    if (std::sscanf(reply.c_str(), "%llu%c", &total, &end) != 1)
      throw std::runtime_error("lucene: " + reply + " (query: " + query + ")");
    return total;
  }

  std::optional<Timing> last_timing() const override { return timing_; }

  // HotSpot compiles a method after thousands of calls: with one pass,
  // Lucene would be timed partly interpreted.
  int warm_up_passes() const override { return 5; }

 private:
  // One request, "COMMAND<TAB>ANY<TAB>LIMIT<TAB>EXTRA<TAB>FROM<TAB>TO<TAB>QUERY"
  // (LucenePeer.java says what each means), and the peer's reply.
  std::string ask(const char* command, const std::string& query, const Request& request) {
    if (query.find_first_of("\t\n") != std::string::npos)
      throw std::runtime_error("lucene: a query with a tab or newline: " + query);
    const auto date = [](const std::string& d) { return d.empty() ? std::string("-") : d; };
    peer_.write_line(std::string(command) + '\t' + (request.any ? "1" : "0") + '\t' +
                     std::to_string(request.limit) + '\t' + extra_name(request.extra) + '\t' +
                     date(request.dates.from) + '\t' + date(request.dates.to) + '\t' + query);
    return peer_.read_line();
  }

  PeerProcess peer_;
  std::optional<Timing> timing_;
};

class LuceneEngine final : public Engine {
 public:
  std::string name() const override { return "lucene"; }

  std::size_t build(const std::string& corpus, const fs::path& dir,
                    const BuildOptions& options) override {
    std::vector<std::string> args = {"index", corpus, dir.string()};
    if (!options.stemming)
      args.emplace_back("--no-stemming");
    PeerProcess peer(args);
    const std::string count = peer.read_line();
    peer.finish();
    return std::stoul(count);
  }

  void compact(const fs::path& dir, const fs::path& out) override {
    PeerProcess peer({"compact", dir.string(), out.string()});
    peer.finish();
  }

  std::unique_ptr<Session> open(const fs::path& dir) override {
    return std::make_unique<LuceneSession>(dir);
  }
};

}  // namespace

std::unique_ptr<Engine> make_lucene_engine() {
  return std::make_unique<LuceneEngine>();
}

bool lucene_available() {
  return true;
}

#else

std::unique_ptr<Engine> make_lucene_engine() {
  throw std::runtime_error(
      "byline_bench was built without Lucene: install default-jdk-headless and liblucene8-java, "
      "then configure again");
}

bool lucene_available() {
  return false;
}

#endif

}  // namespace byline::bench
